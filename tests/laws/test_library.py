"""The document library: filters with counts, sorting, pages, detail, Atom feed and JSON API."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone

from bantin.audience import counting
from bantin.core.models import CustomDocument
from bantin.laws import filters
from bantin.laws.models import (
    DocumentLink,
    DocumentType,
    IssuingBody,
    LegalAttachment,
    LegalDocument,
    LegalField,
    Relation,
    Signer,
    Validity,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ROW_RE = re.compile(r'<td><a href="/van-ban/(\d+)/">([^<]+)</a></td>')
NOTICE = "Bộ lọc không hợp lệ đã được bỏ qua."


def shown(response) -> list[str]:
    """The document numbers in the list page's table, in order."""
    assert response.status_code == 200
    return [number for _pk, number in ROW_RE.findall(response.content.decode())]


def url(**params) -> str:
    return "/van-ban/" + (f"?{urlencode(params)}" if params else "")


def api(client, host="testserver", **params):
    response = client.get("/van-ban/api/", params, HTTP_HOST=host)
    assert response["Content-Type"].startswith("application/json")
    return response, json.loads(response.content.decode())


def pdf_file(name="qd.pdf") -> CustomDocument:
    file = CustomDocument(title=name)
    file.file.save(name, ContentFile(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), save=False)
    file.save()
    return file


@pytest.fixture
def kinds(hub):
    dat_dai = LegalField.objects.create(name="Đất đai")
    return {
        "qd": DocumentType.objects.create(name="Quyết định", sort_order=1),
        "cv": DocumentType.objects.create(name="Công văn", sort_order=2),
        "ubnd": IssuingBody.objects.create(name="UBND huyện Thử Nghiệm", sort_order=1),
        "hu": IssuingBody.objects.create(name="Huyện ủy Thử Nghiệm", sort_order=2),
        "a": Signer.objects.create(name="Nguyễn Văn An", position="Chủ tịch"),
        "b": Signer.objects.create(name="Trần Thị Bình", position="Phó Chủ tịch"),
        "dat_dai": dat_dai,
        "gpmb": LegalField.objects.create(name="Giải phóng mặt bằng", parent=dat_dai),
        "giao_duc": LegalField.objects.create(name="Giáo dục"),
    }


@pytest.fixture
def make_doc(hub, kinds):
    def make(number, issued_on=dt.date(2025, 1, 10), fields=(), site=None, **values):
        values.setdefault("doc_type", kinds["qd"])
        values.setdefault("issuer", kinds["ubnd"])
        values.setdefault("summary", f"Văn bản {number}")
        doc = LegalDocument.objects.create(
            site=site or hub["site"], number=number, issued_on=issued_on, **values
        )
        if fields:
            doc.fields.set(fields)  # a ParentalManyToManyField: stored on save
            doc.save()
        return doc

    return make


@pytest.fixture
def library(make_doc, kinds):
    """Five public documents in every validity state, one draft; expectations in comments."""
    today = timezone.localdate()
    d1 = make_doc("01/2024/QĐ-UBND", dt.date(2024, 3, 1), [kinds["gpmb"]], signer=kinds["a"],
                  summary="Quyết định về bồi thường, giải phóng mặt bằng")  # amended: partial
    d2 = make_doc("02/2024/CV-UBND", dt.date(2024, 6, 10), [kinds["giao_duc"]],
                  doc_type=kinds["cv"], signer=kinds["b"], expires_on=dt.date(2024, 12, 31),
                  summary="Công văn về tuyển sinh lớp 10")  # expired
    d3 = make_doc("15/2025/QĐ-HU", dt.date(2025, 1, 5), [kinds["dat_dai"], kinds["gpmb"]],
                  issuer=kinds["hu"], signer=kinds["a"],
                  summary="Quy chế quản lý đất đai của huyện")  # in force
    d4 = make_doc("20/2025/QĐ-UBND", dt.date(2025, 8, 1), effective_on=dt.date(2025, 9, 1),
                  summary="Sửa đổi quyết định bồi thường")  # in force
    d5 = make_doc("3/2026/CV-HU", dt.date(2026, 1, 2), effective_on=today + dt.timedelta(days=60),
                  doc_type=kinds["cv"], issuer=kinds["hu"], signer=kinds["b"],
                  summary="Công văn triển khai kế hoạch chuyển đổi số")  # not yet in force
    DocumentLink.objects.create(document=d4, target=d1, relation=Relation.AMENDS)
    draft = make_doc("99/2025/QĐ-UBND", dt.date(2025, 5, 5), [kinds["gpmb"]], live=False,
                     signer=kinds["a"], summary="Dự thảo nháp bí mật về bồi thường")
    DocumentLink.objects.create(document=draft, target=d3, relation=Relation.RELATED)
    return {"d1": d1, "d2": d2, "d3": d3, "d4": d4, "d5": d5, "draft": draft}


