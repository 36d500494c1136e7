"""A unit with something of every kind the public can see or send -- an article open for
comments, a draft open for opinions, a contact page, a published question, a poll and a
survey -- and the lists of its public pages, their query parameters and their forms: what
the attack tests (tests/browser/test_browser_xss.py, tests/security/test_attacks.py) aim at.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import timezone

HOST = "alpha.example.vn"
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
# Query parameters the public views read, besides those their pages' forms and links name.
KNOWN_PARAMETERS = ("q", "trang", "p", "page", "loai", "linh-vuc", "don-vi", "tu-ngay",
                    "den-ngay", "tra-loi", "bo-phan", "xem", "k", "thang", "trang-thai",
                    "co-quan", "nam", "sap-xep", "next", "lang")


UNLIMITED = [(60, 1_000_000)]


def lift_rate_limits(settings) -> None:
    """Attacks send hundreds of posts from one address: the limits would answer most of
    them before the view under attack is reached."""
    for name in ("BANTIN_COMMENT_RATE_LIMITS", "BANTIN_QUESTION_RATE_LIMITS",
                 "BANTIN_POLL_RATE_LIMITS"):
        setattr(settings, name, {"ip": UNLIMITED, "visitor": UNLIMITED})
    settings.BANTIN_QUESTION_LOOKUP_LIMITS = UNLIMITED
    settings.BANTIN_COMMENT_REPORT_LIMITS = UNLIMITED


def build_world() -> dict:
    from bantin.interaction.models import Opinion  # noqa: F401 -- app loaded
    from bantin.laws.models import DocumentType, IssuingBody, LegalDocument, LegalField
    from bantin.news.models import ArticlePage, CategoryPage
    from bantin.organisation.models import ContactPage, Department, OrganisationPage
    from bantin.units.provision import create_unit
    from tests.polls.conftest import make_poll, make_survey
    from tests.questions.conftest import make_question

    create_unit("Huyện Thử", "hub.example.vn")
    unit = create_unit("Xã Alpha", HOST, "hub.example.vn").unit
    root = unit.site.root_page
    news = CategoryPage.objects.child_of(root).get()
    article = ArticlePage(title="Tin xã Alpha về giao thông", slug="giao-thong",
                          lead="Sapo bài viết.", allow_comments=True)
    news.add_child(instance=article)
    article.save_revision().publish()
    now = timezone.now()
    draft = LegalDocument.objects.create(
        site=unit.site, number="01/DT-A", summary="Dự thảo quy chế",
        doc_type=DocumentType.objects.create(name="Dự thảo"),
        issuer=IssuingBody.objects.create(name="UBND xã"), issued_on=dt.date(2026, 11, 1),
        comment_opens_at=now - dt.timedelta(days=1), comment_closes_at=now + dt.timedelta(days=9))
    organisation = OrganisationPage.objects.child_of(root).get()
    organisation.departments.add(Department(name="Văn phòng", email="vp@alpha.example.vn"))
    organisation.save_revision().publish()
    contact = ContactPage.objects.child_of(root).get()
    contact.contact_email = "ubnd@alpha.example.vn"
    contact.save_revision().publish()
    area = LegalField.objects.create(name="Đất đai")
    from bantin.questions.models import Question

    question = make_question(unit.site, area=area, answer="Trả lời.", status=Question.PUBLISHED,
                             answered_at=now, published_at=now)
    admin = get_user_model().objects.create_superuser("quan-tri", password="mat-khau-dai-12")
    return {
        "unit": unit, "article": article, "news": news, "draft": draft,
        "organisation": organisation, "contact": contact, "area": area,
        "question": question, "admin": admin,
        "poll": make_poll(unit.site, "Xã nên ưu tiên việc gì?", ["Làm đường", "Sửa trường"]),
        "survey": make_survey(root, "Khảo sát hài lòng", "khao-sat"),
    }


def public_urls(world) -> list[str]:
    """Every kind of public address: each page type, each app's public views, the JSON
    endpoints, the English sub-pages, the banner redirect and the sitemap."""
    from bantin.units.models import StandardPage

    section = StandardPage.objects.live().descendant_of(world["unit"].site.root_page).first()
    return [
        "/", world["news"].url, world["article"].url, "/tim-kiem/", "/api/search",
        "/api/search/suggest", "/van-ban/", f"/van-ban/{world['draft'].pk}/", "/hoi-dap/",
        world["question"].get_absolute_url(), "/hoi-dap/gui-cau-hoi/", "/hoi-dap/tra-cuu/",
        f"/tham-do/{world['poll'].pk}/", f"/tham-do/{world['poll'].pk}/ket-qua.json",
        world["survey"].url, world["contact"].url, world["contact"].url + "en/",
        world["organisation"].url, world["organisation"].url + "en/",
        *([section.url] if section else []),
        f"/binh-luan/{world['article'].pk}/", "/binh-luan/cau-hoi-kiem-tra/",
        f"/gop-y-du-thao/{world['draft'].pk}/", f"/gui-lien-he/{world['contact'].pk}/",
        "/api/audience/figures/", "/sitemap.xml", "/van-ban/atom.xml",
    ]


def named_parameters(html: bytes, path: str) -> set[str]:
    """What a page's GET forms and its links to itself name as query parameters."""
    if html.lstrip().startswith((b"<?xml", b"{", b"[")):
        return set()  # a feed, a sitemap or JSON: no forms, no links to itself
    soup = BeautifulSoup(html, "html.parser")
    names = set()
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "get":
            names.update(f.get("name") for f in form.find_all(["input", "select", "textarea"])
                         if f.get("name"))
    for link in soup.find_all("a", href=True):
        parts = urlsplit(link["href"])
        if parts.query and parts.path in ("", path):
            names.update(pair.split("=", 1)[0] for pair in parts.query.split("&"))
    return names


def post_forms(html: bytes) -> list[tuple[str, dict, list[str]]]:
    """Each POST form of a page: (action, the values it carries, the fields to poison)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for form in soup.find_all("form"):
        if (form.get("method") or "").lower() != "post":
            continue
        fixed, poisoned = {}, []
        for field in form.find_all(["input", "select", "textarea"]):
            name, kind = field.get("name"), (field.get("type") or "").lower()
            if not name or name in ("website", "csrfmiddlewaretoken"):
                if name == "csrfmiddlewaretoken":
                    fixed[name] = field.get("value", "")
                continue
            if kind == "checkbox" and name == "consent":
                fixed[name] = "on"
            elif kind in ("file", "submit"):
                continue
            else:
                poisoned.append(name)
        found.append((form.get("action") or "", fixed, poisoned))
    return found


FORM_PAGES = ("article", "draft", "contact", "ask", "lookup", "poll", "survey")


def form_page_url(world, key: str) -> str:
    return {"article": world["article"].url, "draft": f"/van-ban/{world['draft'].pk}/",
            "contact": world["contact"].url, "ask": "/hoi-dap/gui-cau-hoi/",
            "lookup": "/hoi-dap/tra-cuu/", "poll": f"/tham-do/{world['poll'].pk}/",
            "survey": world["survey"].url}[key]
