"""Poll results and survey responses as CSV and XLSX, safe to open in a spreadsheet.

A cell whose text starts with `=`, `+`, `-`, `@` (or a tab or carriage return, which some
spreadsheets skip before reading a formula) is written with a leading apostrophe, so an
answer like `=HYPERLINK(...)` is shown as text and never run as a formula. Survey
responses use Wagtail's own submissions listing and export (`SafeSubmissionsListView`);
poll results are one row per choice.
"""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from wagtail.contrib.forms.views import SubmissionsListView

from .results import PollResults

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """`value` as a spreadsheet may show it: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeSubmissionsListView(SubmissionsListView):
    """Wagtail's survey submissions listing; its CSV and XLSX cells are quoted as above."""

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        return safe(super().preprocess_field_value(field, value, export_format))


def _sheet(headers: list[str], rows: list[list], fmt: str, filename: str) -> HttpResponse:
    rows = [[safe(cell) for cell in row] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        # A byte-order mark so that Excel reads the Vietnamese text as UTF-8.
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Kết quả")
        sheet.append(headers)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
                cells.append(cell)
            sheet.append(cells)
        output = io.BytesIO()
        book.save(output)
        response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def poll_export(poll, figures: PollResults, fmt: str) -> HttpResponse:
    headers = ["Câu hỏi", "Phương án", "Số phiếu", "Tỷ lệ (%)", "Tổng số người bình chọn"]
    rows = [[poll.question, row.label, row.count, row.percent, figures.voters]
            for row in figures.rows]
    return _sheet(headers, rows, fmt, f"tham-do-{poll.pk}")
