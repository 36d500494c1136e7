"""The account-security actions recorded in the history (bantin.accounts.views). Kept out of
wagtail_hooks, which imports the admin, for the public pool (bantin.core.pools)."""

from wagtail import hooks

RESET_ACTION = "bantin_accounts.reset_factors"
UNLOCK_ACTION = "bantin_accounts.unlock"
LOGOUT_ALL_ACTION = "bantin_accounts.logout_everywhere"


@hooks.register("register_log_actions")
def register_account_actions(actions):
    actions.register_action(RESET_ACTION, "Đặt lại xác thực hai bước",
                            "Quản trị viên đặt lại xác thực hai bước")
    actions.register_action(UNLOCK_ACTION, "Mở khóa đăng nhập",
                            "Quản trị viên mở khóa đăng nhập")
    actions.register_action(LOGOUT_ALL_ACTION, "Đăng xuất khỏi mọi thiết bị",
                            "Đăng xuất khỏi mọi thiết bị")
