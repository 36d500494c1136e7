"""Vietnamese everywhere an editor goes.

A unit's editor (and its moderator) walk the admin screens they can reach; the text still
in English on each screen is counted (tests/admin/english_walk.py says how), and the test
fails when a screen shows more of it than tests/admin/english_baseline.json records. The
catalogue itself (bantin/locale/vi) is checked entry by entry: placeholders kept, NFC,
one plural form. BANTIN_ADMIN_VI_REPORT=1 rewrites docs/admin-vietnamese.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

from bantin.core.models import CustomDocument, CustomImage
from bantin.interaction.models import Comment
from bantin.laws.models import DocumentType, IssuingBody, LegalDocument
from bantin.news.models import ArticlePage, CategoryPage
from bantin.units.provision import create_unit
from tests import shared_data
from tests.admin import english_walk
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "bantin" / "locale" / "vi" / "LC_MESSAGES"
BASELINE = Path(__file__).with_name("english_baseline.json")
REPORT = ROOT / "docs" / "admin-vietnamese.md"
PASSWORD = "mat-khau-dai-12"


def build_world() -> dict:
    create_unit("Huyện Thử", "hub.example.vn")
    unit = create_unit("Xã Phúc Khoa", "phuc-khoa.example.vn", "hub.example.vn").unit
    news = CategoryPage.objects.child_of(unit.site.root_page).get()
    article = ArticlePage(title="Hội nghị tổng kết năm", slug="hoi-nghi", lead="Sapo bài viết")
    news.add_child(instance=article)
    article.save_revision().publish()
    article.title = "Hội nghị tổng kết năm (sửa)"
    article.save_revision()
    image = CustomImage(title="Ảnh hội nghị", collection=unit.collection)
    image.file = ContentFile(jpeg_bytes(), name="hoi-nghi.jpg")
    image.save()
    document = CustomDocument(title="Kế hoạch năm", collection=unit.collection)
    document.file = ContentFile(b"%PDF-1.4\n%%EOF\n", name="ke-hoach.pdf")
    document.save()
    law = LegalDocument.objects.create(
        site=unit.site, number="01/QĐ-UBND", summary="Quyết định thử",
        doc_type=DocumentType.objects.create(name="Quyết định"),
        issuer=IssuingBody.objects.create(name="UBND xã"), issued_on=dt.date(2026, 1, 2),
    )
    Comment.objects.create(page=article, name="Người đọc", text="Ý kiến của tôi")
    _records(unit, law, image)
    User = get_user_model()
    staff = {}
    for role in ("editors", "moderators"):
        user = User.objects.create_user(f"{role}-pk", password=PASSWORD,
                                        first_name="Nguyễn", last_name="Văn An")
        user.groups.add(getattr(unit, role))
        staff[role] = user
    # Something for the moderator to review.
    article.get_workflow().start(article, staff["editors"])
    return {"unit": unit, "article": article, "image": image, "document": document,
            "law": law, "staff": staff}


def _records(unit, law, image) -> None:
    """One record of each snippet the unit's staff manage, so that their edit forms are
    walked too."""
    from bantin.broadcast.models import (
        Cluster,
        ClusterGroup,
        EmergencyMessage,
        Playlist,
        PlaylistItem,
        Programme,
        Schedule,
        ScheduleSlot,
        Station,
    )
    from bantin.interaction.models import ContactMessage, Opinion
    from bantin.laws.models import LegalField, Signer
    from bantin.news.models import Banner
    from bantin.polls.models import Poll, PollChoice
    from bantin.questions.models import Question

    site = unit.site
    Banner.objects.create(site=site, title="Cổng dịch vụ công", url="https://dichvucong.gov.vn/",
                          image=image)
    Opinion.objects.create(document=law, name="Người góp ý", text="Góp ý dự thảo")
    ContactMessage.objects.create(site=site, department_name="Văn phòng", name="Người gửi",
                                  subject="Hỏi lịch tiếp dân", text="Nội dung thư")
    Question.objects.create(site=site, name="Người hỏi", title="Hỏi về hộ tịch",
                            text="Thủ tục đăng ký khai sinh?")
    poll = Poll.objects.create(site=site, question="Bạn thấy dịch vụ công thế nào?")
    PollChoice.objects.create(poll=poll, label="Tốt", sort_order=0)
    Signer.objects.create(name="Lò Văn Ký", position="Chủ tịch")
    LegalField.objects.create(name="Đất đai")
    station = Station.objects.create(site=site, name="Đài truyền thanh xã")
    cluster = Cluster.objects.create(station=station, name="Cụm loa thôn 1", device_id="cum-1")
    group = ClusterGroup.objects.create(station=station, name="Các thôn phía đông")
    group.clusters.add(cluster)
    programme = Programme.objects.create(station=station, title="Bản tin sáng", kind="speech",
                                         text="Nội dung bản tin")
    playlist = Playlist(station=station, title="Chương trình sáng")
    playlist.items.add(PlaylistItem(programme=programme))
    playlist.save()
    schedule = Schedule(station=station, name="Lịch phát sáng", programme=programme,
                        first_date="2026-01-01")
    schedule.slots.add(ScheduleSlot(start_time="06:00", duration_minutes=30))
    schedule.clusters = [cluster]
    schedule.save()
    EmergencyMessage.objects.create(station=station, title="Tin khẩn", programme=programme,
                                    to_all=True)


world = shared_data.per_module(build_world)


def screens(w) -> dict[str, str]:
    """The admin screens to walk: name -> URL."""
    unit, article = w["unit"], w["article"]
    home = unit.site.root_page
    out = {
        "dashboard": "/quan-tri/",
        "explorer": f"/quan-tri/pages/{home.pk}/",
        "explorer (all pages)": "/quan-tri/pages/",
        "page history": f"/quan-tri/pages/{article.pk}/history/",
        "page revisions compare": f"/quan-tri/pages/{article.pk}/revisions/compare/live...latest/",
        "page workflow history": f"/quan-tri/pages/{article.pk}/workflow_history/",
        "page usage": f"/quan-tri/pages/{article.pk}/usage/",
        "page copy": f"/quan-tri/pages/{article.pk}/copy/",
        "page move": f"/quan-tri/pages/{article.pk}/move/",
        "page delete": f"/quan-tri/pages/{article.pk}/delete/",
        "page unpublish": f"/quan-tri/pages/{article.pk}/unpublish/",
        "page type choice": f"/quan-tri/pages/{home.pk}/add_subpage/",
        "page chooser": "/quan-tri/choose-page/",
        "page chooser (search)": "/quan-tri/choose-page/search/?q=hoi",
        "link chooser (external)": "/quan-tri/choose-external-link/",
        "link chooser (email)": "/quan-tri/choose-email-link/",
        "link chooser (phone)": "/quan-tri/choose-phone-link/",
        "link chooser (anchor)": "/quan-tri/choose-anchor-link/",
        "images": "/quan-tri/images/",
        "image add": "/quan-tri/images/multiple/add/",
        "image edit": f"/quan-tri/images/{w['image'].pk}/",
        "image usage": f"/quan-tri/images/usage/{w['image'].pk}/",
        "image chooser": "/quan-tri/images/chooser/",
        "image chooser (upload)": "/quan-tri/images/chooser/create/",
        "documents": "/quan-tri/documents/",
        "document add": "/quan-tri/documents/multiple/add/",
        "document edit": f"/quan-tri/documents/edit/{w['document'].pk}/",
        "document chooser": "/quan-tri/documents/chooser/",
        "snippets": "/quan-tri/snippets/",
        "search": "/quan-tri/pages/search/?q=hoi",
        "reports (locked pages)": "/quan-tri/reports/locked/",
        "reports (workflows)": "/quan-tri/reports/workflow/",
        "reports (workflow tasks)": "/quan-tri/reports/workflow_tasks/",
        "reports (site history)": "/quan-tri/reports/site-history/",
        "reports (aging pages)": "/quan-tri/reports/aging-pages/",
        "reports (page types)": "/quan-tri/reports/page-types-usage/",
        "workflow tasks": "/quan-tri/workflows/tasks/index/",
        "account": "/quan-tri/account/",
        "account (2FA)": "/quan-tri/xac-thuc/tai-khoan/",
        "backup codes": "/quan-tri/xac-thuc/ma-du-phong/",
        "collections": "/quan-tri/collections/",
        "tags": "/quan-tri/tag-autocomplete/?term=a",
    }
    state = article.current_workflow_task_state
    if state is not None:  # the moderator's approve/reject dialogs
        for action in ("approve", "reject"):
            out[f"workflow {action} dialog"] = (
                f"/quan-tri/pages/workflow/collect_action_data/{article.pk}/{action}/"
                f"{state.pk}/")
    out["workflow cancel confirmation"] = (
        f"/quan-tri/pages/workflow/confirm_cancellation/{article.pk}/")
    for page in Page.objects.descendant_of(home, inclusive=True).specific():
        out.setdefault(f"page edit: {type(page).__name__}", f"/quan-tri/pages/{page.pk}/edit/")
    parents = list(Page.objects.descendant_of(home, inclusive=True).specific())
    for model in get_page_models():
        parent = next((p for p in parents if model.can_create_at(p)
                       and model in type(p).creatable_subpage_models()), None)
        if parent is not None:
            out[f"page add: {model.__name__}"] = (
                f"/quan-tri/pages/add/{model._meta.app_label}/{model._meta.model_name}/"
                f"{parent.pk}/")
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        name = model._meta.model_name
        out[f"snippet list: {name}"] = f"/quan-tri/snippets/{model._meta.app_label}/{name}/"
        out[f"snippet add: {name}"] = f"/quan-tri/snippets/{model._meta.app_label}/{name}/add/"
        obj = viewset.model.objects.first()
        if obj is not None:
            out[f"snippet edit: {name}"] = (
                f"/quan-tri/snippets/{model._meta.app_label}/{name}/edit/{obj.pk}/")
            for view in ("history", "usage", "inspect"):
                try:
                    out[f"snippet {view}: {name}"] = reverse(viewset.get_url_name(view),
                                                             args=[obj.pk])
                except NoReverseMatch:
                    pass
    for model in settings_registry:
        out[f"settings: {model._meta.model_name}"] = (
            f"/quan-tri/settings/{model._meta.app_label}/{model._meta.model_name}/"
            f"{unit.site_id}/")
    return out


def walk(client, w, role, shown=None) -> dict[str, list[str]]:
    """Each screen the role reaches (answered 200 without a redirect) -> its English.
    `shown`, when given, collects each screen's visible strings (for the report)."""
    client.force_login(w["staff"][role])
    client.raise_request_exception = False
    found = {}
    for name, url in screens(w).items():
        response = client.get(url, HTTP_HOST="phuc-khoa.example.vn")
        if response.status_code != 200 or response.streaming:
            continue
        body = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            data = json.loads(body)
            body = data.get("html", "") if isinstance(data, dict) else ""
        strings = english_walk.visible_strings(body)
        found[name] = english_walk.english_strings(body)
        # Vietnamese in decomposed form (NFD) looks right but breaks search and sorting.
        found[name] += sorted({f"not NFC: {s}" for s in strings
                               if not unicodedata.is_normalized("NFC", s)})
        if shown is not None:
            shown[name] = set(strings)
    return found


