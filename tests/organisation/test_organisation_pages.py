"""The "Giới thiệu" and "Liên hệ" pages in both languages, and the language switch."""

import re
import unicodedata
from decimal import Decimal

import pytest
from wagtail.models import Site

from bantin.organisation.demo import load_demo
from bantin.organisation.models import ContactPage, Leader, OrganisationPage
from bantin.organisation.provision import ensure_sections

pytestmark = pytest.mark.django_db

UNIT = "huyện Thử Nghiệm"


@pytest.fixture
def pages(hub):
    """Both pages of the hub, filled with the demo's invented people."""
    found = load_demo(hub["home"], UNIT, seed=3)
    return {"organisation": found["gioi-thieu"], "contact": found["lien-he"]}


def html(client, path: str, **extra) -> str:
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    return response.content.decode()


def between(content: str, start: str, end: str) -> str:
    return content.split(start, 1)[1].split(end, 1)[0]


def test_organisation_page_in_vietnamese(client, pages):
    page = OrganisationPage.objects.get(pk=pages["organisation"].pk)
    content = html(client, "/gioi-thieu/")
    assert '<html lang="vi">' in content
    assert "<h1 class=\"page-title\">Giới thiệu</h1>" in content
    leaders = between(content, 'class="org-section org-leaders"', "</section>")
    chairperson = page.leaders.first()
    assert chairperson.name in leaders and "Chủ tịch Ủy ban nhân dân" in leaders
    assert content.index("org-leaders") < content.index("org-chart") < content.index(
        "org-functions"
    ), "leadership comes first, then the chart, then functions and duties"
    assert "Phòng Kinh tế" in content and "Chức năng, nhiệm vụ" in content
    subordinate = between(content, 'class="org-dept org-subdept"', "</section>")
    assert "<h4" in subordinate and "Bộ phận Văn thư - Lưu trữ" in subordinate
    phone = chairperson.phone.replace(" ", "")
    assert f'href="tel:{phone}"' in content
    assert f'href="mailto:{chairperson.email}"' in content
    assert f'alt="Ảnh chân dung {chairperson.name}"' in content
    assert "Chairperson" not in content


def test_organisation_page_in_english(client, pages):
    content = html(client, "/gioi-thieu/en/")
    assert '<html lang="en">' in content
    assert "<title>About us - " in content and ">About us</h1>" in content
    for label in ("Leadership", "Organisation chart", "Functions and duties",
                  "Chairperson of the People&#x27;s Committee", "Economic Division",
                  "Records and Archives Unit", "Portrait of ", "Phone:", "Email:"):
        assert label in content, label
    assert "Lãnh đạo" not in between(content, "<main", "</main>")
    assert "The People's Committee of huyện Thử Nghiệm" in content
    switch = between(content, 'class="lang-switch"', "</a>")
    assert 'href="/gioi-thieu/"' in switch and 'lang="vi"' in switch and "Tiếng Việt" in switch
    menu = between(content, 'class="english-pages"', "</nav>")
    assert 'href="/lien-he/en/"' in menu and "Contact" in menu
    assert 'hreflang="vi" href="http://testserver/gioi-thieu/"' in content


def test_site_chrome_stays_marked_as_vietnamese_on_english_pages(client, pages):
    content = html(client, "/gioi-thieu/en/")
    for opening in ('<header class="site-header" id="dau-trang" lang="vi">',
                    '<footer class="site-footer" id="chan-trang" lang="vi">'):
        assert opening in content


def test_contact_page_in_both_languages(client, pages):
    contact = pages["contact"]
    contact.latitude, contact.longitude = Decimal("22.170000"), Decimal("103.740000")
    contact.contact_phone = "0213 3786 123"
    contact.save_revision().publish()
    osm = "https://www.openstreetmap.org/?mlat=22.17&amp;mlon=103.74#map=16/22.17/103.74"
    vietnamese = html(client, "/lien-he/")
    assert '<html lang="vi">' in vietnamese
    assert f'href="{osm}"' in vietnamese and "Xem bản đồ" in vietnamese
    assert "22,17° B, 103,74° Đ" in vietnamese and 'href="geo:22.17,103.74"' in vietnamese
    assert 'href="tel:02133786123"' in vietnamese
    assert f'href="mailto:{contact.contact_email}"' in vietnamese
    assert "Giờ làm việc" in vietnamese and "Sáng: 7 giờ 30 - 11 giờ 30" in vietnamese
    english = html(client, "/lien-he/en/")
    assert '<html lang="en">' in english and ">Contact</h1>" in english
    for label in ("Contact point", "Office hours", "Morning: 7:30 - 11:30", "View map",
                  "22.17° N, 103.74° E", "Chief of Office", "People&#x27;s Committee headquarters"):
        assert label in english, label
    for content in (vietnamese, english):
        assert "<iframe" not in content
        # No map or other third-party script: only the portal's own static files.
        scripts = re.findall(r"<script[^>]*>", content)
        assert scripts and all('src="/static/' in tag for tag in scripts)
        assert "core/js/portal.js" in content


