"""Anti-spam for the public forms, without third-party services: salted hashes of the
sender's address and visitor cookie, cache-based rate limits, a link limit and duplicate
detection. (The honeypot is a form field, the captcha is `interaction.captcha`.)"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

log = logging.getLogger("bantin.interaction")

TRUSTED_PROXIES = ("127.0.0.1", "::1")
LINK_RE = re.compile(r"(https?://|www\.|\b[a-z0-9-]+\.(?:com|net|org|info|xyz|top|vn|ru|cn)\b)",
                     re.IGNORECASE)
DUPLICATE_WINDOW = dt.timedelta(days=1)


def client_address(request) -> str:
    """The sender's address: behind the local nginx the last X-Forwarded-For entry (the
    one nginx added, which a client cannot forge), otherwise the socket's address."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in TRUSTED_PROXIES and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()[:64] or remote
    return remote


def _salt() -> bytes:
    salt = settings.BANTIN_IP_HASH_SALT or ("bantin-ip-hash:" + settings.SECRET_KEY)
    return salt.encode()


def salted_hash(value: str) -> str:
    """HMAC-SHA256 of `value` under the installation's salt: the same sender gives the
    same hash (so limits and duplicates work), the value itself cannot be read back."""
    return hmac.new(_salt(), value.encode(), hashlib.sha256).hexdigest()


def ip_hash(request) -> str:
    return salted_hash("ip:" + client_address(request))


def visitor_hash(visitor: str) -> str:
    return salted_hash("visitor:" + visitor) if visitor else ""


def over_limit(scope: str, ident: str, limits) -> bool:
    """Count one attempt of `ident` in each (window seconds, allowed) of `limits`; true
    when any window is over. A sliding window in the shared cache: the attempts of the
    current fixed window plus those of the previous one, weighted by how much of it the
    last `window` seconds still cover, so a burst across a window's edge is limited like
    any other. A cache that cannot count lets the attempt through (the other checks still
    apply)."""
    now = time.time()
    exceeded = False
    for window, allowed in limits:
        slot, into = divmod(now, window)
        key = f"interaction:rate:{scope}:{window}:{ident}:{{}}".format
        try:
            cache.add(key(int(slot)), 0, timeout=2 * window + 5)
            count = cache.incr(key(int(slot)))
            previous = cache.get(key(int(slot) - 1), 0)
        except Exception:  # noqa: BLE001 -- an unreachable cache must not refuse citizens
            log.warning("rate limit: cache unavailable for %s", scope)
            continue
        if count + previous * (1 - into / window) > allowed:
            exceeded = True
    return exceeded


def link_count(text: str) -> int:
    return len(LINK_RE.findall(text))


def _fingerprint(text: str) -> str:
    return " ".join(text.casefold().split())


def recent_duplicate(records, same_place, text: str, sender_ip_hash: str,
                     text_field: str = "text") -> bool:
    """Whether `records` (a queryset with `created_at` and `ip_hash`) hold the same text
    (case and spacing ignored) sent in the last day in the same place (`same_place`, a Q)
    or from the same address anywhere, whatever its status: a rejected spam sent again
    is still a duplicate."""
    since = timezone.now() - DUPLICATE_WINDOW
    fingerprint = _fingerprint(text)
    recent = records.filter(created_at__gte=since)
    candidates = recent.filter(same_place)
    if sender_ip_hash:
        candidates = candidates | recent.filter(ip_hash=sender_ip_hash)
    return any(_fingerprint(t) == fingerprint
               for t in candidates.values_list(text_field, flat=True)[:500])


def is_duplicate(page_id: int, text: str, sender_ip_hash: str) -> bool:
    """The same comment on the same article, or from the same address anywhere."""
    from .models import Comment

    return recent_duplicate(Comment.objects.all(), Q(page_id=page_id), text, sender_ip_hash)


def cross_site(request) -> bool:
    """A POST a browser marks as sent from another site (Sec-Fetch-Site, Origin): the
    public forms are exempt from the CSRF token (their pages are cached) and refuse these
    instead."""
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return True
    origin = request.headers.get("Origin", "")
    if not origin or origin == "null":
        return bool(origin)
    return urlsplit(origin).netloc.lower() != request.get_host().lower()
