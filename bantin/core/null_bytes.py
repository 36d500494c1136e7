"""Requests whose query string or form fields carry a NUL character are refused with a
400 before any view reads them: no text column of PostgreSQL can hold one (a search or
filter value with `%00` was a database error there), and no person types one."""

from __future__ import annotations

from django.http import HttpResponseBadRequest

REFUSAL = "Yêu cầu không hợp lệ: địa chỉ hoặc biểu mẫu chứa ký tự không được phép."
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _carries_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values)
               for key, values in query.lists())


class NullByteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") and _carries_nul(request.GET):
            return HttpResponseBadRequest(REFUSAL, content_type="text/plain; charset=utf-8")
        if request.method == "POST" and request.content_type in FORM_TYPES \
                and _carries_nul(request.POST):
            return HttpResponseBadRequest(REFUSAL, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
