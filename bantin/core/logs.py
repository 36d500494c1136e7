"""Structured logs: one JSON object per line, and a request id that ties the lines together.

`JSONFormatter` writes `time`, `level`, `logger` and `message`, plus `request_id`,
`exception` and any fields passed in `extra`. `RequestIdFilter` adds the id of the
request being served to every record logged while it runs. `RequestLogMiddleware` gives
each request that id (taking nginx's `X-Request-ID` when it is well formed), returns it
in the response and logs one line per request with `method`, `path`, `status` and
`duration_ms`.

This module must not touch Django settings at import time: gunicorn's own log
configuration (deploy/gunicorn.conf.py) uses the formatter before Django is set up.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "bantin_request_id", default=None
)

# What an incoming X-Request-ID may look like: nginx's $request_id is 32 hex digits;
# anything printable and short is kept, anything else is replaced by a fresh id.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

# Attributes every LogRecord has; anything else was passed through `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

request_logger = logging.getLogger("bantin.request")


def current_request_id() -> str | None:
    return _request_id.get()


class JSONFormatter(logging.Formatter):
    """One JSON object per line; never raises on odd values (they are written as text)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ).replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key in _STANDARD or key in entry or key.startswith("_") or key == "request_id":
                continue
            entry[key] = value
        # Django's own request loggers attach the request object itself: not serialisable.
        entry.pop("request", None)
        entry.pop("server_time", None)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to records logged while a request is served (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id()
        return True


def _incoming_id(request) -> str:
    value = request.headers.get("X-Request-ID", "")
    return value if _VALID_ID.match(value) else uuid.uuid4().hex


class RequestLogMiddleware:
    """Request id in, request id out, and one log line per request.

    Health probes that succeed are logged at DEBUG so they do not drown the log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _incoming_id(request)
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except Exception:
            # Django turns exceptions into responses inside get_response; anything that
            # escapes still gets its line before it propagates.
            self._log(request, 500, started)
            _request_id.reset(token)
            raise
        response["X-Request-ID"] = request_id
        self._log(request, response.status_code, started)
        _request_id.reset(token)
        return response

    @staticmethod
    def _log(request, status: int, started: float) -> None:
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        if status >= 500:
            level = logging.ERROR
        elif status >= 400:
            level = logging.WARNING
        elif request.path == "/healthz":
            level = logging.DEBUG
        else:
            level = logging.INFO
        request_logger.log(
            level, "%s %s %s", request.method, request.path, status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": duration_ms,
            },
        )
