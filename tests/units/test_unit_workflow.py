"""One workflow for every unit: approvals go to the moderators of the unit owning the item."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import TaskState

from bantin.laws.models import DocumentType, IssuingBody, LegalDocument
from bantin.news.models import ArticlePage, CategoryPage
from bantin.units.provision import create_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db):
    hub = create_unit("Huyện Thử", "hub.example.vn").unit
    a = create_unit("Xã Alpha", "alpha.example.vn", "hub.example.vn").unit
    b = create_unit("Xã Beta", "beta.example.vn", "hub.example.vn").unit
    User = get_user_model()
    people = {}
    for unit, key in ((hub, "hub"), (a, "a"), (b, "b")):
        for role in ("editors", "moderators"):
            user = User.objects.create_user(f"{key}-{role}", password="mat-khau-dai-12")
            user.groups.add(getattr(unit, role))
            people[f"{key}-{role}"] = user
    return {"hub": hub, "a": a, "b": b, "people": people}


def _draft_article(unit, editor):
    news = CategoryPage.objects.child_of(unit.site.root_page).get()
    article = ArticlePage(title="Tin chờ duyệt", slug="tin-cho-duyet", lead="Sapo", live=False)
    news.add_child(instance=article)
    article.save_revision(user=editor)
    return article


def test_a_page_goes_to_its_own_units_moderators(units):
    people = units["people"]
    article = _draft_article(units["a"], people["a-editors"])
    workflow = article.get_workflow()
    assert workflow is not None
    workflow.start(article, people["a-editors"])
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    task = task_state.task.specific

    def can_moderate(user):
        return task.get_task_states_user_can_moderate(user).filter(pk=task_state.pk).exists()

    assert can_moderate(people["a-moderators"])
    assert can_moderate(people["hub-moderators"])  # oversight from above
    assert not can_moderate(people["b-moderators"])
    assert not can_moderate(people["a-editors"])
    assert task.get_actions(article, people["a-moderators"])
    assert task.get_actions(article, people["b-moderators"]) == []
    assert task.locked_for_user(article, people["b-moderators"])


def test_a_legal_document_goes_to_its_own_units_moderators(units):
    people = units["people"]
    law = LegalDocument.objects.create(
        site=units["b"].site, number="07/QĐ-UBND", summary="Văn bản chờ duyệt",
        doc_type=DocumentType.objects.create(name="Quyết định"),
        issuer=IssuingBody.objects.create(name="UBND xã Beta"), issued_on="2026-03-01",
        live=False,
    )
    law.save_revision(user=people["b-editors"])
    law.get_workflow().start(law, people["b-editors"])
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    task = task_state.task.specific
    moderated = task.get_task_states_user_can_moderate
    assert moderated(people["b-moderators"]).filter(pk=task_state.pk).exists()
    assert not moderated(people["a-moderators"]).filter(pk=task_state.pk).exists()


def test_the_dashboard_shows_only_the_units_own_approvals(client, units):
    people = units["people"]
    article = _draft_article(units["a"], people["a-editors"])
    article.get_workflow().start(article, people["a-editors"])
    client.force_login(people["a-moderators"])
    assert "Tin chờ duyệt" in client.get("/quan-tri/").content.decode()
    client.force_login(people["b-moderators"])
    assert "Tin chờ duyệt" not in client.get("/quan-tri/").content.decode()
