"""Legal documents: public detail and counted download; numbers, validity, links, bad input."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from bantin.audience import counting
from bantin.core.models import CustomDocument
from bantin.laws.models import (
    DocumentLink,
    DocumentType,
    IssuingBody,
    LegalAttachment,
    LegalDocument,
    Relation,
    Validity,
    normalize_number,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(hub):
    return {
        "qd": DocumentType.objects.create(name="Quyết định"),
        "ubnd": IssuingBody.objects.create(name="UBND huyện Tân Uyên"),
    }


@pytest.fixture
def make_doc(hub, kinds):
    def make(number, issued_on=dt.date(2026, 1, 10), **fields):
        fields.setdefault("doc_type", kinds["qd"])
        fields.setdefault("issuer", kinds["ubnd"])
        fields.setdefault("summary", f"Văn bản {number}")
        return LegalDocument.objects.create(
            site=hub["site"], number=number, issued_on=issued_on, **fields
        )

    return make


@pytest.fixture
def document(make_doc):
    doc = make_doc("18/2026/QĐ-UBND", issued_on=dt.date(2026, 11, 12),
                   summary="Ban hành quy chế truyền thanh cơ sở")
    file = CustomDocument(title="QĐ 18")
    file.file.save("qd-18.pdf", ContentFile(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"),
                   save=False)
    file.save()
    LegalAttachment.objects.create(document=doc, file=file)
    return doc


def test_detail_and_download_are_counted(client, document):
    detail = client.get(document.get_absolute_url())
    assert detail.status_code == 200
    assert "18/2026/QĐ-UBND" in detail.content.decode()
    attachment = document.attachments.get()
    download = client.get(attachment.get_download_url())
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="18-2026-qd-ubnd-' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    preview = client.get(attachment.get_download_url() + "?xem=1")
    assert preview["Content-Disposition"].startswith("inline;")
    counting.flush()
    figures = counting.totals([counting.LAW_VIEW, counting.LAW_DOWNLOAD], document.pk)
    assert figures == {counting.LAW_VIEW: 1, counting.LAW_DOWNLOAD: 1}


def test_list_and_new_documents_block(client, document):
    listing = client.get("/van-ban/").content.decode()
    assert "18/2026/QĐ-UBND" in listing and "Ban hành quy chế truyền thanh cơ sở" in listing
    assert "Số: 18/2026/QĐ-UBND" in client.get("/").content.decode()


def test_new_documents_block_refreshes_when_a_document_is_added(client, document, make_doc):
    client.get("/")
    make_doc("19/2026/QĐ-UBND", issued_on=dt.date(2026, 11, 20))
    assert "Số: 19/2026/QĐ-UBND" in client.get("/").content.decode()


def test_unknown_unpublished_and_foreign_attachments(client, document, make_doc):
    assert client.get("/van-ban/999999/").status_code == 404
    other = make_doc("1/TB")
    attachment = document.attachments.get()
    assert client.get(f"/van-ban/{other.pk}/tai-ve/{attachment.pk}/").status_code == 404
    document.live = False
    document.save()
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_download_url()).status_code == 404
    assert "Số: 18/2026/QĐ-UBND" not in client.get("/").content.decode()
    counting.flush()
    assert counting.totals([counting.LAW_DOWNLOAD], document.pk)[counting.LAW_DOWNLOAD] == 0


@pytest.mark.parametrize("typed", ["25/2024/TT-BTC", "25/2024/tt-btc", "25 / 2024 / TT-BTC",
                                   " 25/2024/TT-btc "])
def test_number_search_forgives_case_and_spacing(make_doc, typed):
    doc = make_doc("25/2024/TT-BTC")
    make_doc("26/2024/TT-BTC")
    assert normalize_number(typed) == "25/2024/TT-BTC"
    assert list(LegalDocument.objects.search(typed)) == [doc]


def test_summary_search_is_accent_insensitive(make_doc):
    doc = make_doc("3/KH", summary="Kế hoạch phòng, chống thiên tai năm 2026")
    make_doc("4/KH", summary="Kế hoạch chuyển đổi số")
    for query in ("phong chong thien tai", "PHÒNG CHỐNG", "thiên tai"):
        assert list(LegalDocument.objects.search(query)) == [doc]


def test_number_is_unique_per_issuing_body(make_doc, kinds, hub):
    make_doc("18/2026/QĐ-UBND")
    twin = LegalDocument(site=hub["site"], number="18/2026/qđ-ubnd", doc_type=kinds["qd"],
                         issuer=kinds["ubnd"], issued_on=dt.date(2026, 1, 1), summary="Trùng")
    with pytest.raises(ValidationError) as err:
        twin.full_clean()
    assert "Cơ quan này đã có văn bản mang số hiệu này." in str(err.value)
    other_body = IssuingBody.objects.create(name="Huyện ủy Tân Uyên")
    twin.issuer = other_body
    twin.full_clean()


@pytest.mark.parametrize(("field", "dates", "message"), [
    ("effective_on", {"effective_on": dt.date(2026, 1, 9)},
     "Ngày có hiệu lực không được trước ngày ban hành."),
    ("expires_on", {"effective_on": dt.date(2026, 2, 1), "expires_on": dt.date(2026, 1, 20)},
     "Ngày hết hiệu lực phải sau ngày có hiệu lực."),
])
def test_inconsistent_dates_are_refused(kinds, hub, field, dates, message):
    doc = LegalDocument(site=hub["site"], number="5/QĐ", doc_type=kinds["qd"],
                        issuer=kinds["ubnd"], issued_on=dt.date(2026, 1, 10), summary="Sai",
                        **dates)
    with pytest.raises(ValidationError) as err:
        doc.full_clean()
    assert message in err.value.message_dict[field]


def test_blank_number_is_refused(kinds, hub):
    doc = LegalDocument(site=hub["site"], number="   ", doc_type=kinds["qd"],
                        issuer=kinds["ubnd"], issued_on=dt.date(2026, 1, 1), summary="Không số")
    with pytest.raises(ValidationError):
        doc.full_clean()


def test_link_to_itself_is_refused(make_doc):
    doc = make_doc("7/QĐ")
    with pytest.raises(ValidationError):
        DocumentLink(document=doc, target=doc, relation=Relation.RELATED).full_clean()


def test_validity_follows_dates(make_doc):
    doc = make_doc("8/QĐ", issued_on=dt.date(2026, 1, 10), effective_on=dt.date(2026, 2, 1),
                   expires_on=dt.date(2026, 12, 31))
    timeline = {
        dt.date(2026, 1, 20): Validity.NOT_YET,
        dt.date(2026, 2, 1): Validity.IN_FORCE,
        dt.date(2026, 12, 30): Validity.IN_FORCE,
        dt.date(2026, 12, 31): Validity.EXPIRED,
    }
    for day, expected in timeline.items():
        assert doc.validity(day) == expected, day
        annotated = LegalDocument.objects.with_validity(day).get(pk=doc.pk)
        assert annotated.validity_code == expected.value, day


def test_replacing_and_amending_documents_change_validity_when_they_take_effect(make_doc):
    old = make_doc("1/2025/QĐ", issued_on=dt.date(2025, 1, 1))
    amending = make_doc("2/2026/QĐ", issued_on=dt.date(2026, 3, 1),
                        effective_on=dt.date(2026, 4, 1))
    DocumentLink.objects.create(document=amending, target=old, relation=Relation.AMENDS)
    replacing = make_doc("3/2026/QĐ", issued_on=dt.date(2026, 6, 1))
    DocumentLink.objects.create(document=replacing, target=old, relation=Relation.REPLACES)
    for day, expected in {
        dt.date(2026, 3, 15): Validity.IN_FORCE,
        dt.date(2026, 4, 1): Validity.PARTIAL,
        dt.date(2026, 6, 1): Validity.EXPIRED,
    }.items():
        assert old.validity(day) == expected, day
        assert LegalDocument.objects.with_validity(day).get(pk=old.pk).validity_code == (
            expected.value
        ), day


def test_links_read_from_both_sides(make_doc):
    old, new = make_doc("1/QĐ"), make_doc("2/QĐ")
    DocumentLink.objects.create(document=new, target=old, relation=Relation.REPLACES)
    assert new.linked() == [("Thay thế", old)]
    assert old.linked() == [("Bị thay thế bởi", new)]


def test_comment_window_state(make_doc):
    from django.utils import timezone

    now = timezone.now()
    draft = make_doc("DT-1", comment_opens_at=now + dt.timedelta(days=1),
                     comment_closes_at=now + dt.timedelta(days=10))
    assert draft.comment_state(now) == "sap-mo"
    assert draft.comment_state(now + dt.timedelta(days=2)) == "dang-lay-y-kien"
    assert draft.comment_state(now + dt.timedelta(days=11)) == "da-dong"
    assert make_doc("9/QĐ").comment_state(now) is None


def test_documents_go_through_the_approval_workflow(hub, kinds, django_user_model):
    from wagtail.models import WorkflowContentType

    link = WorkflowContentType.objects.get(content_type__model="legaldocument")
    assert link.workflow.active
    editor = django_user_model.objects.create_superuser("bt", "bt@example.vn", "mat-khau-dai-12")
    doc = LegalDocument(site=hub["site"], number="30/QĐ", doc_type=kinds["qd"],
                        issuer=kinds["ubnd"], issued_on=dt.date(2026, 2, 1),
                        summary="Chờ duyệt", live=False)
    doc.save()
    doc.save_revision(user=editor)
    state = doc.get_workflow().start(doc, editor)
    assert state.status == "in_progress"
    assert not LegalDocument.objects.public().filter(pk=doc.pk).exists()
