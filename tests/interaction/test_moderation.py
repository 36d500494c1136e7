"""Moderation in the admin: the queue per unit, approve/reject/edit with history, bulk
actions, and the personal-data purge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from bantin.interaction import comments, personal_data
from bantin.interaction.models import Comment

pytestmark = pytest.mark.django_db

QUEUE = "/quan-tri/snippets/interaction/comment/"


def _comment(article, text, **fields):
    return Comment.objects.create(page=article, name="Người đọc", text=text, **fields)


def test_the_queue_shows_pending_first_then_reported(client, units):
    a = units["article_a"]
    old_pending = _comment(a, "Chờ cũ")
    approved = _comment(a, "Đã duyệt mới", status=Comment.APPROVED)
    reported = _comment(a, "Lời lẽ xấu", status=Comment.APPROVED, report_count=2)
    new_pending = _comment(a, "Chờ mới")
    Comment.objects.filter(pk=old_pending.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2))
    client.force_login(units["mod_a"])
    html = client.get(QUEUE).content.decode()
    positions = [html.index(t) for t in ("Chờ mới", "Chờ cũ", "Lời lẽ xấu", "Đã duyệt mới")]
    assert positions == sorted(positions)
    assert "Bị báo cáo" in html and "Chờ duyệt" in html  # the flag column, the status
    assert approved.pk and reported.pk and new_pending.pk


def test_a_moderator_of_unit_a_cannot_see_unit_b_queue(client, units):
    _comment(units["article_a"], "Ý kiến ở Alpha")
    b_comment = _comment(units["article_b"], "Ý kiến ở Beta")
    client.force_login(units["mod_a"])
    html = client.get(QUEUE).content.decode()
    assert "Ý kiến ở Alpha" in html and "Ý kiến ở Beta" not in html
    assert "Ý kiến ở Beta" not in client.get(QUEUE + "?q=Beta").content.decode()
    # Nor act on one of B's comments.
    for url in (f"{QUEUE}kiem-duyet/{b_comment.pk}/", f"{QUEUE}edit/{b_comment.pk}/",
                f"{QUEUE}history/{b_comment.pk}/"):
        assert client.get(url).status_code in (403, 404), url
    response = client.post(f"{QUEUE}kiem-duyet/{b_comment.pk}/", {"thao-tac": "duyet"})
    assert response.status_code in (403, 404)
    response = client.post(
        f"/quan-tri/bulk/interaction/comment/approve_comments/?id={b_comment.pk}", {})
    b_comment.refresh_from_db()
    assert b_comment.status == Comment.PENDING
    assert "Ý kiến ở Beta" not in response.content.decode()
    # "All in the listing" would take every unit's comments: refused to unit staff.
    response = client.post("/quan-tri/bulk/interaction/comment/approve_comments/?id=all", {})
    assert response.status_code in (302, 403)
    b_comment.refresh_from_db()
    assert b_comment.status == Comment.PENDING
    assert Comment.objects.get(text="Ý kiến ở Alpha").status == Comment.PENDING


def test_a_hub_moderator_sees_the_units_below(client, units):
    _comment(units["article_a"], "Ý kiến ở Alpha")
    _comment(units["article_b"], "Ý kiến ở Beta")
    client.force_login(units["mod_hub"])
    html = client.get(QUEUE).content.decode()
    assert "Ý kiến ở Alpha" in html and "Ý kiến ở Beta" in html


def test_approve_and_reject_are_logged(client, units):
    comment = _comment(units["article_a"], "Ý kiến cần duyệt")
    client.force_login(units["mod_a"])
    page = client.get(f"{QUEUE}kiem-duyet/{comment.pk}/?thao-tac=duyet")
    assert page.status_code == 200 and "Ý kiến cần duyệt" in page.content.decode()
    response = client.post(f"{QUEUE}kiem-duyet/{comment.pk}/", {"thao-tac": "duyet"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.APPROVED
    assert comments.approved_count(units["article_a"]) == 1
    client.post(f"{QUEUE}kiem-duyet/{comment.pk}/", {"thao-tac": "tu-choi"})
    comment.refresh_from_db()
    assert comment.status == Comment.REJECTED
    assert comments.approved_count(units["article_a"]) == 0
    actions = list(ModelLogEntry.objects.for_instance(comment).order_by("timestamp", "pk")
                   .values_list("action", "user__username"))
    assert actions == [(comments.APPROVE, "mod-a"), (comments.REJECT, "mod-a")]
    history = client.get(f"{QUEUE}history/{comment.pk}/").content.decode()
    assert "Duyệt bình luận" in history or "Đã duyệt bình luận" in history


def test_an_unknown_action_changes_nothing(client, units):
    comment = _comment(units["article_a"], "Ý kiến")
    client.force_login(units["mod_a"])
    assert client.post(f"{QUEUE}kiem-duyet/{comment.pk}/", {"thao-tac": "xoa"}).status_code == 200
    comment.refresh_from_db()
    assert comment.status == Comment.PENDING


def test_an_editor_cannot_approve(client, units):
    comment = _comment(units["article_a"], "Ý kiến")
    client.force_login(units["editor_a"])
    assert "Ý kiến" in client.get(QUEUE).content.decode()  # editors may read the queue
    response = client.post(f"{QUEUE}kiem-duyet/{comment.pk}/", {"thao-tac": "duyet"})
    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.status == Comment.PENDING


def test_editing_keeps_the_previous_text_in_revisions(client, units):
    comment = _comment(units["article_a"], "Văn bản gốc có lỗi chính tả")
    comment.save_revision(clean=False)
    client.force_login(units["mod_a"])
    response = client.post(f"{QUEUE}edit/{comment.pk}/", {
        "name": "Người đọc", "email": "", "text": "Văn bản đã sửa", "status": "approved",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    comment.refresh_from_db()
    assert (comment.text, comment.status) == ("Văn bản đã sửa", Comment.APPROVED)
    texts = [r.content["text"] for r in Revision.objects.for_instance(comment).order_by("pk")]
    assert texts == ["Văn bản gốc có lỗi chính tả", "Văn bản đã sửa"]
    assert ModelLogEntry.objects.for_instance(comment).filter(action="wagtail.edit").exists()
    # An invalid edit is refused and changes nothing.
    response = client.post(f"{QUEUE}edit/{comment.pk}/", {
        "name": "", "email": "sai", "text": "", "status": "approved"})
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.text == "Văn bản đã sửa"


def test_bulk_approve_and_reject(client, units):
    a = units["article_a"]
    first, second, third = (_comment(a, f"Ý kiến {n}") for n in range(3))
    client.force_login(units["mod_a"])
    url = f"/quan-tri/bulk/interaction/comment/approve_comments/?id={first.pk}&id={second.pk}"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Bạn muốn duyệt 2 bình luận" in confirm.content.decode()
    assert client.post(url, {}).status_code == 302
    assert set(Comment.objects.filter(status=Comment.APPROVED).values_list("pk", flat=True)) \
        == {first.pk, second.pk}
    assert comments.approved_count(a) == 2
    url = f"/quan-tri/bulk/interaction/comment/reject_comments/?id={second.pk}&id={third.pk}"
    client.post(url, {})
    assert Comment.objects.get(pk=second.pk).status == Comment.REJECTED
    assert Comment.objects.get(pk=third.pk).status == Comment.REJECTED
    assert comments.approved_count(a) == 1
    assert ModelLogEntry.objects.filter(action=comments.REJECT).count() == 2


def test_approving_clears_reports(units):
    comment = _comment(units["article_a"], "Ý kiến", status=Comment.APPROVED, report_count=3)
    assert comments.decide(comment, Comment.APPROVED, units["mod_a"])
    comment.refresh_from_db()
    assert comment.report_count == 0


def test_moderators_switch_the_captcha_for_their_unit_only(client, units):
    from bantin.interaction.models import CommentSettings

    client.force_login(units["mod_a"])
    a_url = f"/quan-tri/settings/interaction/commentsettings/{units['a'].site_id}/"
    assert client.get(a_url).status_code == 200
    response = client.post(a_url, {"captcha": "on"})
    assert response.status_code == 302
    assert CommentSettings.objects.get(site=units["a"].site).captcha
    b_url = f"/quan-tri/settings/interaction/commentsettings/{units['b'].site_id}/"
    assert client.post(b_url, {"captcha": "on"}).status_code in (302, 403)
    assert not CommentSettings.objects.filter(site=units["b"].site, captcha=True).exists()


# Personal data -----------------------------------------------------------------------------

def test_purge_blanks_old_personal_data_only(units):
    a = units["article_a"]
    old = _comment(a, "Ý kiến cũ", email="cu@example.vn", ip_hash="a" * 64,
                   visitor_hash="b" * 64, status=Comment.APPROVED)
    old.save_revision(clean=False)
    recent = _comment(a, "Ý kiến mới", email="moi@example.vn", ip_hash="c" * 64)
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    assert personal_data.purge(365, kinds=["comments"]) == {"comments": (1, 1)}
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.email, old.ip_hash, old.visitor_hash) == ("", "", "")
    assert (old.name, old.text, old.status) == ("Người đọc", "Ý kiến cũ", Comment.APPROVED)
    assert recent.email == "moi@example.vn" and recent.ip_hash == "c" * 64
    revision = Revision.objects.for_instance(old).get()
    assert revision.content["email"] == "" and revision.content["ip_hash"] == ""
    assert revision.content["text"] == "Ý kiến cũ"
    assert comments.approved_count(a) == 1  # the published comment stays
    assert personal_data.purge(365, kinds=["comments"]) == {"comments": (0, 0)}  # nothing left


def test_purge_command(units, settings, capsys):
    a = units["article_a"]
    old = _comment(a, "Ý kiến cũ", email="cu@example.vn", ip_hash="a" * 64)
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    settings.BANTIN_RETENTION_DAYS = {"comments": 60}
    call_command("purge_personal_data", "--kind", "comments")
    assert "0 bình luận" in capsys.readouterr().out
    call_command("purge_personal_data", "--days", "30", "--dry-run")
    assert "1 bình luận cũ hơn 30 ngày" in capsys.readouterr().out
    assert Comment.objects.get(pk=old.pk).email == "cu@example.vn"
    call_command("purge_personal_data", "--days", "30")
    assert "Đã xóa dữ liệu cá nhân của 1 bình luận" in capsys.readouterr().out
    assert Comment.objects.get(pk=old.pk).email == ""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_personal_data", "--days", "-1")
