"""The public comment form: valid and invalid input, replies, honeypot, rate limits,
duplicates, links, captcha, cross-site posts, XSS, the count and the page cache."""

from __future__ import annotations

import re

import pytest
from django.core import signing

from bantin.audience import counting
from bantin.interaction import captcha, comments
from bantin.interaction.models import Comment, CommentSettings
from tests.interaction.conftest import form_data

pytestmark = pytest.mark.django_db


def post(client, article, json=False, **data):
    extra = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(f"/binh-luan/{article.pk}/", form_data(**data), **extra)


def test_the_article_page_shows_the_form_with_the_consent_line(browser_client, units):
    html = browser_client.get(units["article_a"].url).content.decode()
    assert 'id="binh-luan"' in html and 'action="/binh-luan/' in html
    assert "Nghị định 13/2023" in html and "Thư điện tử" in html
    assert 'name="website"' in html  # the honeypot
    assert "csrfmiddlewaretoken" not in html  # the page stays cacheable
    assert "Chưa có bình luận nào được đăng." in html


def test_no_form_when_the_article_does_not_take_comments(browser_client, units):
    article = units["article_a"]
    article.allow_comments = False
    article.save_revision().publish()
    assert 'id="binh-luan"' not in browser_client.get(article.url).content.decode()
    assert post(browser_client, article).status_code == 404
    assert not Comment.objects.exists()


def test_a_valid_comment_is_stored_pending_and_not_shown(browser_client, units):
    article = units["article_a"]
    response = post(browser_client, article)
    assert response.status_code == 302
    assert response["Location"].endswith("#binh-luan")
    comment = Comment.objects.get()
    assert (comment.name, comment.email, comment.status) == (
        "Nguyễn Văn An", "an@example.vn", Comment.PENDING)
    assert comment.page_id == article.pk
    # The IP address is kept only as a salted hash.
    assert re.fullmatch(r"[0-9a-f]{64}", comment.ip_hash)
    assert "127.0.0.1" not in comment.ip_hash
    html = browser_client.get(response["Location"].split("#")[0]).content.decode()
    assert "sẽ hiển thị sau khi được kiểm duyệt" in html  # the message after the redirect
    assert "Đề nghị xã sớm sửa" not in html  # pre-moderated
    assert comments.approved_count(article) == 0


