"""The audit log per unit, the actions it gained, and the security alerts by email."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.files.base import ContentFile
from django.test import RequestFactory
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from bantin.core.models import CustomDocument, SiteIdentity
from bantin.news.models import ArticlePage, CategoryPage
from bantin.security.models import LogEntryOwner
from bantin.units.provision import create_unit
from tests import shared_data

pytestmark = pytest.mark.django_db
REPORT = "/quan-tri/reports/site-history/"


def build_units() -> dict:
    hub = create_unit("Huyện Nhật Ký", "hub.nhatky.vn").unit
    a = create_unit("Xã Anpha", "a.nhatky.vn", "hub.nhatky.vn").unit
    b = create_unit("Xã Bêta", "b.nhatky.vn", "hub.nhatky.vn").unit
    users = get_user_model().objects
    admin = users.create_superuser("quantri", "quantri@nhatky.vn", "mat-khau-dai-12")
    staff = {}
    for name, unit in (("hub", hub), ("a", a), ("b", b)):
        staff[name] = users.create_user(f"bientap-{name}", password="mat-khau-dai-12")
        staff[name].groups.add(unit.moderators)
    return {"hub": hub, "a": a, "b": b, "admin": admin, "staff": staff}


# Built once for the module's tests (tests/shared_data.py); each gets its own copies.
units_snapshot = shared_data.per_module(build_units)


@pytest.fixture
def units(request, units_snapshot, db):
    return units_snapshot.get(request)


def _article(unit, title, user):
    news = CategoryPage.objects.child_of(unit.site.root_page).get()
    article = ArticlePage(title=title, slug=title.lower().replace(" ", "-"), lead="Sapo")
    news.add_child(instance=article)
    article.save_revision(user=user).publish(user=user)
    return article


def _document(unit, title, user):
    document = CustomDocument(title=title, collection=unit.collection)
    document.file = ContentFile(b"%PDF-1.4\n%%EOF\n", name="tai-lieu.pdf")
    document.save()
    log(instance=document, action="wagtail.create", user=user)
    return document


@pytest.fixture
def logged(units):
    """Entries in both units: a page published, a document, the settings changed; and a
    page and a document of unit B deleted (their entries must keep their unit)."""
    staff = units["staff"]
    _article(units["a"], "Tin Anpha", staff["a"])
    _document(units["a"], "Tệp Anpha", staff["a"])
    article_b = _article(units["b"], "Tin Bêta", staff["b"])
    document_b = _document(units["b"], "Tệp Bêta", staff["b"])
    identity_b = SiteIdentity.for_site(units["b"].site)
    log(instance=identity_b, action="wagtail.edit", user=staff["b"])
    article_b.delete(user=staff["b"])
    log(instance=document_b, action="wagtail.delete", user=staff["b"])
    document_b.delete()
    mail.outbox.clear()
    return units


def _report(client, user, query=""):
    client.force_login(user)
    return client.get(REPORT + query, HTTP_HOST="a.nhatky.vn")


def test_unit_staff_see_only_their_units_entries(client, logged):
    html = _report(client, logged["staff"]["a"]).content.decode()
    assert "Tin Anpha" in html and "Tệp Anpha" in html
    assert "Bêta" not in html
    for export in ("csv", "xlsx"):
        response = _report(client, logged["staff"]["a"], f"?export={export}")
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else \
            response.content
        if export == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(body)).active
            body = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row).encode()
        text = body.decode()
        assert "Tin Anpha" in text and "Bêta" not in text, export
    # the filter choices name nobody of unit B either
    assert "bientap-b" not in html


def test_unit_b_sees_its_deleted_page_and_document(client, logged):
    html = _report(client, logged["staff"]["b"]).content.decode()
    assert "Tin Bêta" in html and "Tệp Bêta" in html
    assert "Anpha" not in html
    deleted = PageLogEntry.objects.get(action="wagtail.delete", label="Tin Bêta")
    assert LogEntryOwner.objects.get(log_model="page", entry_id=deleted.pk).path.startswith(
        logged["b"].site.root_page.path)


def test_hub_staff_and_administrators_see_all_and_filter_by_unit(client, logged):
    html = _report(client, logged["staff"]["hub"]).content.decode()
    assert "Tin Anpha" in html and "Tin Bêta" in html
    only_b = _report(client, logged["staff"]["hub"],
                     f"?unit={logged['b'].site.pk}").content.decode()
    assert "Tin Bêta" in only_b and "Tin Anpha" not in only_b
    html = _report(client, logged["admin"]).content.decode()
    assert "Tin Anpha" in html and "Tin Bêta" in html
    # unit A's staff cannot widen their view with unit B's filter
    sneaky = _report(client, logged["staff"]["a"], f"?unit={logged['b'].site.pk}")
    assert "Bêta" not in sneaky.content.decode()


def test_bulk_document_deletion_is_logged_with_its_unit(client, units):
    docs = [_document(units["a"], f"Tệp số {n}", units["staff"]["a"]) for n in range(2)]
    client.force_login(units["staff"]["a"])
    ids = "&".join(f"id={d.pk}" for d in docs)
    response = client.post(f"/quan-tri/bulk/core/customdocument/delete/?{ids}",
                           HTTP_HOST="a.nhatky.vn")
    assert response.status_code in (200, 302)
    assert not CustomDocument.objects.filter(pk__in=[d.pk for d in docs]).exists()
    entries = ModelLogEntry.objects.filter(action="wagtail.delete",
                                           object_id__in=[str(d.pk) for d in docs])
    assert entries.count() == 2
    paths = LogEntryOwner.objects.filter(log_model="model", entry_id__in=entries.values("pk"))
    assert {p.path for p in paths} == {units["a"].site.root_page.path}


def test_bulk_user_deactivation_is_logged(client, units):
    target = units["staff"]["b"]
    client.force_login(units["admin"])
    response = client.post(
        f"/quan-tri/bulk/auth/user/set_active_state/?id={target.pk}",
        {"mark_as_active": "False"}, HTTP_HOST="hub.nhatky.vn")
    assert response.status_code in (200, 302)
    entry = ModelLogEntry.objects.get(object_id=str(target.pk), action="wagtail.edit")
    assert entry.data == {"bulk_action": "set_active_state"}


# -- alerts -----------------------------------------------------------------------------


def _fail_logins(times, address="203.0.113.7", username="nguoi-la"):
    request = RequestFactory().post("/quan-tri/login/", REMOTE_ADDR=address)
    for _ in range(times):
        assert authenticate(request, username=username, password="sai-mat-khau") is None


def test_many_failed_logins_raise_one_alert(units, settings):
    settings.BANTIN_SECURITY_FAILED_LOGINS = (5, 600)
    settings.BANTIN_SECURITY_ALERT_EMAILS = ["antoan@nhatky.vn"]
    _fail_logins(4)
    assert mail.outbox == []
    _fail_logins(1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {"antoan@nhatky.vn", "quantri@nhatky.vn"}
    assert "đăng nhập sai" in message.subject
    assert "203.0.113.7" in message.body and "nguoi-la" in message.body
    _fail_logins(5)  # same window: no second alert
    assert len(mail.outbox) == 1
    # another address and user name count on their own
    _fail_logins(4, address="198.51.100.9", username="khac")
    assert len(mail.outbox) == 1


def _unpublish_or_delete_page(units, n):
    page = _article(units["a"], f"Tin số {n}", units["staff"]["a"])
    return lambda: page.delete(user=units["staff"]["a"]) if n % 2 else \
        page.unpublish(user=units["staff"]["a"])


def _delete_document(units, n):
    doc = _document(units["a"], f"Văn bản {n}", units["staff"]["a"])
    return lambda: log(instance=doc, action="wagtail.delete", user=units["staff"]["a"])


@pytest.mark.parametrize("make", [_unpublish_or_delete_page, _delete_document],
                         ids=["pages", "documents"])
def test_mass_deletion_or_unpublishing_raises_one_alert(units, settings, make):
    settings.BANTIN_SECURITY_MASS_CHANGES = (4, 600)
    actions = [make(units, n) for n in range(6)]
    mail.outbox.clear()
    for act in actions[:3]:
        act()
    assert mail.outbox == []  # below the threshold
    actions[3]()
    assert len(mail.outbox) == 1
    assert "hàng loạt" in mail.outbox[0].subject and "bientap-a" in mail.outbox[0].body
    for act in actions[4:]:
        act()
    assert len(mail.outbox) == 1  # one alert per burst


def test_settings_and_permission_changes_raise_an_alert(client, units):
    mail.outbox.clear()
    identity = SiteIdentity.for_site(units["a"].site)
    client.force_login(units["admin"])
    from django.contrib.contenttypes.models import ContentType

    url = f"/quan-tri/settings/core/siteidentity/{units['a'].site.pk}/"
    form = client.get(url, HTTP_HOST="hub.nhatky.vn").context["form"]
    response = client.post(url, {**_post_data(form), "phone": "0203 999 888"},
                           HTTP_HOST="hub.nhatky.vn")
    assert response.status_code == 302, response.content[:2000]
    identity.refresh_from_db()
    assert identity.phone == "0203 999 888"
    entry = ModelLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(SiteIdentity), action="wagtail.edit")
    assert LogEntryOwner.objects.get(log_model="model", entry_id=entry.pk).path == \
        units["a"].site.root_page.path
    assert len(mail.outbox) == 1
    assert "cấu hình" in mail.outbox[0].subject and "quantri" in mail.outbox[0].body
    # a user's groups changed: another alert
    log(instance=units["staff"]["a"], action="wagtail.edit", user=units["admin"])
    assert len(mail.outbox) == 2


def test_ordinary_content_work_raises_no_alert(units):
    editor = units["staff"]["a"]
    mail.outbox.clear()
    for n in range(3):
        page = _article(units["a"], f"Tin thường {n}", editor)
        page.unpublish(user=editor)
    _fail_logins(3)
    assert mail.outbox == []


def _post_data(form):
    """The form's current values as a browser would post them (formsets included)."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    for name in getattr(form, "formsets", {}):
        data[f"{name}-TOTAL_FORMS"] = "0"
        data[f"{name}-INITIAL_FORMS"] = "0"
        data[f"{name}-MIN_NUM_FORMS"] = "0"
        data[f"{name}-MAX_NUM_FORMS"] = "1000"
    return data