@pytest.fixture
def other_site(hub, make_doc, kinds):
    """A site outside the hub's tree (another province's commune), with a document."""
    from wagtail.models import Page, Site

    from bantin.units.models import UnitHomePage

    unit = UnitHomePage(title="Trang xã Thử", slug="xa-thu")
    Page.get_first_root_node().add_child(instance=unit)
    unit.save_revision().publish()
    site = Site.objects.create(hostname="xa.localhost", port=80, root_page=unit,
                               site_name="Xã Thử")
    doc = make_doc("77/2025/QĐ-UBND", dt.date(2025, 4, 4), [kinds["gpmb"]], site=site,
                   signer=kinds["a"], summary="Văn bản riêng của xã về bồi thường")
    return {"site": site, "doc": doc}


ALL_NEWEST_FIRST = ["3/2026/CV-HU", "20/2025/QĐ-UBND", "15/2025/QĐ-HU", "02/2024/CV-UBND",
                    "01/2024/QĐ-UBND"]


# --- filters one by one and combined ---------------------------------------------------------


def test_unfiltered_list_shows_public_documents_newest_first(client, library, other_site):
    response = client.get(url())
    assert shown(response) == ALL_NEWEST_FIRST
    html = response.content.decode()
    assert NOTICE not in html
    assert "Tìm thấy 5 văn bản" in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"loai": "qd"}, ["20/2025/QĐ-UBND", "15/2025/QĐ-HU", "01/2024/QĐ-UBND"]),
    ({"loai": "cv"}, ["3/2026/CV-HU", "02/2024/CV-UBND"]),
    ({"co-quan": "hu"}, ["3/2026/CV-HU", "15/2025/QĐ-HU"]),
    ({"nguoi-ky": "a"}, ["15/2025/QĐ-HU", "01/2024/QĐ-UBND"]),
    ({"linh-vuc": "dat_dai"}, ["15/2025/QĐ-HU", "01/2024/QĐ-UBND"]),  # with sub-fields
    ({"linh-vuc": "gpmb"}, ["15/2025/QĐ-HU", "01/2024/QĐ-UBND"]),
    ({"linh-vuc": "giao_duc"}, ["02/2024/CV-UBND"]),
    ({"nam": 2025}, ["20/2025/QĐ-UBND", "15/2025/QĐ-HU"]),
    ({"nam": 2023}, []),
    ({"loai": "qd", "co-quan": "ubnd"}, ["20/2025/QĐ-UBND", "01/2024/QĐ-UBND"]),
    ({"loai": "qd", "co-quan": "ubnd", "nam": 2025}, ["20/2025/QĐ-UBND"]),
    ({"linh-vuc": "dat_dai", "co-quan": "ubnd"}, ["01/2024/QĐ-UBND"]),
    ({"nguoi-ky": "b", "hieu-luc": Validity.EXPIRED.value}, ["02/2024/CV-UBND"]),
    ({"q": "boi thuong", "loai": "qd"}, ["20/2025/QĐ-UBND", "01/2024/QĐ-UBND"]),
    ({"q": "boi thuong", "nam": 2024}, ["01/2024/QĐ-UBND"]),
])
def test_filters_alone_and_combined(client, library, kinds, other_site, params, expected):
    params = {k: kinds[v].pk if isinstance(v, str) and v in kinds else v
              for k, v in params.items()}
    assert shown(client.get(url(**params))) == expected
    # The API selects exactly the same documents.
    response, data = api(client, **params)
    assert response.status_code == 200
    assert [r["number"] for r in data["results"]] == expected
    assert data["count"] == len(expected)


