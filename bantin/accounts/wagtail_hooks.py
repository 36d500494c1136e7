from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.widgets import ListingButton

from . import log_actions  # noqa: F401 -- registers the app's history actions


@hooks.register("register_admin_menu_item")
def register_security_menu_item():
    # Only administrators (superusers) reset factors and unlock logins.
    return AdminOnlyMenuItem("Bảo mật đăng nhập", reverse("bantin_accounts:manage"),
                             icon_name="lock", order=1100)


@hooks.register("register_user_listing_buttons")
def user_security_button(user, request_user):
    """In the users list, administrators reach the user's factors and lockouts."""
    if not request_user.is_superuser:
        return []
    return [ListingButton("Xác thực hai bước",
                          reverse("bantin_accounts:manage") + f"#nguoi-dung-{user.pk}",
                          icon_name="lock", priority=50)]


@hooks.register("register_account_menu_item")
def register_account_security_item(request):
    return {
        "url": reverse("bantin_accounts:account"),
        "label": "Bảo mật tài khoản",
        "help_text": "Xác thực hai bước, mã dự phòng, khóa bảo mật, đăng xuất khỏi mọi thiết bị.",
    }


@hooks.register("insert_global_admin_js")
def idle_warning():
    """The same idle warning as the public pages (core/js/idle.js); it stays off on the
    login and second-factor pages."""
    return render_to_string("accounts/idle_warning.html", {
        "idle_seconds": settings.BANTIN_IDLE_SECONDS,
        "idle_warning_seconds": settings.BANTIN_IDLE_WARNING_SECONDS,
    })
