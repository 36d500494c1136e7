"""Opinions on draft legal documents: the form while the window is open, moderation per
unit, the public list on the (cached) draft page, the export, and retention."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from bantin.interaction import personal_data
from bantin.interaction.models import Opinion
from bantin.laws.models import DocumentType, IssuingBody, LegalDocument

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _draft(unit, number, *, opens=-1, closes=7):
    now = timezone.now()
    return LegalDocument.objects.create(
        site=unit.site, number=number, summary=f"Dự thảo quy chế {number}",
        doc_type=DocumentType.objects.get_or_create(name="Dự thảo")[0],
        issuer=IssuingBody.objects.get_or_create(name="UBND xã")[0],
        issued_on=dt.date(2026, 11, 1),
        comment_opens_at=now + dt.timedelta(days=opens),
        comment_closes_at=now + dt.timedelta(days=closes),
    )


@pytest.fixture
def drafts(units):
    return {"a": _draft(units["a"], "01/DT-A"), "b": _draft(units["b"], "02/DT-B"),
            "closed": _draft(units["a"], "03/DT-A", opens=-10, closes=-1),
            "soon": _draft(units["a"], "04/DT-A", opens=2, closes=9)}


def opinion_data(**overrides):
    data = {"name": "Trần Thị Bình", "organisation": "Hội Nông dân xã", "email": "binh@example.vn",
            "provision": "Điều 3, khoản 2", "consent": "on", "website": "",
            "text": "Đề nghị bổ sung quy định về thời gian tiếp nhận hồ sơ vào buổi chiều."}
    data.update(overrides)
    return data


def _post(client, doc, json=False, **overrides):
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(f"/gop-y-du-thao/{doc.pk}/", opinion_data(**overrides), **headers)


def test_an_opinion_is_stored_pending_and_not_shown(browser_client, drafts):
    doc = drafts["a"]
    response = _post(browser_client, doc)
    assert response.status_code == 302 and response["Location"].endswith("#gop-y")
    opinion = Opinion.objects.get()
    assert (opinion.status, opinion.name, opinion.organisation, opinion.provision) == (
        Opinion.PENDING, "Trần Thị Bình", "Hội Nông dân xã", "Điều 3, khoản 2")
    assert len(opinion.ip_hash) == 64 and "127.0.0.1" not in opinion.ip_hash
    page = browser_client.get(doc.get_absolute_url()).content.decode()
    assert "Góp ý đã được gửi" in page  # the message after the redirect
    assert "thời gian tiếp nhận hồ sơ" not in page
    assert f'action="/gop-y-du-thao/{doc.pk}/"' in page
    assert "csrfmiddlewaretoken" not in page


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "Vui lòng nhập họ tên."),
    ("text", "", "Vui lòng nhập nội dung góp ý."),
    ("text", "ok", "Nội dung góp ý quá ngắn."),
    ("text", "x" * 5001, "Nội dung dài tối đa 5000 ký tự"),
    ("email", "khong-phai-email", "Địa chỉ thư điện tử không hợp lệ."),
    ("provision", "Đ" * 101, "Điều, khoản dài tối đa 100 ký tự."),
    ("organisation", "C" * 201, "Tên cơ quan dài tối đa 200 ký tự."),
    ("consent", "", "Vui lòng đánh dấu đồng ý để gửi góp ý."),
    ("text", "xem http://a.xyz http://b.xyz http://c.xyz", "quá nhiều liên kết"),
])
def test_invalid_opinions_are_refused_with_the_typed_text_kept(browser_client, drafts, field,
                                                                value, message):
    response = _post(browser_client, drafts["a"], **{field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Góp ý chưa được gửi" in page
    kept = "Hội Nông dân xã" if field != "organisation" else "Trần Thị Bình"
    assert kept in page  # what was typed is still there
    data = _post(browser_client, drafts["a"], json=True, **{field: value}).json()
    assert message in " ".join(data["errors"][field])
    assert not Opinion.objects.exists()


def test_only_a_draft_open_for_comment_takes_opinions(browser_client, drafts, units):
    for key in ("closed", "soon"):
        response = _post(browser_client, drafts[key], json=True)
        assert response.status_code == 403
        assert "không lấy ý kiến" in response.json()["error"]
        assert "Gửi góp ý" not in browser_client.get(
            drafts[key].get_absolute_url()).content.decode()
    # Another unit's draft is not found on this unit's host, nor a document without window.
    assert _post(browser_client, drafts["b"]).status_code == 404
    assert browser_client.post("/gop-y-du-thao/999999/", opinion_data()).status_code == 404
    assert not Opinion.objects.exists()


def test_cross_site_bot_honeypot_duplicate_and_rate_limit(browser_client, drafts,
                                                           one_instant):
    doc = drafts["a"]
    forged = browser_client.post(f"/gop-y-du-thao/{doc.pk}/", opinion_data(),
                                 HTTP_ORIGIN="https://evil.example",
                                 HTTP_ACCEPT="application/json")
    assert forged.status_code == 403 and "gửi từ chính trang này" in forged.json()["error"]
    assert _post(browser_client, doc, website="http://spam.example").status_code == 302
    assert not Opinion.objects.exists()
    assert _post(browser_client, doc).status_code == 302
    again = _post(browser_client, doc, json=True)
    assert again.status_code == 400 and "đã được gửi trước đó" in str(again.json())
    codes = [_post(browser_client, doc, json=True, text=f"Ý kiến thứ {i} về dự thảo này.")
             .status_code for i in range(100)]
    assert 429 in codes
    assert Opinion.objects.count() <= 5


def test_stored_xss_renders_inert_on_the_draft_and_in_the_admin(browser_client, client,
                                                                 drafts, units):
    doc = drafts["a"]
    assert _post(browser_client, doc, name=XSS[:100], organisation=XSS, text=XSS,
                 provision=XSS[:100]).status_code == 302
    opinion = Opinion.objects.get()
    client.force_login(units["mod_a"])
    client.post(f"/quan-tri/snippets/interaction/opinion/kiem-duyet/{opinion.pk}/",
                {"thao-tac": "duyet"})
    page = browser_client.get(doc.get_absolute_url()).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "<img src=x" not in page
    for url in ("/quan-tri/snippets/interaction/opinion/",
                f"/quan-tri/snippets/interaction/opinion/kiem-duyet/{opinion.pk}/"):
        admin_page = client.get(url).content.decode()
        assert "<script>alert" not in admin_page and "<img src=x" not in admin_page


def test_moderation_is_per_unit_and_shows_on_the_cached_draft(browser_client, client, drafts,
                                                              units, settings, tmp_path):
    doc = drafts["a"]
    _post(browser_client, doc)
    opinion = Opinion.objects.get()
    other = Opinion.objects.create(document=drafts["b"], name="Người xã Beta",
                                   text="Góp ý của xã Beta cho dự thảo.")
    client.force_login(units["mod_b"])
    listing = client.get("/quan-tri/snippets/interaction/opinion/").content.decode()
    assert "Người xã Beta" in listing and "Trần Thị Bình" not in listing
    url = f"/quan-tri/snippets/interaction/opinion/kiem-duyet/{opinion.pk}/"
    assert client.post(url, {"thao-tac": "duyet"}).status_code in (403, 404)
    client.force_login(units["editor_a"])
    assert client.post(url, {"thao-tac": "duyet"}).status_code in (302, 403)
    opinion.refresh_from_db()
    assert opinion.status == Opinion.PENDING
    before = browser_client.get(doc.get_absolute_url()).content.decode()
    assert "tiếp nhận hồ sơ vào buổi chiều" not in before
    client.force_login(units["mod_a"])
    assert client.post(url, {"thao-tac": "duyet"}).status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.APPROVED
    after = browser_client.get(doc.get_absolute_url()).content.decode()
    assert "tiếp nhận hồ sơ vào buổi chiều" in after and "Ý kiến góp ý (1)" in after
    assert "binh@example.vn" not in after  # the email is never shown
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="interaction.opinion.approve",
                                        object_id=str(opinion.pk)).exists()
    other.refresh_from_db()
    assert other.status == Opinion.PENDING


def test_bulk_approve_opinions(client, drafts, units):
    ids = [Opinion.objects.create(document=drafts["a"], name=f"Người {i}",
                                  text=f"Góp ý số {i}.").pk for i in range(3)]
    b_id = Opinion.objects.create(document=drafts["b"], name="Beta", text="Góp ý Beta.").pk
    client.force_login(units["mod_a"])
    url = "/quan-tri/bulk/interaction/opinion/approve_opinions/?next=/quan-tri/"
    # Naming another unit's opinion refuses the whole request.
    assert client.post(url + f"&id={ids[0]}&id={b_id}").status_code == 403
    assert client.post(url + "".join(f"&id={i}" for i in ids)).status_code == 302
    statuses = dict(Opinion.objects.values_list("pk", "status"))
    assert all(statuses[i] == Opinion.APPROVED for i in ids)
    assert statuses[b_id] == Opinion.PENDING


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_export_of_opinions_for_the_compilation_report(client, drafts, units):
    Opinion.objects.create(document=drafts["a"], name="Lò Văn Hải", organisation="Thôn Nà Cà",
                           provision="Điều 5", text="=HYPERLINK(\"http://x\")", email="h@x.vn")
    Opinion.objects.create(document=drafts["b"], name="Người xã Beta", text="Góp ý Beta.")
    client.force_login(units["mod_a"])
    response = client.get("/quan-tri/snippets/interaction/opinion/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Dự thảo", "Điều, khoản", "Họ tên", "Cơ quan, tổ chức"]
    assert len(rows) == 2 and rows[1][2] == "Lò Văn Hải"
    assert rows[1][5] == "'=HYPERLINK(\"http://x\")"  # no formula reaches a spreadsheet
    assert rows[1][6] == "Chờ duyệt"
    response = client.get("/quan-tri/snippets/interaction/opinion/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][2] == "Lò Văn Hải" and len(values) == 2
    assert sheet.cell(row=2, column=6).data_type != "f"


def test_purge_blanks_old_opinion_personal_data(drafts):
    old = Opinion.objects.create(document=drafts["a"], name="Người cũ", email="cu@example.vn",
                                 ip_hash="a" * 64, text="Góp ý cũ.", status=Opinion.APPROVED)
    Opinion.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    new = Opinion.objects.create(document=drafts["a"], name="Người mới", email="moi@example.vn",
                                 text="Góp ý mới.")
    assert personal_data.purge(kinds=["opinions"]) == {"opinions": (1, 0)}
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.email, old.ip_hash, old.name, old.text) == ("", "", "Người cũ", "Góp ý cũ.")
    assert new.email == "moi@example.vn"


def test_the_daily_task_purges_every_kind_once_a_day(drafts, units):
    from bantin.interaction import tasks
    from bantin.interaction.models import Comment

    comment = Comment.objects.create(page=units["article_a"], name="A", text="Cũ lắm rồi.",
                                     email="a@example.vn")
    opinion = Opinion.objects.create(document=drafts["a"], name="B", text="Cũ.",
                                     email="b@example.vn")
    long_ago = timezone.now() - dt.timedelta(days=4000)
    Comment.objects.filter(pk=comment.pk).update(created_at=long_ago)
    Opinion.objects.filter(pk=opinion.pk).update(created_at=long_ago)
    tasks.purge_personal_data.call()
    assert Comment.objects.get(pk=comment.pk).email == ""
    assert Opinion.objects.get(pk=opinion.pk).email == ""
    fresh = Opinion.objects.create(document=drafts["a"], name="C", text="Cũ nữa.",
                                   email="c@example.vn")
    Opinion.objects.filter(pk=fresh.pk).update(created_at=long_ago)
    tasks.purge_personal_data.call()  # the same day: already done
    assert Opinion.objects.get(pk=fresh.pk).email == "c@example.vn"


def test_purge_command_names_every_kind_and_refuses_an_unknown_one(drafts, capsys):
    call_command("purge_personal_data", "--dry-run")
    out = capsys.readouterr().out
    assert "bình luận" in out and "góp ý dự thảo" in out and "thư liên hệ" in out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có loại dữ liệu"):
        call_command("purge_personal_data", "--kind", "khong-co")


def test_the_form_without_javascript_asks_the_captcha_on_its_own_page(browser_client, drafts,
                                                                      units):
    from bantin.interaction.models import CommentSettings

    CommentSettings.objects.create(site=units["a"].site, captcha=True)
    response = _post(browser_client, drafts["a"])
    assert response.status_code == 400
    assert "bằng mấy?" in response.content.decode()
    assert not Opinion.objects.exists()

