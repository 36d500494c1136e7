"""A reader votes in the home page's poll in Debian's chromium (the page served from the
page cache), sees the live results drawn with the vote counted, and cannot vote again."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser_pages import open_page

pytestmark = [pytest.mark.browser, pytest.mark.live]
# Locators, not wait_for_function: the public pages' CSP forbids the eval() it needs.
COUNT = re.compile(r"(\d+) người đã bình chọn")


def _voters(results) -> int:
    match = COUNT.search(results.inner_text())
    return int(match.group(1)) if match else -1


def test_vote_on_the_home_page_and_see_the_results(browser, portal_server):
    context, page = open_page(browser, portal_server, "/", "phone")
    try:
        form = page.locator(".poll-box form.poll-form").first
        results = form.locator(".poll-results")
        message = form.locator(".poll-message")
        expect(results).to_contain_text(COUNT)
        before = _voters(results)
        # Without consent nothing is counted and the form says why.
        form.locator("[name=lua-chon]").first.check()
        form.locator("button[type=submit]").click()
        expect(message).to_contain_text("đồng ý")
        form.locator("[name=consent]").check()
        form.locator("button[type=submit]").click()
        expect(message).to_contain_text("Cảm ơn")
        expect(results).to_contain_text(f"{before + 1} người đã bình chọn")
        # The same browser again, even after clearing its cookies: refused, not counted.
        context.clear_cookies()
        page.reload()
        form = page.locator(".poll-box form.poll-form").first
        results = form.locator(".poll-results")
        form.locator("[name=lua-chon]").first.check()
        form.locator("[name=consent]").check()
        form.locator("button[type=submit]").click()
        expect(form.locator(".poll-message")).to_contain_text("đã bình chọn")
        expect(results).to_contain_text(COUNT)
        assert _voters(results) == before + 1
    finally:
        context.close()
