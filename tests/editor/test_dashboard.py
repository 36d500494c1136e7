"""The unit dashboard: what waits for the user first, the daily jobs as buttons, this
week's visits; all of it limited to the user's unit, for a few queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bantin.audience.models import SiteDailyVisits
from bantin.interaction.models import Comment
from bantin.news.models import ArticlePage
from bantin.questions.models import Question


def _article(category, title, slug):
    article = ArticlePage(title=title, slug=slug, lead="Sapo.")
    category.add_child(instance=article)
    article.save_revision().publish()
    return article


@pytest.fixture
def busy(units):
    """Pending comments and questions in both units; an article of Alpha sent for approval;
    visits this week in both units."""
    alpha_article = _article(units["alpha_news"], "Tin xã Alpha", "tin-alpha")
    beta_article = _article(units["beta_news"], "Tin xã Beta", "tin-beta")
    for n in range(3):
        Comment.objects.create(page=alpha_article, name="Bạn đọc", text=f"Ý kiến {n}")
    Comment.objects.create(page=alpha_article, name="Bạn đọc", text="Đã duyệt",
                           status=Comment.APPROVED)
    for n in range(5):
        Comment.objects.create(page=beta_article, name="Bạn đọc", text=f"Ý kiến B {n}")
    Question.objects.create(site=units["alpha"].site, name="Người hỏi", title="Hỏi A",
                            text="Câu hỏi")
    Question.objects.create(site=units["beta"].site, name="Người hỏi", title="Hỏi B",
                            text="Câu hỏi")
    draft = _article(units["alpha_news"], "Bài chờ duyệt", "bai-cho-duyet")
    draft.title = "Bài chờ duyệt (sửa)"
    draft.save_revision(user=units["editor"])
    draft.get_workflow().start(draft, units["editor"])
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    this_week = {monday: 1200}
    this_week[today] = this_week.get(today, 0) + 34  # on a Monday, today is that Monday
    for day, visits in this_week.items():
        SiteDailyVisits.objects.create(site=units["alpha"].site, day=day, visits=visits)
    SiteDailyVisits.objects.create(site=units["alpha"].site,
                                   day=monday - dt.timedelta(days=1), visits=999)
    SiteDailyVisits.objects.create(site=units["beta"].site, day=today, visits=777)
    return units


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="unit-dashboard"')
    return html[start:html.index("</section>", start)]


def _waiting(html: str) -> dict[str, int]:
    return {label: int(count) for count, label in re.findall(
        r'unit-dashboard__count">(\d+)</span><span>([^<]+)</span>', html)}


def test_moderator_sees_what_waits_in_their_unit_first(client, busy):
    html = _dashboard(client, busy["moderator"])
    assert _waiting(html) == {
        "Bài viết, nội dung chờ bạn duyệt": 1,
        "Bình luận chờ duyệt": 3,
        "Câu hỏi của người dân chưa trả lời": 1,
    }
    assert html.index("Việc cần làm hôm nay") < html.index("Viết bài mới")
    assert "1.234" in html and "777" not in html  # this week's visits, own unit only


def test_editor_gets_the_daily_jobs_as_buttons(client, busy):
    html = _dashboard(client, busy["editor"])
    add_article = reverse("wagtailadmin_pages:add",
                          args=("news", "articlepage", busy["alpha_news"].pk))
    for label, url in [
        ("Viết bài mới", add_article),
        ("Tạo bài từ tệp Word", reverse("editor_word_import")),
        ("Tải ảnh lên", reverse("wagtailimages:add_multiple")),
        ("Đăng văn bản", reverse("wagtailsnippets_laws_legaldocument:add")),
        ("Trả lời câu hỏi", reverse("wagtailsnippets_questions_question:list")),
        ("Lập lịch phát thanh", reverse("wagtailsnippets_broadcast_schedule:add")),
    ]:
        assert f'href="{url}">' in html and label in html, label
    # Editors do not decide on comments: neither the queue nor the button.
    assert "Duyệt bình luận" not in html
    assert _waiting(html) == {"Câu hỏi của người dân chưa trả lời": 1}


def test_the_write_button_opens_the_article_form_in_the_units_news(client, busy):
    client.force_login(busy["editor"])
    response = client.get(reverse("wagtailadmin_pages:add",
                                  args=("news", "articlepage", busy["alpha_news"].pk)))
    assert response.status_code == 200


def test_the_dashboard_is_cheap(client, busy, django_assert_max_num_queries):
    client.force_login(busy["moderator"])
    client.get(reverse("wagtailadmin_home"))  # warm the per-process caches
    from django.contrib.auth import get_user_model

    from bantin.editor.dashboard import jobs_for, waiting_for, week_visits

    user = get_user_model().objects.get(pk=busy["moderator"].pk)
    with django_assert_max_num_queries(25):
        waiting_for(user), jobs_for(user), week_visits(user)
