"""Files brought over by an import, stored once per unit collection (same bytes, same image)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.files.images import ImageFile

from bantin.core.models import CustomImage


def store_image(path: Path, title: str, caption: str, collection) -> CustomImage:
    """The image of the collection with these bytes, created from `path` when missing."""
    data = path.read_bytes()
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    existing = CustomImage.objects.filter(file_hash=digest, collection=collection).first()
    if existing is not None:
        return existing
    with path.open("rb") as fh:
        image = CustomImage(title=(caption or title)[:255], caption=caption,
                            collection=collection)
        image.file = ImageFile(fh, name=path.name)
        image.save()
    return image
