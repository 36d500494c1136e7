"""Site-wide views: the health endpoint, the idle-session endpoints and the Vietnamese
error pages."""

from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import health


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


@never_cache
@require_safe
def healthz(request):
    """200 when every check passes, 503 otherwise; the body says which check failed.

    For load balancers and monitoring: no session, no page cache, no secrets.
    """
    ok, checks = health.run_checks()
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks},
        status=200 if ok else 503,
        json_dumps_params={"ensure_ascii": False},
    )


@require_POST
def keepalive(request):
    """Touching the session restarts its idle clock (SESSION_SAVE_EVERY_REQUEST)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Phiên đăng nhập đã kết thúc."}, status=401)
    request.session["keepalive"] = request.session.get("keepalive", 0) + 1
    return JsonResponse({"ok": True, "expires_in": request.session.get_expiry_age()})


@require_POST
def idle_logout(request):
    logout(request)
    return JsonResponse({"ok": True, "message": "Bạn đã được đăng xuất do không sử dụng."})


def csrf_failure(request, reason=""):
    message = "Yêu cầu không hợp lệ hoặc đã hết hạn. Vui lòng tải lại trang và thử lại."
    if _wants_json(request):
        return JsonResponse({"error": message}, status=403)
    return render(request, "core/error.html", {"status": 403, "message": message}, status=403)


def not_found(request, exception=None):
    message = "Không tìm thấy trang bạn yêu cầu."
    if _wants_json(request):
        return JsonResponse({"error": message}, status=404)
    return render(request, "core/error.html", {"status": 404, "message": message}, status=404)


def server_error(request):
    message = "Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút."
    if _wants_json(request):
        return JsonResponse({"error": message}, status=500)
    return render(request, "core/error.html", {"status": 500, "message": message}, status=500)
