from wagtail import hooks

from .bulk import IMPORT_ACTION


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action(IMPORT_ACTION, "Nhập dữ liệu hàng loạt",
                            "Đã nhập dữ liệu hàng loạt từ hệ thống cũ")
