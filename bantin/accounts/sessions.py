"""Session rules for logged-in users: idle expiry on the server and "logout everywhere"."""

import time

from django.conf import settings
from django.db.models import F

from .models import AccountSecurity

EPOCH_KEY = "_bantin_session_epoch"
LAST_SEEN_KEY = "_bantin_last_seen"


def current_epoch(user) -> int:
    return (AccountSecurity.objects.filter(user=user)
            .values_list("session_epoch", flat=True).first() or 0)


def end_all_sessions(user) -> None:
    """Every session of `user` made before now stops being valid at its next request."""
    security, _ = AccountSecurity.objects.get_or_create(user=user)
    AccountSecurity.objects.filter(pk=security.pk).update(session_epoch=F("session_epoch") + 1)


def mark_login(request, user) -> None:
    request.session[EPOCH_KEY] = current_epoch(user)
    request.session[LAST_SEEN_KEY] = int(time.time())


def is_idle(request, now: float) -> bool:
    last = request.session.get(LAST_SEEN_KEY)
    return last is not None and now - last > settings.BANTIN_IDLE_SECONDS


def counts_as_use(request) -> bool:
    return not any(request.path.startswith(p) for p in settings.BANTIN_IDLE_IGNORED_PATHS)


def is_stale(request) -> bool:
    return request.session.get(EPOCH_KEY, 0) != current_epoch(request.user)