def test_email_is_optional(browser_client, units):
    assert post(browser_client, units["article_a"], email="").status_code == 302
    assert Comment.objects.get().email == ""


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "Vui lòng nhập họ tên."),
    ("name", "x" * 101, "Họ tên dài tối đa 100 ký tự."),
    ("email", "khong-phai-email", "Địa chỉ thư điện tử không hợp lệ."),
    ("text", "", "Vui lòng nhập nội dung bình luận."),
    ("text", "ok", "Nội dung bình luận quá ngắn."),
    ("text", "a" * 3001, "Nội dung dài tối đa 3000 ký tự"),
    ("consent", "", "Vui lòng đánh dấu đồng ý để gửi bình luận."),
    ("text", "Xem http://a.example https://b.example www.c.example", "quá nhiều liên kết"),
    ("parent", "999999", "Bình luận bạn muốn trả lời không còn hiển thị."),
])
def test_invalid_input_gets_a_vietnamese_error_and_keeps_what_was_typed(
        browser_client, units, field, value, message):
    data = {field: value}
    if field == "consent":
        data = {"consent": ""}
    response = post(browser_client, units["article_a"], **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "nội dung bạn đã nhập vẫn được giữ" in html
    if field != "name":
        assert 'value="Nguyễn Văn An"' in html  # nothing typed is lost
    assert not Comment.objects.exists()
    # The same as JSON for the page's script.
    response = post(browser_client, units["article_a"], json=True, **data)
    assert response.status_code == 400
    assert any(message in m for msgs in response.json()["errors"].values() for m in msgs)


def test_a_bad_post_leaves_stored_comments_alone(browser_client, units):
    article = units["article_a"]
    assert post(browser_client, article).status_code == 302
    before = list(Comment.objects.values_list("pk", "text", "status"))
    assert post(browser_client, article, name="", text="").status_code == 400
    assert list(Comment.objects.values_list("pk", "text", "status")) == before


def test_json_submission(browser_client, units):
    response = post(browser_client, units["article_a"], json=True)
    assert response.status_code == 201
    assert "kiểm duyệt" in response.json()["message"]
    assert Comment.objects.count() == 1


def test_replies_are_one_level_deep(browser_client, units):
    article = units["article_a"]
    top = Comment.objects.create(page=article, name="Bà Lan", text="Ý kiến gốc",
                                 status=Comment.APPROVED)
    reply = Comment.objects.create(page=article, parent=top, name="Ông Ba", text="Trả lời",
                                   status=Comment.APPROVED)
    response = post(browser_client, article, parent=str(reply.pk), text="Trả lời trả lời")
    assert response.status_code == 302
    new = Comment.objects.get(text="Trả lời trả lời")
    assert new.parent_id == top.pk
    # The reply form page names the top comment.
    html = browser_client.get(f"/binh-luan/{article.pk}/?tra-loi={reply.pk}").content.decode()
    assert "Trả lời bình luận của <strong>Bà Lan</strong>" in html
    assert f'name="parent" value="{top.pk}"' in html


def test_a_reply_to_a_pending_or_foreign_comment_is_refused(browser_client, units):
    pending = Comment.objects.create(page=units["article_a"], name="X", text="chờ")
    other = Comment.objects.create(page=units["article_b"], name="Y", text="khác",
                                   status=Comment.APPROVED)
    for parent in (pending, other):
        response = post(browser_client, units["article_a"], parent=str(parent.pk),
                        text=f"Trả lời {parent.pk}")
        assert response.status_code == 400
    assert Comment.objects.count() == 2


def test_approved_comments_and_replies_are_listed(browser_client, units):
    article = units["article_a"]
    top = Comment.objects.create(page=article, name="Bà Lan", text="Ý kiến đã duyệt",
                                 status=Comment.APPROVED)
    Comment.objects.create(page=article, parent=top, name="Ông Ba", text="Trả lời đã duyệt",
                           status=Comment.APPROVED)
    Comment.objects.create(page=article, parent=top, name="Ông Tư", text="Trả lời chờ duyệt")
    Comment.objects.create(page=article, name="Chị Năm", text="Bị từ chối",
                           status=Comment.REJECTED)
    html = browser_client.get(article.url).content.decode()
    assert "Ý kiến đã duyệt" in html and "Trả lời đã duyệt" in html
    assert "Trả lời chờ duyệt" not in html and "Bị từ chối" not in html
    assert html.count('class="comment-report"') == 2
    assert f'data-figure="comment_count:{article.pk}"' in html
    date_line = re.search(r'data-figure="comment_count:\d+">.*?</span>(\d+)</span>', html)
    assert date_line.group(1) == "2"


def test_honeypot_stores_nothing_and_answers_like_success(browser_client, units):
    response = post(browser_client, units["article_a"], website="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()
    response = post(browser_client, units["article_a"], json=True, website="x")
    assert response.status_code == 201
    assert not Comment.objects.exists()


def test_scripts_without_a_browser_user_agent_store_nothing(client, units):
    client.defaults.update(HTTP_HOST="alpha.example.vn")
    assert client.post(f"/binh-luan/{units['article_a'].pk}/", form_data()).status_code == 302
    assert not Comment.objects.exists()


def test_duplicates_are_refused(browser_client, units):
    article = units["article_a"]
    assert post(browser_client, article).status_code == 302
    response = post(browser_client, article, text="  đề nghị xã sớm sửa đoạn đường LIÊN THÔN. ")
    assert response.status_code == 400
    assert "Bình luận này đã được gửi trước đó." in response.content.decode()
    # The same text from the same address on another article is a duplicate too.
    browser_client.defaults["HTTP_HOST"] = "beta.example.vn"
    assert post(browser_client, units["article_b"]).status_code == 400
    assert Comment.objects.count() == 1


def test_a_hundred_posts_a_minute_from_one_address_are_limited(browser_client, units):
    article = units["article_a"]
    statuses = []
    for n in range(100):
        # A new visitor cookie each time: only the address ties them together.
        browser_client.cookies["bt_vid"] = f"visitor-{n:04d}-abcdefghijkl"
        statuses.append(post(browser_client, article, json=True,
                             text=f"Bình luận số {n} về đường liên thôn").status_code)
    assert statuses.count(201) == 5
    assert statuses.count(429) == 95
    assert Comment.objects.count() == 5
    response = post(browser_client, article, text="Thêm một lần nữa")
    assert response.status_code == 429
    assert "Bạn gửi quá nhiều" in response.content.decode()
    assert "Thêm một lần nữa" in response.content.decode()  # what was typed is kept


def test_one_visitor_is_limited_across_addresses(browser_client, units):
    browser_client.cookies["bt_vid"] = "one-visitor-abcdefghijkl"
    statuses = [
        browser_client.post(f"/binh-luan/{units['article_a'].pk}/",
                            form_data(text=f"Bình luận số {n}"), HTTP_ACCEPT="application/json",
                            REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(6)
    ]
    assert statuses == [201, 201, 201, 429, 429, 429]


def test_addresses_behind_the_local_proxy_are_told_apart(browser_client, units):
    for n in range(6):
        response = browser_client.post(
            f"/binh-luan/{units['article_a'].pk}/", form_data(text=f"Bình luận số {n}"),
            HTTP_ACCEPT="application/json", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert response.status_code == 201
    hashes = set(Comment.objects.values_list("ip_hash", flat=True))
    assert len(hashes) == 6


def test_cross_site_posts_are_refused(browser_client, units):
    response = browser_client.post(f"/binh-luan/{units['article_a'].pk}/", form_data(),
                                   HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 302  # back to the article with the error
    assert not Comment.objects.exists()
    response = browser_client.post(f"/binh-luan/{units['article_a'].pk}/", form_data(),
                                   HTTP_ORIGIN="http://alpha.example.vn",
                                   HTTP_ACCEPT="application/json")
    assert response.status_code == 201


# Captcha ---------------------------------------------------------------------------------

def _captcha_on(unit, on=True):
    CommentSettings.objects.update_or_create(site=unit.site, defaults={"captcha": on})


def _solve(token):
    return str(signing.loads(token, salt=captcha.SALT)["a"])


def test_captcha_off_by_default(browser_client, units):
    html = browser_client.get(units["article_a"].url).content.decode()
    assert "captcha_answer" not in html
    assert post(browser_client, units["article_a"]).status_code == 302


def test_captcha_on_for_one_unit_only(browser_client, units):
    _captcha_on(units["a"])
    html = browser_client.get(units["article_a"].url).content.decode()
    assert 'name="captcha_answer"' in html
    assert 'data-captcha-url="/binh-luan/cau-hoi-kiem-tra/"' in html
    # Without an answer: the form page with a fresh question, what was typed kept.
    response = post(browser_client, units["article_a"])
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng trả lời câu hỏi kiểm tra." in html
    assert "bằng mấy?" in html and "Đề nghị xã sớm sửa" in html
    token = re.search(r'name="captcha_token" value="([^"]+)"', html).group(1)
    # A wrong answer, then the right one to a new question.
    wrong = str(int(_solve(token)) + 1)
    response = post(browser_client, units["article_a"], captcha_token=token, captcha_answer=wrong)
    assert "Câu trả lời kiểm tra chưa đúng" in response.content.decode()
    fresh = browser_client.get("/binh-luan/cau-hoi-kiem-tra/").json()
    assert "bằng mấy?" in fresh["question"]
    response = post(browser_client, units["article_a"], captcha_token=fresh["token"],
                    captcha_answer=_solve(fresh["token"]))
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    # Unit B has not switched it on.
    browser_client.defaults["HTTP_HOST"] = "beta.example.vn"
    assert post(browser_client, units["article_b"], text="Ý kiến ở xã Beta").status_code == 302


def test_the_switch_of_the_articles_own_unit_applies_under_the_hubs_address(client, units):
    """A unit's article reached through the hub's host name still follows its own unit's
    switch, not the hub's."""
    _captcha_on(units["a"])
    path = units["article_a"].url_path[len(units["hub"].site.root_page.url_path) - 1:]
    response = client.get(path, HTTP_HOST="hub.example.vn")
    assert response.status_code == 200
    assert 'data-captcha-url="/binh-luan/cau-hoi-kiem-tra/"' in response.content.decode()
    _captcha_on(units["a"], on=False)
    _captcha_on(units["hub"])
    html = client.get(path, HTTP_HOST="hub.example.vn").content.decode()
    assert 'data-captcha-url=""' in html


def test_a_captcha_token_is_used_once_and_cannot_be_forged(browser_client, units):
    _captcha_on(units["a"])
    fresh = captcha.challenge()
    answer = _solve(fresh["token"])
    assert post(browser_client, units["article_a"], captcha_token=fresh["token"],
                captcha_answer=answer).status_code == 302
    response = post(browser_client, units["article_a"], text="Lần hai cùng câu hỏi",
                    captcha_token=fresh["token"], captcha_answer=answer)
    assert "đã được dùng" in response.content.decode()
    forged = signing.dumps({"a": 1, "n": "x"}, salt="another-salt")
    response = post(browser_client, units["article_a"], text="Giả mạo", captcha_token=forged,
                    captcha_answer="1")
    assert response.status_code == 400
    assert Comment.objects.count() == 1


# XSS ---------------------------------------------------------------------------------------

def _tags(html):
    """(tag, attributes) of every element, as a browser's parser sees them."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Parser().feed(html)
    return found


PAYLOADS = [
    '<script>alert("xss")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">bấm vào</a>',
    '"><svg onload=alert(1)>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_xss_renders_inert(browser_client, client, units, payload):
    article = units["article_a"]
    assert post(browser_client, article, name=f"Tên {payload}"[:100],
                text=f"Nội dung {payload}").status_code == 302
    comment = Comment.objects.get()
    comments.decide(comment, Comment.APPROVED, None)
    html = browser_client.get(article.url).content.decode()
    section = html[html.index('id="binh-luan"'):]
    tags = _tags(section)
    assert not [t for t, _ in tags if t in ("script", "svg", "img") and "beacon" not in str(_)]
    assert not [(t, a) for t, attrs in tags for a, v in attrs if a.startswith("on")]
    assert not [(t, v) for t, attrs in tags for a, v in attrs
                if a in ("href", "src", "action") and (v or "").strip().lower().startswith(
                    "javascript:")]
    assert "&lt;" in section  # shown as text
    # The admin shows it escaped too.
    client.force_login(units["mod_a"])
    admin = client.get("/quan-tri/snippets/interaction/comment/", HTTP_HOST="alpha.example.vn")
    body = admin.content.decode()
    assert payload not in body


# Count and page cache ----------------------------------------------------------------------

def test_the_count_follows_approval(browser_client, units):
    article = units["article_a"]
    comment = Comment.objects.create(page=article, name="A", text="Một ý kiến")
    assert counting.totals((counting.COMMENT_COUNT,), article.pk)[counting.COMMENT_COUNT] == 0
    comments.decide(comment, Comment.APPROVED, None)
    figures = browser_client.get(f"/api/audience/figures/?k=comment_count:{article.pk}").json()
    assert figures["figures"][f"comment_count:{article.pk}"] == "1"
    comments.decide(comment, Comment.REJECTED, None)
    assert comments.approved_count(article) == 0


def test_approval_purges_the_stored_page(settings, tmp_path, browser_client, units,
                                        django_capture_on_commit_callbacks):
    settings.BANTIN_PAGE_CACHE = True
    settings.BANTIN_PAGE_CACHE_DIR = tmp_path / "pages"
    article = units["article_a"]
    assert browser_client.get(article.url)["X-Page-Cache"] == "MISS"
    assert browser_client.get(article.url)["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        comment = Comment.objects.create(page=article, name="Bà Lan",
                                         text="Ý kiến mới của bà Lan")
    # A pending comment changes nothing shown: the stored page stays.
    assert browser_client.get(article.url)["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        comments.decide(comment, Comment.APPROVED, None)
    response = browser_client.get(article.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "Ý kiến mới của bà Lan" in response.content.decode()
    assert browser_client.get(article.url)["X-Page-Cache"] == "HIT"
    # An edit of an approved comment purges it again.
    comment.text = "Ý kiến đã sửa"
    with django_capture_on_commit_callbacks(execute=True):
        comment.save()
    response = browser_client.get(article.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "Ý kiến đã sửa" in response.content.decode()


# Report abuse ------------------------------------------------------------------------------

def test_report_abuse_flags_the_comment_once_per_address(browser_client, units):
    comment = Comment.objects.create(page=units["article_a"], name="A", text="Nội dung xấu",
                                     status=Comment.APPROVED)
    response = browser_client.post(f"/binh-luan/bao-cao/{comment.pk}/")
    assert response.status_code == 302 and response["Location"].endswith("#binh-luan")
    browser_client.post(f"/binh-luan/bao-cao/{comment.pk}/")
    comment.refresh_from_db()
    assert comment.report_count == 1 and comment.reported_at is not None
    browser_client.post(f"/binh-luan/bao-cao/{comment.pk}/", REMOTE_ADDR="10.1.1.1")
    comment.refresh_from_db()
    assert comment.report_count == 2
    assert comment.status == Comment.APPROVED  # a report alone hides nothing


def test_report_abuse_is_rate_limited_and_post_only(browser_client, units, one_instant):
    approved = [Comment.objects.create(page=units["article_a"], name="A", text=f"Ý kiến {n}",
                                       status=Comment.APPROVED) for n in range(12)]
    assert browser_client.get(f"/binh-luan/bao-cao/{approved[0].pk}/").status_code == 405
    statuses = [browser_client.post(f"/binh-luan/bao-cao/{c.pk}/",
                                    HTTP_ACCEPT="application/json").status_code
                for c in approved]
    assert statuses.count(200) == 10 and statuses.count(429) == 2
    pending = Comment.objects.create(page=units["article_a"], name="B", text="chờ")
    assert browser_client.post(f"/binh-luan/bao-cao/{pending.pk}/",
                               REMOTE_ADDR="10.9.9.9").status_code == 404


def test_the_cached_thread_and_captcha_switch_follow_changes(browser_client, units,
                                                            django_capture_on_commit_callbacks):
    """The page reads its approved thread and its unit's captcha switch from the cache;
    approving, editing and switching empty it."""
    article = units["article_a"]
    pending = Comment.objects.create(page=article, name="Bà Lan", text="Ý kiến mới gửi")
    html = browser_client.get(article.url).content.decode()  # caches an empty thread
    assert "Ý kiến mới gửi" not in html and "captcha_answer" not in html
    with django_capture_on_commit_callbacks(execute=True):
        comments.decide(pending, Comment.APPROVED, units["mod_a"])
    assert "Ý kiến mới gửi" in browser_client.get(article.url).content.decode()
    pending.refresh_from_db()
    pending.text = "Ý kiến đã sửa lỗi chính tả"
    with django_capture_on_commit_callbacks(execute=True):
        pending.save()
    html = browser_client.get(article.url).content.decode()
    assert "Ý kiến đã sửa lỗi chính tả" in html and "Ý kiến mới gửi" not in html
    with django_capture_on_commit_callbacks(execute=True):
        _captcha_on(units["a"])
    assert 'name="captcha_answer"' in browser_client.get(article.url).content.decode()


def test_a_burst_across_a_window_edge_is_limited_like_any_other(monkeypatch):
    """Three allowed a minute: three attempts just before a minute ends and three just
    after it are one burst of six, and the last three are refused."""
    from types import SimpleNamespace

    from bantin.interaction import spam

    clock = {"now": 60 * 29_000_000 + 59.0}
    monkeypatch.setattr(spam, "time", SimpleNamespace(time=lambda: clock["now"]))
    limited = []
    for _ in range(6):
        clock["now"] += 0.3  # the fourth attempt falls in the next minute
        limited.append(spam.over_limit("edge", "visitor", [(60, 3)]))
    assert limited == [False, False, False, True, True, True]
    # A whole window later only the current one counts again.
    clock["now"] += 120
    assert spam.over_limit("edge", "visitor", [(60, 3)]) is False
    # With no cache to count in, nobody is refused.
    monkeypatch.setattr(spam.cache, "incr", lambda *a, **k: (_ for _ in ()).throw(OSError()))
    assert spam.over_limit("edge", "other", [(60, 0)]) is False
