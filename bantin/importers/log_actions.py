"""The bulk import recorded in the history (bantin.importers.bulk). Kept out of
wagtail_hooks, which imports the admin, for the public pool (bantin.core.pools)."""

from wagtail import hooks

IMPORT_ACTION = "bantin.import"


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action(IMPORT_ACTION, "Nhập dữ liệu hàng loạt",
                            "Đã nhập dữ liệu hàng loạt từ hệ thống cũ")
