"""A reader comments on an article in Debian's chromium, a moderator approves it in the
admin, and the article (served from the page cache) shows it and the new count."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser_pages import check_common, open_page

pytestmark = [pytest.mark.browser, pytest.mark.live]

TEXT = "Đề nghị xã lắp thêm đèn chiếu sáng ở đoạn đường qua trường tiểu học."


def _count(page) -> int:
    text = page.locator(".date-line .comments").inner_text()
    return int(re.sub(r"\D", "", text) or 0)


def test_submit_approve_and_see_the_count_change(browser, portal_server):
    path = portal_server.shell(
        "from bantin.interaction.models import Comment;"
        "c = Comment.objects.filter(status='approved', parent=None).order_by('pk').first();"
        "print(c.page.get_url_parts()[2])"
    )
    context, page = open_page(browser, portal_server, path, "laptop")
    try:
        before = _count(page)
        assert page.locator(".comment-list .comment").count() >= 1  # the demo's comments
        page.fill(".comment-form [name=name]", "Bùi Thị Mai")
        page.fill(".comment-form [name=text]", "")
        # Without consent the form says why and keeps the text.
        page.fill(".comment-form [name=text]", TEXT)
        page.locator(".comment-form button[type=submit]").click()
        error = page.locator("[data-error-for=consent]")
        error.wait_for(state="visible")
        assert "đồng ý" in error.inner_text()
        assert page.input_value(".comment-form [name=text]") == TEXT
        page.check(".comment-form [name=consent]")
        page.locator(".comment-form button[type=submit]").click()
        message = page.locator(".comment-form .public-form-message")
        # Locators, not wait_for_function: the public pages' CSP forbids the eval() that
        # Playwright's polling of a string expression needs.
        expect(message).to_contain_text("kiểm duyệt")
        assert "kiểm duyệt" in message.inner_text()
        assert page.input_value(".comment-form [name=text]") == ""
        check_common(page, "article-comments", "laptop")
        page.reload(wait_until="networkidle")
        assert TEXT not in page.content()  # pending: not shown
        assert _count(page) == before
        pk = portal_server.shell(
            "from bantin.interaction.models import Comment;"
            f"print(Comment.objects.get(text={TEXT!r}).pk)")

        admin = browser.new_context(viewport={"width": 1366, "height": 768})
        moderator = admin.new_page()
        try:
            portal_server.login(moderator)
            moderator.goto(portal_server.url + "/quan-tri/snippets/interaction/comment/")
            rows = moderator.locator("table.listing tbody tr")
            assert "Bùi Thị Mai" in rows.first.inner_text()  # pending first
            moderator.goto(portal_server.url
                           + f"/quan-tri/snippets/interaction/comment/kiem-duyet/{pk}/")
            moderator.locator("button[value=duyet]").click()
            moderator.wait_for_url("**/snippets/interaction/comment/")
            assert "Đã duyệt bình luận" in moderator.content()
        finally:
            admin.close()

        page.reload(wait_until="networkidle")
        assert TEXT in page.locator(".comment-list").inner_text()
        assert _count(page) == before + 1
    finally:
        context.close()
