"""Who a visitor is: a random id kept in a long-lived cookie, and a 30-minute visit cookie."""

import secrets

VISITOR_COOKIE = "bt_vid"
VISIT_COOKIE = "bt_vs"
VISITOR_MAX_AGE = 365 * 24 * 3600
VISIT_MAX_AGE = 30 * 60


def visitor_id(request) -> tuple[str, bool]:
    """The visitor's id, and whether it was just made (so the response must set it)."""
    value = request.COOKIES.get(VISITOR_COOKIE, "")
    if 16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum():
        return value, False
    return secrets.token_urlsafe(18), True


def remember(response, request, vid: str, is_new: bool) -> None:
    secure = request.is_secure()
    if is_new:
        response.set_cookie(
            VISITOR_COOKIE, vid, max_age=VISITOR_MAX_AGE, httponly=True, samesite="Lax",
            secure=secure,
        )
    # Sliding: a visit lasts while the visitor keeps reading within 30 minutes.
    response.set_cookie(
        VISIT_COOKIE, "1", max_age=VISIT_MAX_AGE, httponly=True, samesite="Lax", secure=secure
    )
