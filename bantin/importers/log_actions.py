"""The bulk import recorded in the history (bantin.importers.bulk).

Registered from a module of their own, without the admin: public-pool processes load it
(bantin.core.pools) to write the history of what citizens do; the app's wagtail_hooks
imports it for every other process."""

from wagtail import hooks

IMPORT_ACTION = "bantin.import"


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action(IMPORT_ACTION, "Nhập dữ liệu hàng loạt",
                            "Đã nhập dữ liệu hàng loạt từ hệ thống cũ")
