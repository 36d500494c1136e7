"""The HTTP side of the device protocol, under /api/devices/v1/ (docs/device-api.yaml).

A device exchanges its id and secret (HTTP Basic) plus a fresh timestamp and nonce for a
short-lived bearer token, signed with the project's key and bound to the cluster's current
secret: setting a new secret revokes every token issued before. Every other endpoint takes
that token. No session, cookie, CSRF token or page cache is involved; errors are JSON with
a machine code and a Vietnamese message.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
import time
from functools import wraps

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from bantin.core import protected

from . import commands, mqtt, protocol
from .models import Cluster, DeviceState, Programme

TOKEN_SALT = "bantin.broadcast.device-token"  # noqa: S105  (a namespace, not a secret)
DEFAULT_TOKEN_SECONDS = 3600
CLOCK_SKEW_SECONDS = 300
NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
FAILURE_WINDOW_SECONDS = 900
MAX_FAILURES_PER_DEVICE = 10
# Many devices may share one address (a mobile carrier's NAT): only failures that guess at
# credentials or tokens count, and the limit per address is higher.
MAX_FAILURES_PER_ADDRESS = 50
MAX_HEARTBEAT_BYTES = 4 * 1024
MAX_LOGS_BYTES = 256 * 1024
MAX_ACK_BYTES = 4 * 1024
MAX_DAYS = 7
DEFAULT_DAYS = 3
SYNC_MARK_SECONDS = 300  # an unchanged re-sync updates DeviceState.synced_at at most this often
CHUNK = 64 * 1024

MESSAGES = {
    "invalid_credentials": "Mã thiết bị hoặc khóa thiết bị không đúng.",
    "inactive_device": "Cụm loa này đang ngừng sử dụng.",
    "clock_skew": "Đồng hồ thiết bị lệch quá 5 phút so với máy chủ; hãy đồng bộ giờ.",
    "bad_timestamp": "Thiếu hoặc sai tiêu đề X-Bantin-Timestamp (số giây Unix).",
    "bad_nonce": "Thiếu hoặc sai tiêu đề X-Bantin-Nonce (16–64 ký tự chữ, số, - hoặc _).",
    "replayed_nonce": "Yêu cầu này đã được gửi trước đó (nonce dùng lại).",
    "missing_token": "Thiếu mã truy cập (Authorization: Bearer …).",
    "invalid_token": "Mã truy cập không hợp lệ.",
    "token_expired": "Mã truy cập đã hết hạn; hãy xin mã mới.",
    "token_revoked": "Mã truy cập đã bị thu hồi do khóa thiết bị thay đổi.",
    "too_many_failures": "Xác thực sai quá nhiều lần; hãy thử lại sau.",
    "method_not_allowed": "Phương thức HTTP không được hỗ trợ ở địa chỉ này.",
    "body_too_large": "Nội dung gửi lên quá lớn.",
    "invalid_json": "Nội dung gửi lên không phải JSON hợp lệ.",
    "invalid_report": "Dữ liệu gửi lên không hợp lệ.",
    "invalid_days": "Tham số days phải là số nguyên từ 1 đến 7.",
    "not_found": "Không có nội dung này cho thiết bị.",
    "audio_not_ready": "Tệp âm thanh đang được chuẩn bị; hãy thử lại sau.",
    "range_not_satisfiable": "Khoảng byte yêu cầu không hợp lệ.",
    "unknown_command": "Không có lệnh này cho thiết bị.",
}


def error(code: str, status: int, *, errors=None, headers=None) -> JsonResponse:
    body = {"error": code, "message": MESSAGES[code]}
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def ok(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def token_seconds() -> int:
    return int(getattr(settings, "BANTIN_DEVICE_TOKEN_SECONDS", DEFAULT_TOKEN_SECONDS))


def _secret_binding(cluster: Cluster) -> str:
    """Changes whenever the cluster's secret is set (each secret gets a new salt)."""
    return hashlib.sha256(f"binding:{cluster.secret_hash}".encode()).hexdigest()[:16]


def issue_token(cluster: Cluster) -> str:
    return signing.dumps({"d": cluster.pk, "b": _secret_binding(cluster)}, salt=TOKEN_SALT)


# --- Failure throttling ---------------------------------------------------------------------


TRUSTED_PROXIES = ("127.0.0.1", "::1")


