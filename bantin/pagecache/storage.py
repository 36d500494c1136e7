"""Where cached pages live on disk, and how a request maps to a file.

    <BANTIN_PAGE_CACHE_DIR>/<scheme>/<host><path>/index[.trang-N].<ext>   (+ .gz copy)

`<path>` is the request path as is (a page's URL ends in "/", a feed's in "atom.xml");
nginx builds the same name from `$scheme`, `$host`, `$uri` and the `trang` argument
(deploy/nginx/page-cache.conf). Files are written to a temporary name and renamed, so a
reader sees the old file or the new one, never half of one; the gzip copy is written
before the page and removed after it, so it is never newer than nothing.
"""

from __future__ import annotations

import gzip
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

# Content types stored, and the extension nginx maps back to the type.
EXTENSIONS = {"text/html": "html", "application/atom+xml": "atom", "application/rss+xml": "rss"}
TYPES = {ext: ctype for ctype, ext in EXTENSIONS.items()}
# The query arguments that never change a page (campaign and click ids of social sites):
# a request with only these is answered with the page without them, never stored.
IGNORED_ARGS = re.compile(r"^(?:fbclid|gclid|zarsrc|utm_[a-z]+)$")
PAGE_NUMBER = re.compile(r"^[1-9][0-9]{0,3}$")
HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,250})$")
MAX_PATH = 900


@dataclass(frozen=True)
class Key:
    scheme: str
    host: str
    path: str
    page_number: str  # "" or the `trang` argument
    storable: bool  # False when the request carries arguments that are ignored

    def stem(self) -> str:
        return "index" + (f".trang-{self.page_number}" if self.page_number else "")

    def directory(self) -> str:
        return f"{self.scheme}/{self.host}/{self.path.strip('/')}".rstrip("/")

    def relative(self, ext: str) -> str:
        return f"{self.directory()}/{self.stem()}.{ext}"

    def url(self) -> str:
        query = f"?trang={self.page_number}" if self.page_number else ""
        return f"{self.scheme}://{self.host}{self.path}{query}"


def root() -> Path:
    return Path(settings.BANTIN_PAGE_CACHE_DIR)


def _path_ok(path: str) -> bool:
    if not path.startswith("/") or len(path.encode()) > MAX_PATH or "\x00" in path:
        return False
    return all(part not in (".", "..") and not part.startswith(".") and len(part) <= 200
               for part in path.split("/"))


def key_for(request) -> Key | None:
    """The cache key of a request that may be answered from the cache, else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    path = request.path
    if any(path.startswith(prefix) for prefix in settings.BANTIN_PAGE_CACHE_EXCLUDE):
        return None
    if not _path_ok(path):
        return None
    try:
        host = split_domain_port(request.get_host())[0].lower()
    except DisallowedHost:
        return None  # Django's own handling answers it
    if not HOST.match(host):
        return None
    page_number, storable = "", True
    query = request.META.get("QUERY_STRING", "")
    if query:
        args = parse_qsl(query, keep_blank_values=True)
        if len(args) == 1 and args[0][0] == "trang" and PAGE_NUMBER.match(args[0][1]) \
                and query == f"trang={args[0][1]}":
            page_number = args[0][1]
        elif args and all(IGNORED_ARGS.match(name) for name, _ in args):
            storable = False
        else:
            return None
    return Key(request.scheme, host, path, page_number, storable)


def find(key: Key) -> tuple[Path, str] | None:
    base = root()
    for ext in TYPES:
        candidate = base / key.relative(ext)
        if candidate.is_file():
            return candidate, ext
    return None


def _write_atomic(target: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)  # nginx's workers run as another user
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write(relative: str, body: bytes) -> None:
    target = root() / relative
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
    _write_atomic(target.with_name(target.name + ".gz"), gzip.compress(body, 6, mtime=0))
    _write_atomic(target, body)


def remove(relative: str) -> None:
    target = root() / relative
    target.unlink(missing_ok=True)
    target.with_name(target.name + ".gz").unlink(missing_ok=True)


def all_files():
    base = root()
    if not base.is_dir():
        return
    for path in base.rglob("index*"):
        if path.is_file():
            yield path
