"""The broadcast actions recorded in the history: approval of programmes
(bantin.broadcast.approval), emergencies and live commands (bantin.broadcast.emergency). Kept out of
wagtail_hooks, which imports the admin, for the public pool (bantin.core.pools)."""

from wagtail import hooks

SUBMIT, APPROVE, REJECT = "broadcast.submit", "broadcast.approve", "broadcast.reject"
SEND, CANCEL = "broadcast.emergency.send", "broadcast.emergency.cancel"
COMMAND = "broadcast.command"


@hooks.register("register_log_actions")
def register_approval_actions(actions):
    actions.register_action(SUBMIT, "Gửi duyệt phát thanh", "Đã gửi duyệt")
    actions.register_action(APPROVE, "Duyệt phát thanh", "Đã duyệt")
    actions.register_action(REJECT, "Từ chối phát thanh", "Đã từ chối")
    actions.register_action(SEND, "Gửi tin khẩn cấp", "Đã gửi tin khẩn cấp")
    actions.register_action(CANCEL, "Dừng tin khẩn cấp", "Đã dừng tin khẩn cấp")
    actions.register_action(COMMAND, "Lệnh điều khiển cụm loa", "Đã gửi lệnh điều khiển")