def _client_address(request) -> str:
    """The device's address: behind the local nginx (deploy/nginx/bantin.conf) the last
    X-Forwarded-For entry, the one nginx itself added; a device cannot forge that one."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in TRUSTED_PROXIES and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()[:64] or remote
    return remote


def _failure_keys(request, device_id: str | None) -> list[tuple[str, int]]:
    keys = [(f"devapi:fail:ip:{_client_address(request)}", MAX_FAILURES_PER_ADDRESS)]
    if device_id:
        digest = hashlib.sha256(device_id.encode()).hexdigest()[:24]
        keys.append((f"devapi:fail:dev:{digest}", MAX_FAILURES_PER_DEVICE))
    return keys


def _throttled(request, device_id: str | None) -> bool:
    limits = dict(_failure_keys(request, device_id))
    counts = cache.get_many(list(limits))
    return any(counts.get(key, 0) >= limit for key, limit in limits.items())


def _count_failure(request, device_id: str | None) -> None:
    for key, _ in _failure_keys(request, device_id):
        if cache.add(key, 1, FAILURE_WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, FAILURE_WINDOW_SECONDS)


def _refuse(request, device_id: str | None, code: str) -> JsonResponse:
    _count_failure(request, device_id)
    return error(code, 401, headers={"WWW-Authenticate": 'Bearer realm="bantin-devices"'})


def _unauthorized(code: str) -> JsonResponse:
    return error(code, 401, headers={"WWW-Authenticate": 'Bearer realm="bantin-devices"'})


def _too_many() -> JsonResponse:
    return error("too_many_failures", 429, headers={"Retry-After": str(FAILURE_WINDOW_SECONDS)})


# --- Views ----------------------------------------------------------------------------------


def _methods(*allowed):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in allowed:
                return error("method_not_allowed", 405, headers={"Allow": ", ".join(allowed)})
            return view(request, *args, **kwargs)
        return csrf_exempt(wrapper)
    return decorate


def _basic(request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    device_id, sep, secret = decoded.partition(":")
    if not sep or not device_id or not secret or len(device_id) > 64 or len(secret) > 256:
        return None
    return device_id, secret


@_methods("POST")
def token(request):
    credentials = _basic(request)
    device_id = credentials[0] if credentials else None
    if _throttled(request, device_id):
        return _too_many()
    if credentials is None:
        return _refuse(request, None, "invalid_credentials")
    stamp = request.headers.get("X-Bantin-Timestamp", "")
    if not re.fullmatch(r"[0-9]{1,12}", stamp):
        return _refuse(request, device_id, "bad_timestamp")
    if abs(time.time() - int(stamp)) > CLOCK_SKEW_SECONDS:
        return _refuse(request, device_id, "clock_skew")
    nonce = request.headers.get("X-Bantin-Nonce", "")
    if not NONCE_RE.match(nonce):
        return _refuse(request, device_id, "bad_nonce")
    cluster = Cluster.objects.filter(device_id=device_id).first()
    if cluster is None or not cluster.check_secret(credentials[1]):
        return _refuse(request, device_id, "invalid_credentials")
    if not cluster.active:
        return _refuse(request, device_id, "inactive_device")
    # A nonce is remembered for longer than a timestamp stays acceptable (twice the skew).
    if not cache.add(f"devapi:nonce:{cluster.pk}:{nonce}", 1, 2 * CLOCK_SKEW_SECONDS + 60):
        return _refuse(request, device_id, "replayed_nonce")
    seconds = token_seconds()
    expires = timezone.now() + dt.timedelta(seconds=seconds)
    return ok({"token": issue_token(cluster), "token_type": "Bearer", "expires_in": seconds,
               "expires_at": expires.isoformat(), "device": cluster.device_id,
               "commands_topics": mqtt.commands_topics(cluster)})


def device_view(*allowed):
    """A view for a device holding a valid bearer token; passes the cluster."""
    def decorate(view):
        @_methods(*allowed)
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if _throttled(request, None):
                return _too_many()
            header = request.headers.get("Authorization", "")
            scheme, _, value = header.partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                return _unauthorized("missing_token")
            try:
                claims = signing.loads(value.strip(), salt=TOKEN_SALT, max_age=token_seconds())
            except signing.SignatureExpired:  # routine: the device asks for a new token
                return _unauthorized("token_expired")
            except signing.BadSignature:
                return _refuse(request, None, "invalid_token")
            if not isinstance(claims, dict):
                return _refuse(request, None, "invalid_token")
            cluster = Cluster.objects.filter(pk=claims.get("d")).first()
            # Neither is a guess at a token (the signature is ours): not counted as failures,
            # so devices sharing a mobile network's address never hold each other back.
            if cluster is None or claims.get("b") != _secret_binding(cluster):
                return _unauthorized("token_revoked")
            if not cluster.active:
                return _unauthorized("inactive_device")
            return view(request, cluster, *args, **kwargs)
        return wrapper
    return decorate


def _json_body(request, limit: int):
    """The decoded JSON body, or an error response."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return None, error("body_too_large", 413)
    body = request.read(limit + 1)
    if len(body) > limit:
        return None, error("body_too_large", 413)
    try:
        return json.loads(body.decode("utf-8")), None
    except (UnicodeDecodeError, ValueError):
        return None, error("invalid_json", 400)


def _days(request) -> int | None:
    raw = request.GET.get("days", str(DEFAULT_DAYS))
    if not re.fullmatch(r"[0-9]{1,2}", raw):
        return None
    days = int(raw)
    return days if 1 <= days <= MAX_DAYS else None


