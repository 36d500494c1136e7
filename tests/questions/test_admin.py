"""Hỏi đáp in the admin: the queue per unit, assigning, answering (with the email to the
asker), publishing only answered questions, rejecting with a reason, history and
revisions, the staff-only attachment, stored XSS, and unit isolation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from bantin.questions import handling
from bantin.questions.models import Question
from tests.questions.conftest import make_question

pytestmark = pytest.mark.django_db

QUEUE = "/quan-tri/snippets/questions/question/"
XSS = '<script>alert("q")</script><img src=x onerror=alert(1)>'


def edit(client, question, **changes):
    data = {"area": question.area_id or "", "title": question.title, "text": question.text,
            "assigned_to": question.assigned_to_id or "", "answer": question.answer}
    data.update(changes)
    return client.post(f"{QUEUE}edit/{question.pk}/", data)


def actions(question):
    return list(ModelLogEntry.objects.filter(object_id=str(question.pk),
                                             content_type__model="question")
                .order_by("pk").values_list("action", flat=True))


def test_the_queue_shows_new_questions_first_and_only_the_units_own(client, world):
    old = world["new"]
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    newest = make_question(world["a"].site, title="Câu hỏi mới nhất")
    client.force_login(world["editor-a"])
    html = client.get(QUEUE).content.decode()
    titles = ["Câu hỏi mới nhất", "Câu hỏi mới của xã Alpha",
              "Câu hỏi đã trả lời chờ công khai", "Thủ tục cấp sổ đỏ lần đầu"]
    positions = [html.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "BETA-BÍ-MẬT" not in html and "xã Beta" not in html
    assert "BETA-BÍ-MẬT" not in client.get(QUEUE + "?q=BETA").content.decode()
    assert newest.pk
    assert client.get(QUEUE + "add/").status_code in (403, 302)  # questions come from citizens


def test_staff_of_unit_a_cannot_reach_or_act_on_unit_b(client, world):
    b_question = world["b_question"]
    for user in ("mod-a", "editor-a"):
        client.force_login(world[user])
        for url in (f"{QUEUE}edit/{b_question.pk}/", f"{QUEUE}history/{b_question.pk}/",
                    f"{QUEUE}inspect/{b_question.pk}/",
                    f"{QUEUE}xu-ly/{b_question.pk}/?thao-tac=tu-choi",
                    f"{QUEUE}tep-dinh-kem/{b_question.pk}/"):
            response = client.get(url)
            assert response.status_code in (403, 404), url
            assert "BETA-BÍ-MẬT".encode() not in response.content
        assert edit(client, b_question, answer="Trả lời trộm").status_code in (403, 404)
        assert client.post(f"{QUEUE}xu-ly/{b_question.pk}/",
                           {"thao-tac": "tu-choi", "ly-do": "x"}).status_code in (403, 404)
    b_question.refresh_from_db()
    assert (b_question.status, b_question.answer) == (Question.NEW, "")
    # The hub's moderators manage the units below them.
    client.force_login(world["mod-hub"])
    assert client.get(f"{QUEUE}edit/{b_question.pk}/").status_code == 200


def test_assigning_offers_only_staff_of_the_unit_or_above(client, world):
    question = world["new"]
    client.force_login(world["mod-a"])
    html = client.get(f"{QUEUE}edit/{question.pk}/").content.decode()
    assert "editor-a" in html and "mod-hub" in html
    assert "editor-b" not in html and "mod-b" not in html
    refused = edit(client, question, assigned_to=world["editor-b"].pk)
    assert refused.status_code == 200  # the form again, with an error
    question.refresh_from_db()
    assert question.assigned_to_id is None
    edit(client, question, assigned_to=world["editor-a"].pk)
    question.refresh_from_db()
    assert (question.assigned_to_id, question.status) == (
        world["editor-a"].pk, Question.IN_PROGRESS)
    assert handling.ASSIGN in actions(question)


def test_an_editor_answers_and_the_asker_is_emailed_with_the_code(client, world):
    question = world["new"]
    client.force_login(world["editor-a"])
    response = edit(client, question, answer="Ông/bà liên hệ bộ phận một cửa của xã.")
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.ANSWERED
    assert question.answered_by == world["editor-a"] and question.answered_at
    assert handling.ANSWER in actions(question)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.vn"]
    assert question.display_code in message.subject + message.body
    assert "http://alpha.example.vn/hoi-dap/tra-cuu/" in message.body
    # Editing the answer again sends nothing more.
    edit(client, question, answer="Câu trả lời đã sửa.")
    assert len(mail.outbox) == 1


def test_an_answer_cannot_be_emptied_once_given(client, world):
    question = world["published"]
    client.force_login(world["mod-a"])
    response = edit(client, question, answer="  ")
    assert response.status_code == 200
    assert "không thể xóa câu trả lời" in response.content.decode()
    question.refresh_from_db()
    assert question.answer.startswith("Hồ sơ gồm")


def test_no_email_without_an_address(client, world):
    question = make_question(world["a"].site, email="", phone="0912345678")
    client.force_login(world["editor-a"])
    edit(client, question, answer="Trả lời.")
    question.refresh_from_db()
    assert question.status == Question.ANSWERED and not mail.outbox


def test_only_answered_questions_can_be_published_and_only_by_moderators(client, world):
    new, answered = world["new"], world["answered"]
    client.force_login(world["editor-a"])
    url = f"{QUEUE}xu-ly/{answered.pk}/"
    refused = client.post(url, {"thao-tac": "cong-khai"})
    assert refused.status_code in (302, 403) and refused.get("Location") != QUEUE
    answered.refresh_from_db()
    assert answered.status == Question.ANSWERED
    client.force_login(world["mod-a"])
    refused = client.post(f"{QUEUE}xu-ly/{new.pk}/", {"thao-tac": "cong-khai"})
    assert refused.status_code == 400
    assert "Chỉ công khai được câu hỏi đã có câu trả lời." in refused.content.decode()
    new.refresh_from_db()
    assert new.status == Question.NEW
    assert client.post(url, {"thao-tac": "cong-khai"}).status_code == 302
    answered.refresh_from_db()
    assert answered.status == Question.PUBLISHED and answered.published_at
    visitor_html = client.get("/hoi-dap/", HTTP_HOST="alpha.example.vn").content.decode()
    assert "Câu hỏi đã trả lời chờ công khai" in visitor_html
    assert client.post(url, {"thao-tac": "thoi-cong-khai"}).status_code == 302
    answered.refresh_from_db()
    assert answered.status == Question.ANSWERED
    assert actions(answered)[-2:] == [handling.PUBLISH, handling.UNPUBLISH]


def test_a_question_is_rejected_with_a_reason_the_asker_reads(client, world):
    question = world["new"]
    client.force_login(world["editor-a"])
    url = f"{QUEUE}xu-ly/{question.pk}/"
    assert "Lý do không tiếp nhận" in client.get(url + "?thao-tac=tu-choi").content.decode()
    missing = client.post(url, {"thao-tac": "tu-choi", "ly-do": "  "})
    assert missing.status_code == 400 and "Vui lòng nêu lý do" in missing.content.decode()
    client.post(url, {"thao-tac": "tu-choi", "ly-do": "Nội dung không thuộc thẩm quyền của xã."})
    question.refresh_from_db()
    assert question.status == Question.REJECTED
    assert "không được tiếp nhận" in mail.outbox[0].subject
    assert "không thuộc thẩm quyền" in mail.outbox[0].body
    html = client.post("/hoi-dap/tra-cuu/", {"code": question.code},
                       HTTP_HOST="alpha.example.vn").content.decode()
    assert "Không tiếp nhận" in html and "không thuộc thẩm quyền của xã" in html
    client.post(url, {"thao-tac": "cong-khai"})  # an editor may not publish
    question.refresh_from_db()
    assert question.status == Question.REJECTED


def test_unknown_action_is_not_found(client, world):
    client.force_login(world["mod-a"])
    assert client.get(f"{QUEUE}xu-ly/{world['new'].pk}/?thao-tac=xoa").status_code == 404


def test_editing_for_privacy_keeps_revisions_and_never_the_status(client, world):
    question = world["published"]
    client.force_login(world["mod-a"])
    edit(client, question, text="Xin hỏi hồ sơ cấp giấy chứng nhận lần đầu gồm những gì? "
                                "(đã bỏ số điện thoại)")
    question.refresh_from_db()
    assert "đã bỏ số điện thoại" in question.text and question.status == Question.PUBLISHED
    first = question.revisions.order_by("pk").first()
    assert "đã bỏ" not in first.content["text"]
    # Restoring the first revision brings back its text, not an older status.
    response = client.post(f"{QUEUE}history/{question.pk}/revisions/{first.pk}/revert/", {
        "area": question.area_id, "title": question.title, "text": first.content["text"],
        "assigned_to": "", "answer": question.answer})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.PUBLISHED and "đã bỏ" not in question.text
    assert client.get(f"{QUEUE}history/{question.pk}/").status_code == 200
    assert actions(question)[-2:] == ["wagtail.edit", "wagtail.revert"]


def test_stored_xss_is_inert_in_the_admin(client, world):
    question = make_question(world["a"].site, name=XSS, title=XSS, text=XSS, answer=XSS,
                             status=Question.ANSWERED, answered_at=timezone.now())
    client.force_login(world["mod-a"])
    for url in (QUEUE, f"{QUEUE}edit/{question.pk}/", f"{QUEUE}inspect/{question.pk}/",
                f"{QUEUE}xu-ly/{question.pk}/?thao-tac=cong-khai"):
        html = client.get(url).content.decode()
        assert '<script>alert("q")' not in html, url
        assert "<img src=x onerror" not in html, url


def test_the_attachment_is_handed_to_the_units_staff_only(client, world):
    question = world["new"]
    question.attachment.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    question.attachment_type = "application/pdf"
    question.save()
    client.force_login(world["editor-a"])
    response = client.get(f"{QUEUE}tep-dinh-kem/{question.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    client.force_login(world["editor-b"])
    assert client.get(f"{QUEUE}tep-dinh-kem/{question.pk}/").status_code in (403, 404)
    client.logout()
    assert client.get(f"{QUEUE}tep-dinh-kem/{question.pk}/").status_code == 302  # to login