@pytest.mark.parametrize("typed", ["01/2024/QĐ-UBND", "01/2024/qđ-ubnd", "01 / 2024 / QĐ-UBND",
                                   "  01/2024/Qđ-Ubnd  "])
def test_number_search_forgives_case_and_spacing(client, library, typed):
    assert shown(client.get(url(q=typed))) == ["01/2024/QĐ-UBND"]


@pytest.mark.parametrize(("typed", "expected"), [
    ("giai phong mat bang", ["01/2024/QĐ-UBND"]),
    ("GIẢI PHÓNG", ["01/2024/QĐ-UBND"]),
    ("boi thuong", ["20/2025/QĐ-UBND", "01/2024/QĐ-UBND"]),
    ("chuyen doi so", ["3/2026/CV-HU"]),
    ("dat dai huyen", ["15/2025/QĐ-HU"]),
    ("khong co gi", []),
])
def test_summary_search_folds_accents(client, library, typed, expected):
    assert shown(client.get(url(q=typed))) == expected


@pytest.mark.parametrize(("code", "expected"), [
    (Validity.IN_FORCE, ["20/2025/QĐ-UBND", "15/2025/QĐ-HU"]),
    (Validity.PARTIAL, ["01/2024/QĐ-UBND"]),
    (Validity.EXPIRED, ["02/2024/CV-UBND"]),
    (Validity.NOT_YET, ["3/2026/CV-HU"]),
])
def test_validity_filter_and_badges(client, library, code, expected):
    response = client.get(url(**{"hieu-luc": code.value}))
    assert shown(response) == expected
    html = response.content.decode()
    assert f'<span class="badge doc-badge validity-{code.value}">{code.label}</span>' in html


@pytest.mark.parametrize(("sort", "expected"), [
    ("ngay-moi", ALL_NEWEST_FIRST),
    ("ngay-cu", list(reversed(ALL_NEWEST_FIRST))),
    ("so-hieu", ["01/2024/QĐ-UBND", "02/2024/CV-UBND", "15/2025/QĐ-HU", "20/2025/QĐ-UBND",
                 "3/2026/CV-HU"]),
])
def test_sort_orders(client, library, sort, expected):
    assert shown(client.get(url(**{"sap-xep": sort}))) == expected
    _, data = api(client, **{"sap-xep": sort})
    assert [r["number"] for r in data["results"]] == expected


# --- facet counts ------------------------------------------------------------------------------


def option(html: str, name: str, value, label: str, count: int) -> bool:
    select = re.search(rf'<select id="loc-{name}" name="{name}">(.*?)</select>', html, re.S)
    assert select, name
    return re.search(
        rf'<option value="{value}"( selected)?>{re.escape(label)} \({count}\)</option>',
        select.group(1),
    ) is not None


def test_facet_counts_without_filters(client, library, kinds, other_site):
    html = client.get(url()).content.decode()
    k = kinds
    assert option(html, "loai", k["qd"].pk, "Quyết định", 3)
    assert option(html, "loai", k["cv"].pk, "Công văn", 2)
    assert option(html, "co-quan", k["ubnd"].pk, "UBND huyện Thử Nghiệm", 3)
    assert option(html, "co-quan", k["hu"].pk, "Huyện ủy Thử Nghiệm", 2)
    assert option(html, "nguoi-ky", k["a"].pk, "Nguyễn Văn An (Chủ tịch)", 2)
    assert option(html, "nguoi-ky", k["b"].pk, "Trần Thị Bình (Phó Chủ tịch)", 2)
    assert option(html, "nam", 2026, "2026", 1)
    assert option(html, "nam", 2025, "2025", 2)
    assert option(html, "nam", 2024, "2024", 2)
    # A document in a field and its sub-field counts once for the parent; the draft and the
    # other site's document count nowhere.
    assert option(html, "linh-vuc", k["dat_dai"].pk, "Đất đai", 2)
    assert option(html, "linh-vuc", k["gpmb"].pk, "– Giải phóng mặt bằng", 2)
    assert option(html, "linh-vuc", k["giao_duc"].pk, "Giáo dục", 1)
    assert option(html, "hieu-luc", Validity.IN_FORCE.value, "Còn hiệu lực", 2)
    assert option(html, "hieu-luc", Validity.PARTIAL.value, "Hết hiệu lực một phần", 1)
    assert option(html, "hieu-luc", Validity.EXPIRED.value, "Hết hiệu lực toàn bộ", 1)
    assert option(html, "hieu-luc", Validity.NOT_YET.value, "Chưa có hiệu lực", 1)
    # Tree order: the sub-field right under its parent.
    assert f'Đất đai (2)</option><option value="{k["gpmb"].pk}">– Giải phóng' in html


