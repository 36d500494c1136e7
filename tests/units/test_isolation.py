"""Isolation of units, tested by walking every admin URL the project registers.

Staff of unit A request every admin URL, filled in with the objects of unit B (a page, an
image, a document, a legal document, a banner, a comment, revisions, workflow states, the
site's settings, its groups), by GET and by POST. No response may show B's content, and
nothing of B may change. Every model behind an admin URL must have its ownership declared
in `bantin.units.access` (or be handled by Wagtail's own page/collection/site permissions,
or be reserved to administrators): a new model without that makes this test fail.
"""

from __future__ import annotations

import inspect
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, Page, Site, Task, Workflow, WorkflowState
from wagtail.snippets.models import get_snippet_models

from bantin.audience.models import Counter
from bantin.broadcast.models import (
    Cluster,
    ClusterGroup,
    Command,
    EmergencyDelivery,
    EmergencyMessage,
    Playlist,
    PlaylistItem,
    Programme,
    Schedule,
    ScheduleSlot,
    Station,
)
from bantin.core.models import CustomDocument, CustomImage
from bantin.interaction.models import Comment, ContactMessage, Opinion
from bantin.laws.models import DocumentType, IssuingBody, LegalDocument, LegalField, Signer
from bantin.news import sharing
from bantin.news.models import ArticlePage, ArticleShare, Banner, CategoryPage
from bantin.polls.models import Poll, PollChoice
from bantin.questions.models import Question
from bantin.units import access
from bantin.units.provision import create_unit
from tests import shared_data
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

MARK = "Zqxbeta"  # in every title of unit B: no response to A may contain it
WORD = "Yvworda"  # also in those titles: the walk searches for it (a query is echoed back)

# Models whose admin access Wagtail itself limits per unit (page, collection and site
# permissions granted by `units.provision`).
NATIVE = {Page, CustomImage, CustomDocument}
# Models only administrators manage: unit staff get no permission on them at all.
ADMIN_ONLY_LABELS = {
    "auth.Group", "wagtailcore.Site", "wagtailcore.Collection", "wagtailcore.Workflow",
    "wagtailcore.Task", "wagtailredirects.Redirect", "wagtailusers.UserProfile",
    get_user_model()._meta.label,
}
# URL parameters that do not name an object of a unit.
NOT_OBJECTS = {"uidb64", "token", "uploaded_file_id"}
SKIP = {
    "wagtailadmin_logout",  # would end the session the walk uses
    "wagtailadmin_error_test",  # raises on purpose
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern.callback


def admin_urls():
    return [row for row in _walk(get_resolver().url_patterns) if row[0].startswith("quan-tri/")]


def view_model(callback):
    initkwargs = getattr(callback, "view_initkwargs", None) or {}
    model = (initkwargs.get("model")
             or getattr(getattr(callback, "view_class", None), "model", None)
             or getattr(getattr(inspect.unwrap(callback), "__self__", None), "model", None))
    return model if isinstance(model, type) else None


PARAM_RE = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)|\((?!\?)[^)]*\)")


def build(pattern: str, values) -> tuple[str, list[str]]:
    """Fill a URL pattern; returns the URL and the parameters it had."""
    names = []
    counter = {"n": 0}

    def fill(match):
        name = match.group(1) or match.group(2)
        if name is None:  # an unnamed regex group: the page revisions comparison
            counter["n"] += 1
            name = ["page_id", "revision_id_a", "revision_id_b"][counter["n"] - 1]
        names.append(name)
        return str(values(name))

    url = PARAM_RE.sub(fill, pattern)
    url = url.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + url, names


