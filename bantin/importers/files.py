"""Files brought over by an import, stored once per unit collection (same bytes, same image)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from django.core.files.images import ImageFile

from bantin.core.models import CustomImage


def store_image(path: Path, title: str, caption: str, collection,
                data: bytes | None = None) -> CustomImage:
    """The image of the collection with these bytes (`data`, else read from `path`),
    created when missing. The file is read once: its hash (Wagtail's `file_hash`, SHA-1)
    and size are stored with it, so the same bytes are found again."""
    data = path.read_bytes() if data is None else data
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    # By hash alone, then the collection: with both in the query SQLite walks the
    # collection's index (every imported image) instead of the hash's.
    for existing in CustomImage.objects.filter(file_hash=digest):
        if existing.collection_id == collection.pk:
            return existing
    image = CustomImage(title=(caption or title)[:255], caption=caption,
                        collection=collection, file_hash=digest, file_size=len(data))
    image.file = ImageFile(io.BytesIO(data), name=path.name)
    image.save()
    return image
