"""Derived figures of the library (counts per filter value, result counts), cached under
a version that any edit to documents or their lookups changes, so the library never
shows counts that disagree with its documents."""

import hashlib

from django.db.models.signals import m2m_changed, post_delete, post_save

from bantin.core.content_cache import VersionedCache

library = VersionedCache("laws")


def get_or_build(name: str, parts: tuple, build):
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
    return library.get_or_build(f"{name}:{digest}", build)


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
        post_save.connect(library.bump, sender=model,
                          dispatch_uid=f"laws-cache-save-{model.__name__}")
        post_delete.connect(library.bump, sender=model,
                            dispatch_uid=f"laws-cache-delete-{model.__name__}")
    m2m_changed.connect(library.bump, sender=LegalDocument.fields.through,
                        dispatch_uid="laws-cache-fields")
