"""Uploads are judged by content: a disguised executable, an empty or oversized file is refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bantin.core.files import document_problem
from bantin.core.models import CustomDocument


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("qd.pdf", b"%PDF-1.7\n..."),
    ("cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
    ("bc.docx", zip_bytes({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"})),
    ("bang.xlsx", zip_bytes({"xl/workbook.xml": b"<x/>"})),
    ("tb.odt", zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"})),
    ("ho-so.zip", zip_bytes({"a/b.pdf": b"%PDF-1.4"})),
])
def test_real_files_pass(name, data):
    assert document_problem(name, data) is None


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("qd.pdf", b"MZ\x90\x00\x03" + b"\0" * 50, "không đúng định dạng PDF"),
    ("qd.pdf", b"", "Tệp rỗng"),
    ("cv.docx", zip_bytes({"evil.sh": b"rm -rf"}), "không phải định dạng DOCX"),
    ("cv.docx", b"%PDF-1.4", "không đúng định dạng DOCX"),
    ("ho-so.zip", zip_bytes({"../../etc/passwd": b"x"}), "đường dẫn không an toàn"),
    ("ho-so.zip", zip_bytes({"/abs.txt": b"x"}), "đường dẫn không an toàn"),
    ("trang.html", b"<script>", "Không nhận tệp"),
    ("chay.exe", b"MZ", "Không nhận tệp"),
    ("hong.zip", b"PK\x03\x04broken", "Tệp nén bị hỏng"),
])
def test_disguised_empty_and_unsafe_files_are_refused(name, data, reason):
    assert reason in document_problem(name, data)


def test_oversized_file_is_refused(settings):
    settings.BANTIN_DOCUMENT_MAX_BYTES = 10
    assert "Tệp quá lớn" in document_problem("qd.pdf", b"%PDF-1.4 0123456789")


@pytest.mark.django_db
def test_document_model_refuses_a_disguised_upload():
    doc = CustomDocument(title="Giả mạo")
    doc.file = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 this is a program")
    with pytest.raises(ValidationError) as err:
        doc.full_clean()
    assert "không đúng định dạng PDF" in err.value.message_dict["file"][0]
    assert not CustomDocument.objects.exists()


@pytest.mark.django_db
def test_document_upload_through_the_admin_is_checked(client, django_user_model, hub):
    admin = django_user_model.objects.create_superuser("qt", "qt@example.vn", "mat-khau-dai-12")
    client.force_login(admin)
    response = client.post("/quan-tri/documents/add/", {
        "title": "Giả mạo", "collection": 1,
        "file": SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 program"),
    })
    assert not CustomDocument.objects.exists()
    assert "không đúng định dạng PDF" in response.content.decode()
    response = client.post("/quan-tri/documents/add/", {
        "title": "Thật", "collection": 1,
        "file": SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n%%EOF\n"),
    })
    assert CustomDocument.objects.filter(title="Thật").exists()
