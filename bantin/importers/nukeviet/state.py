"""What an earlier run imported: the external-id mapping and each row's checksum.

Each row is written in its own transaction together with its mapping row, so a run that
stops half-way leaves complete rows and their checksums; the next run skips a row whose
checksum is unchanged and picks up where the last one stopped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.contrib.contenttypes.models import ContentType

from bantin.importers.models import ImportedObject


def checksum(*parts) -> str:
    def default(value):
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        return str(value)

    data = json.dumps(parts, sort_keys=True, default=default, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def edited_here(obj) -> bool:
    """Whether someone changed `obj` in this portal's admin after it was imported: the
    importer saves revisions without a user, and every save in the admin has one."""
    revisions = getattr(obj, "revisions", None)
    return revisions is not None and revisions.filter(user__isnull=False).exists()


class State:
    def __init__(self, source: str):
        self.source = source
        self._rows: dict[tuple[str, str], ImportedObject] = {}
        for obj in ImportedObject.objects.filter(source=source):
            self._rows[(obj.kind, obj.external_id)] = obj

    def get(self, kind: str, external_id) -> ImportedObject | None:
        return self._rows.get((kind, str(external_id)))

    def object_id(self, kind: str, external_id) -> int | None:
        found = self.get(kind, external_id)
        return int(found.object_id) if found and found.object_id.isdigit() else None

    def unchanged(self, kind: str, external_id, digest: str) -> bool:
        found = self.get(kind, external_id)
        return found is not None and found.checksum == digest

    def record(self, kind: str, external_id, target, digest: str) -> None:
        """Call inside the row's transaction: the mapping commits with the row."""
        defaults = {"checksum": digest, "content_type": None, "object_id": ""}
        if target is not None:
            defaults["content_type"] = ContentType.objects.get_for_model(
                target, for_concrete_model=True)
            defaults["object_id"] = str(target.pk)
        if (kind, str(external_id)) in self._rows:
            obj, _ = ImportedObject.objects.update_or_create(
                source=self.source, kind=kind, external_id=str(external_id), defaults=defaults)
        else:  # every mapping of the source is loaded: a new row needs one INSERT
            obj = ImportedObject.objects.create(
                source=self.source, kind=kind, external_id=str(external_id), **defaults)
        self._rows[(kind, str(external_id))] = obj

    def record_new(self, kind: str, found: list[tuple[object, object, str]]) -> None:
        """The mappings of rows seen for the first time ((external id, target, digest)),
        in one INSERT; call inside the rows' transaction."""
        fresh = []
        for external_id, target, digest in found:
            if (kind, str(external_id)) in self._rows:  # mapped before to a deleted object
                self.record(kind, external_id, target, digest)
            else:
                fresh.append((external_id, target, digest))
        objs = [ImportedObject(
            source=self.source, kind=kind, external_id=str(external_id), checksum=digest,
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
            object_id=str(target.pk)) for external_id, target, digest in fresh]
        for obj in ImportedObject.objects.bulk_create(objs):
            self._rows[(kind, obj.external_id)] = obj

    def forget(self, kind: str, external_id) -> None:
        """After a rolled-back row: the cached mapping must match the database again."""
        self._rows.pop((kind, str(external_id)), None)
        obj = ImportedObject.objects.filter(
            source=self.source, kind=kind, external_id=str(external_id)).first()
        if obj is not None:
            self._rows[(kind, str(external_id))] = obj
