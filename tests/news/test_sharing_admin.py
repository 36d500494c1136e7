"""The admin side of sharing news: start from the article, decide in the share listing."""

import pytest

from bantin.news import sharing
from bantin.news.models import ArticleShare

pytestmark = pytest.mark.django_db

LIST_URL = "/quan-tri/snippets/news/articleshare/"


def share_url(article) -> str:
    return f"{LIST_URL}bai/{article.pk}/"


def decide_url(share) -> str:
    return f"{LIST_URL}quyet-dinh/{share.pk}/"


def refused(response) -> bool:
    """The admin answers a permission refusal by sending the user back to its dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/quan-tri/"
    )


@pytest.fixture
def units(make_unit, hub):
    """Two unit sites, provisioned as units of the hub (which becomes a unit too)."""
    from bantin.units.provision import create_unit

    made = [make_unit("xa-an", "Xã An"), make_unit("xa-binh", "Xã Bình")]
    create_unit("Thử Nghiệm", hub["site"].hostname)
    for unit in made:
        unit["unit"] = create_unit(unit["site"].site_name, unit["host"],
                                   hub["site"].hostname).unit
    return made


@pytest.fixture
def admin_client(client, django_user_model, hub):
    user = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-12")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def unit_editor(client, django_user_model, units):
    """A moderator of Xã An: edits and publishes its pages only."""
    user = django_user_model.objects.create_user("bientap", "bt@example.vn", "mat-khau-12")
    user.groups.add(units[0]["unit"].moderators)
    client.force_login(user)
    return client


def test_share_listing_is_in_vietnamese_with_decision_buttons(admin_client, units,
                                                            make_article):
    share = sharing.propose(make_article(parent=units[0]["news"], title="Tin Xã An đề xuất"))
    sharing.push(make_article(title="Tin huyện chuyển xuống"))
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    content = response.content.decode()
    for text in ("Chia sẻ tin", "Trang gửi", "Trang nhận", "Chờ duyệt", "Mọi đơn vị",
                 "Đề xuất lên cấp trên", "Chuyển xuống đơn vị", "Tin Xã An đề xuất",
                 "Duyệt hoặc từ chối"):
        assert text in content, text
    assert decide_url(share) in content
    assert f"{LIST_URL}add/" not in content, "shares start from the article"
    assert refused(admin_client.get(f"{LIST_URL}add/"))
    assert admin_client.get(f"{LIST_URL}inspect/{share.pk}/").status_code == 200


def test_article_editor_offers_the_share_action(admin_client, units, make_article):
    article = make_article(parent=units[0]["news"])
    content = admin_client.get(f"/quan-tri/pages/{article.pk}/edit/").content.decode()
    assert "Chia sẻ tin (cấp trên / đơn vị)" in content and share_url(article) in content
    listing = admin_client.get(f"/quan-tri/pages/{units[0]['news'].pk}/").content.decode()
    assert share_url(article) in listing


def test_propose_from_the_admin_and_refuse_twice(admin_client, units, make_article):
    article = make_article(parent=units[0]["news"])
    page = admin_client.get(share_url(article)).content.decode()
    assert "Đề xuất lên cấp trên" in page
    response = admin_client.post(share_url(article), {"action": "propose"}, follow=True)
    assert "Đã đề xuất bài viết lên trang cấp trên." in response.content.decode()
    share = ArticleShare.objects.get(article=article)
    assert share.status == ArticleShare.PENDING and share.created_by == admin_client.user
    again = admin_client.post(share_url(article), {"action": "propose"}).content.decode()
    assert "đã được đề xuất lên cấp trên" in again
    assert ArticleShare.objects.filter(article=article).count() == 1


def test_push_from_the_admin_to_chosen_units_and_refusals(admin_client, hub, units,
                                                         make_article):
    article = make_article()
    page = admin_client.get(share_url(article)).content.decode()
    assert "Mọi đơn vị (kể cả đơn vị lập sau này)" in page and "Xã Bình" in page
    missing = admin_client.post(share_url(article), {"action": "push", "scope": "chosen"})
    assert "Chọn ít nhất một đơn vị nhận tin." in missing.content.decode()
    outside = admin_client.post(
        share_url(article),
        {"action": "push", "scope": "chosen", "units": [units[0]["site"].pk, hub["site"].pk]},
    ).content.decode()
    assert "«Thử Nghiệm» không phải là đơn vị thuộc «Thử Nghiệm»" in outside
    assert not ArticleShare.objects.exists()
    admin_client.post(share_url(article), {"action": "push", "scope": "chosen",
                                           "units": [units[1]["site"].pk]})
    assert ArticleShare.objects.get().target_site == units[1]["site"]
    admin_client.post(share_url(article), {"action": "push", "scope": "all"})
    assert ArticleShare.objects.filter(all_units=True).count() == 1


def test_moderator_accepts_and_rejects(admin_client, client, units, make_article):
    first = sharing.propose(make_article(parent=units[0]["news"], title="Tin được duyệt"))
    second = sharing.propose(make_article(parent=units[1]["news"], title="Tin bị từ chối"))
    page = admin_client.get(decide_url(first)).content.decode()
    assert "Duyệt" in page and "Lý do từ chối" in page and "Xã An" in page
    response = admin_client.post(decide_url(first), {"action": "accept"})
    assert response.status_code == 302 and response["Location"] == LIST_URL
    admin_client.post(decide_url(second), {"action": "reject", "note": "Ảnh chưa đạt"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ArticleShare.ACCEPTED and first.decided_by == admin_client.user
    assert second.status == ArticleShare.REJECTED and second.note == "Ảnh chưa đạt"
    twice = admin_client.post(decide_url(first), {"action": "accept"}).content.decode()
    assert "đã ở trạng thái «Đã duyệt»" in twice
    push = sharing.push(make_article())[0]
    assert refused(admin_client.get(decide_url(push)))


def test_a_unit_editor_proposes_but_cannot_decide_or_push(unit_editor, hub, units,
                                                         make_article):
    own = make_article(parent=units[0]["news"])
    other = make_article(parent=units[1]["news"])
    hub_article = make_article()
    unit_editor.post(share_url(own), {"action": "propose"})
    share = ArticleShare.objects.get(article=own)
    assert refused(unit_editor.get(decide_url(share)))
    assert refused(unit_editor.post(decide_url(share), {"action": "accept"}))
    assert refused(unit_editor.post(share_url(other), {"action": "propose"}))
    assert refused(unit_editor.post(share_url(hub_article), {"action": "push", "scope": "all"}))
    share.refresh_from_db()
    assert share.status == ArticleShare.PENDING
    assert ArticleShare.objects.count() == 1


def test_hub_moderators_see_the_listing_and_decide(client, django_user_model, hub, units,
                                                   make_article):
    from bantin.units.models import Unit

    moderator = django_user_model.objects.create_user("kiemduyet", "kd@example.vn", "mk-dai-12")
    moderator.groups.add(Unit.objects.get(site=hub["site"]).moderators)
    client.force_login(moderator)
    share = sharing.propose(make_article(parent=units[0]["news"]))
    content = client.get(LIST_URL).content.decode()
    assert decide_url(share) in content and f"{LIST_URL}delete/{share.pk}/" in content
    client.post(decide_url(share), {"action": "accept"})
    share.refresh_from_db()
    assert share.status == ArticleShare.ACCEPTED and share.decided_by == moderator
