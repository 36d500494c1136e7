"""Files go out with a type from their content, never sniffed, as downloads (PDFs and
images inline), inside a CSP sandbox; private documents only through the checks of their
views, never from /media/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Collection, CollectionViewRestriction

from bantin.core import protected
from bantin.core.models import CustomDocument
from bantin.laws.models import DocumentType, IssuingBody, LegalAttachment, LegalDocument
from bantin.urls_public import serve_public_media

from .samples import ALLOWED, PDF

pytestmark = pytest.mark.django_db


def stored(name: str, data: bytes, collection=None) -> CustomDocument:
    doc = CustomDocument(title=name, collection=collection or Collection.get_first_root_node())
    doc.file.save(name, ContentFile(data), save=False)
    doc.save()
    return doc


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_sandboxed(response):
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response["Content-Type"]


def test_documents_are_served_by_the_application_with_safe_headers(client, hub):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    docx = stored("bao-cao.docx", ALLOWED["cv.docx"][0])
    assert docx.url.startswith("/tai-lieu/") and "/media/" not in docx.url
    response = client.get(docx.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert_sandboxed(response)
    text = stored("ghi-chu.txt", b"<b>khong phai html</b> van ban thuan")
    response = client.get(text.url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"].startswith("text/plain")
    assert_sandboxed(response)
    pdf = stored("quyet-dinh.pdf", PDF)
    response = client.get(pdf.url)
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "application/pdf"
    # Browsers refuse to show a sandboxed PDF: scripts in PDFs are refused at upload instead.
    assert "sandbox" not in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert body(response).startswith(b"%PDF")


def test_the_pdf_preview_may_be_framed_by_the_site_only(client, hub):
    doc = LegalDocument.objects.create(
        site=hub["site"], number="18/2026/QĐ-UBND", issued_on=dt.date(2026, 11, 12),
        summary="Quy chế", doc_type=DocumentType.objects.create(name="Quyết định"),
        issuer=IssuingBody.objects.create(name="UBND"))
    attachment = LegalAttachment.objects.create(document=doc, file=stored("qd.pdf", PDF))
    preview = client.get(attachment.get_download_url() + "?xem=1")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    page = client.get(doc.get_absolute_url())
    assert "frame-src 'self'" in page["Content-Security-Policy"]
    download = client.get(attachment.get_download_url())
    assert download["Content-Disposition"].startswith("attachment")
    assert_sandboxed(download)


def test_a_document_of_a_private_collection_never_leaks(client, hub, django_user_model):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    doc = stored("mat.pdf", PDF, collection=private)
    assert doc.file.name.startswith("documents/") and protected.is_protected(doc.file.name)
    response = client.get(doc.url)
    assert response.status_code in (302, 403)
    assert b"%PDF" not in body(response)
    with pytest.raises(Http404):
        serve_public_media(RequestFactory().get("/media/" + doc.file.name), doc.file.name)
    user = django_user_model.objects.create_user("cb", "cb@example.vn", "mat-khau-dai-12")
    client.force_login(user)
    allowed = client.get(doc.url)
    assert allowed.status_code == 200 and body(allowed).startswith(b"%PDF")


def test_protected_files_are_downloads_and_never_html(hub, settings):
    doc = stored("qd.pdf", PDF)
    response = protected.serve(doc.file, "text/html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    settings.BANTIN_ACCEL_REDIRECT = "/_protected/media/"
    redirected = protected.serve(doc.file, "application/pdf")
    assert redirected["X-Accel-Redirect"] == "/_protected/media/" + doc.file.name
    assert redirected["Content-Disposition"] == "attachment"


def test_a_question_attachment_is_served_sandboxed_to_staff(client, hub, django_user_model):
    from bantin.core.security import SecurityHeadersMiddleware

    doc = stored("don.pdf", PDF)
    response = protected.serve(doc.file, "application/pdf", headers={
        "Content-Disposition": 'attachment; filename="cau-hoi-1.pdf"'})
    request = RequestFactory().get("/quan-tri/questions/1/tep/")
    wrapped = SecurityHeadersMiddleware(lambda r: response)(request)
    assert_sandboxed(wrapped)  # the admin's own policy never replaces a file's
