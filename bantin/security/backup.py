"""Backups of one install (database and media) into one archive, and their restoration into
an empty install. See docs/security.md, "Backup and restore".

The archive is a tar.gz holding:

- `db/data.json`: every table's rows as Django's `dumpdata` writes them, with their primary
  keys (content types and permissions included, so the ids stored inside page revisions and
  log entries stay right), taken in one transaction;
- `media/...`: every file under MEDIA_ROOT, read after the database snapshot;
- `manifest.json` (last): SHA-256 of every other member, rows per model, the applied
  migrations and the versions of bantin, Django and Wagtail.

Encrypted archives wrap that tar.gz in AES-256-GCM chunks under a key derived from the
passphrase with scrypt; each chunk authenticates its number and whether it is the last, so
a changed, reordered or cut file is refused, as is a wrong passphrase.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MAGIC = b"BANTIN-BACKUP-AESGCM\x01"
CHUNK = 1024 * 1024
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
# Content types and permissions load first, so any lookup made while the rest loads finds
# them under their archived ids.
DB_TYPES = "db/types.json"
DB_MEMBER = "db/data.json"
TYPES = ["contenttypes", "auth.permission"]
SERIALIZER = "bantin_json"  # JSON with datetimes to the microsecond
MANIFEST = "manifest.json"
# Not backed up: sessions (everyone logs in again), background task results, the page
# cache's index (its files are not kept either; pages are rendered again on demand) and
# the search indexes, which the restore rebuilds from the content.
EXCLUDED = ["sessions", "django_tasks_database", "pagecache", "wagtailsearch",
            "portal_search.searchentry"]


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is for the administrator."""


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions() -> dict:
    found = {}
    for name in ("bantin", "Django", "wagtail"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = ""
    return found


def _included_models() -> list:
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e for e in EXCLUDED if "." in e}
    return [
        model for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and model._meta.managed and not model._meta.proxy
    ]


def model_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in _included_models()}


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


# -- encryption ------------------------------------------------------------------------


def _key(passphrase: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, **SCRYPT).derive(passphrase)


def _aad(index: int, last: bool) -> bytes:
    return MAGIC + struct.pack(">Q?", index, last)


def encrypt_file(source: Path, target: Path, passphrase: bytes) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(16)
    aead = AESGCM(_key(passphrase, salt))
    size = source.stat().st_size
    with source.open("rb") as src, target.open("wb") as out:
        out.write(MAGIC + salt)
        index, done = 0, 0
        while True:
            block = src.read(CHUNK)
            done += len(block)
            last = done >= size
            nonce = os.urandom(12)
            sealed = aead.encrypt(nonce, block, _aad(index, last))
            out.write(struct.pack(">I", len(sealed)) + nonce + sealed)
            index += 1
            if last:
                return


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def decrypt_file(source: Path, target: Path, passphrase: bytes) -> None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    refused = BackupError(
        "Sai mật khẩu, hoặc tệp sao lưu đã bị sửa hay bị cắt: không giải mã được.")
    with source.open("rb") as src, target.open("wb") as out:
        src.read(len(MAGIC))
        salt = src.read(16)
        if len(salt) != 16:
            raise refused
        aead = AESGCM(_key(passphrase, salt))
        index = 0
        while True:
            head = src.read(4)
            if len(head) != 4:
                raise refused  # cut before its last chunk
            (length,) = struct.unpack(">I", head)
            nonce, sealed = src.read(12), src.read(length)
            if len(sealed) != length:
                raise refused
            last = src.peek(1) == b"" if hasattr(src, "peek") else None
            try:
                out.write(aead.decrypt(nonce, sealed, _aad(index, bool(last))))
            except InvalidTag:
                raise refused from None
            index += 1
            if last:
                return


# -- backup -----------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    files: int
    bytes: int
    counts: dict = field(default_factory=dict)


