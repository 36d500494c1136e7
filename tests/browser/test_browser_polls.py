"""A reader votes in the home page's poll in Debian's chromium (the page served from the
page cache), sees the live results drawn with the vote counted, and cannot vote again."""

import re

import pytest

from tests.browser.test_browser_pages import open_page

pytestmark = [pytest.mark.browser, pytest.mark.live]


def _voters(page, form) -> int:
    text = form.locator(".poll-results").inner_text()
    match = re.search(r"(\d+) người đã bình chọn", text)
    return int(match.group(1)) if match else -1


def test_vote_on_the_home_page_and_see_the_results(browser, portal_server):
    context, page = open_page(browser, portal_server, "/", "phone")
    try:
        form = page.locator(".poll-box form.poll-form").first
        form.wait_for()
        results = form.locator(".poll-results")
        page.wait_for_function("el => /người đã bình chọn/.test(el.textContent)",
                               arg=results.element_handle())
        before = _voters(page, form)
        # Without consent nothing is counted and the form says why.
        form.locator("[name=lua-chon]").first.check()
        form.locator("button[type=submit]").click()
        message = form.locator(".poll-message")
        page.wait_for_function(
            "el => el.textContent.trim().length > 0", arg=message.element_handle())
        assert "đồng ý" in message.inner_text()
        form.locator("[name=consent]").check()
        form.locator("button[type=submit]").click()
        page.wait_for_function("el => el.textContent.includes('Cảm ơn')",
                               arg=message.element_handle())
        page.wait_for_function(
            f"el => el.textContent.includes('{before + 1} người đã bình chọn')",
            arg=results.element_handle())
        voters = before + 1
        # The same browser again, even after clearing its cookies: refused.
        context.clear_cookies()
        page.reload()
        form = page.locator(".poll-box form.poll-form").first
        form.locator("[name=lua-chon]").first.check()
        form.locator("[name=consent]").check()
        form.locator("button[type=submit]").click()
        page.wait_for_function(
            "el => /đã bình chọn|đã tham gia/.test(el.textContent)",
            arg=form.locator(".poll-message").element_handle())
        page.wait_for_function(
            "el => /người đã bình chọn/.test(el.textContent)",
            arg=form.locator(".poll-results").element_handle())
        assert _voters(page, form) == voters
    finally:
        context.close()