def test_facet_counts_follow_the_other_filters(client, library, kinds):
    k = kinds
    html = client.get(url(loai=k["qd"].pk, nam=2025)).content.decode()
    # Each filter's own options keep their alternatives, counted under the other filters.
    assert option(html, "loai", k["qd"].pk, "Quyết định", 2)
    assert f'<option value="{k["qd"].pk}" selected>Quyết định (2)</option>' in html
    assert option(html, "loai", k["cv"].pk, "Công văn", 0) is False  # none in 2025
    assert option(html, "nam", 2025, "2025", 2)
    assert option(html, "nam", 2024, "2024", 1)  # QĐ of 2024: d1
    assert option(html, "co-quan", k["ubnd"].pk, "UBND huyện Thử Nghiệm", 1)
    assert option(html, "co-quan", k["hu"].pk, "Huyện ủy Thử Nghiệm", 1)
    assert option(html, "nguoi-ky", k["a"].pk, "Nguyễn Văn An (Chủ tịch)", 1)
    assert option(html, "linh-vuc", k["dat_dai"].pk, "Đất đai", 1)
    assert option(html, "hieu-luc", Validity.IN_FORCE.value, "Còn hiệu lực", 2)
    assert option(html, "hieu-luc", Validity.PARTIAL.value, "Hết hiệu lực một phần", 0)


def test_a_chosen_value_without_results_stays_selected(client, library, kinds):
    response = client.get(url(loai=kinds["cv"].pk, nam=2025))
    assert shown(response) == []
    html = response.content.decode()
    assert f'<option value="{kinds["cv"].pk}" selected>Công văn (0)</option>' in html
    assert '<option value="2025" selected>2025 (0)</option>' in html
    assert "Không có văn bản phù hợp." in html


def test_filter_documents_is_reusable_with_a_querydict(library, kinds, hub):
    query = QueryDict(mutable=True)
    query.update({"loai": str(kinds["qd"].pk), "nam": "abc", "sap-xep": "ngay-cu"})
    documents, cleaned, had_invalid = filters.filter_documents(query, hub["site"])
    assert [d.number for d in documents] == ["01/2024/QĐ-UBND", "15/2025/QĐ-HU",
                                             "20/2025/QĐ-UBND"]
    assert cleaned == {"loai": kinds["qd"].pk, "sap-xep": "ngay-cu"}
    assert had_invalid is True
    assert documents[0].validity_code == Validity.PARTIAL.value


# --- pages, invalid input, export link -------------------------------------------------------