def _dump_database(types: Path, target: Path) -> tuple[dict[str, int], list]:
    """The database's rows into `types` and `target`, and their counts, from one snapshot."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counts = model_counts()
        migrations = applied_migrations()
        serializers.register_serializer(SERIALIZER, "bantin.security.serializer")
        options = {"use_base_manager": True, "format": SERIALIZER, "indent": None,
                   "verbosity": 0}
        call_command("dumpdata", *TYPES, output=str(types), **options)
        call_command("dumpdata", exclude=EXCLUDED + TYPES, output=str(target), **options)
    return counts, migrations


def create_backup(output: Path, passphrase: bytes | None = None,
                  progress: Callable[[int], None] | None = None,
                  set_total: Callable[[int], None] | None = None) -> BackupResult:
    """Write the archive to `output` (written beside it first, then renamed into place)."""
    media_root = Path(settings.MEDIA_ROOT)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bantin-backup-", dir=output.parent) as tmp:
        tmp = Path(tmp)
        types, dump = tmp / "types.json", tmp / "data.json"
        counts, migrations = _dump_database(types, dump)
        files = _media_files(media_root)
        if set_total:
            set_total(len(files) + 1)
        if progress:
            progress(1)
        checksums = {DB_TYPES: _sha256_file(types), DB_MEMBER: _sha256_file(dump)}
        plain = tmp / "archive.tar.gz"
        total_bytes = 0
        with tarfile.open(plain, "w:gz", compresslevel=6) as tar:
            tar.add(types, arcname=DB_TYPES, recursive=False)
            tar.add(dump, arcname=DB_MEMBER, recursive=False)
            for done, path in enumerate(files, start=2):
                name = "media/" + path.relative_to(media_root).as_posix()
                try:
                    checksums[name] = _sha256_file(path)
                    tar.add(path, arcname=name, recursive=False)
                except FileNotFoundError:  # deleted after the snapshot: nothing to keep
                    checksums.pop(name, None)
                    continue
                total_bytes += path.stat().st_size
                if progress:
                    progress(done)
            manifest = {
                "format": FORMAT,
                "engine": connection.vendor,
                "versions": _versions(),
                "migrations": migrations,
                "counts": counts,
                "files": checksums,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        partial = output.with_name(output.name + ".partial")
        if passphrase:
            encrypt_file(plain, partial, passphrase)
        else:
            shutil.move(plain, partial)
        os.replace(partial, output)
    return BackupResult(output, len(checksums) - 2, total_bytes, counts)


# -- restore ----------------------------------------------------------------------------


@dataclass
class Verified:
    """An archive unpacked into a temporary folder, every member checked."""

    folder: Path
    manifest: dict


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def unpack_and_verify(archive: Path, folder: Path, passphrase: bytes | None) -> Verified:
    """Decrypt (when needed), unpack and check every member against the manifest; nothing
    outside `folder` is written."""
    if not archive.is_file():
        raise BackupError(f"Không thấy tệp sao lưu {archive}.")
    if is_encrypted(archive):
        if not passphrase:
            raise BackupError("Tệp sao lưu được mã hóa: cần mật khẩu (--passphrase-file hoặc "
                              "biến môi trường BANTIN_BACKUP_PASSPHRASE).")
        plain = folder / "archive.tar.gz"
        decrypt_file(archive, plain, passphrase)
    else:
        plain = archive
    damaged = BackupError("Tệp sao lưu không toàn vẹn (bị sửa, thiếu hoặc thừa tệp): "
                          "không khôi phục gì.")
    content = folder / "content"
    content.mkdir()
    try:
        with tarfile.open(plain, "r:gz") as tar:
            members = tar.getmembers()
            if any(not (m.isfile() and _safe_name(m.name)) for m in members):
                raise damaged
            tar.extractall(content, filter="data")
    except (tarfile.TarError, OSError, EOFError):
        raise damaged from None
    try:
        manifest = json.loads((content / MANIFEST).read_text())
    except (OSError, ValueError):
        raise damaged from None
    if manifest.get("format") != FORMAT:
        raise BackupError("Tệp sao lưu thuộc định dạng khác, không đọc được.")
    found = {m.name for m in members} - {MANIFEST}
    files = manifest.get("files", {})
    if found != set(files) or any(_sha256_file(content / n) != files[n] for n in found):
        raise damaged
    return Verified(content, manifest)


def database_is_empty() -> bool:
    """True for a database with no tables yet, or with only what migrations create
    (Wagtail's root and welcome pages, its default site, groups and collection)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    if MigrationRecorder.Migration._meta.db_table not in connection.introspection.table_names():
        return True
    if not MigrationRecorder(connection).applied_migrations():
        return True
    return not get_user_model().objects.exists() and Page.objects.count() <= 2


def _check_migrations(manifest: dict) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{a}.{n}" for a, n in manifest["migrations"] if (a, n) not in known]
    if unknown:
        raise BackupError("Bản sao lưu được tạo từ phiên bản mới hơn (có migration lạ: "
                          f"{', '.join(unknown[:5])}); hãy cập nhật mã nguồn trước.")


def restore(verified: Verified, progress: Callable[[int], None] | None = None,
            set_total: Callable[[int], None] | None = None) -> dict:
    """Load the verified archive into this (empty) install; returns what was restored."""
    manifest = verified.manifest
    _check_migrations(manifest)
    if not database_is_empty():
        raise BackupError("Cơ sở dữ liệu đích không trống (đã có tài khoản hoặc trang): chỉ "
                          "khôi phục vào bản cài đặt mới. Không thay đổi gì.")
    media_root = Path(settings.MEDIA_ROOT)
    if _media_files(media_root):
        raise BackupError(f"Thư mục media {media_root} không trống: chỉ khôi phục vào bản "
                          "cài đặt mới. Không thay đổi gì.")
    media = sorted(n for n in manifest["files"] if n.startswith("media/"))
    if set_total:
        set_total(len(media) + 2)
    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        # Rows created by migrations (Wagtail's root page, default site and groups, the
        # content types) make way for the archive's, which keep their ids.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        ContentType.objects.clear_cache()
        call_command("loaddata", str(verified.folder / DB_TYPES), verbosity=0)
        ContentType.objects.clear_cache()
        call_command("loaddata", str(verified.folder / DB_MEMBER), verbosity=0)
    if progress:
        progress(1)
    counts = model_counts()
    wrong = {label: (n, counts.get(label)) for label, n in manifest["counts"].items()
             if counts.get(label) != n}
    if wrong:
        raise BackupError(f"Số bản ghi sau khi nạp không khớp: {wrong}")
    for done, name in enumerate(media, start=2):
        target = media_root / name[len("media/"):]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(verified.folder / name, target)
        if _sha256_file(target) != manifest["files"][name]:
            raise BackupError(f"Tệp {target} ghi ra không khớp tổng kiểm tra.")
        if progress:
            progress(done)
    return {"rows": sum(counts.values()), "files": len(media)}


def iter_digest() -> Iterator[tuple[str, str]]:
    """(name, SHA-256) of every page (title, path, live revision), document, legal document
    and media file: two installs with the same content give the same list."""
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from bantin.laws.models import LegalDocument

    def digest(*parts) -> str:
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()

    for page in Page.objects.order_by("path").select_related("live_revision"):
        live = page.live_revision.content if page.live_revision_id else None
        yield f"page {page.path}", digest(page.title, page.url_path, page.live, live)
    for doc in get_document_model().objects.order_by("pk"):
        yield f"document {doc.pk}", digest(doc.title, doc.file.name, doc.file_hash)
    for legal in LegalDocument.objects.order_by("pk"):
        fields = {f.attname: getattr(legal, f.attname) for f in legal._meta.concrete_fields}
        yield f"legal {legal.pk}", digest(fields)
    root = Path(settings.MEDIA_ROOT)
    for path in _media_files(root):
        yield f"file {path.relative_to(root).as_posix()}", _sha256_file(path)
