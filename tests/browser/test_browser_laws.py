"""The legal-documents library in Debian's chromium: filter, open, preview and download."""

from pathlib import Path

import pytest

from tests.browser.test_browser_pages import check_common, open_page

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_filter_open_preview_and_download(browser, portal_server, viewport):
    context, page = open_page(browser, portal_server, "/van-ban/", viewport)
    try:
        rows = page.locator(".doc-table tbody tr")
        unfiltered = rows.count()
        assert unfiltered >= 10
        page.select_option("#loc-loai", label=page.locator(
            "#loc-loai option", has_text="Chỉ thị").first.inner_text())
        page.locator(".law-filters button[type=submit]").click()
        page.wait_for_url("**loai=**")
        assert 1 <= rows.count() < unfiltered
        for text in rows.all_inner_texts():
            assert "Chỉ thị" in text
        check_common(page, "laws-list", viewport)

        rows.first.locator("a").first.click()
        page.wait_for_load_state("load")
        assert page.locator(".doc-badge").first.is_visible()
        preview = page.locator("iframe.pdf-preview").first
        preview.scroll_into_view_if_needed()
        assert preview.is_visible()
        check_common(page, "laws-detail", viewport)
        with page.expect_download() as info:
            page.locator("a[href*='/tai-ve/']").first.click()
        downloaded = Path(info.value.path()).read_bytes()
        assert downloaded.startswith(b"%PDF-")
        assert info.value.suggested_filename.endswith(".pdf")
    finally:
        context.close()


def test_search_by_number_without_caring_for_case_or_spaces(browser, portal_server):
    context, page = open_page(browser, portal_server, "/van-ban/", "laptop")
    try:
        page.fill("#loc-q", "18 / 2026 / qđ-ubnd")
        page.locator(".law-filters button[type=submit]").click()
        page.wait_for_url("**q=**")
        rows = page.locator(".doc-table tbody tr")
        assert rows.count() == 1 and "18/2026/QĐ-UBND" in rows.first.inner_text()
    finally:
        context.close()
