"""Admin plumbing the daily jobs rely on: dates read as the date pickers write them (Django's
Vietnamese locale has no input formats of its own), and a page preview the admin may frame."""

import datetime as dt

from django import forms
from django.utils import translation


def test_day_month_year_is_read_as_written():
    with translation.override("vi"):
        field = forms.DateTimeField()
        assert field.clean("27/11/2026 20:55").replace(tzinfo=None) == dt.datetime(
            2026, 11, 27, 20, 55)
        assert field.clean("05/11/2026 08:00").replace(tzinfo=None) == dt.datetime(
            2026, 11, 5, 8, 0)
        assert forms.DateField().clean("05/11/2026") == dt.date(2026, 11, 5)
        assert forms.DateField().clean("2026-11-05") == dt.date(2026, 11, 5)


def test_a_page_preview_may_be_framed_by_the_admin(rf):
    """Wagtail renders a preview through the middleware with a request for the page's
    public path: the preview panel's frame must still be allowed."""
    from django.http import HttpResponse

    from bantin.core.security import SecurityHeadersMiddleware

    def inner(request):
        response = HttpResponse("<h1>Xem trước</h1>")
        response["X-Frame-Options"] = "DENY"  # what Django's clickjacking middleware says
        return response

    request = rf.get("/tin-tuc/bai-viet/")
    request.is_preview = True
    response = SecurityHeadersMiddleware(inner)(request)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    public = SecurityHeadersMiddleware(inner)(rf.get("/tin-tuc/bai-viet/"))
    assert public["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
