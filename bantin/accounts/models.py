from django.conf import settings
from django.db import models


class AccountSecurity(models.Model):
    """Per-user login state kept outside the user model.

    `session_epoch` is copied into each session at login; raising it ("logout everywhere",
    or an administrator resetting the user's second factor) ends every session that holds an
    older value, whatever the session backend (database, cached_db, cache)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_security",
        verbose_name="người dùng",
    )
    session_epoch = models.PositiveIntegerField("thế hệ phiên đăng nhập", default=0)

    class Meta:
        verbose_name = "bảo mật tài khoản"
        verbose_name_plural = "bảo mật tài khoản"

    def __str__(self):
        return str(self.user)