def _etag_matches(header: str, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return f'"{etag}"' in tags


@device_view("GET")
def schedule(request, cluster):
    days = _days(request)
    if days is None:
        return error("invalid_days", 400)
    document, etag = protocol.schedule_document(cluster, timezone.localdate(), days)
    now = timezone.now()
    # Written when the device gets another version, and otherwise at most every
    # SYNC_MARK_SECONDS: thousands of unchanged re-syncs a minute need no write each.
    known = DeviceState.objects.filter(cluster=cluster).values_list(
        "schedule_etag", "synced_at").first()
    if known is None:
        DeviceState.objects.get_or_create(cluster=cluster, defaults={
            "schedule_etag": etag, "synced_at": now})
    elif (known[0] != etag or known[1] is None
          or known[1] < now - dt.timedelta(seconds=SYNC_MARK_SECONDS)):
        DeviceState.objects.filter(cluster=cluster).update(schedule_etag=etag, synced_at=now)
    if _etag_matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponse(status=304)
    else:
        response = ok(document)
    response["ETag"] = f'"{etag}"'
    response["Cache-Control"] = "private, no-cache"
    return response


_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) of a single range; None for no range; False when unsatisfiable."""
    if not header:
        return None
    if "," in header:  # several ranges: served whole (allowed by RFC 9110)
        return None
    match = _RANGE_RE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return False
    first, last = match.groups()
    if first == "":  # the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return False
        return max(0, size - length), size - 1
    first = int(first)
    last = int(last) if last else size - 1
    if first >= size or last < first:
        return False
    return first, min(last, size - 1)


def _read_range(handle, first: int, last: int):
    try:
        handle.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


@device_view("GET", "HEAD")
def audio(request, cluster, programme_id: int):
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None or programme_id not in protocol.allowed_programmes(
            cluster, timezone.localdate()):
        return error("not_found", 404)
    if not programme.delivery_ready:
        return error("audio_not_ready", 404, headers={"Retry-After": "60"})
    etag = f'"{programme.delivery_sha256}"'
    size = programme.delivery_size
    if _etag_matches(request.headers.get("If-None-Match", ""), programme.delivery_sha256):
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    if_range = request.headers.get("If-Range", "")
    if request.method == "GET" and protected.accel_prefix() and not if_range:
        # nginx sends the file (and any range of it) from its internal location. A resume
        # with If-Range stays here: nginx would compare it with an ETag of its own.
        return protected.serve(programme.delivery, "audio/mpeg", headers={
            "ETag": etag, "Cache-Control": "private, max-age=86400",
            "Accept-Ranges": "bytes"})
    wanted = _byte_range(request.headers.get("Range", ""), size)
    if wanted and if_range and if_range.strip() != etag:
        wanted = None  # the file changed since the device's partial copy: send it whole
    if wanted is False:
        response = error("range_not_satisfiable", 416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if request.method == "HEAD":
        first, last = wanted or (0, size - 1)
        response = HttpResponse(status=206 if wanted else 200, content_type="audio/mpeg")
        response["Content-Length"] = str(last - first + 1)
        if wanted:
            response["Content-Range"] = f"bytes {first}-{last}/{size}"
    elif wanted:
        first, last = wanted
        handle = programme.delivery.open("rb")
        response = StreamingHttpResponse(_read_range(handle, first, last), status=206,
                                         content_type="audio/mpeg")
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    else:
        response = FileResponse(programme.delivery.open("rb"), content_type="audio/mpeg")
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=86400"
    return response


@device_view("POST")
def heartbeat(request, cluster):
    data, problem = _json_body(request, MAX_HEARTBEAT_BYTES)
    if problem:
        return problem
    try:
        clean = protocol.parse_heartbeat(data)
    except protocol.ReportError as exc:
        return error("invalid_report", 400, errors=exc.errors)
    state = protocol.record_heartbeat(cluster, clean)
    return ok({"ok": True, "received_at": state.last_seen.isoformat(),
               "pending_commands": _pending_count(cluster)})


def _pending_count(cluster) -> int:
    from .models import Command

    return Command.objects.filter(cluster=cluster, acked_at__isnull=True,
                                  expires_at__gt=timezone.now()).count()


@device_view("POST")
def logs(request, cluster):
    data, problem = _json_body(request, MAX_LOGS_BYTES)
    if problem:
        return problem
    if isinstance(data, dict) and "entries" in data:
        data = data["entries"]
    try:
        accepted, errors = protocol.record_logs(cluster, data)
    except protocol.ReportError as exc:
        return error("invalid_report", 400, errors=exc.errors)
    body = {"accepted": accepted, "errors": {str(k): v for k, v in errors.items()}}
    if accepted == 0 and errors:
        response = error("invalid_report", 400, errors=body["errors"])
        return response
    return ok(body)


@device_view("GET")
def command_list(request, cluster):
    return ok({"commands": [commands.as_message(c) for c in commands.pending_for(cluster)]})


@device_view("POST")
def command_ack(request, cluster):
    data, problem = _json_body(request, MAX_ACK_BYTES)
    if problem:
        return problem
    errors = commands.ack_errors(data)
    if errors:
        return error("invalid_report", 400, errors=errors)
    reference, succeeded, detail = commands.parse_ack(data)
    command = commands.acknowledge(cluster, reference, succeeded, detail)
    if command is None:
        return error("unknown_command", 404)
    return ok({"command": command.pk, "acked_at": command.acked_at.isoformat(),
               "ok": command.ack_ok})