def test_pagination_keeps_the_filters(client, library, kinds, make_doc):
    for n in range(23):
        make_doc(f"{100 + n}/2023/CV", dt.date(2023, 1, 1) + dt.timedelta(days=n),
                 doc_type=kinds["cv"])
    params = {"loai": kinds["cv"].pk, "sap-xep": "ngay-cu"}
    first = client.get(url(**params))
    first_numbers = shown(first)
    assert len(first_numbers) == 20
    html = first.content.decode()
    assert "Trang 1/2" in html
    next_link = f'href="?loai={kinds["cv"].pk}&amp;sap-xep=ngay-cu&amp;trang=2"'
    assert next_link in html
    second = client.get(url(**params, trang=2))
    second_numbers = shown(second)
    assert "Trang 2/2" in second.content.decode()
    assert f'href="?loai={kinds["cv"].pk}&amp;sap-xep=ngay-cu&amp;trang=1"' in (
        second.content.decode()
    )
    assert second_numbers == ["120/2023/CV", "121/2023/CV", "122/2023/CV", "02/2024/CV-UBND",
                              "3/2026/CV-HU"]
    assert len(set(first_numbers + second_numbers)) == 25
    assert first_numbers[0] == "100/2023/CV"
    # Out-of-range or nonsense page numbers fall back, as elsewhere on the portal.
    assert client.get(url(**params, trang=99)).status_code == 200
    assert client.get(url(**params, trang="abc")).status_code == 200
    # The API pages the same way, with a page size of its own.
    _, data = api(client, **params, trang=2)
    assert (data["count"], data["page"], data["pages"]) == (25, 2, 2)
    assert [r["number"] for r in data["results"]] == second_numbers
    _, data = api(client, **params, **{"so-luong": 10})
    assert data["pages"] == 3 and len(data["results"]) == 10


@pytest.mark.parametrize("params", [
    {"loai": "abc"}, {"co-quan": "1.5"}, {"linh-vuc": "-3"}, {"nguoi-ky": "x"},
    {"nam": "abc"}, {"nam": "20250"}, {"hieu-luc": "mat-hieu-luc"}, {"sap-xep": "ngau-nhien"},
    {"loai": "１２"},
])
def test_invalid_params_are_ignored_with_a_notice(client, library, params):
    response = client.get(url(**params))
    assert shown(response) == ALL_NEWEST_FIRST
    assert NOTICE in response.content.decode()
    bad, data = api(client, **params)
    assert bad.status_code == 400
    assert data["error"].startswith("Tham số không hợp lệ")
    assert bad["Cache-Control"] == "no-cache"


def test_an_invalid_param_does_not_drop_the_valid_ones(client, library, kinds):
    response = client.get(url(loai=kinds["cv"].pk, nam="abc"))
    assert shown(response) == ["3/2026/CV-HU", "02/2024/CV-UBND"]
    html = response.content.decode()
    assert NOTICE in html
    # Links carry only the valid filters.
    assert f'href="/van-ban/xuat.xlsx?loai={kinds["cv"].pk}"' in html


def test_empty_form_fields_are_not_invalid(client, library):
    params = dict.fromkeys(("q", "loai", "co-quan", "linh-vuc", "nguoi-ky", "nam",
                            "hieu-luc"), "")
    response = client.get(url(**params, **{"sap-xep": "ngay-moi"}))
    assert shown(response) == ALL_NEWEST_FIRST
    assert NOTICE not in response.content.decode()
    assert api(client, **params)[0].status_code == 200


def test_export_and_feed_links_carry_the_query(client, library, kinds):
    html = client.get(url(loai=kinds["qd"].pk, q="bồi thường")).content.decode()
    query = urlencode({"q": "bồi thường", "loai": kinds["qd"].pk}).replace("&", "&amp;")
    assert f'<a href="/van-ban/xuat.xlsx?{query}">Tải danh sách (XLSX)</a>' in html
    assert (f'<link rel="alternate" type="application/atom+xml" title="Văn bản mới" '
            f'href="/van-ban/atom.xml?{query}">') in html
    plain = client.get(url()).content.decode()
    assert '<a href="/van-ban/xuat.xlsx">Tải danh sách (XLSX)</a>' in plain
    assert 'type="application/atom+xml"' in plain


def test_counts_are_shown_per_row(client, library):
    counting.set_total(counting.LAW_VIEW, library["d3"].pk, 1234)
    counting.set_total(counting.LAW_DOWNLOAD, library["d3"].pk, 56)
    html = client.get(url()).content.decode()
    assert "<td>1.234 / 56</td>" in html
    assert "<td>0 / 0</td>" in html


