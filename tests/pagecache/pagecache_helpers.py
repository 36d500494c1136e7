"""Helpers of the page cache tests."""

import io
from pathlib import Path

from PIL import Image


def cached_files(root: Path) -> dict[str, Path]:
    """Stored pages (not their gzip copies), by path below the cache directory."""
    return {
        str(p.relative_to(root)): p for p in root.rglob("index*")
        if p.is_file() and not p.name.endswith(".gz")
    }


def jpeg_file() -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(buf, "JPEG")
    buf.seek(0)
    return buf
