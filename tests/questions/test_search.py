"""Published questions are found by the site search, and leave it when unpublished."""

from __future__ import annotations

import pytest

from bantin.questions import handling
from bantin.search import indexing
from bantin.search.models import Kind, SearchEntry

pytestmark = pytest.mark.django_db


def test_a_published_question_is_found_by_the_site_search(visitor, world):
    question = world["answered"]
    question.answer = "Bà con mang theo sổ tiêm chủng của trẻ."
    question.save()
    assert not SearchEntry.objects.filter(kind=Kind.QUESTION, object_id=question.pk).exists()
    handling.publish(question, world["mod-a"])
    entry = SearchEntry.objects.get(kind=Kind.QUESTION, object_id=question.pk)
    assert (entry.site_id, entry.path) == (question.site_id, question.get_absolute_url())
    html = visitor.get("/tim-kiem/", {"q": "so tiem chung", "loai": "hoi-dap"}).content.decode()
    assert "Câu hỏi đã trả lời chờ công khai" in html and question.get_absolute_url() in html
    handling.unpublish(question, world["mod-a"])
    assert not SearchEntry.objects.filter(kind=Kind.QUESTION, object_id=question.pk).exists()


def test_the_rebuild_takes_only_published_questions(world):
    indexing.rebuild()
    indexed = set(SearchEntry.objects.filter(kind=Kind.QUESTION)
                  .values_list("object_id", flat=True))
    assert indexed == {world["published"].pk, world["published_health"].pk,
                       world["b_published"].pk}
