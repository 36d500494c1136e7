"""An article from a Word file: title, headings, paragraphs, a list, a table and a picture
come over cleanly, fonts and NFD text do not; a file that is not a readable .docx gets a
Vietnamese error and creates nothing."""

from __future__ import annotations

import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from docx.shared import Inches, Pt
from PIL import Image

from bantin.core.models import CustomImage
from bantin.news.models import ArticlePage
from tests.core.test_files import zip_bytes

TITLE = "Xã Alpha ra quân làm đường giao thông nông thôn"
NFD_SENTENCE = unicodedata.normalize("NFD", "Người dân hưởng ứng nhiệt tình, góp công sức.")


def _png(size=(320, 200), color=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def _run(paragraph, text, font, bold=False):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(13)
    run.bold = bold
    return run


@pytest.fixture(scope="module")
def article_docx() -> bytes:
    doc = Document()
    doc.add_paragraph(TITLE, style="Title")
    doc.add_heading("Kết quả ra quân", level=1)
    first = doc.add_paragraph()
    _run(first, "Sáng ngày 15/01, ", "Times New Roman")
    _run(first, "Ủy ban nhân dân xã", "Arial", bold=True)
    _run(first, " tổ chức lễ ra quân.", "VNI-Times")
    _run(doc.add_paragraph(), NFD_SENTENCE, "VNI-Helve")
    doc.add_paragraph("Làm mới 2 km đường bê tông", style="List Bullet")
    doc.add_paragraph("Trồng 500 cây xanh", style="List Bullet")
    table = doc.add_table(rows=3, cols=2)
    for row, (a, b) in zip(table.rows, [("Thôn", "Số ngày công"), ("Nà Khoa", "120"),
                                        ("Phiêng Pẻn", "95")], strict=True):
        row.cells[0].text, row.cells[1].text = a, b
    doc.add_picture(io.BytesIO(_png()), width=Inches(3))
    doc.add_heading("Kế hoạch tiếp theo", level=2)
    doc.add_paragraph("Tiếp tục vận động nhân dân hiến đất làm đường.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _post(client, units, name, data, category=None):
    return client.post(reverse("editor_word_import"), {
        "document": SimpleUploadedFile(name, data),
        "category": (category or units["alpha_news"]).pk,
    })


@pytest.fixture
def editor_client(client, units):
    client.force_login(units["editor"])
    return client


def test_word_file_becomes_a_clean_draft_article(editor_client, units, article_docx):
    response = _post(editor_client, units, "bai-viet.docx", article_docx)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.get(title=TITLE)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert not article.live and article.get_parent().pk == units["alpha_news"].pk
    assert article.owner_id == units["editor"].pk
    assert article.latest_revision.user_id == units["editor"].pk
    kinds = [block.block_type for block in article.body]
    assert kinds == ["paragraph", "table", "image", "paragraph"]
    html = article.body[0].value.source
    assert "<h2>Kết quả ra quân</h2>" in html
    assert "<b>Ủy ban nhân dân xã</b>" in html or "<strong>Ủy ban nhân dân xã</strong>" in html
    assert "Sáng ngày 15/01, " in html and " tổ chức lễ ra quân." in html
    assert "<ul><li>Làm mới 2 km đường bê tông</li><li>Trồng 500 cây xanh</li></ul>" in html
    # NFD text is stored in NFC; fonts, sizes and styles are gone.
    assert unicodedata.normalize("NFC", NFD_SENTENCE) in html
    assert html == unicodedata.normalize("NFC", html)
    for debris in ("font", "style=", "VNI", "Times", "Arial", "<span", TITLE):
        assert debris not in html
    table = article.body[1].value
    assert [list(row) for row in table["data"]] == [
        ["Thôn", "Số ngày công"], ["Nà Khoa", "120"], ["Phiêng Pẻn", "95"]]
    image = article.body[2].value["image"]
    assert image.collection_id == units["alpha"].collection_id
    assert (image.width, image.height) == (320, 200)
    assert "<h3>Kế hoạch tiếp theo</h3>" in article.body[3].value.source
    # The draft opens in the editor.
    editor = editor_client.get(response["Location"])
    assert editor.status_code == 200
    assert f'value="{TITLE}"' in editor.content.decode()


@pytest.mark.parametrize(("name", "make", "message"), [
    ("cu.doc", lambda ok: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
     "Chỉ nhận tệp Word dạng .docx"),
    ("gia.docx", lambda ok: b"%PDF-1.4\n%%EOF\n", "Hãy chọn đúng tệp Word (.docx)"),
    ("cat-ngang.docx", lambda ok: ok[: len(ok) // 2], "Tệp nén bị hỏng"),
    ("hong.docx", lambda ok: zip_bytes({"word/document.xml": b"<w:document><khong-dong",
                                   "[Content_Types].xml": b"<Types/>"}),
     "Không đọc được tệp Word này"),
    ("rong.docx", lambda ok: b"", "Tệp rỗng. Hãy chọn đúng tệp Word"),
])
def test_bad_word_files_get_a_vietnamese_error(editor_client, units, article_docx, name,
                                               make, message):
    pages, images = ArticlePage.objects.count(), CustomImage.objects.count()
    response = _post(editor_client, units, name, make(article_docx))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ArticlePage.objects.count() == pages and CustomImage.objects.count() == images


def test_another_units_category_is_refused(editor_client, units, article_docx):
    response = _post(editor_client, units, "bai-viet.docx", article_docx,
                     category=units["beta_news"])
    assert response.status_code == 200
    assert "Hãy chọn một chuyên mục của đơn vị bạn." in response.content.decode()
    assert not ArticlePage.objects.filter(title=TITLE).exists()


def test_the_form_offers_only_the_units_categories(editor_client, units):
    page = editor_client.get(reverse("editor_word_import")).content.decode()
    assert "Tạo bài từ tệp Word" in page
    assert f'value="{units["alpha_news"].pk}" selected' in page
    assert f'value="{units["beta_news"].pk}"' not in page


def test_without_a_unit_the_page_is_refused(client, django_user_model, db):
    user = django_user_model.objects.create_user("khach", password="mat-khau-dai-12")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail answers a refused admin page with a redirect to the dashboard.
    response = client.get(reverse("editor_word_import"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