def test_contact_page_without_position_has_no_map(client, hub):
    ensure_sections(hub["home"], unit_name=UNIT, identity={"address": "Bản Mới, xã Thử"})
    content = html(client, "/lien-he/")
    assert "Bản Mới, xã Thử" in content
    assert "Xem bản đồ" not in content and "openstreetmap" not in content


def test_every_page_offers_the_english_organisation_page(client, hub, make_article):
    article = make_article()
    assert "lang-switch" not in html(client, article.url), "no organisation page yet: no link"
    ensure_sections(hub["home"], unit_name=UNIT)
    for path in (article.url, "/", "/van-ban/", "/lien-he/"):
        switch = between(html(client, path), 'class="lang-switch"', "</a>")
        assert 'lang="en"' in switch and ">English" in switch, path
    article_switch = between(html(client, article.url), 'class="lang-switch"', "</a>")
    assert 'href="/gioi-thieu/en/"' in article_switch
    contact_switch = between(html(client, "/lien-he/"), 'class="lang-switch"', "</a>")
    assert 'href="/lien-he/en/"' in contact_switch, "a bilingual page links to its own version"


def test_switch_link_disappears_with_the_organisation_page(client, hub, make_article):
    article = make_article()
    organisation = ensure_sections(hub["home"], unit_name=UNIT)["gioi-thieu"]
    assert "lang-switch" in html(client, article.url)
    organisation.unpublish()
    assert "lang-switch" not in html(client, article.url)


def test_each_site_links_to_its_own_organisation_page(client, hub):
    from bantin.units.models import UnitHomePage

    ensure_sections(hub["home"], unit_name=UNIT)
    unit = UnitHomePage(title="Trang xã Thử", slug="xa-thu")
    hub["home"].add_child(instance=unit)
    unit.save_revision().publish()
    Site.objects.create(hostname="xa-thu.localhost", root_page=unit)
    unit_host = {"HTTP_HOST": "xa-thu.localhost"}
    assert "lang-switch" not in html(client, "/", **unit_host), "the hub's page is not the unit's"
    ensure_sections(unit, unit_name="xã Thử")
    switch = between(html(client, "/", **unit_host), 'class="lang-switch"', "</a>")
    assert 'href="/gioi-thieu/en/"' in switch
    assert "Ủy ban nhân dân xã Thử" in html(client, "/gioi-thieu/", **unit_host)


def test_text_is_stored_and_shown_in_nfc(client, hub):
    def nfd(value):
        return unicodedata.normalize("NFD", value)

    organisation = ensure_sections(hub["home"], unit_name=UNIT)["gioi-thieu"]
    organisation.title_en = nfd("About Thử Nghiệm")
    organisation.leaders = [Leader(name=nfd(" Giàng  A Páo "), position=nfd("Phó Chủ tịch"),
                                   position_en="Vice Chairperson", sort_order=0)]
    organisation.save_revision().publish()
    leader = Leader.objects.get(page=organisation)
    assert leader.name == "Giàng A Páo" and leader.position == "Phó Chủ tịch"
    assert OrganisationPage.objects.get(pk=organisation.pk).title_en == "About Thử Nghiệm"
    for path in ("/gioi-thieu/", "/gioi-thieu/en/"):
        content = html(client, path)
        assert unicodedata.is_normalized("NFC", content) and "Giàng A Páo" in content


def test_english_preview_mode(hub):
    organisation = ensure_sections(hub["home"], unit_name=UNIT)["gioi-thieu"]
    organisation.title_en = "About the draft"
    response = organisation.make_preview_request(preview_mode="en")
    response.render()
    content = response.content.decode()
    assert '<html lang="en">' in content and "About the draft" in content
    assert '<html lang="vi">' in organisation.make_preview_request().render().content.decode()


def test_sitemap_lists_both_languages(client, pages):
    sitemap = html(client, "/sitemap.xml")
    for path in ("/gioi-thieu/", "/gioi-thieu/en/", "/lien-he/", "/lien-he/en/"):
        assert f"http://testserver{path}</loc>" in sitemap, path


@pytest.mark.parametrize("path", ["/gioi-thieu/", "/gioi-thieu/en/", "/lien-he/en/"])
def test_organisation_pages_query_budget(client, pages, path, django_assert_max_num_queries):
    client.get(path)  # the first view builds renditions and fills the caches
    with django_assert_max_num_queries(5):
        assert client.get(path).status_code == 200


def test_chart_is_read_in_a_fixed_number_of_queries(pages, django_assert_num_queries):
    page = OrganisationPage.objects.get(pk=pages["organisation"].pk)
    with django_assert_num_queries(3):
        chart = page.chart("vi")
    assert len(chart["leaders"]) == 3
    assert sum(1 + len(d.children) for d in chart["departments"]) == 5


def test_page_types_live_under_home_pages_only(hub):
    from bantin.news.models import CategoryPage
    from bantin.units.models import HubHomePage, UnitHomePage

    for model in (OrganisationPage, ContactPage):
        assert model in HubHomePage.allowed_subpage_models()
        assert model in UnitHomePage.allowed_subpage_models()
        assert model not in CategoryPage.allowed_subpage_models()
    ensure_sections(hub["home"], unit_name=UNIT)
    assert not OrganisationPage.can_create_at(hub["home"]), "one organisation page per site"
