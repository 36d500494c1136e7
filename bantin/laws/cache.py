"""A version of the library's data, changed by any edit to documents or their lookups.

Derived figures (counts per filter value, result counts) are cached under it, so the
library never shows counts that disagree with its documents.
"""

import hashlib

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

_VERSION_KEY = "laws:data-version"
TIMEOUT = 3600


def version() -> int:
    value = cache.get(_VERSION_KEY)
    if value is None:
        value = 1
        cache.add(_VERSION_KEY, value, None)
    return value


def bump(**kwargs) -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def get_or_build(name: str, parts: tuple, build):
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
    key = f"laws:{version()}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def connect() -> None:
    from .models import (
        DocumentLink,
        DocumentType,
        IssuingBody,
        LegalAttachment,
        LegalDocument,
        LegalField,
        Signer,
    )

    for model in (LegalDocument, DocumentLink, LegalAttachment, LegalField, DocumentType,
                  IssuingBody, Signer):
        post_save.connect(bump, sender=model, dispatch_uid=f"laws-cache-save-{model.__name__}")
        post_delete.connect(bump, sender=model,
                            dispatch_uid=f"laws-cache-delete-{model.__name__}")
    m2m_changed.connect(bump, sender=LegalDocument.fields.through,
                        dispatch_uid="laws-cache-fields")
