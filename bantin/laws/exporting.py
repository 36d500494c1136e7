"""The current site's public documents as an Excel register (the same one the importer reads)."""

from __future__ import annotations

import io

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from bantin.audience import counting

from .filters import filter_documents
from .importing import COLUMNS
from .models import LegalDocument, LegalField, Validity

MAX_ROWS = 50_000
BATCH = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [*COLUMNS.values(), "Hiệu lực", "Lượt xem", "Lượt tải"]
WIDTHS = [22, 16, 30, 24, 20, 14, 14, 14, 36, 70, 20, 20, 10, 10]
DATE_FORMAT = "DD/MM/YYYY"


def public_documents(request):
    """The documents the listing would show for this request: the site's, public, filtered."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Không tìm thấy trang.")
    queryset = filter_documents(request.GET, site)[0]
    # Whatever the filters did, only this site's published documents leave the server.
    queryset = queryset.filter(site=site, live=True)
    if "validity_code" not in queryset.query.annotations:
        queryset = queryset.with_validity()
    return queryset.select_related("doc_type", "issuer", "signer")


def _field_paths() -> dict[int, str]:
    """Every lĩnh vực as the path the importer reads back ("Đất đai/Giải phóng mặt bằng")."""
    nodes = dict(LegalField.objects.values_list("pk", "name"))
    parents = dict(LegalField.objects.values_list("pk", "parent_id"))
    paths = {}
    for pk in nodes:
        chain, node, seen = [], pk, set()
        while node is not None and node not in seen:
            seen.add(node)
            chain.append(nodes[node])
            node = parents.get(node)
        paths[pk] = "/".join(reversed(chain))
    return paths


def _text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value or "") or None)
    if cell.value is not None:
        cell.data_type = "s"  # "=…" stays text, never a formula
    return cell


def _date_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if value is not None:
        cell.number_format = DATE_FORMAT
    return cell


def _rows(sheet, docs: list[LegalDocument], paths: dict[int, str]):
    ids = [doc.pk for doc in docs]
    figures = counting.totals_many((counting.LAW_VIEW, counting.LAW_DOWNLOAD), ids)
    fields: dict[int, list[str]] = {}
    for doc_id, field_id in LegalField.objects.filter(documents__in=ids).values_list(
        "documents", "pk"
    ):
        fields.setdefault(doc_id, []).append(paths.get(field_id, ""))
    for doc in docs:
        signer = doc.signer
        yield [
            _text_cell(sheet, doc.number),
            _text_cell(sheet, doc.doc_type.name),
            _text_cell(sheet, doc.issuer.name),
            _text_cell(sheet, signer.name if signer else ""),
            _text_cell(sheet, signer.position if signer else ""),
            _date_cell(sheet, doc.issued_on),
            _date_cell(sheet, doc.effective_on),
            _date_cell(sheet, doc.expires_on),
            _text_cell(sheet, "; ".join(sorted(fields.get(doc.pk, [])))),
            _text_cell(sheet, doc.summary),
            # Files are not exported: a re-import without a ZIP keeps what is attached.
            _text_cell(sheet, ""),
            _text_cell(sheet, Validity(doc.validity_code).label),
            figures[(counting.LAW_VIEW, doc.pk)],
            figures[(counting.LAW_DOWNLOAD, doc.pk)],
        ]


def build_workbook(queryset) -> bytes:
    # Imported here: openpyxl is a few megabytes of every server process otherwise.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Văn bản")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    paths = _field_paths()
    batch: list[LegalDocument] = []
    for doc in queryset[:MAX_ROWS].iterator(chunk_size=BATCH):
        batch.append(doc)
        if len(batch) == BATCH:
            for row in _rows(sheet, batch, paths):
                sheet.append(row)
            batch = []
    for row in _rows(sheet, batch, paths):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@require_GET
def export_xlsx(request):
    """GET /van-ban/xuat.xlsx?<the listing's filters>: the filtered register as Excel."""
    content = build_workbook(public_documents(request))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="van-ban.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
