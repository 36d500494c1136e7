"""Second factors of a user: TOTP app, one-time backup codes, passkeys/security keys."""

import base64
import io

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

TOTP_NAME = "Ứng dụng xác thực"
BACKUP_NAME = "Mã dự phòng"


def needs_second_factor(user) -> bool:
    """Everyone who can open the admin (editors, moderators, administrators)."""
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def has_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def summary(user) -> dict:
    backup = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return {
        "totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "backup_left": backup.token_set.count() if backup else 0,
        "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True).count(),
    }


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (the same secret until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps take it by hand: base32, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def qr_svg(text: str) -> str:
    """An inline SVG QR code, made on the server (no third-party image service)."""
    # Loaded here, not with the module: the middleware imports this module in every web
    # worker, and only a staff member setting up an authenticator app needs a QR code.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]


def new_backup_codes(user) -> list[str]:
    """Replaces the user's backup codes with fresh ones; each works once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_NAME, defaults={"confirmed": True})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(settings.BANTIN_BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def verify(user, token: str):
    """The device (TOTP app or backup codes) that accepts `token`, or None. Throttled
    devices (django-otp doubles the wait after each failure) refuse without checking."""
    token = "".join(token.split()).lower()
    if not token:
        return None
    # Six digits go to the app, anything else to the backup codes, so a mistyped code
    # slows down only the factor it was meant for.
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if not isinstance(device, kind):
                continue
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return device
    return None


def remove_all(user) -> int:
    """Deletes every factor of `user`; the next login asks for a new enrolment."""
    count = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        count += 1
    return count
