"""Moderation of comments (bantin.interaction.comments) and of opinions on draft documents
(bantin.interaction.opinions), recorded in the history; a reader's report of a comment
too. Kept out of wagtail_hooks, which imports the admin, for the public pool
(bantin.core.pools)."""

from wagtail import hooks

COMMENT_APPROVE = "interaction.comment.approve"
COMMENT_REJECT = "interaction.comment.reject"
COMMENT_REPORT = "interaction.comment.report"
OPINION_APPROVE = "interaction.opinion.approve"
OPINION_REJECT = "interaction.opinion.reject"


@hooks.register("register_log_actions")
def register_comment_actions(actions):
    actions.register_action(COMMENT_APPROVE, "Duyệt bình luận", "Đã duyệt bình luận")
    actions.register_action(COMMENT_REJECT, "Từ chối bình luận", "Đã từ chối bình luận")
    actions.register_action(COMMENT_REPORT, "Báo cáo vi phạm",
                            "Bạn đọc báo cáo bình luận vi phạm")
    actions.register_action(OPINION_APPROVE, "Duyệt góp ý", "Đã duyệt góp ý dự thảo")
    actions.register_action(OPINION_REJECT, "Từ chối góp ý", "Đã từ chối góp ý dự thảo")
