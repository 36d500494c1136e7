"""Photos as they come from a phone: 10-20 MB, turned by an EXIF flag rather than in
their pixels, and carrying the place they were taken.

`prepare(data, name)` turns such a photo the right way up, drops every metadata block
(EXIF with its GPS position, XMP, IPTC, comments) and stores it no larger than
`BANTIN_PHOTO_MAX_SIDE` pixels on its longest side, JPEG at `BANTIN_PHOTO_JPEG_QUALITY`.
The image form (`core.image_forms`) and the Word importer (`editor.word`) both call it,
so what Wagtail records as the image's width, height, size and hash is that of the
stored file. PNG and WebP keep their format (a screenshot stays sharp); GIFs (which
may be animated) and AVIF are stored as they came.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps

REWRITTEN = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}


class UnreadablePhoto(ValueError):
    """The bytes start like an image but cannot be decoded (a truncated upload)."""


@dataclass(frozen=True)
class Prepared:
    data: bytes
    width: int
    height: int
    changed: bool


def max_side() -> int:
    return int(getattr(settings, "BANTIN_PHOTO_MAX_SIDE", 2560))


def quality() -> int:
    return int(getattr(settings, "BANTIN_PHOTO_JPEG_QUALITY", 85))


def _needs_rewrite(image: Image.Image) -> bool:
    info = image.info
    return bool(
        image.format == "JPEG"  # always: EXIF, XMP and maker notes live in every JPEG
        or image.getexif()
        or any(key in info for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile",
                                       "comment", "photoshop"))
        or max(image.size) > max_side()
    )


def prepare(data: bytes) -> Prepared:
    """The photo in `data`, upright, without metadata, at a sensible size.

    Raises UnreadablePhoto when its pixels cannot be decoded.
    """
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise UnreadablePhoto(str(exc)) from exc
    fmt = image.format
    if fmt not in REWRITTEN or getattr(image, "n_frames", 1) > 1 \
            or not _needs_rewrite(image):
        return Prepared(data, image.width, image.height, False)
    try:
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError) as exc:
        raise UnreadablePhoto(str(exc)) from exc
    # The colour profile says how to show the pixels (a phone's wide gamut), not who or
    # where: it is kept; everything else in `info` goes.
    icc = image.info.get("icc_profile")
    upright.info = {}
    extra = {"icc_profile": icc} if icc else {}
    limit = max_side()
    if max(upright.size) > limit:
        upright.thumbnail((limit, limit), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "JPEG":
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        # No exif= or comment=: Pillow writes neither unless asked.
        upright.save(out, "JPEG", quality=quality(), optimize=True, progressive=True, **extra)
    elif fmt == "PNG":
        upright.save(out, "PNG", optimize=True, **extra)
    else:
        upright.save(out, "WEBP", quality=quality(), **extra)
    return Prepared(out.getvalue(), upright.width, upright.height, True)
