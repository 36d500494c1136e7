"""Second-factor steps (enrolment, verification, backup codes), the user's security page
with "logout everywhere", and the administrators' page to reset factors and unlock logins."""

from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

import django_otp
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from . import factors, sessions
from .forms import ConfirmForm, TokenForm
from .log_actions import LOGOUT_ALL_ACTION, RESET_ACTION, UNLOCK_ACTION

CODES_KEY = "_bantin_backup_codes"


def _staff(view=None, *, verified=True, superuser=False):
    """Logged in, allowed in the admin, past the second factor unless `verified=False`."""
    def decorate(func):
        @wraps(func)
        @never_cache
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
            if not factors.needs_second_factor(user):
                raise PermissionDenied
            if verified and not user.is_verified():
                return redirect(reverse("bantin_accounts:verify") + "?"
                                + urlencode({"next": request.get_full_path()}))
            if superuser and not user.is_superuser:
                raise PermissionDenied
            return func(request, *args, **kwargs)
        return wrapper
    return decorate(view) if view else decorate


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


@_staff(verified=False)
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not factors.has_factor(user):
        return redirect(reverse("bantin_accounts:enrol") + "?next=" + _next(request))
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = factors.verify(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            if factors.summary(user)["backup_left"] <= 2:
                messages.warning(request, "Bạn sắp hết mã dự phòng: hãy tạo bộ mã mới "
                                          "trong trang Bảo mật tài khoản.")
            return redirect(_next(request))
        form.add_error("token", "Mã xác thực không đúng, đã dùng hoặc đã hết hạn. "
                                "Nếu nhập sai nhiều lần, hãy chờ vài giây rồi thử lại.")
    return render(request, "accounts/verify.html", {
        "form": form, "next": _next(request),
        "has_passkey": factors.summary(user)["passkeys"] > 0,
    })


@_staff(verified=False)
def enrol(request):
    user = request.user
    # First enrolment, or a verified user adding an app (e.g. after a reset left them
    # with backup codes only).
    adding = user.is_verified() and not factors.summary(user)["totp"]
    if factors.has_factor(user) and not adding:
        return redirect(reverse("bantin_accounts:verify") + "?next=" + _next(request))
    device = factors.pending_totp(user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    form.fields["token"].help_text = "Mã 6 chữ số ứng dụng đang hiển thị."
    if request.method == "POST" and form.is_valid():
        token = "".join(form.cleaned_data["token"].split())
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session[CODES_KEY] = factors.new_backup_codes(user)
            django_otp.login(request, device)
            return redirect(reverse("bantin_accounts:backup_codes") + "?next=" + _next(request))
        form.add_error("token", "Mã không đúng. Kiểm tra giờ trên điện thoại và nhập mã "
                                "đang hiển thị.")
    return render(request, "accounts/enrol.html", {
        "form": form, "next": _next(request), "secret": factors.secret_text(device),
        "qr_svg": factors.qr_svg(device.config_url),
    })


@_staff
def backup_codes(request):
    """The codes just made, shown once: they leave the session as soon as they are shown."""
    codes = request.session.pop(CODES_KEY, None)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _next(request)})


@_staff
def account(request):
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "backup":
        request.session[CODES_KEY] = factors.new_backup_codes(user)
        return redirect(reverse("bantin_accounts:backup_codes") + "?next="
                        + reverse("bantin_accounts:account"))
    return render(request, "accounts/account.html", {
        "summary": factors.summary(user),
        "passkeys": user.webauthncredential_set.filter(confirmed=True).order_by("created_at"),
        "idle_minutes": settings.BANTIN_IDLE_SECONDS // 60, "title": "Bảo mật tài khoản",
    })


@_staff
def logout_everywhere(request):
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        sessions.end_all_sessions(user)
        log(instance=user, action=LOGOUT_ALL_ACTION, user=user)
        logout(request)
        messages.success(request, "Đã đăng xuất khỏi mọi thiết bị. Vui lòng đăng nhập lại.")
        return redirect("wagtailadmin_login")
    return render(request, "accounts/logout_everywhere.html", {
        "form": form, "title": "Đăng xuất khỏi mọi thiết bị"})


def _locked():
    """Account names and addresses locked now (failures inside the cool-off window)."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    limit = settings.AXES_FAILURE_LIMIT
    names = (recent.values("username").annotate(n=Sum("failures_since_start"))
             .filter(n__gte=limit).order_by("username"))
    addresses = (recent.values("ip_address").annotate(n=Sum("failures_since_start"))
                 .filter(n__gte=limit).order_by("ip_address"))
    return names, addresses


@_staff(superuser=True)
def manage(request):
    users = [
        (user, factors.summary(user))
        for user in get_user_model().objects.filter(is_active=True).order_by("username")
        if factors.needs_second_factor(user)
    ]
    names, addresses = _locked()
    return render(request, "accounts/manage.html", {
        "title": "Bảo mật đăng nhập", "users": users,
        "locked_names": names, "locked_addresses": addresses,
    })


@require_POST
@_staff(superuser=True)
def reset_factors(request, user_id):
    target = get_object_or_404(get_user_model(), pk=user_id)
    removed = factors.remove_all(target)
    sessions.end_all_sessions(target)
    log(instance=target, action=RESET_ACTION, user=request.user,
        data={"removed_factors": removed})
    messages.success(request, f"Đã xóa {removed} phương thức xác thực của "
                              f"{target.get_username()}. Người dùng sẽ đăng ký lại ở lần "
                              "đăng nhập tới.")
    return redirect("bantin_accounts:manage")


@require_POST
@_staff(superuser=True)
def unlock(request):
    username = request.POST.get("username", "").strip()
    address = request.POST.get("ip_address", "").strip()
    if not username and not address:
        messages.error(request, "Không có tài khoản hay địa chỉ nào để mở khóa.")
        return redirect("bantin_accounts:manage")
    count = 0
    if username:
        count += axes_reset(username=username)
        target = get_user_model().objects.filter(username=username).first()
        if target is not None:
            log(instance=target, action=UNLOCK_ACTION, user=request.user)
    if address:
        count += axes_reset(ip=address)
    messages.success(request, f"Đã mở khóa ({count} bản ghi đăng nhập sai được xóa).")
    return redirect("bantin_accounts:manage")
