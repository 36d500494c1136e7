"""Import the registers of documents (sổ văn bản) that officials keep in Excel or CSV.

The register is a table with one document a row and Vietnamese column headers (matched
ignoring case and accents); an optional ZIP carries the files named in the "Tệp" column.
A whole row is validated before anything is written -- dates, lengths, and every attached
file's size and real content -- and each row is then written in its own transaction, so a
bad row is reported with its spreadsheet row number and leaves nothing behind, while the
good rows land. Re-running the same register updates documents (site + issuing body +
normalised number) instead of duplicating them. A dry run validates everything and only
counts what would be created or updated.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from bantin.core import text
from bantin.core.files import OLE2, ZIP, document_problem, max_document_bytes
from bantin.core.models import CustomDocument
from bantin.units import access

from .models import (
    DocumentType,
    IssuingBody,
    LegalAttachment,
    LegalDocument,
    LegalField,
    Signer,
    normalize_number,
)

# Column keys and the Vietnamese headers officials write (the export uses the same ones).
COLUMNS: dict[str, str] = {
    "number": "Số hiệu",
    "doc_type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "signer": "Người ký",
    "position": "Chức vụ",
    "issued_on": "Ngày ban hành",
    "effective_on": "Ngày có hiệu lực",
    "expires_on": "Ngày hết hiệu lực",
    "fields": "Lĩnh vực",
    "summary": "Trích yếu",
    "files": "Tệp",
}
REQUIRED = ("number", "doc_type", "issuer", "issued_on", "summary")
MAX_LENGTHS = {"number": 100, "doc_type": 100, "issuer": 255, "signer": 255, "position": 255}
MAX_FIELD_NAME = 255
MAX_TITLE = 255


_DMY_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YMD_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


class RegisterError(ValueError):
    """The whole file is refused (unreadable, missing columns, unsafe ZIP): nothing imported."""


class RowError(ValueError):
    """A reason, in Vietnamese, why one row cannot be imported."""


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    would_create: int = 0
    would_update: int = 0
    dry_run: bool = False
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line in Vietnamese, e.g. "Sẽ tạo 3, cập nhật 1, lỗi 2 dòng."."""
        if self.dry_run:
            return (f"Sẽ tạo {self.would_create}, cập nhật {self.would_update}, "
                    f"lỗi {len(self.errors)} dòng.")
        return f"Đã tạo {self.created}, cập nhật {self.updated}, lỗi {len(self.errors)} dòng."


@dataclass
class Attachment:
    name: str  # the member's file name, without folders
    data: bytes


@dataclass
class DocumentRecord:
    row: int
    number: str
    doc_type: str
    issuer: str
    signer: str
    position: str
    issued_on: dt.date
    effective_on: dt.date | None
    expires_on: dt.date | None
    fields: list[list[str]]
    summary: str
    files: list[Attachment] | None  # None: the row names no file, keep what is attached


def max_upload_bytes() -> int:
    return max_document_bytes()


def _megabytes(n: int) -> str:
    return text.format_decimal(n / (1024 * 1024), 1) + " MB"


def _header_key(value) -> str:
    """Folded form of a header: case, accents, tone placement, '*' and ':' ignored."""
    raw = "" if value is None else str(value)
    return " ".join(text.fold(text.clean(raw)).replace("*", " ").replace(":", " ").split())


_HEADER_KEYS = {_header_key(header): key for key, header in COLUMNS.items()}


# --------------------------------------------------------------------------------------------
# Reading the table
# --------------------------------------------------------------------------------------------


def _read_bytes(path_or_file) -> tuple[bytes, str]:
    """The content and (if known) the name of the register."""
    if isinstance(path_or_file, str | Path):
        path = Path(path_or_file)
        try:
            return path.read_bytes(), path.name
        except OSError as exc:
            raise RegisterError(f"Không đọc được tệp {path.name}: {exc.strerror or exc}") from exc
    data = path_or_file.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return data, str(getattr(path_or_file, "name", "") or "")


def _pick_delimiter(first_line: str) -> str:
    """The delimiter under which the header line reads as the most known columns."""
    best, best_score = ",", (-1, -1)
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        known = sum(1 for cell in cells if _header_key(cell) in _HEADER_KEYS)
        score = (known, len(cells))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(data: bytes) -> list[list]:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegisterError(
            "Tệp CSV không ở mã UTF-8. Trong Excel hãy chọn Lưu thành → "
            "\"CSV UTF-8 (phân tách bằng dấu phẩy)\", hoặc lưu thành .xlsx."
        ) from exc
    content = content.lstrip("\ufeff")
    first_line = content.splitlines()[0] if content.strip() else ""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=_pick_delimiter(first_line))
    try:
        return list(reader)
    except csv.Error as exc:
        raise RegisterError(f"Tệp CSV hỏng ở dòng {reader.line_num}: {exc}") from exc


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError,
            OSError) as exc:
        raise RegisterError(
            "Không đọc được bảng tính .xlsx (tệp hỏng hoặc không phải Excel)."
        ) from exc
    try:
        if not workbook.worksheets:
            raise RegisterError("Bảng tính không có trang nào.")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong used range
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except (KeyError, ValueError, TypeError, OSError, zipfile.BadZipFile) as exc:
        raise RegisterError("Không đọc được trang đầu tiên của bảng tính.") from exc
    finally:
        workbook.close()