def test_list_queries_are_bounded(client, library, kinds, django_assert_max_num_queries):
    for n in range(30):
        make = LegalDocument.objects.create(
            site=library["d1"].site, number=f"{200 + n}/2025/QĐ", doc_type=kinds["qd"],
            issuer=kinds["ubnd"], signer=kinds["a"], issued_on=dt.date(2025, 2, 1),
            summary="Văn bản thêm",
        )
        make.fields.set([kinds["gpmb"]])
        make.save()
    params = url(loai=kinds["qd"].pk, **{"linh-vuc": kinds["dat_dai"].pk})
    client.get(params)  # the site's header, menu and sidebar are cached after a first visit
    with django_assert_max_num_queries(12):
        response = client.get(params)
    assert len(shown(response)) == 20


# --- visibility: drafts and other sites ------------------------------------------------------


def test_drafts_appear_nowhere(client, library):
    draft = library["draft"]
    assert "99/2025/QĐ-UBND" not in client.get(url()).content.decode()
    assert shown(client.get(url(q="99/2025/QĐ-UBND"))) == []
    assert shown(client.get(url(q="bi mat"))) == []
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "99/2025/QĐ-UBND" not in client.get(library["d3"].get_absolute_url()).content.decode()
    assert "99/2025" not in client.get("/van-ban/atom.xml").content.decode()
    _, data = api(client, q="bi mat")
    assert data["count"] == 0
    _, data = api(client)
    assert draft.pk not in [r["id"] for r in data["results"]]


def test_other_sites_documents_appear_nowhere(client, library, other_site):
    foreign = other_site["doc"]
    DocumentLink.objects.create(document=library["d3"], target=foreign,
                                relation=Relation.RELATED)
    assert "77/2025/QĐ-UBND" not in client.get(url()).content.decode()
    assert shown(client.get(url(q="77/2025/QĐ-UBND"))) == []
    assert client.get(foreign.get_absolute_url()).status_code == 404
    assert "77/2025" not in client.get(library["d3"].get_absolute_url()).content.decode()
    assert "77/2025" not in client.get("/van-ban/atom.xml").content.decode()
    _, data = api(client, q="rieng cua xa")
    assert data["count"] == 0
    # …while the commune's own host shows only its own.
    commune = client.get(url(), HTTP_HOST="xa.localhost")
    assert shown(commune) == ["77/2025/QĐ-UBND"]
    _, data = api(client, host="xa.localhost")
    assert [r["number"] for r in data["results"]] == ["77/2025/QĐ-UBND"]
    feed = client.get("/van-ban/atom.xml", HTTP_HOST="xa.localhost").content.decode()
    assert "77/2025/QĐ-UBND" in feed and "01/2024" not in feed


# --- detail -------------------------------------------------------------------------------------


def test_detail_shows_every_field_links_both_ways_and_previews_pdfs(client, library, kinds):
    d1, d4 = library["d1"], library["d4"]
    d1.full_text = "<p>Điều 1. <b>Phạm vi</b> điều chỉnh</p>"
    d1.save()
    pdf = LegalAttachment.objects.create(document=d1, file=pdf_file(), title="Toàn văn QĐ")
    sheet = CustomDocument(title="Phụ lục")
    sheet.file.save("phu-luc.docx", ContentFile(b"PK\x03\x04"), save=False)
    sheet.save()
    LegalAttachment.objects.create(document=d1, file=sheet, title="Phụ lục")
    html = client.get(d1.get_absolute_url()).content.decode()
    for expected in (
        "Quyết định số 01/2024/QĐ-UBND", "UBND huyện Thử Nghiệm", "Nguyễn Văn An — Chủ tịch",
        "01/03/2024", "Chưa xác định", "Đất đai › Giải phóng mặt bằng",
        "Quyết định về bồi thường, giải phóng mặt bằng", "<b>Phạm vi</b>",
        f'<span class="badge doc-badge validity-{Validity.PARTIAL.value}">',
        "Được sửa đổi, bổ sung bởi", f'<a href="{d4.get_absolute_url()}">20/2025/QĐ-UBND</a>',
        f'href="{pdf.get_download_url()}"', "Tải Phụ lục (DOCX)",
    ):
        assert expected in html, expected
    iframes = re.findall(r"<iframe[^>]*>", html)
    assert len(iframes) == 1  # the PDF only
    assert f'src="{pdf.get_download_url()}?xem=1"' in iframes[0]
    assert 'title="Xem trước: Toàn văn QĐ"' in iframes[0]
    assert 'loading="lazy"' in iframes[0]
    assert " style=" not in html.split('<main id="noi-dung"')[1].split("</main>")[0]
    preview = client.get(pdf.get_download_url() + "?xem=1")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(pdf.get_download_url())["X-Frame-Options"] == "DENY"
    other_side = client.get(d4.get_absolute_url()).content.decode()
    assert "Sửa đổi, bổ sung" in other_side
    assert f'<a href="{d1.get_absolute_url()}">01/2024/QĐ-UBND</a>' in other_side
    assert "01/09/2025" in other_side  # ngày có hiệu lực
    counting.flush()
    assert counting.totals([counting.LAW_VIEW], d1.pk)[counting.LAW_VIEW] == 1


