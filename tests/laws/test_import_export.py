"""Registers of documents: CSV/XLSX import with a ZIP of files, dry run, bad rows by number,
unsafe or lying files refused, and the Excel export that re-imports cleanly."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.test import RequestFactory
from openpyxl import Workbook, load_workbook
from wagtail.models import Site

from bantin.audience import counting
from bantin.core.models import CustomDocument
from bantin.laws import exporting
from bantin.laws.importing import RegisterError, import_register
from bantin.laws.models import (
    DocumentType,
    IssuingBody,
    LegalAttachment,
    LegalDocument,
    LegalField,
    Signer,
)

pytestmark = pytest.mark.django_db

HEADERS = ["Số hiệu", "Loại văn bản", "Cơ quan ban hành", "Người ký", "Chức vụ",
           "Ngày ban hành", "Ngày có hiệu lực", "Ngày hết hiệu lực", "Lĩnh vực", "Trích yếu",
           "Tệp"]
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 100


def office_zip(*members: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for member in members:
            zf.writestr(member, "<x/>")
    return buf.getvalue()


DOCX = office_zip("word/document.xml")


def doc_row(number="18/2026/QĐ-UBND", **values) -> dict:
    row = {
        "Số hiệu": number,
        "Loại văn bản": "Quyết định",
        "Cơ quan ban hành": "UBND huyện Tân Uyên",
        "Người ký": "Lò Văn Pọm",
        "Chức vụ": "Chủ tịch",
        "Ngày ban hành": "12/11/2026",
        "Ngày có hiệu lực": "22/11/2026",
        "Ngày hết hiệu lực": "",
        "Lĩnh vực": "Đất đai/Giải phóng mặt bằng; Văn hóa",
        "Trích yếu": f"Ban hành quy chế số {number}",
        "Tệp": "",
    }
    row.update(values)
    return row


def write_csv(tmp_path, rows, delimiter=",", bom=False, headers=HEADERS, name="so.csv"):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))
    return path


def write_xlsx(tmp_path, rows, headers=HEADERS, name="so.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    path = tmp_path / name
    workbook.save(path)
    return path


def write_zip(tmp_path, members: dict, name="tep.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path


def run(capsys, *args, **options):
    try:
        call_command("import_documents", *args, **options)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored_counts() -> dict:
    return {model.__name__: model.objects.count() for model in (
        LegalDocument, DocumentType, IssuingBody, Signer, LegalField, CustomDocument,
        LegalAttachment,
    )}


def test_csv_import_with_zip_creates_documents(hub, tmp_path, capsys):
    path = write_csv(tmp_path, [
        doc_row(**{"Tệp": "qd-18.pdf; phu-luc.docx"}),
        doc_row("05/2026/CT-UBND", **{"Loại văn bản": "Chỉ thị", "Ngày ban hành": "2026-01-05",
                                       "Ngày có hiệu lực": "", "Người ký": "", "Chức vụ": "",
                                       "Lĩnh vực": "Đất đai"}),
    ])
    files = write_zip(tmp_path, {"qd-18.pdf": PDF, "phu luc/phu-luc.docx": DOCX})
    code, out, err = run(capsys, str(path), site="testserver", zip_file=str(files))
    assert code == 0, err
    assert out.strip() == "Đã tạo 2, cập nhật 0, lỗi 0 dòng."

    doc = LegalDocument.objects.get(number="18/2026/QĐ-UBND")
    assert doc.live and doc.site == hub["site"]
    assert doc.doc_type.name == "Quyết định" and doc.issuer.name == "UBND huyện Tân Uyên"
    assert (doc.signer.name, doc.signer.position) == ("Lò Văn Pọm", "Chủ tịch")
    assert (doc.issued_on, doc.effective_on, doc.expires_on) == (
        dt.date(2026, 11, 12), dt.date(2026, 11, 22), None)
    assert sorted(str(f) for f in doc.fields.all()) == [
        "Văn hóa", "Đất đai › Giải phóng mặt bằng"]
    attachments = list(doc.attachments.select_related("file").order_by("sort_order", "pk"))
    assert [a.file.title for a in attachments] == ["qd-18", "phu-luc"]
    assert attachments[0].file.file.read().startswith(b"%PDF-")

    other = LegalDocument.objects.get(number="05/2026/CT-UBND")
    assert other.issued_on == dt.date(2026, 1, 5) and other.signer is None
    assert other.issuer == doc.issuer
    # "Đất đai" is the same node for both rows, not created twice.
    assert LegalField.objects.filter(name="Đất đai").count() == 1
    assert not other.attachments.exists()
    assert LegalDocument.objects.public().filter(site=hub["site"]).count() == 2


def test_xlsx_with_date_cells_and_loose_headers(hub, tmp_path):
    headers = ["so hieu", "LOẠI VĂN BẢN", "Cơ quan ban hành *", "nguoi ky", "Chức vụ",
               "ngày ban hành", "Ngày có hiệu lực", "Ngày hết hiệu lực", "Lĩnh vực",
               "Trích Yếu", "Ghi chú"]
    rows = [{
        "so hieu": "25/2024/TT-BTC", "LOẠI VĂN BẢN": "Thông tư",
        "Cơ quan ban hành *": "Bộ Tài chính", "nguoi ky": "Nguyễn Văn A", "Chức vụ": "Thứ trưởng",
        "ngày ban hành": dt.datetime(2024, 4, 16), "Ngày có hiệu lực": dt.date(2024, 6, 1),
        "Ngày hết hiệu lực": "31/12/2030", "Trích Yếu": "Hướng dẫn   thu phí",
        "Ghi chú": "không nhập",
    }, {
        "so hieu": 42, "LOẠI VĂN BẢN": "Công văn", "Cơ quan ban hành *": "Bộ Tài chính",
        "ngày ban hành": "1/2/2024", "Trích Yếu": "Về việc rà soát",
    }]
    report = import_register(write_xlsx(tmp_path, rows, headers=headers), hub["site"])
    assert report.errors == [] and report.created == 2
    doc = LegalDocument.objects.get(number="25/2024/TT-BTC")
    assert (doc.issued_on, doc.effective_on, doc.expires_on) == (
        dt.date(2024, 4, 16), dt.date(2024, 6, 1), dt.date(2030, 12, 31))
    assert doc.summary == "Hướng dẫn thu phí" and doc.live
    assert LegalDocument.objects.get(number="42").issued_on == dt.date(2024, 2, 1)


def test_semicolon_csv_with_bom(hub, tmp_path):
    path = write_csv(tmp_path, [doc_row(), doc_row("19/2026/QĐ-UBND")], delimiter=";", bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfS")
    report = import_register(path, hub["site"])
    assert report.errors == [] and report.created == 2
    assert set(LegalDocument.objects.values_list("number", flat=True)) == {
        "18/2026/QĐ-UBND", "19/2026/QĐ-UBND"}


def test_file_object_is_accepted(hub, tmp_path):
    path = write_xlsx(tmp_path, [doc_row()])
    with path.open("rb") as fh:
        report = import_register(fh, hub["site"])
    assert report.created == 1


def test_dry_run_writes_nothing(hub, tmp_path, capsys):
    import_register(write_csv(tmp_path, [doc_row()]), hub["site"])
    before = stored_counts()
    summary_before = LegalDocument.objects.get().summary
    path = write_csv(tmp_path, [
        doc_row(**{"Trích yếu": "Đã sửa"}),
        doc_row("01/2026/NQ-HĐND", **{"Cơ quan ban hành": "HĐND huyện", "Loại văn bản":
                                       "Nghị quyết", "Lĩnh vực": "Mới/Con",
                                       "Người ký": "Người mới", "Tệp": "a.pdf"}),
        doc_row("02/2026/NQ-HĐND", **{"Cơ quan ban hành": "HĐND huyện"}),
        doc_row("03/2026/NQ-HĐND", **{"Ngày ban hành": "32/01/2026"}),
    ], name="dry.csv")
    files = write_zip(tmp_path, {"a.pdf": PDF})
    code, out, err = run(capsys, str(path), site="testserver", zip_file=str(files),
                         dry_run=True)
    assert code == 1
    assert out.strip() == "Sẽ tạo 2, cập nhật 1, lỗi 1 dòng."
    assert "Dòng 5: " in err and "32/01/2026" in err
    assert stored_counts() == before
    assert LegalDocument.objects.get().summary == summary_before

    report = import_register(path, hub["site"], zip_path=files, dry_run=True)
    assert (report.would_create, report.would_update, report.created, report.updated) == (
        2, 1, 0, 0)
    assert stored_counts() == before


def test_rerun_updates_instead_of_duplicating(hub, tmp_path):
    files = write_zip(tmp_path, {"qd.pdf": PDF, "moi.pdf": PDF + b"% moi\n"})
    first = import_register(write_csv(tmp_path, [doc_row(**{"Tệp": "qd.pdf"})]), hub["site"],
                            zip_path=files)
    assert first.created == 1
    doc = LegalDocument.objects.get()

    # Same document, number written with other spacing and case, no file named: kept.
    again = write_csv(tmp_path, [doc_row("18 / 2026 / qđ-ubnd",
                                         **{"Trích yếu": "Trích yếu đã sửa",
                                            "Cơ quan ban hành": "UBND HUYỆN TÂN UYÊN"})],
                      name="lan2.csv")
    report = import_register(again, hub["site"], zip_path=files)
    assert (report.created, report.updated, report.errors) == (0, 1, [])
    assert LegalDocument.objects.count() == 1 and IssuingBody.objects.count() == 1
    doc.refresh_from_db()
    assert doc.summary == "Trích yếu đã sửa"
    assert [a.file.title for a in doc.attachments.all()] == ["qd"]

    # Naming files replaces the attachments.
    third = write_csv(tmp_path, [doc_row(**{"Tệp": "moi.pdf"})], name="lan3.csv")
    assert import_register(third, hub["site"], zip_path=files).updated == 1
    assert [a.file.title for a in LegalDocument.objects.get().attachments.all()] == ["moi"]

    # The same number from another issuer is another document.
    fourth = write_csv(tmp_path, [doc_row(**{"Cơ quan ban hành": "UBND tỉnh Lai Châu"})],
                       name="lan4.csv")
    assert import_register(fourth, hub["site"]).created == 1
    assert LegalDocument.objects.count() == 2


def test_bad_rows_are_reported_by_row_and_store_nothing(hub, tmp_path, capsys):
    rows = [
        doc_row("01/2026/QĐ-UBND", **{"Tệp": "tot.pdf"}),                           # 2
        doc_row("02/2026/QĐ-UBND", **{"Trích yếu": "", "Loại văn bản": ""}),         # 3
        doc_row("03/2026/QĐ-UBND", **{"Ngày ban hành": "12-11-2026"}),               # 4
        doc_row("04/2026/QĐ-UBND", **{"Ngày có hiệu lực": "01/11/2026"}),            # 5
        doc_row("05/2026/QĐ-UBND", **{"Ngày hết hiệu lực": "20/11/2026"}),           # 6
        doc_row("06/2026/QĐ-UBND", **{"Tệp": "khong-co.pdf"}),                       # 7
        doc_row("07/2026/QĐ-UBND", **{"Tệp": "tot.pdf; virus.pdf"}),                 # 8
        doc_row("08/2026/QĐ-UBND", **{"Tệp": "rong.pdf"}),                           # 9
        doc_row("01 / 2026 / QĐ-UBND"),                                               # 10
        doc_row("09/2026/QĐ-UBND", **{"Tệp": "gia.docx"}),                           # 11
        doc_row("10/2026/QĐ-UBND", **{"Tệp": "cai-dat.exe"}),                        # 12
        doc_row("11/2026/QĐ-UBND", **{"Ngày ban hành": ""}),                         # 13
        doc_row("12/2026/QĐ-UBND", **{"Tệp": "cu.doc"}),                             # 14
    ]
    path = write_xlsx(tmp_path, rows)
    files = write_zip(tmp_path, {
        "tot.pdf": PDF, "virus.pdf": EXE, "rong.pdf": b"", "gia.docx": office_zip("xl/a.xml"),
        "cai-dat.exe": EXE, "cu.doc": OLE,
    })
    code, out, err = run(capsys, str(path), site="testserver", zip_file=str(files))
    assert code == 1
    assert out.strip() == "Đã tạo 2, cập nhật 0, lỗi 11 dòng."
    report_lines = err.strip().splitlines()
    reasons = dict(line.split(": ", 1) for line in report_lines)
    expected = {
        "Dòng 3": ["thiếu Trích yếu", "thiếu Loại văn bản"],
        "Dòng 4": ["Ngày ban hành \"12-11-2026\" không phải ngày hợp lệ"],
        "Dòng 5": ["ngày có hiệu lực 01/11/2026 trước ngày ban hành 12/11/2026"],
        "Dòng 6": ["ngày hết hiệu lực 20/11/2026 trước ngày có hiệu lực 22/11/2026"],
        "Dòng 7": ["không có tệp \"khong-co.pdf\" trong tệp ZIP"],
        "Dòng 8": ["tệp \"virus.pdf\": Nội dung tệp không đúng định dạng PDF"],
        "Dòng 9": ["tệp \"rong.pdf\" rỗng"],
        "Dòng 10": ["trùng với dòng 2"],
        "Dòng 11": ["tệp \"gia.docx\": Tệp không phải định dạng DOCX thật"],
        "Dòng 12": ["tệp \"cai-dat.exe\": Không nhận tệp có phần mở rộng “.exe”"],
        "Dòng 13": ["thiếu Ngày ban hành"],
    }
    assert set(reasons) == set(expected), err
    for row, parts in expected.items():
        for part in parts:
            assert part in reasons[row], (row, reasons[row])
    assert set(LegalDocument.objects.values_list("number", flat=True)) == {
        "01/2026/QĐ-UBND", "12/2026/QĐ-UBND"}
    # Row 8 named a good file too: nothing of it was stored.
    assert sorted(CustomDocument.objects.values_list("title", flat=True)) == ["cu", "tot"]


def test_oversize_file_refused(hub, tmp_path, settings):
    settings.BANTIN_DOCUMENT_MAX_BYTES = 100
    path = write_csv(tmp_path, [doc_row(**{"Tệp": "lon.pdf"}),
                                doc_row("19/2026/QĐ-UBND", **{"Tệp": "nho.pdf"})])
    files = write_zip(tmp_path, {"lon.pdf": PDF + b"0" * 200, "nho.pdf": PDF})
    report = import_register(path, hub["site"], zip_path=files)
    assert len(report.errors) == 1
    row, reason = report.errors[0]
    assert row == 2 and "\"lon.pdf\" quá lớn" in reason
    assert list(LegalDocument.objects.values_list("number", flat=True)) == ["19/2026/QĐ-UBND"]
    assert list(CustomDocument.objects.values_list("title", flat=True)) == ["nho"]


def test_file_named_without_zip(hub, tmp_path):
    report = import_register(write_csv(tmp_path, [doc_row(**{"Tệp": "qd.pdf"})]), hub["site"])
    assert report.errors == [(2, "có tên tệp \"qd.pdf\" nhưng không có tệp ZIP kèm theo")]
    assert not LegalDocument.objects.exists()


def test_missing_columns_refuse_the_whole_file(hub, tmp_path, capsys):
    headers = [h for h in HEADERS if h not in ("Trích yếu", "Ngày ban hành")]
    path = write_csv(tmp_path, [doc_row()], headers=headers)
    with pytest.raises(RegisterError) as caught:
        import_register(path, hub["site"])
    message = str(caught.value)
    assert message.startswith("Tệp thiếu cột bắt buộc: \"Ngày ban hành\", \"Trích yếu\".")
    code, out, err = run(capsys, str(path), site="testserver")
    assert code == 1
    assert not LegalDocument.objects.exists() and not DocumentType.objects.exists()


@pytest.mark.parametrize("member", ["../ngoai.pdf", "/etc/qd.pdf", "a/../../qd.pdf",
                                    "C:\\qd.pdf"])
def test_traversal_zip_refused_whole(hub, tmp_path, member):
    path = write_csv(tmp_path, [doc_row(**{"Tệp": "qd.pdf"}), doc_row("19/2026/QĐ-UBND")])
    files = tmp_path / "hiem.zip"
    with zipfile.ZipFile(files, "w") as zf:
        zf.writestr("qd.pdf", PDF)
        zf.writestr(zipfile.ZipInfo(member), PDF)
    with pytest.raises(RegisterError, match="đường dẫn không an toàn"):
        import_register(path, hub["site"], zip_path=files)
    assert not LegalDocument.objects.exists() and not CustomDocument.objects.exists()


def test_row_failing_while_saving_leaves_nothing(hub, tmp_path, monkeypatch):
    """A database error after the file was stored rolls the row back and removes the file."""
    path = write_csv(tmp_path, [doc_row(**{"Tệp": "qd.pdf"})])
    files = write_zip(tmp_path, {"qd.pdf": PDF})
    storage = CustomDocument._meta.get_field("file").storage
    written = []
    original_save = storage.save

    def spy(name, content, *args, **kwargs):
        written.append(original_save(name, content, *args, **kwargs))
        return written[-1]

    def boom(self, *args, **kwargs):
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr(storage, "save", spy)
    monkeypatch.setattr(LegalDocument, "save", boom)
    report = import_register(path, hub["site"], zip_path=files)
    assert report.errors and report.errors[0][0] == 2
    assert "không lưu được" in report.errors[0][1]
    monkeypatch.undo()
    assert written and not any(storage.exists(name) for name in written)
    assert stored_counts()["CustomDocument"] == 0
    assert not LegalDocument.objects.exists() and not IssuingBody.objects.exists()


def test_command_refuses_unknown_site_missing_file_and_garbage(hub, tmp_path):
    good = write_csv(tmp_path, [doc_row()])
    with pytest.raises(CommandError, match="Không có trang nào với tên miền 'khong-co.vn'"):
        call_command("import_documents", str(good), site="khong-co.vn")
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_documents", str(tmp_path / "khong.csv"), site="testserver")
    garbage = tmp_path / "hong.xlsx"
    garbage.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(CommandError, match="Không đọc được bảng tính"):
        call_command("import_documents", str(garbage), site="testserver")
    latin = tmp_path / "cu.csv"
    latin.write_bytes(";".join(HEADERS).encode("utf-16"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_documents", str(latin), site="testserver")
    assert not LegalDocument.objects.exists()


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


@pytest.fixture
def other_site(hub):
    return Site.objects.create(hostname="xa-khac.example", port=80, root_page=hub["home"],
                               site_name="Xã khác")


@pytest.fixture
def register(hub, other_site, tmp_path):
    """Three public documents of the hub, one draft, one of another site."""
    rows = [
        doc_row(**{"Tệp": "qd.pdf"}),
        doc_row("05/2026/CT-UBND", **{"Loại văn bản": "Chỉ thị", "Người ký": "", "Chức vụ": "",
                                       "Ngày có hiệu lực": "", "Lĩnh vực": "",
                                       "Trích yếu": "=HYPERLINK(\"http://x\")"}),
        doc_row("25/2024/TT-BTC", **{"Loại văn bản": "Thông tư", "Cơ quan ban hành":
                                      "Bộ Tài chính", "Ngày ban hành": "16/04/2024",
                                      "Ngày có hiệu lực": "01/06/2024",
                                      "Ngày hết hiệu lực": "01/01/2025"}),
        doc_row("99/2026/QĐ-UBND", **{"Trích yếu": "Bản nháp"}),
    ]
    files = write_zip(tmp_path, {"qd.pdf": PDF})
    assert import_register(write_csv(tmp_path, rows), hub["site"], zip_path=files).ok
    LegalDocument.objects.filter(number="99/2026/QĐ-UBND").update(live=False)
    import_register(write_csv(tmp_path, [doc_row("77/2026/QĐ-UBND")], name="khac.csv"),
                    other_site)
    first = LegalDocument.objects.get(number="18/2026/QĐ-UBND")
    counting.set_total(counting.LAW_VIEW, first.pk, 12)
    counting.set_total(counting.LAW_DOWNLOAD, first.pk, 3)
    return first


def export(params=None):
    request = RequestFactory().get("/van-ban/xuat.xlsx", params or {})
    return exporting.export_xlsx(request)


def read_export(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_export_contains_the_sites_public_documents(register):
    response = export()
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response["Content-Disposition"] == 'attachment; filename="van-ban.xlsx"'
    rows = read_export(response)
    assert list(rows[0]) == [*HEADERS, "Hiệu lực", "Lượt xem", "Lượt tải"]
    by_number = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_number) == {"18/2026/QĐ-UBND", "05/2026/CT-UBND", "25/2024/TT-BTC"}
    first = by_number["18/2026/QĐ-UBND"]
    assert first["Ngày ban hành"] == dt.datetime(2026, 11, 12)  # a real date cell
    assert first["Ngày hết hiệu lực"] is None
    assert first["Lĩnh vực"] == "Văn hóa; Đất đai/Giải phóng mặt bằng"
    assert (first["Người ký"], first["Chức vụ"]) == ("Lò Văn Pọm", "Chủ tịch")
    assert (first["Lượt xem"], first["Lượt tải"]) == (12, 3)
    assert by_number["25/2024/TT-BTC"]["Hiệu lực"] == "Hết hiệu lực toàn bộ"
    # A summary that looks like a formula stays text.
    assert by_number["05/2026/CT-UBND"]["Trích yếu"] == "=HYPERLINK(\"http://x\")"


def test_export_honours_the_listing_filter(register):
    kind = DocumentType.objects.get(name="Chỉ thị")
    rows = read_export(export({"loai": str(kind.pk)}))
    assert [row[0] for row in rows[1:]] == ["05/2026/CT-UBND"]


def test_export_url(client, register):
    from django.urls import reverse

    response = client.get(reverse("laws:export"))
    assert response.status_code == 200
    assert len(read_export(response)) == 4


def test_export_reimports_into_another_site(register, other_site, tmp_path):
    path = tmp_path / "van-ban.xlsx"
    path.write_bytes(export().content)
    target = Site.objects.create(hostname="moi.example", port=80,
                                 root_page=other_site.root_page, site_name="Mới")
    report = import_register(path, target)
    assert report.errors == [] and report.created == 3

    def snapshot(site):
        return {
            d.number: (d.doc_type.name, d.issuer.name, str(d.signer or ""), d.issued_on,
                       d.effective_on, d.expires_on, d.summary,
                       sorted(str(f) for f in d.fields.all()))
            for d in LegalDocument.objects.public().filter(site=site)
        }

    assert snapshot(target) == snapshot(register.site)
    assert all(d.live for d in LegalDocument.objects.filter(site=target))
    # Re-importing the same export into the source site only updates, keeping attachments.
    again = import_register(path, register.site)
    assert (again.created, again.updated, again.errors) == (0, 3, [])
    assert register.attachments.count() == 1


def test_odt_and_xls_checked_by_content(hub, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    rows = [doc_row("01/2026/QĐ-UBND", **{"Tệp": "that.odt"}),
            doc_row("02/2026/QĐ-UBND", **{"Tệp": "gia.odt"}),
            doc_row("03/2026/QĐ-UBND", **{"Tệp": "bang.xls"}),
            doc_row("04/2026/QĐ-UBND", **{"Tệp": "bang-gia.xlsx"})]
    files = write_zip(tmp_path, {"that.odt": buf.getvalue(), "gia.odt": DOCX,
                                 "bang.xls": OLE, "bang-gia.xlsx": PDF})
    report = import_register(write_csv(tmp_path, rows), hub["site"], zip_path=files)
    assert [row for row, _ in report.errors] == [3, 5]
    assert report.created == 2
