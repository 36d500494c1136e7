"""Email alerts on signs of an attack or a mistake: many failed logins, mass deletion or
unpublishing by one account, and changes to settings, sites, users and groups.

Failed logins come from Django's `user_login_failed` signal; the rest from the audit log
itself (every new log entry is looked at once), so whatever is logged is watched, whichever
view or bulk action made it. Counts live in the cache, in fixed buckets of the window: the
current and the previous bucket together are the count, and one alert per window is sent
for each address, user name or account. Mail goes out from a background task.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry, PageLogEntry, Site

from bantin.interaction.spam import client_address, salted_hash

logger = logging.getLogger("bantin.security")

MASS_ACTIONS = {"wagtail.delete", "wagtail.unpublish"}
CHANGE_ACTIONS = {"wagtail.create", "wagtail.edit", "wagtail.delete"}


def recipients() -> list[str]:
    emails = list(getattr(settings, "BANTIN_SECURITY_ALERT_EMAILS", []))
    if getattr(settings, "BANTIN_SECURITY_ALERT_SUPERUSERS", True):
        emails += get_user_model().objects.filter(
            is_superuser=True, is_active=True).exclude(email="").values_list("email", flat=True)
    return sorted(set(emails))


@task()
def send_alert(subject: str, body: str) -> int:
    """Mail an alert to the security recipients; returns how many it went to."""
    to = recipients()
    logger.warning("security alert: %s", subject)
    if not to:
        return 0
    site_name = getattr(settings, "WAGTAIL_SITE_NAME", "bantin")
    send_mail(f"[{site_name}] Cảnh báo an ninh: {subject}", body, None, to)
    return len(to)


def _over_threshold(kind: str, ident: str, limit: int, window: int) -> bool:
    """Count one event for `ident`; True once per window, when the count reaches `limit`."""
    key = f"security:{kind}:{salted_hash(ident)}"
    bucket = int(time.time() // window)
    current = f"{key}:{bucket}"
    cache.add(current, 0, timeout=2 * window)
    try:
        count = cache.incr(current)
    except ValueError:  # expired between add and incr
        cache.set(current, 1, timeout=2 * window)
        count = 1
    count += cache.get(f"{key}:{bucket - 1}", 0)
    return count >= limit and cache.add(f"{key}:alerted", 1, timeout=window)


def _now() -> str:
    return timezone.localtime().strftime("%d/%m/%Y %H:%M:%S")


@receiver(user_login_failed, dispatch_uid="security_failed_login")
def failed_login(sender, credentials, request=None, **kwargs):
    limit, window = settings.BANTIN_SECURITY_FAILED_LOGINS
    username = str(credentials.get("username", ""))[:150]
    address = client_address(request) if request is not None else ""
    reasons = []
    if address and _over_threshold("login-ip", address, limit, window):
        reasons.append(f"Địa chỉ {address}: {limit} lần đăng nhập sai trong {window // 60} phút.")
    if username and _over_threshold("login-user", username.lower(), limit, window):
        reasons.append(f"Tài khoản «{username}»: {limit} lần đăng nhập sai trong "
                       f"{window // 60} phút.")
    if reasons:
        send_alert.enqueue(
            "nhiều lần đăng nhập sai",
            "\n".join([f"Lúc {_now()}:", *reasons,
                       "Kiểm tra tài khoản liên quan; nếu cần, chặn địa chỉ này."]),
        )


def _watched_for_mass(entry) -> bool:
    if isinstance(entry, PageLogEntry):
        return True
    from bantin.laws.models import LegalDocument

    model = entry.content_type.model_class()
    return model is not None and issubclass(model, (get_document_model(), LegalDocument))


def _is_setting_like(entry) -> bool:
    if isinstance(entry, PageLogEntry):
        return False
    model = entry.content_type.model_class()
    return model is not None and issubclass(
        model, (BaseSiteSetting, BaseGenericSetting, Site, Group, get_user_model()))


def _who(entry) -> str:
    return entry.user.get_username() if entry.user_id else "(hệ thống)"


@receiver(post_save, sender=PageLogEntry, dispatch_uid="security_page_log_alerts")
@receiver(post_save, sender=ModelLogEntry, dispatch_uid="security_model_log_alerts")
def watch_log_entry(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    entry = instance
    if entry.action in MASS_ACTIONS and _watched_for_mass(entry):
        limit, window = settings.BANTIN_SECURITY_MASS_CHANGES
        if _over_threshold("mass", str(entry.user_id or "system"), limit, window):
            send_alert.enqueue(
                "xóa hoặc gỡ xuất bản hàng loạt",
                f"Lúc {_now()}, tài khoản «{_who(entry)}» đã xóa hoặc gỡ xuất bản ít nhất "
                f"{limit} trang hoặc văn bản trong {window // 60} phút (mục gần nhất: "
                f"«{entry.label}»). Xem Nhật ký trang (Báo cáo → Lịch sử trang) để kiểm tra.",
            )
    if entry.action in CHANGE_ACTIONS and _is_setting_like(entry):
        send_alert.enqueue(
            "thay đổi cấu hình hoặc quyền",
            f"Lúc {_now()}, tài khoản «{_who(entry)}» đã thay đổi "
            f"{entry.content_type.name} «{entry.label}» ({entry.action}).",
        )
