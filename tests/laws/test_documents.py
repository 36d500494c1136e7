"""Legal documents: the public list, detail and counted download; the minimal model's rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from bantin.audience import counting
from bantin.core.models import CustomDocument
from bantin.laws.models import DocumentType, LegalDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(hub):
    file = CustomDocument(title="QĐ 18")
    file.file.save("qd-18.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    file.save()
    return LegalDocument.objects.create(
        site=hub["site"], number="18/2026/QĐ-UBND",
        doc_type=DocumentType.objects.create(name="Quyết định"), issuer="UBND huyện",
        issued_on=dt.date(2026, 11, 12), summary="Ban hành quy chế truyền thanh cơ sở", file=file,
    )


def test_detail_and_download_are_counted(client, document):
    detail = client.get(document.get_absolute_url())
    assert detail.status_code == 200
    assert "18/2026/QĐ-UBND" in detail.content.decode()
    download = client.get(document.get_download_url())
    assert download.status_code == 302 and download["Location"].endswith(document.file.url)
    counting.flush()
    figures = counting.totals([counting.LAW_VIEW, counting.LAW_DOWNLOAD], document.pk)
    assert figures == {counting.LAW_VIEW: 1, counting.LAW_DOWNLOAD: 1}


def test_list_and_new_documents_block(client, document):
    listing = client.get("/van-ban/").content.decode()
    assert "18/2026/QĐ-UBND" in listing and "Ban hành quy chế truyền thanh cơ sở" in listing
    home = client.get("/").content.decode()
    assert "Số: 18/2026/QĐ-UBND" in home


def test_new_documents_block_refreshes_when_a_document_is_added(client, document, hub):
    client.get("/")
    LegalDocument.objects.create(
        site=hub["site"], number="19/2026/QĐ-UBND", doc_type=document.doc_type,
        issuer="UBND huyện", issued_on=dt.date(2026, 11, 20), summary="Văn bản mới hơn",
    )
    assert "Số: 19/2026/QĐ-UBND" in client.get("/").content.decode()


def test_unknown_unpublished_and_fileless_documents(client, document, hub):
    assert client.get("/van-ban/999999/").status_code == 404
    document.published = False
    document.save()
    assert client.get(document.get_absolute_url()).status_code == 404
    fileless = LegalDocument.objects.create(
        site=hub["site"], number="1/TB", doc_type=document.doc_type, issuer="UBND",
        issued_on=dt.date(2026, 1, 1), summary="Không có tệp",
    )
    response = client.get(fileless.get_download_url())
    assert response.status_code == 404
    counting.flush()
    assert counting.totals([counting.LAW_DOWNLOAD], fileless.pk)[counting.LAW_DOWNLOAD] == 0


def test_number_is_required_and_unique_per_site(document, hub):
    twin = LegalDocument(site=hub["site"], number="18/2026/QĐ-UBND", doc_type=document.doc_type,
                         issuer="UBND", issued_on=dt.date(2026, 1, 1), summary="Trùng số")
    with pytest.raises(ValidationError):
        twin.full_clean()
    blank = LegalDocument(site=hub["site"], number="   ", doc_type=document.doc_type,
                          issuer="UBND", issued_on=dt.date(2026, 1, 1), summary="Không số")
    with pytest.raises(ValidationError):
        blank.full_clean()
