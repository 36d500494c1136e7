"""Files brought over by an import, stored once per unit collection (same bytes, same image)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image as PILImage

from bantin.core.models import CustomImage


def store_image(path: Path, title: str, caption: str, collection,
                data: bytes | None = None) -> CustomImage:
    """The image of the collection with these bytes (`data`, else read from `path`),
    created when missing. The file is read once: its hash (Wagtail's `file_hash`, SHA-1),
    size and dimensions are stored with it, so the same bytes are found again."""
    data = path.read_bytes() if data is None else data
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    # By hash alone, then the collection: with both in the query SQLite walks the
    # collection's index (every imported image) instead of the hash's.
    for existing in CustomImage.objects.filter(file_hash=digest):
        if existing.collection_id == collection.pk:
            return existing
    with PILImage.open(io.BytesIO(data)) as img:  # the header only
        width, height = img.size
    # The file goes to storage first, under the name the image's field would give it,
    # and the image is built with its name and dimensions: assigning a new file instead
    # makes Django open it twice more (before and after storing) for its dimensions.
    field = CustomImage._meta.get_field("file")
    name = field.generate_filename(CustomImage(collection=collection), path.name)
    name = field.storage.save(name, ContentFile(data), max_length=field.max_length)
    image = CustomImage(title=(caption or title)[:255], caption=caption,
                        collection=collection, file=name, file_hash=digest,
                        file_size=len(data), width=width, height=height)
    image.save()
    return image
