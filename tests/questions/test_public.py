"""The public pages of Hỏi đáp: the list (filters, search, pagination, unit scope), the
detail, the form with valid and invalid input, attachments, anti-spam, the lookup by
tracking code, and stored XSS rendered inert."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from bantin.interaction import captcha
from bantin.interaction.models import CommentSettings
from bantin.questions import codes
from bantin.questions.models import Question
from tests.questions.conftest import ask_data, make_question

pytestmark = pytest.mark.django_db

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def ask(client, world, **overrides):
    return client.post("/hoi-dap/gui-cau-hoi/", ask_data(world, **overrides))


# The list and the detail -------------------------------------------------------------

def test_the_list_shows_the_units_published_questions_newest_answer_first(visitor, world):
    html = visitor.get("/hoi-dap/").content.decode()
    assert html.index("Tiêm chủng cho trẻ") < html.index("Thủ tục cấp sổ đỏ lần đầu")
    assert "Câu hỏi mới của xã Alpha" not in html  # not answered
    assert "chờ công khai" not in html  # answered, not published
    assert "xã Beta" not in html  # another unit
    assert "an@example.vn" not in html  # contact never shown
    assert "csrfmiddlewaretoken" not in html


def test_the_list_is_headed_by_the_units_section_page_as_edited(
        visitor, world, settings, django_capture_on_commit_callbacks):
    """/hoi-dap/ is also the address of the unit's provisioned "Hỏi đáp" section page: its
    title and introduction, edited in the admin, head the list, and publishing a new
    version purges the stored list."""
    from bantin.pagecache import index
    from bantin.units.models import StandardPage

    section = StandardPage.objects.child_of(world["a"].site.root_page).get(slug="hoi-dap")
    html = visitor.get("/hoi-dap/").content.decode()
    assert section.intro and section.intro in html
    settings.BANTIN_PAGE_CACHE = True
    visitor.get("/hoi-dap/")
    section.intro = "Giải đáp <b>pháp luật</b> cho bà con trong xã."
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    assert index.purge_tags({f"page:{section.pk}"}) == 0  # publishing purged it
    html = visitor.get("/hoi-dap/").content.decode()
    assert "Giải đáp &lt;b&gt;pháp luật&lt;/b&gt; cho bà con trong xã." in html
    with django_capture_on_commit_callbacks(execute=True):
        section.unpublish()
    html = visitor.get("/hoi-dap/").content.decode()
    assert "Giải đáp" not in html and "Thủ tục cấp sổ đỏ lần đầu" in html


def test_the_list_filters_by_field_including_its_subfields(visitor, world):
    html = visitor.get("/hoi-dap/", {"linh-vuc": world["land"].pk}).content.decode()
    assert "Thủ tục cấp sổ đỏ lần đầu" in html and "Tiêm chủng cho trẻ" not in html
    html = visitor.get("/hoi-dap/", {"linh-vuc": world["health"].pk}).content.decode()
    assert "Thủ tục cấp sổ đỏ lần đầu" not in html and "Tiêm chủng cho trẻ" in html


def test_a_bad_filter_is_ignored_with_a_notice(visitor, world):
    response = visitor.get("/hoi-dap/", {"linh-vuc": "abc", "trang": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bộ lọc không hợp lệ đã được bỏ qua." in html and "Tiêm chủng cho trẻ" in html


@pytest.mark.parametrize("query", ["so do", "SỔ ĐỎ", "sổ đỏ", "giay chung nhan", "dang ky"])
def test_search_is_accent_insensitive_and_covers_the_answer(visitor, world, query):
    html = visitor.get("/hoi-dap/", {"q": query}).content.decode()
    assert "Thủ tục cấp sổ đỏ lần đầu" in html and "Tiêm chủng cho trẻ" not in html


def test_search_without_match_says_so(visitor, world):
    html = visitor.get("/hoi-dap/", {"q": "khong co gi"}).content.decode()
    assert "Không có câu hỏi phù hợp." in html


def test_the_list_paginates_keeping_the_filters(visitor, world):
    for n in range(16):
        make_question(world["a"].site, area=world["health"], title=f"Câu hỏi y tế {n}",
                      answer="Trả lời.", status=Question.PUBLISHED,
                      answered_at=world["published"].answered_at)
    html = visitor.get("/hoi-dap/", {"linh-vuc": world["health"].pk}).content.decode()
    assert "Trang 1/2" in html and f"linh-vuc={world['health'].pk}&amp;trang=2" in html
    second = visitor.get("/hoi-dap/", {"linh-vuc": world["health"].pk, "trang": 2})
    assert second.content.decode().count('class="qa-item"') == 2


def test_the_hub_shows_its_own_and_on_request_every_units(client, world):
    client.defaults.update(HTTP_HOST="hub.example.vn")
    own = client.get("/hoi-dap/").content.decode()
    assert "Thủ tục cấp sổ đỏ lần đầu" not in own
    everything = client.get("/hoi-dap/", {"don-vi": "tat-ca"}).content.decode()
    assert "Thủ tục cấp sổ đỏ lần đầu" in everything
    assert "Câu hỏi công khai của xã Beta" in everything
    assert "BETA-BÍ-MẬT" not in everything


def test_the_detail_has_a_random_address_and_only_for_published(visitor, world):
    question = world["published"]
    url = question.get_absolute_url()
    public_id = url.strip("/").split("/")[-1]
    assert public_id == question.public_id and len(public_id) == 10
    assert public_id != str(question.pk)
    assert question.code.lower() not in url.lower()
    html = visitor.get(url).content.decode()
    assert "Hồ sơ gồm đơn đăng ký" in html and "Nguyễn Văn An" in html
    assert "an@example.vn" not in html
    assert visitor.get(f"/hoi-dap/{question.public_id.upper()}/").status_code == 200
    for other in (world["answered"], world["new"], world["b_published"]):
        assert visitor.get(other.get_absolute_url()).status_code == 404
    assert visitor.get(f"/hoi-dap/{question.pk}/").status_code == 404


def test_the_list_and_detail_may_be_cached_and_are_purged_on_change(visitor, world, settings):
    from bantin.pagecache import index

    settings.BANTIN_PAGE_CACHE = True
    question = world["published"]
    visitor.get("/hoi-dap/")
    visitor.get(question.get_absolute_url())
    stored = index.purge_tags({f"questions:{question.site_id}"})
    assert stored >= 2


def test_stored_xss_renders_inert_on_list_detail_and_status(visitor, world):
    question = make_question(world["a"].site, name=XSS, title=XSS, text=XSS, answer=XSS,
                             status=Question.PUBLISHED,
                             answered_at=world["published"].answered_at)
    pages = [visitor.get("/hoi-dap/").content.decode(),
             visitor.get(question.get_absolute_url()).content.decode(),
             visitor.post("/hoi-dap/tra-cuu/", {"code": question.code}).content.decode()]
    for html in pages:
        assert "<script>alert(1)" not in html
        assert "onerror=\"alert" not in html and 'href="javascript:' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# The form -----------------------------------------------------------------------------

def test_the_form_has_consent_honeypot_and_no_csrf_token(visitor, world):
    response = visitor.get("/hoi-dap/gui-cau-hoi/")
    html = response.content.decode()
    assert "Nghị định 13/2023" in html and "730 ngày" in html
    assert 'name="website"' in html and "csrfmiddlewaretoken" not in html
    assert "cần có để nhận thông báo" in html
    assert "Y tế" in html and "Đất đai › Cấp giấy chứng nhận" in html
    assert "no-store" in response["Cache-Control"]


def test_a_valid_question_is_stored_and_shows_its_code(visitor, world):
    response = ask(visitor, world, phone="0912 345 678")
    assert response.status_code == 200
    question = Question.objects.get(title="Hỏi về chuyển mục đích sử dụng đất")
    html = response.content.decode()
    assert question.display_code in html and "Hãy ghi lại hoặc lưu mã này" in html
    assert re.fullmatch(r"HD-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", question.display_code)
    assert (question.site_id, question.status, question.phone, question.area_id) == (
        world["a"].site.pk, Question.NEW, "0912345678", world["land"].pk)
    assert re.fullmatch(r"[0-9a-f]{64}", question.ip_hash)
    assert question.revisions.count() == 1
    assert "no-store" in response["Cache-Control"]


def test_the_unit_is_told_of_a_new_question_when_it_has_an_address(visitor, world):
    from bantin.core.models import SiteIdentity

    identity = SiteIdentity.for_site(world["a"].site)
    identity.email = "ubnd@alpha.example.vn"
    identity.save()
    ask(visitor, world)
    assert [m.to for m in mail.outbox] == [["ubnd@alpha.example.vn"]]
    assert "cuong@example.vn" not in mail.outbox[0].body
    assert "/quan-tri/snippets/questions/question/edit/" in mail.outbox[0].body


def test_phone_alone_is_enough(visitor, world):
    assert ask(visitor, world, email="", phone="+84912345678").status_code == 200
    assert Question.objects.filter(phone="+84912345678", email="").exists()


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "Vui lòng nhập họ tên."),
    ("name", "   ", "Vui lòng nhập họ tên."),
    ("name", "x" * 101, "Họ tên dài tối đa 100 ký tự."),
    ("email", "khong-phai-email", "Địa chỉ thư điện tử không hợp lệ."),
    ("phone", "12ab", "Số điện thoại không hợp lệ"),
    ("area", "", "Vui lòng chọn lĩnh vực."),
    ("area", "999999", "Lĩnh vực không hợp lệ"),
    ("area", "abc", "Lĩnh vực không hợp lệ"),
    ("title", "", "Vui lòng nhập tiêu đề câu hỏi."),
    ("title", "Hỏi", "Tiêu đề quá ngắn."),
    ("title", "x" * 201, "Tiêu đề dài tối đa 200 ký tự."),
    ("text", "", "Vui lòng nhập nội dung câu hỏi."),
    ("text", "Ngắn", "Nội dung câu hỏi quá ngắn."),
    ("text", "a" * 5001, "Nội dung dài tối đa 5000 ký tự"),
    ("text", "Xem http://a.example https://b.example www.c.example d.com", "quá nhiều liên kết"),
    ("consent", "", "Vui lòng đánh dấu đồng ý để gửi câu hỏi."),
])
def test_invalid_input_gets_a_vietnamese_error_and_keeps_what_was_typed(
        visitor, world, field, value, message):
    data = ask_data(world, **{field: value})
    if field == "consent":
        del data["consent"]
    response = visitor.post("/hoi-dap/gui-cau-hoi/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Câu hỏi chưa được gửi" in html
    assert "Lê Văn Cường" in html or field == "name"
    assert not Question.objects.filter(ip_hash__gt="").exists()


def test_email_or_phone_is_required(visitor, world):
    response = ask(visitor, world, email="", phone="")
    assert response.status_code == 400
    assert "Vui lòng nhập thư điện tử hoặc số điện thoại" in response.content.decode()


@pytest.mark.parametrize("name, content, accepted", [
    ("don.pdf", PDF, True),
    ("anh.png", PNG, True),
    ("anh.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 32, True),
    ("don.docx", None, True),
    ("don.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, True),
    ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 64, False),  # an .exe renamed .pdf
    ("gia.pdf", b"<html><script>alert(1)</script></html>", False),  # wrong magic bytes
    ("anh.pdf", PNG, False),  # content and extension disagree
    ("nen.docx", b"PK\x03\x04not-really-a-zip", False),
    ("tep.exe", PDF, False),
    ("rong.pdf", b"", False),
])
def test_attachments_are_checked_by_their_content(visitor, world, name, content, accepted):
    content = docx_bytes() if content is None else content
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = visitor.post("/hoi-dap/gui-cau-hoi/", {**ask_data(world), "attachment": upload})
    stored = Question.objects.filter(title="Hỏi về chuyển mục đích sử dụng đất").first()
    if accepted:
        assert response.status_code == 200, response.content.decode()[:2000]
        assert stored.attachment.name.startswith("questions/")
        assert name.rsplit(".", 1)[0] not in stored.attachment.name  # a random name
        assert stored.attachment.read() == content
    else:
        assert response.status_code == 400
        html = response.content.decode()
        assert "Tệp đính kèm" in html and ("không hợp lệ" in html or "rỗng" in html)
        assert stored is None


def test_a_too_big_attachment_is_refused(visitor, world, settings):
    settings.BANTIN_QUESTION_MAX_ATTACHMENT_MB = 1
    upload = SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024))
    response = visitor.post("/hoi-dap/gui-cau-hoi/", {**ask_data(world), "attachment": upload})
    assert response.status_code == 400
    assert "Tệp đính kèm quá lớn (tối đa 1 MB)." in response.content.decode()


def test_the_attachment_is_not_reachable_from_a_public_media_url(visitor, world, settings):
    upload = SimpleUploadedFile("don.pdf", PDF)
    visitor.post("/hoi-dap/gui-cau-hoi/", {**ask_data(world), "attachment": upload})
    stored = Question.objects.get(title="Hỏi về chuyển mục đích sử dụng đất")
    settings.BANTIN_SERVE_MEDIA = True
    from django.urls import clear_url_caches

    from bantin.core import protected

    assert protected.is_protected(stored.attachment.name)
    import importlib

    import bantin.urls
    import bantin.urls_public

    importlib.reload(bantin.urls_public)
    importlib.reload(bantin.urls)
    clear_url_caches()
    try:
        response = visitor.get(f"/media/{stored.attachment.name}")
        assert response.status_code == 404
    finally:
        settings.BANTIN_SERVE_MEDIA = False
        importlib.reload(bantin.urls_public)
        importlib.reload(bantin.urls)
        clear_url_caches()


def test_many_posts_from_one_address_are_limited(visitor, world, one_instant):
    statuses = [ask(visitor, world, title=f"Câu hỏi số {n} về đất đai",
                    text=f"Nội dung khác nhau số {n} cho câu hỏi.").status_code
                for n in range(12)]
    assert statuses.count(200) == 3 and statuses.count(429) == 9
    limited = ask(visitor, world, title="Một câu hỏi nữa", text="Nội dung giữ lại sau giới hạn.")
    html = limited.content.decode()
    assert "Bạn gửi quá nhiều" in html and "Nội dung giữ lại sau giới hạn." in html
    assert Question.objects.filter(ip_hash__gt="").count() == 3


def test_the_honeypot_and_bots_store_nothing_but_look_successful(visitor, world):
    response = ask(visitor, world, website="http://spam.example")
    assert response.status_code == 200 and "Mã tra cứu của bạn" in response.content.decode()
    for agent in ("", "curl/8.0"):
        bot = visitor.post("/hoi-dap/gui-cau-hoi/", ask_data(world), HTTP_USER_AGENT=agent)
        assert bot.status_code == 200 and "Mã tra cứu của bạn" in bot.content.decode()
    assert not Question.objects.filter(ip_hash__gt="").exists()


def test_a_duplicate_question_is_refused(visitor, world):
    assert ask(visitor, world).status_code == 200
    again = ask(visitor, world, title="Tiêu đề khác hẳn", email="khac@example.vn")
    assert again.status_code == 400
    assert "Câu hỏi này đã được gửi trước đó." in again.content.decode()


def test_cross_site_posts_are_refused(visitor, world):
    response = visitor.post("/hoi-dap/gui-cau-hoi/", ask_data(world),
                            HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert "phải được gửi từ chính trang này" in response.content.decode()
    assert not Question.objects.filter(ip_hash__gt="").exists()


def test_the_units_captcha_switch_applies(visitor, world):
    settings_row = CommentSettings.for_site(world["a"].site)
    settings_row.captcha = True
    settings_row.save()
    html = visitor.get("/hoi-dap/gui-cau-hoi/").content.decode()
    assert "Câu hỏi kiểm tra" in html
    response = ask(visitor, world)
    assert response.status_code == 400 and "Vui lòng trả lời câu hỏi kiểm tra." in (
        response.content.decode())
    challenge = captcha.challenge()
    answer = _solve(challenge["question"])
    ok = ask(visitor, world, captcha_token=challenge["token"], captcha_answer=str(answer))
    assert ok.status_code == 200


def _solve(question: str) -> int:
    words = {w: n for n, w in enumerate(captcha.WORDS)}
    left, op, right = question.split(" bằng")[0].lower().split(" ", 2)
    if op == "trừ":
        return words[left] - words[right]
    return words[left] + words[right.replace("cộng ", "")]


# The lookup ---------------------------------------------------------------------------

def test_the_lookup_shows_status_and_answer(visitor, world):
    question = world["answered"]
    html = visitor.post("/hoi-dap/tra-cuu/", {"code": question.display_code}).content.decode()
    assert "Đã trả lời" in html and "Đã trả lời." in html
    html = visitor.post("/hoi-dap/tra-cuu/", {"code": world["new"].code}).content.decode()
    assert "Đã tiếp nhận" in html and "Câu hỏi đang chờ trả lời" in html


@pytest.mark.parametrize("form", [
    lambda c: c, lambda c: c.lower(), lambda c: codes.display(c),
    lambda c: codes.display(c).lower().replace("-", " "), lambda c: f"  {c[:4]} {c[4:]} ",
])
def test_the_lookup_accepts_any_case_spacing_and_dashes(visitor, world, form):
    question = world["new"]
    response = visitor.post("/hoi-dap/tra-cuu/", {"code": form(question.code)})
    assert response.status_code == 200 and question.title in response.content.decode()


@pytest.mark.parametrize("typed, message, status", [
    ("", "Vui lòng nhập mã tra cứu.", 400),
    ("abc", "Mã tra cứu không đúng định dạng", 400),
    ("HD-UUUU-UUUU-UUUU", "Mã tra cứu không đúng định dạng", 400),
    ("HD-2222-2222-2222", "Không tìm thấy câu hỏi với mã tra cứu này.", 404),
])
def test_bad_or_unknown_codes_get_a_vietnamese_error(visitor, world, typed, message, status):
    response = visitor.post("/hoi-dap/tra-cuu/", {"code": typed})
    assert response.status_code == status and message in response.content.decode()


def test_another_units_code_is_unknown_here(visitor, world):
    response = visitor.post("/hoi-dap/tra-cuu/", {"code": world["b_question"].code})
    assert response.status_code == 404 and "BETA" not in response.content.decode()


def test_lookups_are_rate_limited_per_address(visitor, world, one_instant):
    statuses = [visitor.post("/hoi-dap/tra-cuu/", {"code": codes.new_code()}).status_code
                for _ in range(12)]
    assert statuses.count(404) == 10 and statuses.count(429) == 2
    # Even the right code is refused while limited.
    response = visitor.post("/hoi-dap/tra-cuu/", {"code": world["new"].code})
    assert response.status_code == 429 and "Bạn gửi quá nhiều" in response.content.decode()


def test_the_lookup_page_is_never_cached_and_has_no_token(visitor, world):
    response = visitor.get("/hoi-dap/tra-cuu/")
    assert "no-store" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert visitor.put("/hoi-dap/tra-cuu/").status_code == 405