def read_table(path_or_file) -> list[list]:
    """All rows of the register (header first) from CSV or the first sheet of an XLSX."""
    data, name = _read_bytes(path_or_file)
    if not data.strip():
        raise RegisterError("Tệp danh sách văn bản rỗng.")
    if data.startswith(OLE2) or name.lower().endswith(".xls"):
        raise RegisterError(
            "Không nhận tệp Excel 97-2003 (.xls): hãy lưu lại thành .xlsx hoặc CSV UTF-8."
        )
    if data.startswith(ZIP):
        return _xlsx_rows(data)
    if name.lower().endswith(".xlsx"):
        raise RegisterError("Không đọc được bảng tính .xlsx (tệp hỏng hoặc không phải Excel).")
    return _csv_rows(data)


def map_columns(header: list) -> dict[str, int]:
    """Column key → index; refuses the file when a required column is missing."""
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        key = _HEADER_KEYS.get(_header_key(value))
        if key and key not in columns:
            columns[key] = index
    missing = [COLUMNS[key] for key in REQUIRED if key not in columns]
    if missing:
        raise RegisterError(
            "Tệp thiếu cột bắt buộc: " + ", ".join(f"\"{name}\"" for name in missing)
            + ". Dòng đầu tiên phải là tên cột: "
            + ", ".join(COLUMNS[key] for key in REQUIRED) + "."
        )
    return columns


# --------------------------------------------------------------------------------------------
# The attached files
# --------------------------------------------------------------------------------------------


