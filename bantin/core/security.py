"""Security headers, written once in the settings and sent by Django and by nginx alike.

Three kinds of response get three Content-Security-Policies (docs/security.md):

- public pages: `BANTIN_CSP_PUBLIC`, without nonces or 'unsafe-inline', because a page in
  the page cache is served many times and could only ever carry one nonce;
- the admin (`BANTIN_CSP_ADMIN_PATHS`): `BANTIN_CSP_ADMIN`, looser, as Wagtail's admin
  still writes inline scripts and styles;
- files (a response with `Content-Disposition` or handed to nginx with
  `X-Accel-Redirect`): `BANTIN_CSP_FILES`, a sandbox, so a file opened in the browser runs
  nothing; a PDF shown inline (the preview on a legal document's page) gets
  `BANTIN_CSP_PDF_INLINE` instead, as browsers refuse to show a sandboxed PDF. A file
  may be framed by this site only when its view said so (X-Frame-Options SAMEORIGIN).

Pages nginx serves from the page cache never reach Django: `nginx_snippets` turns the same
settings into the `add_header` lines of deploy/nginx/security-headers.conf and
file-headers.conf (`python -m bantin nginx_headers`), and a test keeps them equal.
"""

from __future__ import annotations

from django.conf import settings

#: Headers every response gets when the view did not choose its own.
COMMON = ("X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
          "X-Frame-Options")


def policy(directives: dict[str, list[str]]) -> str:
    """A CSP header value from {directive: [sources]} (an empty list: a bare directive)."""
    return "; ".join(
        " ".join([name, *sources]) for name, sources in directives.items())


def permissions(features: dict[str, list[str]]) -> str:
    """A Permissions-Policy value from {feature: [allowlist]} (empty: nobody)."""
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in features.items())


def hsts() -> str:
    """The Strict-Transport-Security value Django sends on https, "" when it is off."""
    seconds = settings.SECURE_HSTS_SECONDS
    if not seconds:
        return ""
    value = f"max-age={seconds}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


def _common() -> dict[str, str]:
    headers = {
        "X-Content-Type-Options": "nosniff" if settings.SECURE_CONTENT_TYPE_NOSNIFF else "",
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY or "",
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY or "",
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
    }
    return {name: value for name, value in headers.items() if value}


def public_headers() -> dict[str, str]:
    """Every security header of a public page, as Django sends it over http."""
    return {
        "Content-Security-Policy": policy(settings.BANTIN_CSP_PUBLIC),
        "Permissions-Policy": permissions(settings.BANTIN_PERMISSIONS_POLICY),
        **_common(),
    }


def admin_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": policy(settings.BANTIN_CSP_ADMIN),
        "Permissions-Policy": permissions(settings.BANTIN_PERMISSIONS_POLICY_ADMIN),
        **_common(),
    }


def file_headers(*, pdf_inline: bool = False, frameable: bool = False) -> dict[str, str]:
    """Headers of a user's file: never sniffed, never scripted, framed by this site at
    most (the PDF preview of a legal document's page)."""
    directives = dict(settings.BANTIN_CSP_PDF_INLINE if pdf_inline else settings.BANTIN_CSP_FILES)
    directives["frame-ancestors"] = ["'self'"] if frameable else ["'none'"]
    headers = {
        "Content-Security-Policy": policy(directives),
        "Permissions-Policy": permissions(settings.BANTIN_PERMISSIONS_POLICY),
        **_common(),
    }
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "SAMEORIGIN" if frameable else "DENY"
    return headers


def is_admin_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.BANTIN_CSP_ADMIN_PATHS)


def is_file_response(response) -> bool:
    return response.has_header("Content-Disposition") or response.has_header(
        "X-Accel-Redirect")


def preview_headers() -> dict[str, str]:
    """A page rendered for the admin's preview panel: the public page's policy, except that
    the admin may frame it. Wagtail renders the preview through the whole middleware chain
    with a request for the page's public path, which would otherwise forbid any frame."""
    return {
        **public_headers(),
        "Content-Security-Policy": policy(
            {**settings.BANTIN_CSP_PUBLIC, "frame-ancestors": ["'self'"]}),
        "X-Frame-Options": "SAMEORIGIN",
    }


def headers_for(request, response) -> dict[str, str]:
    if is_file_response(response):
        return file_headers(
            pdf_inline=(
                response.get("Content-Type", "").split(";")[0].strip() == "application/pdf"
                and not response.get("Content-Disposition", "").lower().startswith(
                    "attachment")),
            frameable=response.get("X-Frame-Options", "").upper() == "SAMEORIGIN")
    if getattr(request, "is_preview", False):
        return preview_headers()
    if is_admin_path(request.path):
        return admin_headers()
    return public_headers()


class SecurityHeadersMiddleware:
    """Adds the headers of `headers_for` that the view did not set itself.

    Placed right after Django's SecurityMiddleware, before the page cache, so pages the
    page cache answers get them too; Django's own middleware (nosniff, Referrer-Policy,
    COOP, HSTS on https, X-Frame-Options) sends the same values from the same settings.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_file_response(response):
            # A file's policy replaces a page's, whatever a middleware set before.
            for name, value in headers_for(request, response).items():
                if name == "Content-Security-Policy" or name not in response:
                    response[name] = value
            return response
        if getattr(request, "is_preview", False):
            # Django's clickjacking middleware, inside this one, has already said DENY.
            response["X-Frame-Options"] = "SAMEORIGIN"
        for name, value in headers_for(request, response).items():
            if name == "X-Frame-Options" and getattr(response, "xframe_options_exempt", False):
                continue
            response.headers.setdefault(name, value)
        return response


NGINX_HEADER = (
    "# Generated by `python -m bantin nginx_headers` from the settings "
    "(bantin/core/security.py):\n# {what}. Do not edit: regenerate.\n"
)


def _add_header_lines(headers: dict[str, str]) -> str:
    lines = []
    for name, value in headers.items():
        if '"' in value or "\n" in value:
            raise ValueError(f"{name}: a header nginx cannot quote: {value!r}")
        lines.append(f'add_header {name} "{value}" always;')
    return "\n".join(lines) + "\n"


def nginx_snippets() -> dict[str, str]:
    """The nginx snippets (file name: text) that send what Django sends.

    `security-headers.conf` goes into page-cache.conf's `location /` (pages nginx serves
    itself), `file-headers.conf` into the /media/ locations. An `add_header` inside a
    location drops those of the server block, so each location includes its whole set.
    HSTS is in the page snippet when it is on: browsers ignore it over plain http.
    """
    page = public_headers()
    if hsts():
        page["Strict-Transport-Security"] = hsts()
    files = file_headers()
    return {
        "security-headers.conf": NGINX_HEADER.format(
            what="the security headers of public pages, as Django sends them")
        + _add_header_lines(page),
        "file-headers.conf": NGINX_HEADER.format(
            what="the headers of uploaded files served from /media/")
        + _add_header_lines(files),
    }
