"""A commune's editor writes an article, previews it on a phone-sized frame and sends it
for approval; the commune's moderator approves it from the dashboard. Along the way the
test takes the screenshots of docs/huong-dan-bien-tap.md (docs/images/huong-dan/), so the
editor's guide always shows the screens as they are."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.live]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "images" / "huong-dan"
EDITOR, MODERATOR = "bientap.phuc-khoa", "lanhdao.phuc-khoa"
VIEWPORT = {"width": 1200, "height": 800}


def shot(page, name: str) -> None:
    """A small PNG of what the page shows now (256 colours are plenty for admin screens)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(SHOTS / f"{name}.png", optimize=True)


def _context(browser):
    return browser.new_context(viewport=VIEWPORT, locale="vi-VN")


def test_editor_writes_previews_and_submits_moderator_approves(browser, portal_server):
    server = portal_server
    title = "Xã Phúc Khoa ra quân dọn vệ sinh môi trường"

    context = _context(browser)
    page = context.new_page()
    try:
        server.login(page, EDITOR)
        page.goto(server.url + "/quan-tri/")
        dashboard = page.locator(".unit-dashboard")
        assert dashboard.get_by_text("Việc cần làm hôm nay").is_visible()
        for job in ("Viết bài mới", "Tạo bài từ tệp Word", "Tải ảnh lên", "Đăng văn bản",
                    "Trả lời câu hỏi", "Lập lịch phát thanh"):
            assert dashboard.locator(".unit-dashboard__job", has_text=job).is_visible(), job
        shot(page, "01-bang-dieu-khien")

        page.goto(server.url + "/quan-tri/tao-bai-tu-word/")
        assert page.get_by_text("Tệp Word (.docx)").first.is_visible()
        shot(page, "02-tao-bai-tu-word")

        page.goto(server.url + "/quan-tri/")
        page.locator(".unit-dashboard__job", has_text="Viết bài mới").click()
        page.wait_for_url("**/add/news/articlepage/**")
        page.fill("#id_title", title)
        page.locator("#id_title").press("Tab")  # the slug follows the title on leaving it
        page.fill("#id_lead", "Sáng nay, hơn 200 đoàn viên, hội viên cùng nhân dân các bản "
                              "ra quân dọn vệ sinh đường làng, ngõ xóm.")
        assert page.get_by_text("Đoạn mở đầu tóm tắt bài viết.").is_visible()
        shot(page, "03-viet-bai")

        # Preview: the side panel opens at a phone's width.
        page.locator("button[data-side-panel-toggle='preview']").click()
        phone = page.locator("input[name='preview-size'][value='mobile']")
        phone.wait_for(state="attached")
        assert phone.is_checked()
        assert phone.get_attribute("aria-label") == "Xem trước trên điện thoại (375 px)"
        frame = page.frame_locator("#w-preview-iframe")
        frame.get_by_text(title).first.wait_for(timeout=30000)
        shot(page, "04-xem-truoc-dien-thoai")

        # Save and submit for approval from the footer's menu, as an editor would.
        page.get_by_role("button", name="Thao tác khác").last.click()
        submit = page.get_by_role("button", name=re.compile(r"^Gửi duyệt theo "))
        submit.click()
        page.wait_for_url(lambda url: "/add/" not in url, timeout=30000)
        page.wait_for_load_state("load")
        page.evaluate("window.scrollTo(0, 0)")  # the listing from its header
        shot(page, "05-da-gui-duyet")
        status = server.shell(
            "from bantin.news.models import ArticlePage;"
            f"a = ArticlePage.objects.get(title={title!r});"
            "print(a.live, a.workflow_in_progress)"
        )
        assert status == "False True"
    finally:
        context.close()

    context = _context(browser)
    page = context.new_page()
    try:
        server.login(page, MODERATOR)
        page.goto(server.url + "/quan-tri/")
        waiting = page.locator(".unit-dashboard__waiting li",
                               has_text="Bài viết, nội dung chờ bạn duyệt")
        assert waiting.is_visible()
        assert int(waiting.locator(".unit-dashboard__count").inner_text()) >= 1
        row = page.locator("#awaiting-review-section tr", has_text=title)
        row.scroll_into_view_if_needed()
        shot(page, "06-lanh-dao-duyet")
        row.locator(".w-dropdown__toggle, button[aria-haspopup]").first.click()
        approve = row.locator(
            "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])")
        assert approve.inner_text().strip() == "Duyệt"
        approve.click()
        deadline = time.monotonic() + 30
        live = ""
        while time.monotonic() < deadline:
            live = server.shell("from bantin.news.models import ArticlePage;"
                                f"print(ArticlePage.objects.get(title={title!r}).live)")
            if live == "True":
                break
            time.sleep(0.5)
        assert live == "True"
        page.goto(server.url + "/quan-tri/")
        assert page.locator("#awaiting-review-section tr", has_text=title).count() == 0

        # The other daily screens of the guide, as the moderator sees them.
        for url, name, text in [
            ("/quan-tri/snippets/interaction/comment/", "07-duyet-binh-luan", "Bình luận"),
            ("/quan-tri/snippets/questions/question/", "08-tra-loi-cau-hoi", "Hỏi đáp"),
            ("/quan-tri/snippets/laws/legaldocument/add/", "09-dang-van-ban", "Trích yếu"),
            ("/quan-tri/snippets/broadcast/schedule/add/", "10-lap-lich-phat", "Lặp lại"),
            ("/quan-tri/images/multiple/add/", "11-tai-anh", None),
        ]:
            response = page.goto(server.url + url)
            assert response.status == 200, url
            if text:
                assert page.get_by_text(text).first.is_visible(), url
            shot(page, name)
    finally:
        context.close()