def js_missing(client, w) -> list[str]:
    """msgids of Wagtail's admin JavaScript catalogue with no Vietnamese."""
    client.force_login(w["staff"]["editors"])
    body = client.get("/quan-tri/jsi18n/").content.decode()
    catalogue = english_walk.js_catalogue(body)
    import wagtail

    source = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
    msgids = {m for m in english_walk._po_msgids(source, plurals=False) if m}
    return sorted(m for m in msgids if m not in catalogue)


def test_unit_staff_see_no_more_english_than_the_baseline(client, world, request):
    w = world.get(request)
    reporting = bool(os.environ.get("BANTIN_ADMIN_VI_REPORT"))
    shown = {"editors": {}, "moderators": {}} if reporting else {}
    results = {role: walk(client, w, role, shown.get(role)) for role in ("editors", "moderators")}
    results["editors"]["admin JavaScript catalogue"] = js_missing(client, w)
    if reporting:  # the screens before login, walked by the test below, as recorded
        previous = json.loads(BASELINE.read_text(encoding="utf-8")).get("before login", {})
    counts = {role: {name: len(found) for name, found in screens_.items()}
              for role, screens_ in results.items()}
    if os.environ.get("BANTIN_ADMIN_VI_DUMP"):  # every English string found, as JSON
        Path(os.environ["BANTIN_ADMIN_VI_DUMP"]).write_text(
            json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if reporting:
        write_report(results, shown, list(screens(w)))
        counts["before login"] = previous
        BASELINE.write_text(json.dumps(counts, ensure_ascii=False, indent=1, sort_keys=True)
                            + "\n", encoding="utf-8")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    grown = [f"{role} / {name}: {n} > {baseline.get(role, {}).get(name, 0)}: "
             + "; ".join(results[role][name])
             for role, by_screen in counts.items() for name, n in by_screen.items()
             if n > baseline.get(role, {}).get(name, 0)]
    assert not grown, "more English on the admin screens than recorded:\n" + "\n".join(grown)
    # The editor reaches the screens the daily work needs (a refusal would hide English).
    for name in ("dashboard", "explorer", "images", "documents", "page add: ArticlePage",
                 "page edit: ArticlePage", "search", "account", "snippet list: legaldocument"):
        assert name in counts["editors"], name


LOGIN_SCREENS = {
    "login": "/quan-tri/login/",
    "password reset": "/quan-tri/password_reset/",
    "password reset sent": "/quan-tri/password_reset/done/",
}


@pytest.mark.real_2fa
def test_login_and_second_factor_screens_are_vietnamese(client, world, request):
    """Logged out, then past the password but before the second factor."""
    w = world.get(request)
    found = {}
    for name, url in LOGIN_SCREENS.items():
        response = client.get(url)
        assert response.status_code == 200, url
        found[name] = english_walk.english_strings(response.content.decode())
    response = client.post("/quan-tri/login/", {"username": w["staff"]["editors"].username,
                                                "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/quan-tri/", follow=True)
    enrol = response.redirect_chain[-1][0]
    assert "/quan-tri/xac-thuc/dang-ky/" in enrol
    found["2FA enrolment"] = english_walk.english_strings(response.content.decode())
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")).get("before login", {})
    grown = {name: english for name, english in found.items()
             if len(english) > baseline.get(name, 0)}
    assert not grown, grown


def test_template_overrides_change_only_their_english():
    """bantin/core/templates/wagtailadmin overrides Wagtail templates with hard-coded English
    (docs/admin-vietnamese.md); a Wagtail upgrade that changes them must be noticed."""
    import wagtail.admin

    upstream = Path(wagtail.admin.__file__).parent / "templates" / "wagtailadmin"
    ours = ROOT / "bantin" / "core" / "templates" / "wagtailadmin"
    search = '<input type="submit" value="Search" class="button" />'
    fixes = {
        "home.html": [(search, search.replace('"Search"', '"{% trans "Search" %}"'))],
        "shared/header.html": [(search, search.replace('"Search"', '"{% trans "Search" %}"'))],
        "shared/headers/_actions.html": [
            ('<nav aria-label="Actions"',
             '{% load i18n %}<nav aria-label="{% trans "Actions" %}"')],
        # A page published by no one (as `create_unit` does) showed "None" as its publisher.
        "shared/user_avatar.html": [("{{ user }}", '{{ user|default_if_none:"" }}')],
    }
    for name, replacements in fixes.items():
        expected = (upstream / name).read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in expected, f"Wagtail's {name} changed: update our copy"
            expected = expected.replace(old, new)
        assert (ours / name).read_text(encoding="utf-8") == expected, name
    # The inspect view (a record's details) extends Wagtail's and redoes one block, so that
    # an empty value reads "—" instead of "None".
    inspect = (upstream / "generic" / "inspect.html").read_text(encoding="utf-8")
    block = inspect[inspect.index("    {% block fields_output %}"):
                    inspect.index("    {% endblock %}\n{% endblock %}") + 19]
    assert "{{ field.value|localize }}" in block, "Wagtail's generic/inspect.html changed"
    assert (ours / "generic" / "inspect.html").read_text(encoding="utf-8") == (
        '{% extends "wagtailadmin/generic/inspect.html" %}\n'
        "{% load wagtailadmin_tags l10n %}\n\n"
        + block.replace("{{ field.value|localize }}",
                        '{{ field.value|default_if_none:"—"|localize }}'))


# Models no admin screen shows (renditions, page cache, visitor bookkeeping).
INTERNAL_MODELS = {"core.CustomRendition", "audience.ActiveVisitor", "pagecache.CachedPageTag",
                   "pagecache.PurgeLog"}


def test_our_models_have_vietnamese_names():
    """Listings, usage screens and messages name models by their verbose names ("Playlist
    item → Chương trình" was one): every model of ours has a Vietnamese one."""
    from django.apps import apps

    english = [
        f"{model._meta.label}: {model._meta.verbose_name} / {model._meta.verbose_name_plural}"
        for model in apps.get_models()
        if model.__module__.startswith("bantin.") and model._meta.label not in INTERNAL_MODELS
        and (english_walk.is_english(str(model._meta.verbose_name))
             or english_walk.is_english(str(model._meta.verbose_name_plural)))
    ]
    assert not english, english


def test_the_english_heuristic():
    assert english_walk.is_english("Add child page")
    assert english_walk.is_english("Images")
    assert not english_walk.is_english("Thêm trang con")
    assert not english_walk.is_english("Tin tức")
    assert english_walk.is_english("Choose loại văn bản")  # English mixed in
    assert not english_walk.is_english("Tải lên tệp PDF từ Word hoặc Zalo")
    assert not english_walk.is_english("Wagtail PDF")
    assert not english_walk.is_english("https://example.com/page")
    html = ('<p>Xin chào <b>Sort by</b></p><script>var a = "Delete";</script>'
            '<input type="submit" value="Save"><span title="Trang con"></span>'
            '<div data-w-block-data-value=\'{"label": "Heading"}\'></div>')
    assert english_walk.english_strings(html) == ["Heading", "Save", "Sort by"]
    # A value no language owns (a secret key in base32, say) is marked translate="no"
    # and not read as English, however its random letters fall.
    assert english_walk.is_english("EDIT PAGE")
    html = ('<p>Khóa bí mật: <code translate="no">EDIT <b>PAGE</b></code></p>'
            '<p hidden>Pending</p><p>Delete</p>')
    assert english_walk.english_strings(html) == ["Delete"]


def test_secrets_and_codes_on_second_factor_screens_are_marked_as_data():
    """The TOTP key and the backup codes are random letters: the screens mark them
    translate="no" (browsers' page translation leaves them alone too)."""
    templates = ROOT / "bantin" / "accounts" / "templates" / "accounts"
    assert re.search(r'<code id="totp-secret" translate="no"',
                     (templates / "enrol.html").read_text(encoding="utf-8"))
    assert re.search(r'<ol id="backup-codes" translate="no"',
                     (templates / "backup_codes.html").read_text(encoding="utf-8"))


def test_an_editor_without_a_preference_gets_vietnamese(client, world, request):
    w = world.get(request)
    editor = w["staff"]["editors"]
    client.force_login(editor)
    page = client.get("/quan-tri/").content.decode()
    assert 'lang="vi"' in page
    shown = english_walk.visible_strings(page)  # the sidebar menu is in JSON
    assert "Hình ảnh" in shown and "Trang" in shown
    assert "Images" not in shown and "Documents" not in shown
    assert "<title>Trang tổng quan - Quản trị</title>" in page
    # Many officials' browsers ask for English first: the admin stays in Vietnamese.
    page = client.get("/quan-tri/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page and "Hình ảnh" in english_walk.visible_strings(page)
    prefs = client.get("/quan-tri/account/").content.decode()
    assert '<option value="vi">Tiếng Việt</option>' in prefs  # NFC, as typed here
    # A preference is kept: an editor who chose English gets English.
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    assert 'lang="en"' in client.get("/quan-tri/").content.decode()


# The catalogue, entry by entry.

PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(value: str) -> str:
    return re.sub(r'\\(.)', lambda m: ESCAPES.get(m.group(1), m.group(0)), value)


def _entries(path: Path):
    """(msgctxt, msgid, msgid_plural, [msgstr...]) of a .po file, unescaped; the header
    first."""
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" not in fields:
            continue
        fields = {key: _unescape(value) for key, value in fields.items()}
        strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        yield fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strs


def catalogue_problems(path: Path) -> list[str]:
    entries = list(_entries(path))
    if not (entries and entries[0][1] == "" and "nplurals=1; plural=0;" in entries[0][3][0]):
        return ["the header does not say Vietnamese has one plural form"]
    bad = []
    for _ctx, msgid, plural, strs in entries[1:]:
        if plural is not None and len(strs) != 1:
            bad.append(f"{msgid!r}: {len(strs)} plural forms, Vietnamese has one")
        for msgstr in strs:
            if not msgstr:
                continue
            source = plural if plural is not None else msgid
            if sorted(PLACEHOLDER_RE.findall(msgstr)) != sorted(PLACEHOLDER_RE.findall(source)):
                bad.append(f"{msgid!r}: placeholders differ in {msgstr!r}")
            if not unicodedata.is_normalized("NFC", msgstr):
                bad.append(f"{msgid!r}: not NFC")
            if msgstr == msgid and english_walk.is_english(PLACEHOLDER_RE.sub(" ", msgstr)):
                bad.append(f"{msgid!r}: left in English")
    return bad


@pytest.mark.parametrize("name", ["django.po", "djangojs.po"])
def test_the_catalogue_keeps_placeholders_and_is_nfc(name):
    assert len(list(_entries(LOCALE / name))) > 100
    problems = catalogue_problems(LOCALE / name)
    assert not problems, "\n".join(problems)


def test_the_catalogue_check_catches_bad_entries(tmp_path):
    nfd = unicodedata.normalize("NFD", "Tiếng Việt")
    po = tmp_path / "bad.po"
    po.write_text(
        'msgid ""\nmsgstr "Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Page %(title)s"\nmsgstr "Trang %(tieu_de)s"\n\n'
        'msgid "%(count)s page"\nmsgid_plural "%(count)s pages"\n'
        'msgstr[0] "%(count)s trang"\nmsgstr[1] "%(count)s trang"\n\n'
        f'msgid "Language"\nmsgstr "{nfd}"\n\n'
        'msgid "Save draft"\nmsgstr "Save draft"\n\n'
        'msgid "%(num)s error"\nmsgid_plural "%(num)s errors"\nmsgstr[0] "%(num)s lỗi"\n',
        encoding="utf-8")
    problems = catalogue_problems(po)
    assert problems == [
        "'Page %(title)s': placeholders differ in 'Trang %(tieu_de)s'",
        "'%(count)s page': 2 plural forms, Vietnamese has one",
        "'Language': not NFC",
        "'Save draft': left in English",
    ]
    po.write_text('msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n',
                  encoding="utf-8")
    assert catalogue_problems(po) == ["the header does not say Vietnamese has one plural form"]


def test_the_catalogue_has_every_msgid_of_the_installed_apps(capsys):
    """A Wagtail, Django or add-on upgrade that brings new strings is noticed here; run
    scripts/admin-catalogue to add them (docs/admin-vietnamese.md)."""
    import importlib.util
    from importlib.machinery import SourceFileLoader

    loader = SourceFileLoader("admin_catalogue", str(ROOT / "scripts" / "admin-catalogue"))
    script = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(script)
    assert script.main(check=True) == 0, capsys.readouterr().out


def test_the_compiled_catalogue_is_current():
    """The committed .mo files hold exactly the committed .po files (`make locale`)."""
    import gettext

    for name in ("django", "djangojs"):
        po, mo = LOCALE / f"{name}.po", LOCALE / f"{name}.mo"
        with mo.open("rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog
        stale = []
        for ctx, msgid, plural, strs in list(_entries(po))[1:]:
            key = f"{ctx}\x04{msgid}" if ctx is not None else msgid
            got = catalog.get((key, 0) if plural is not None else key)
            if strs and strs[0] and got != strs[0]:
                stale.append(msgid)
        assert not stale, f"{mo} does not match {po} (run `make locale`): {stale[:5]}"


def test_our_catalogue_wins_over_wagtails():
    with translation.override("vi"):
        from django.utils.translation import gettext

        assert gettext("Images") == "Hình ảnh"
        assert gettext("Documents") == "Tài liệu"
        assert gettext("Settings") == "Cài đặt"


def write_report(results, shown, names) -> None:
    from tests.admin.report import render

    REPORT.write_text(render(results, shown, names, LOCALE), encoding="utf-8")