def _unsafe_member(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[/\\]", name))


class FileBox:
    """The ZIP of attached files, indexed by path and by bare file name."""

    def __init__(self, zip_path):
        self.zip = None
        self.by_path: dict[str, zipfile.ZipInfo] = {}
        self.by_name: dict[str, list[zipfile.ZipInfo]] = {}
        if zip_path is None:
            return
        try:
            self.zip = zipfile.ZipFile(zip_path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise RegisterError("Tệp ZIP kèm theo bị hỏng hoặc không phải tệp ZIP.") from exc
        unsafe = [info.filename for info in infos if _unsafe_member(info.filename)]
        if unsafe:
            self.close()
            raise RegisterError(
                "Tệp ZIP có đường dẫn không an toàn (đường dẫn tuyệt đối hoặc '..'): "
                + ", ".join(repr(name) for name in unsafe[:5])
                + ". Không nhập gì từ tệp này; hãy nén lại các tệp văn bản."
            )
        for info in infos:
            if info.is_dir():
                continue
            path = self._key(info.filename)
            self.by_path.setdefault(path, info)
            self.by_name.setdefault(path.rsplit("/", 1)[-1], []).append(info)

    @staticmethod
    def _key(name: str) -> str:
        return text.nfc(name.replace("\\", "/")).casefold()

    def close(self):
        if self.zip is not None:
            self.zip.close()

    def find(self, name: str) -> zipfile.ZipInfo:
        if self.zip is None:
            raise RowError(f"có tên tệp \"{name}\" nhưng không có tệp ZIP kèm theo")
        key = self._key(name)
        if key in self.by_path:
            return self.by_path[key]
        matches = self.by_name.get(key.rsplit("/", 1)[-1], []) if "/" not in key else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise RowError(
                f"có nhiều tệp tên \"{name}\" trong ZIP, hãy ghi cả thư mục (ví dụ thu-muc/{name})"
            )
        raise RowError(f"không có tệp \"{name}\" trong tệp ZIP")

    def read(self, name: str) -> Attachment:
        info = self.find(name)
        bare = PurePosixPath(info.filename.replace("\\", "/")).name
        limit = max_upload_bytes()
        if info.flag_bits & 0x1:
            raise RowError(f"tệp \"{name}\" trong ZIP có mật khẩu, không đọc được")
        if info.file_size > limit:
            raise RowError(
                f"tệp \"{name}\" quá lớn ({_megabytes(info.file_size)}, tối đa {_megabytes(limit)})"
            )
        try:
            with self.zip.open(info) as fh:
                data = fh.read(limit + 1)  # never trust the declared size
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise RowError(f"không đọc được tệp \"{name}\" trong ZIP (tệp nén bị hỏng)") from exc
        if len(data) > limit:
            raise RowError(f"tệp \"{name}\" quá lớn (tối đa {_megabytes(limit)})")
        if not data:
            raise RowError(f"tệp \"{name}\" rỗng")
        check_content(bare, data)
        return Attachment(name=text.nfc(bare), data=data)


def check_content(name: str, data: bytes) -> None:
    """Refuse a file whose bytes are not what its extension says (an .exe named .pdf)."""
    problem = document_problem(name, data)
    if problem:
        raise RowError(f"tệp \"{name}\": {problem}")


# --------------------------------------------------------------------------------------------
# One row
# --------------------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return text.clean(str(value))


def parse_date(value, label: str) -> dt.date | None:
    """A date from a real date cell, dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd; None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text.clean(str(value))
    match = _DMY_RE.match(raw)
    parts = None
    if match:
        day, month, year = (int(g) for g in match.groups())
        parts = (year, month, day)
    else:
        match = _YMD_RE.match(raw)
        if match:
            parts = tuple(int(g) for g in match.groups())
    if parts is not None:
        try:
            return dt.date(*parts)
        except ValueError:
            pass
    raise RowError(f"{label} \"{raw}\" không phải ngày hợp lệ (dạng dd/mm/yyyy hoặc yyyy-mm-dd)")


def _field_paths(raw: str) -> list[list[str]]:
    paths = []
    for item in raw.split(";"):
        parts = [text.clean(p) for p in re.split(r"[/›>]", item)]
        parts = [p for p in parts if p]
        if parts and parts not in paths:
            paths.append(parts)
    return paths


def parse_row(number: int, values: list, columns: dict[str, int], files: FileBox
              ) -> DocumentRecord:
    """Validate one row completely; every problem found is reported at once."""
    def raw(key):
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    problems: list[str] = []
    cells = {key: _cell_text(raw(key)) for key in COLUMNS if key not in
             ("issued_on", "effective_on", "expires_on")}
    for key in REQUIRED:
        if key in cells and not cells[key]:
            problems.append(f"thiếu {COLUMNS[key]}")
    for key, limit in MAX_LENGTHS.items():
        if len(cells[key]) > limit:
            problems.append(f"{COLUMNS[key]} dài quá {limit} ký tự")
    if cells["position"] and not cells["signer"]:
        problems.append("có Chức vụ nhưng thiếu Người ký")

    dates: dict[str, dt.date | None] = {}
    for key in ("issued_on", "effective_on", "expires_on"):
        try:
            dates[key] = parse_date(raw(key), COLUMNS[key])
        except RowError as exc:
            problems.append(str(exc))
            dates[key] = None
        else:
            if key == "issued_on" and dates[key] is None:
                problems.append(f"thiếu {COLUMNS[key]}")
    issued, effective, expires = dates["issued_on"], dates["effective_on"], dates["expires_on"]
    if issued and effective and effective < issued:
        problems.append(
            f"ngày có hiệu lực {effective:%d/%m/%Y} trước ngày ban hành {issued:%d/%m/%Y}"
        )
    start = effective or issued
    if start and expires and expires < start:
        label = "ngày có hiệu lực" if effective else "ngày ban hành"
        problems.append(f"ngày hết hiệu lực {expires:%d/%m/%Y} trước {label} {start:%d/%m/%Y}")

    paths = _field_paths(cells["fields"])
    if any(len(part) > MAX_FIELD_NAME for path in paths for part in path):
        problems.append(f"tên lĩnh vực dài quá {MAX_FIELD_NAME} ký tự")

    attachments = None
    names = [n for n in (text.clean(n) for n in cells["files"].split(";")) if n]
    if names:
        attachments, seen = [], set()
        for name in names:
            if name.casefold() in seen:
                continue
            seen.add(name.casefold())
            try:
                attachments.append(files.read(name))
            except RowError as exc:
                problems.append(str(exc))

    if problems:
        raise RowError("; ".join(problems))
    return DocumentRecord(
        row=number, number=" ".join(cells["number"].split()), doc_type=cells["doc_type"],
        issuer=cells["issuer"], signer=cells["signer"], position=cells["position"],
        issued_on=issued, effective_on=effective, expires_on=expires, fields=paths,
        summary=cells["summary"], files=attachments,
    )


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _find_named(model, name: str):
    """The row of `model` whose name is `name`, ignoring case, accents and tone placement."""
    folded = text.fold(name)
    exact = model.objects.filter(name=name).first()
    if exact is not None:
        return exact
    return next((obj for obj in model.objects.all() if text.fold(obj.name) == folded), None)


def _named(model, name: str):
    return _find_named(model, name) or model.objects.create(name=name)


def _legal_field(path: list[str]) -> LegalField:
    parent = None
    for name in path:
        folded = text.fold(name)
        siblings = LegalField.objects.filter(parent=parent)
        found = next((f for f in siblings if text.fold(f.name) == folded), None)
        parent = found or LegalField.objects.create(name=name, parent=parent)
    return parent


def store_file(attachment: Attachment, saved: list, site) -> CustomDocument:
    digest = hashlib.sha1(attachment.data, usedforsecurity=False).hexdigest()
    title = (PurePosixPath(attachment.name).stem or attachment.name)[:MAX_TITLE]
    collection = access.collection_of(site)
    existing = CustomDocument.objects.filter(
        file_hash=digest, title=title, collection=collection).first()
    if existing is not None:
        return existing
    document = CustomDocument(title=title, file_hash=digest, file_size=len(attachment.data),
                              collection=collection)
    document.file.save(attachment.name, ContentFile(attachment.data), save=False)
    saved.append(document.file.name)
    document.save()
    return document


def find_existing(site, record: DocumentRecord) -> LegalDocument | None:
    issuer = _find_named(IssuingBody, record.issuer)
    if issuer is None:
        return None
    return LegalDocument.objects.filter(
        site=site, issuer=issuer, number_key=normalize_number(record.number)
    ).first()


def save_document(site, record: DocumentRecord, saved_files: list) -> bool:
    """Create or update one document (call inside a transaction); True when created."""
    issuer = _named(IssuingBody, record.issuer)
    doc = LegalDocument.objects.filter(
        site=site, issuer=issuer, number_key=normalize_number(record.number)
    ).first()
    created = doc is None
    if created:
        doc = LegalDocument(site=site, issuer=issuer)
    doc.number = record.number
    doc.number_key = normalize_number(record.number)
    doc.doc_type = _named(DocumentType, record.doc_type)
    doc.signer = (
        Signer.objects.get_or_create(name=record.signer, position=record.position)[0]
        if record.signer else None
    )
    doc.issued_on = record.issued_on
    doc.effective_on = record.effective_on
    doc.expires_on = record.expires_on
    doc.summary = record.summary
    now = timezone.now()
    doc.live = True
    doc.has_unpublished_changes = False
    doc.first_published_at = doc.first_published_at or now
    doc.last_published_at = now
    doc.full_clean(exclude=["fields", "full_text"])
    doc.fields.set([_legal_field(path) for path in record.fields])
    if record.files is not None:
        doc.attachments = [
            LegalAttachment(file=store_file(a, saved_files, site), title=a.name[:MAX_TITLE])
            for a in record.files
        ]
    doc.save()
    return created


def _validation_reason(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(m for messages in exc.message_dict.values() for m in messages)
    return "; ".join(exc.messages)


def _discard(names: list[str]) -> None:
    """Remove files written to storage for a row whose transaction was rolled back."""
    storage = CustomDocument._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            pass


def import_register(path_or_file, site, zip_path=None, dry_run: bool = False) -> Report:
    """Import a register (CSV or XLSX, plus an optional ZIP of files) into `site`.

    Raises RegisterError when the whole file is refused; per-row problems are listed in
    `Report.errors` as (spreadsheet row number, reason) and those rows are skipped.
    """
    rows = read_table(path_or_file)
    if not rows:
        raise RegisterError("Tệp danh sách văn bản rỗng.")
    columns = map_columns(rows[0])
    report = Report(dry_run=dry_run)
    files = FileBox(zip_path)
    seen: dict[tuple[str, str], int] = {}
    try:
        for number, values in enumerate(rows[1:], start=2):
            if all(_cell_text(v) == "" for v in values):
                continue
            try:
                record = parse_row(number, values, columns, files)
            except RowError as exc:
                report.errors.append((number, str(exc)))
                continue
            key = (text.fold(record.issuer), normalize_number(record.number))
            if key in seen:
                report.errors.append((
                    number,
                    f"số hiệu {record.number} của {record.issuer} trùng với dòng {seen[key]} "
                    "trong cùng tệp",
                ))
                continue
            seen[key] = number
            if dry_run:
                if find_existing(site, record) is None:
                    report.would_create += 1
                else:
                    report.would_update += 1
                continue
            saved: list[str] = []
            try:
                with transaction.atomic():
                    created = save_document(site, record, saved)
            except ValidationError as exc:
                _discard(saved)
                report.errors.append((number, _validation_reason(exc)))
                continue
            except DatabaseError as exc:
                _discard(saved)
                report.errors.append((number, f"không lưu được vào cơ sở dữ liệu ({exc})"))
                continue
            if created:
                report.created += 1
            else:
                report.updated += 1
    finally:
        files.close()
    return report