def test_detail_groups_links_by_label(client, library, make_doc):
    d3 = library["d3"]
    guide_a = make_doc("5/HD", dt.date(2025, 2, 1))
    guide_b = make_doc("6/HD", dt.date(2025, 3, 1))
    for guide in (guide_a, guide_b):
        DocumentLink.objects.create(document=guide, target=d3, relation=Relation.GUIDES)
    html = client.get(d3.get_absolute_url()).content.decode()
    assert html.count("Được hướng dẫn bởi") == 1
    group = html.split("Được hướng dẫn bởi")[1].split("</ul>")[0]
    assert "5/HD" in group and "6/HD" in group


@pytest.mark.parametrize(("opens", "closes", "expected"), [
    (-1, 5, "Đang lấy ý kiến đến"),
    (2, 9, "Sắp lấy ý kiến từ"),
    (-9, -2, "Đã hết thời gian lấy ý kiến"),
])
def test_detail_shows_the_comment_window(client, make_doc, opens, closes, expected):
    now = timezone.now()
    doc = make_doc("DT-7", comment_opens_at=now + dt.timedelta(days=opens),
                   comment_closes_at=now + dt.timedelta(days=closes))
    html = client.get(doc.get_absolute_url()).content.decode()
    assert expected in html
    if opens < 0 < closes:
        assert f"{expected} {timezone.localdate(doc.comment_closes_at):%d/%m/%Y}" in html


# --- Atom feed --------------------------------------------------------------------------------


def test_feed_is_atom_with_the_newest_public_documents(client, library):
    response = client.get("/van-ban/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Văn bản mới — Thử Nghiệm"
    assert root.findtext(f"{ATOM}updated")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Công văn số 3/2026/CV-HU", "Quyết định số 20/2025/QĐ-UBND", "Quyết định số 15/2025/QĐ-HU",
        "Công văn số 02/2024/CV-UBND", "Quyết định số 01/2024/QĐ-UBND",
    ]
    first = entries[0]
    d5 = library["d5"]
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{d5.get_absolute_url()}"
    assert first.findtext(f"{ATOM}summary") == d5.summary
    assert first.findtext(f"{ATOM}updated").startswith("2026-01-02T00:00:00")
    assert first.findtext(f"{ATOM}id")


