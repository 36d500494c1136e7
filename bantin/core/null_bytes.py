"""NUL characters never reach a view: no text column of PostgreSQL can hold one (a
filter value with `%00` was a database error there) and no person types one.

In a query string they are dropped (a search for "mo%00ngg" is a search for "mongg", as a
reader would expect); a form posting one is refused with a 400 before any view reads it
(the form fields of Django refuse them too, but some views read a raw field)."""

from __future__ import annotations

from django.http import HttpResponseBadRequest, QueryDict

REFUSAL = "Yêu cầu không hợp lệ: biểu mẫu chứa ký tự không được phép."
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _carries_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values)
               for key, values in query.lists())


def _without_nul(query) -> QueryDict:
    clean = QueryDict(mutable=True)
    for key, values in query.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean


class NullByteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") and _carries_nul(request.GET):
            request.GET = _without_nul(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES \
                and _carries_nul(request.POST):
            return HttpResponseBadRequest(REFUSAL, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