def build_world() -> dict:
    hub = create_unit("Huyện Thử", "hub.example.vn").unit
    unit_a = create_unit("Xã Alpha", "alpha.example.vn", "hub.example.vn").unit
    unit_b = create_unit(f"Xã {MARK} {WORD}", "beta.example.vn", "hub.example.vn").unit
    b_home = unit_b.site.root_page
    b_news = CategoryPage.objects.child_of(b_home).get()
    article = ArticlePage(title=f"Tin {MARK} một {WORD}", slug="tin-b", lead="Sapo")
    b_news.add_child(instance=article)
    article.save_revision().publish()
    article.title = f"Tin {MARK} sửa {WORD}"
    revision = article.save_revision()
    User = get_user_model()
    b_moderator = User.objects.create_user("mod-b", password="mat-khau-dai-12")
    b_moderator.groups.add(unit_b.moderators)
    workflow_state = article.get_workflow().start(article, b_moderator)
    image = CustomImage(title=f"Ảnh {MARK} {WORD}", collection=unit_b.collection)
    from django.core.files.base import ContentFile

    image.file = ContentFile(jpeg_bytes(), name="b.jpg")
    image.save()
    document = CustomDocument(title=f"Tài liệu {MARK} {WORD}", collection=unit_b.collection)
    document.file = ContentFile(b"%PDF-1.4\n%%EOF\n", name="b.pdf")
    document.save()
    law = LegalDocument.objects.create(
        site=unit_b.site, number=f"01/{MARK}", summary=f"Trích yếu {MARK} {WORD}",
        doc_type=DocumentType.objects.create(name="Quyết định"),
        issuer=IssuingBody.objects.create(name="UBND xã"), issued_on="2026-01-02",
    )
    law_revision = law.save_revision(user=b_moderator)
    law_workflow_state = law.get_workflow().start(law, b_moderator)
    banner = Banner.objects.create(site=unit_b.site, title=f"Banner {MARK} {WORD}",
                                   url="https://example.vn/", image=image)
    comment = Comment.objects.create(page=article, name="Người đọc", text=f"Ý kiến {MARK} {WORD}")
    opinion = Opinion.objects.create(document=law, name="Người góp ý",
                                     text=f"Góp ý {MARK} {WORD}")
    contact_message = ContactMessage.objects.create(
        site=unit_b.site, department_name="Văn phòng", name="Người gửi",
        subject=f"Thư {MARK} {WORD}", text=f"Nội dung {MARK} {WORD}")
    question = Question.objects.create(site=unit_b.site, name="Người hỏi",
                                       title=f"Hỏi {MARK} {WORD}", text=f"Câu hỏi {MARK} {WORD}")
    question.attachment.save("b.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    question_revision = question.save_revision(clean=False)
    law.signer = Signer.objects.create(name="Lò Văn Ký", position="Chủ tịch")
    law.save()
    law.fields.add(LegalField.objects.create(name="Đất đai"))
    share = sharing.propose(article, b_moderator)
    redirect = Redirect.objects.create(site=unit_b.site, old_path=f"/cu-{MARK.lower()}",
                                       redirect_link="https://example.vn/")
    station = Station.objects.create(site=unit_b.site, name=f"Đài {MARK} {WORD}")
    cluster = Cluster.objects.create(station=station, name=f"Cụm {MARK} {WORD}",
                                     device_id="cum-b")
    group = ClusterGroup.objects.create(station=station, name=f"Nhóm {MARK} {WORD}")
    group.clusters.add(cluster)
    group.save()
    programme = Programme.objects.create(station=station, title=f"Bản tin {MARK} {WORD}",
                                         kind="speech", text="Nội dung")
    playlist = Playlist(station=station, title=f"Danh sách {MARK} {WORD}")
    playlist.items.add(PlaylistItem(programme=programme))
    playlist.save()
    schedule = Schedule(station=station, name=f"Lịch {MARK} {WORD}", programme=programme,
                        first_date="2026-01-01")
    schedule.slots.add(ScheduleSlot(start_time="06:00", duration_minutes=30))
    schedule.clusters = [cluster]
    schedule.save()
    emergency = EmergencyMessage.objects.create(
        station=station, title=f"Tin khẩn {MARK} {WORD}", programme=programme, to_all=True)
    EmergencyDelivery.objects.create(message=emergency, cluster=cluster)
    poll = Poll.objects.create(site=unit_b.site, question=f"Thăm dò {MARK} {WORD}")
    PollChoice.objects.create(poll=poll, label=f"Phương án {MARK}", sort_order=0)
    objects = {
        "poll": poll, "page": article, "category": b_news, "revision": revision, "image": image,
        "document": document, "law": law, "law_revision": law_revision, "banner": banner,
        "comment": comment, "opinion": opinion, "contact_message": contact_message,
        "workflow_state": workflow_state,
        "question": question, "question_revision": question_revision,
        "law_workflow_state": law_workflow_state, "b_moderator": b_moderator,
        "redirect": redirect, "share": share,
        "station": station, "cluster": cluster, "group": group, "programme": programme,
        "playlist": playlist, "schedule": schedule, "emergency": emergency,
    }
    return {"hub": hub, "a": unit_a, "b": unit_b, "objects": objects}


# Built once for the module's tests (tests/shared_data.py); each gets its own copies.
world_snapshot = shared_data.per_module(build_world)


@pytest.fixture
def world(request, world_snapshot, db):
    return world_snapshot.get(request)


def _by_model(world, model):
    objects = world["objects"]
    table = {
        LegalDocument: objects["law"], Banner: objects["banner"], Comment: objects["comment"],
        Opinion: objects["opinion"], ContactMessage: objects["contact_message"],
        Question: objects["question"],
        ArticleShare: objects["share"],
        Station: objects["station"], Cluster: objects["cluster"], ClusterGroup: objects["group"],
        Programme: objects["programme"], Playlist: objects["playlist"],
        Schedule: objects["schedule"], EmergencyMessage: objects["emergency"],
        Poll: objects["poll"],
        CustomImage: objects["image"], CustomDocument: objects["document"],
        # Reference lists shared by all units: readable, changed only by administrators.
        DocumentType: objects["law"].doc_type, IssuingBody: objects["law"].issuer,
        Signer: objects["law"].signer, LegalField: objects["law"].fields.first(),
    }
    for known, obj in table.items():
        if model is not None and issubclass(model, known):
            return obj
    return None


def _values(world, path: str, model):
    o, b = world["objects"], world["b"]
    law_path = "legaldocument" in path
    by_model = _by_model(world, model)
    pk_by_path = [
        ("api/main/^pages", o["page"].pk), ("api/main/^images", o["image"].pk),
        ("api/main/^documents", o["document"].pk), ("collections/", b.collection_id),
        ("workflows/tasks", Task.objects.first().pk), ("workflows/", Workflow.objects.first().pk),
        ("sites/", b.site_id), ("users/", o["b_moderator"].pk), ("groups/", b.moderators_id),
        ("settings/", b.site_id), ("documents/", o["document"].pk), ("images/", o["image"].pk),
        ("truyen-thanh/am-thanh/", o["programme"].pk),
    ]

    def value(name):
        if name in ("page_id", "page_to_move_id", "page_pk", "object_id"):
            return o["page"].pk
        if name in ("parent_page_id", "destination_id"):
            return o["category"].pk
        if name == "redirect_id":
            return o["redirect"].pk
        if name == "image_id":
            return o["image"].pk
        if name in ("document_id", "doc_id"):
            return o["document"].pk
        if name == "collection_id":
            return b.collection_id
        if name in ("revision_id", "revision_id_a"):
            if "questions/question" in path:
                return o["question_revision"].pk
            return (o["law_revision"] if law_path else o["revision"]).pk
        if name == "revision_id_b":
            return "latest"
        if name == "task_state_id":
            state = o["law_workflow_state"] if law_path else o["workflow_state"]
            return state.current_task_state.pk
        if name == "workflow_state_id":
            return (o["law_workflow_state"] if law_path else o["workflow_state"]).pk
        if name in ("task_id",):
            return o["workflow_state"].current_task_state.task_id
        if name == "workflow_pk":
            return Workflow.objects.first().pk
        if name == "action_name":
            return "approve"
        if name in ("content_type_app_name", "app_label", "app_name"):
            return "news" if "settings" not in path else "core"
        if name in ("content_type_model_name", "model_name"):
            return "articlepage" if "settings" not in path else "siteidentity"
        if name == "action":
            return "delete"
        if name == "filter_spec":
            return "original"
        if name == "fmt":  # a poll's results export
            return "csv"
        if name == "which":  # a programme's audio: the upload
            return "goc"
        if name == "session_id":
            return 1
        if name == "user_id":  # an administrator's factor reset (bantin.accounts)
            return o["b_moderator"].pk
        if name == "pk":
            if by_model is not None:
                return by_model.pk
            for prefix, pk in pk_by_path:
                if prefix in path:
                    return pk
        if name in NOT_OBJECTS:
            return 1
        raise LookupError(name)

    return value


def fingerprint(world):
    """What must not change: every object of unit B, as stored."""
    o, b = world["objects"], world["b"]
    pages = list(Page.objects.filter(path__startswith=b.site.root_page.path)
                 .order_by("path").values_list("pk", "title", "live", "locked", "path"))
    return (
        pages,
        list(CustomImage.objects.filter(collection=b.collection).values_list("pk", "title")),
        list(CustomDocument.objects.filter(collection=b.collection).values_list("pk", "title")),
        list(LegalDocument.objects.filter(site=b.site)
             .values_list("pk", "number", "summary", "live", "locked", "site_id")),
        list(Banner.objects.filter(site=b.site).values_list("pk", "title", "site_id")),
        list(Comment.objects.filter(pk=o["comment"].pk).values_list("pk", "text", "status")),
        list(Opinion.objects.filter(pk=o["opinion"].pk).values_list("pk", "text", "status")),
        list(ContactMessage.objects.filter(pk=o["contact_message"].pk)
             .values_list("pk", "text", "status", "note")),
        list(Question.objects.values_list("pk", "title", "text", "status", "answer",
                                          "assigned_to", "site_id")),
        list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        list(Group.objects.filter(pk__in=[b.editors_id, b.moderators_id])
             .values_list("pk", "name")),
        list(Site.objects.filter(pk=b.site_id).values_list("hostname", "root_page_id")),
        list(Collection.objects.filter(pk=b.collection_id).values_list("name", "path")),
        sorted(Counter.objects.values_list("kind", "object_id", "count")),
        [list(model.objects.order_by("pk").values_list("pk", "name"))
         for model in (DocumentType, IssuingBody, Signer, LegalField)],
        list(Redirect.objects.values_list("pk", "old_path", "redirect_link")),
        list(ArticleShare.objects.values_list("pk", "status", "site_id", "target_site_id")),
        list(Station.objects.values_list("pk", "name", "site_id")),
        list(Cluster.objects.values_list("pk", "name", "station_id", "secret_hash", "active")),
        list(ClusterGroup.objects.values_list("pk", "name", "station_id", "clusters")),
        list(Programme.objects.values_list("pk", "title", "station_id", "approval", "text")),
        list(Playlist.objects.values_list("pk", "title", "items__programme")),
        list(Schedule.objects.values_list("pk", "name", "approval", "clusters", "slots__start_time",
                                          "first_date")),
        list(EmergencyMessage.objects.values_list("pk", "title", "state", "station_id")),
        list(Command.objects.values_list("pk", "cluster_id", "kind")),
        list(Poll.objects.values_list("pk", "question", "site_id", "choices__label")),
    )


def _staff(world, role):
    user = get_user_model().objects.create_user(f"{role}-a", password="mat-khau-dai-12")
    user.groups.add(getattr(world["a"], role))
    return user


def test_every_admin_model_has_its_ownership_declared():
    undeclared = set()
    for _path, name, callback in admin_urls():
        model = view_model(callback)
        if model is None or model._meta.label in ADMIN_ONLY_LABELS:
            continue
        if any(issubclass(model, native) for native in NATIVE):
            continue
        if model not in access.OWNERSHIP:
            undeclared.add(f"{model._meta.label} ({name})")
    for model in get_snippet_models():
        if model not in access.OWNERSHIP:
            undeclared.add(f"{model._meta.label} (snippet)")
    assert not undeclared, (
        "admin models without a declared ownership in bantin.units.access: "
        + ", ".join(sorted(undeclared))
    )


@pytest.mark.parametrize("role", ["editors", "moderators"])
def test_unit_staff_can_reach_nothing_of_another_unit(client, world, role):
    client.force_login(_staff(world, role))
    client.raise_request_exception = False
    before = fingerprint(world)
    leaks, unfilled = [], []
    for pattern, name, callback in admin_urls():
        if name in SKIP:
            continue
        model = view_model(callback)
        try:
            url, params = build(pattern, _values(world, pattern, model))
        except LookupError as missing:
            unfilled.append(f"{pattern} ({missing})")
            continue
        if not params or set(params) <= NOT_OBJECTS:
            url += f"?q={WORD}"
        elif pattern.startswith("quan-tri/bulk/"):
            url = _bulk_urls(world)
        for target in (url if isinstance(url, list) else [url]):
            methods = ["get"]
            if params and not set(params) <= NOT_OBJECTS:
                methods.append("post")
            for method in methods:
                response = getattr(client, method)(
                    target, {"title": "bị sửa", "q": WORD} if method == "post" else None,
                    HTTP_HOST="alpha.example.vn", follow=method == "get",
                )
                body = b"" if response.streaming else response.content
                if MARK.encode() in body or response.status_code >= 500:
                    leaks.append(f"{method.upper()} {target} → {response.status_code}")
        after = fingerprint(world)
        if after != before:
            leaks.append(f"{pattern}: changed an object of unit B")
            before = after
    assert not unfilled, "admin URLs the walk cannot fill in: " + "; ".join(unfilled)
    assert not leaks, "unit A's staff reached unit B:\n" + "\n".join(leaks)


def _bulk_urls(world):
    o = world["objects"]
    targets = [("wagtailcore", "page", o["page"].pk), ("laws", "legaldocument", o["law"].pk),
               ("wagtailimages", "image", o["image"].pk),
               ("wagtaildocs", "document", o["document"].pk),
               ("news", "banner", o["banner"].pk), ("interaction", "comment", o["comment"].pk),
               ("interaction", "opinion", o["opinion"].pk),
               ("broadcast", "cluster", o["cluster"].pk),
               ("broadcast", "schedule", o["schedule"].pk)]
    urls = []
    for app, model, pk in targets:
        for action in ("delete", "publish", "unpublish", "move", "add_to_collection",
                       "add_tags"):
            urls.append(f"/quan-tri/bulk/{app}/{model}/{action}/?id={pk}&q={WORD}")
    return urls


def test_unit_staff_still_work_in_their_own_unit(client, world):
    """The walk proves refusal; this proves the same staff are not refused at home."""
    user = _staff(world, "moderators")
    client.force_login(user)
    a_home = world["a"].site.root_page
    a_news = CategoryPage.objects.child_of(a_home).get()
    article = ArticlePage(title="Tin Alpha", slug="tin-a", lead="Sapo")
    a_news.add_child(instance=article)
    article.save_revision().publish()
    law = LegalDocument.objects.create(
        site=world["a"].site, number="02/ALPHA", summary="Trích yếu Alpha",
        doc_type=DocumentType.objects.create(name="Chỉ thị"),
        issuer=IssuingBody.objects.create(name="UBND xã Alpha"), issued_on="2026-01-03",
    )
    for url in (f"/quan-tri/pages/{article.pk}/edit/", "/quan-tri/pages/",
                f"/quan-tri/snippets/laws/legaldocument/edit/{law.pk}/",
                "/quan-tri/snippets/laws/legaldocument/", "/quan-tri/images/",
                f"/quan-tri/settings/core/siteidentity/{world['a'].site_id}/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
    listing = client.get("/quan-tri/snippets/laws/legaldocument/").content.decode()
    assert "02/ALPHA" in listing and MARK not in listing
    # The site of a new legal document can only be one of the unit's own.
    form = client.get("/quan-tri/snippets/laws/legaldocument/add/").content.decode()
    assert "alpha.example.vn" in form or "Xã Alpha" in form
    assert MARK not in form


def test_an_editor_cannot_move_a_page_into_another_unit(client, world):
    user = _staff(world, "moderators")
    client.force_login(user)
    a_news = CategoryPage.objects.child_of(world["a"].site.root_page).get()
    article = ArticlePage(title="Tin Alpha hai", slug="tin-a-2", lead="Sapo")
    a_news.add_child(instance=article)
    article.save_revision().publish()
    b_news = world["objects"]["category"]
    client.post(f"/quan-tri/pages/{article.pk}/move/{b_news.pk}/confirm/")
    article.refresh_from_db()
    assert article.get_parent().pk == a_news.pk


def test_an_editor_in_two_units_manages_both(client, world):
    user = _staff(world, "editors")
    user.groups.add(world["b"].editors)
    scope = access.scope_of(user)
    assert {world["a"].site_id, world["b"].site_id} <= scope.site_ids
    assert world["hub"].site_id not in scope.site_ids
    client.force_login(user)
    law = world["objects"]["law"]
    assert client.get(f"/quan-tri/snippets/laws/legaldocument/edit/{law.pk}/").status_code == 200


def _law_form(law, **extra):
    data = {
        "site": law.site_id, "number": law.number, "doc_type": law.doc_type_id,
        "issuer": law.issuer_id, "issued_on": "2026-01-03", "summary": law.summary,
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
        "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0", "links-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_a_unit_cannot_replace_another_units_document_but_may_cite_it(client, world):
    from bantin.laws.models import DocumentLink

    client.force_login(_staff(world, "moderators"))
    b_law = world["objects"]["law"]
    own = LegalDocument.objects.create(
        site=world["a"].site, number="03/ALPHA", summary="Văn bản Alpha",
        doc_type=b_law.doc_type, issuer=IssuingBody.objects.create(name="UBND xã Alpha"),
        issued_on="2026-01-03",
    )
    url = f"/quan-tri/snippets/laws/legaldocument/edit/{own.pk}/"
    link = {"links-TOTAL_FORMS": "1", "links-0-target": b_law.pk, "links-0-ORDER": "1",
            "links-0-id": ""}
    response = client.post(url, _law_form(own, **link, **{"links-0-relation": "replaces"}))
    assert "Không thể thay thế hoặc sửa đổi văn bản" in response.content.decode()
    assert not DocumentLink.objects.filter(document=own).exists()
    client.post(url, _law_form(own, **link, **{"links-0-relation": "related",
                                               "action-publish": "action-publish"}))
    assert DocumentLink.objects.filter(document=own, target=b_law, relation="related").exists()


def test_a_moderator_cannot_move_a_comment_onto_another_units_article(client, world):
    client.force_login(_staff(world, "moderators"))
    a_news = CategoryPage.objects.child_of(world["a"].site.root_page).get()
    article = ArticlePage(title="Tin Alpha ba", slug="tin-a-3", lead="Sapo")
    a_news.add_child(instance=article)
    article.save_revision().publish()
    comment = Comment.objects.create(page=article, name="Người đọc", text="Ý kiến Alpha")
    response = client.post(f"/quan-tri/snippets/interaction/comment/edit/{comment.pk}/", {
        "page": world["objects"]["page"].pk, "name": "Người đọc", "text": "Ý kiến Alpha",
        "status": "approved", "email": "",
    })
    # The article is not part of the moderator's edit form: the posted one is ignored.
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.page_id == article.pk
    form = client.get(f"/quan-tri/snippets/interaction/comment/edit/{comment.pk}/")
    assert 'name="page"' not in form.content.decode()


def test_the_explorer_offers_only_the_units_own_sites_as_a_filter(client, world):
    client.force_login(_staff(world, "editors"))
    listing = client.get("/quan-tri/pages/", follow=True).content.decode()
    assert "alpha.example.vn" in listing or "Xã Alpha" in listing
    assert MARK not in listing and "beta.example.vn" not in listing