def test_feed_accepts_the_list_filters_and_caps_at_thirty(client, library, kinds, make_doc):
    root = ET.fromstring(client.get("/van-ban/atom.xml", {"co-quan": kinds["hu"].pk,
                                                          "nam": "abc"}).content)
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == [
        "Công văn số 3/2026/CV-HU", "Quyết định số 15/2025/QĐ-HU",
    ]
    alternate = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
    assert alternate[0].get("href") == f"http://testserver/van-ban/?co-quan={kinds['hu'].pk}"
    for n in range(30):
        make_doc(f"{300 + n}/2022/QĐ", dt.date(2022, 1, 1) + dt.timedelta(days=n))
    root = ET.fromstring(client.get("/van-ban/atom.xml", {"sap-xep": "ngay-cu"}).content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 30
    assert entries[0].findtext(f"{ATOM}title") == "Công văn số 3/2026/CV-HU"  # newest first


# --- JSON API ---------------------------------------------------------------------------------


def test_api_shape(client, library, kinds):
    d1 = library["d1"]
    pdf = LegalAttachment.objects.create(document=d1, file=pdf_file(), title="Toàn văn")
    response, data = api(client, q="01/2024/QĐ-UBND")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert set(data) == {"count", "page", "pages", "results"}
    assert (data["count"], data["page"], data["pages"]) == (1, 1, 1)
    assert data["results"] == [{
        "id": d1.pk,
        "number": "01/2024/QĐ-UBND",
        "type": "Quyết định",
        "issuer": "UBND huyện Thử Nghiệm",
        "signer": "Nguyễn Văn An (Chủ tịch)",
        "issued_on": "2024-03-01",
        "effective_on": None,
        "expires_on": None,
        "validity": Validity.PARTIAL.value,
        "validity_label": "Hết hiệu lực một phần",
        "summary": "Quyết định về bồi thường, giải phóng mặt bằng",
        "fields": ["Đất đai › Giải phóng mặt bằng"],
        "url": f"http://testserver{d1.get_absolute_url()}",
        "attachments": [{"title": "Toàn văn",
                         "url": f"http://testserver{pdf.get_download_url()}",
                         "extension": "pdf"}],
    }]
    _, data = api(client, **{"hieu-luc": Validity.NOT_YET.value})
    assert data["results"][0]["effective_on"] == (
        timezone.localdate() + dt.timedelta(days=60)
    ).isoformat()
    assert data["results"][0]["fields"] == []


@pytest.mark.parametrize(("params", "status"), [
    ({"trang": "abc"}, 400), ({"trang": "0"}, 400), ({"so-luong": "101"}, 400),
    ({"so-luong": "0"}, 400), ({"so-luong": "nhieu"}, 400), ({"trang": "2"}, 404),
    ({"trang": "99", "loai": "abc"}, 400),
])
def test_api_refuses_bad_pages(client, library, params, status):
    response, data = api(client, **params)
    assert response.status_code == status
    assert data["error"]
    assert set(data) == {"error"}


def test_api_accepts_up_to_a_hundred_per_page(client, library):
    response, data = api(client, **{"so-luong": "100"})
    assert response.status_code == 200 and data["count"] == 5 and data["pages"] == 1
    _, data = api(client, **{"so-luong": "2", "trang": "3"})
    assert [r["number"] for r in data["results"]] == ["01/2024/QĐ-UBND"]


def test_hub_shows_the_documents_of_its_units_but_not_the_reverse(client, library, hub, kinds,
                                                                   make_doc):
    from wagtail.models import Site

    from bantin.units.models import UnitHomePage

    unit = UnitHomePage(title="Trang xã Con", slug="xa-con")
    hub["home"].add_child(instance=unit)
    unit.save_revision().publish()
    site = Site.objects.create(hostname="xa-con.localhost", root_page=unit, site_name="Xã Con")
    doc = make_doc("5/2026/QĐ-UBND", dt.date(2026, 5, 5), [], site=site,
                   summary="Văn bản của xã con")
    assert "5/2026/QĐ-UBND" in shown(client.get(url()))
    assert client.get(f"/van-ban/{doc.pk}/").status_code == 200
    unit_list = shown(client.get(url(), HTTP_HOST="xa-con.localhost"))
    assert unit_list == ["5/2026/QĐ-UBND"]


def test_cached_counts_follow_every_change(client, library, kinds, make_doc):
    cv = kinds["cv"].pk
    assert option(client.get(url()).content.decode(), "loai", cv, "Công văn", 2)
    doc = make_doc("9/2026/CV-UBND", dt.date(2026, 3, 3), [], doc_type=kinds["cv"])
    after = client.get(url())
    assert option(after.content.decode(), "loai", cv, "Công văn", 3)
    assert "9/2026/CV-UBND" in shown(after)
    assert len(shown(after)) == len(ALL_NEWEST_FIRST) + 1
    doc.live = False
    doc.save()
    assert "9/2026/CV-UBND" not in shown(client.get(url()))
    assert shown(client.get(url())) == ALL_NEWEST_FIRST
