"""Home, a category and the seed article in Debian's chromium, on a phone and a laptop screen."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.live]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VIEWPORTS = {"phone": (360, 740), "laptop": (1366, 768)}


@pytest.fixture
def seed_url(portal_server):
    if portal_server.seed_url is None:
        pytest.skip("The seed page is not available: the seed article could not be imported.")
    return portal_server.seed_url


def open_page(browser, server, path: str, viewport: str):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(server.url + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    page.js_errors = errors
    return context, page


def category_path(server) -> str:
    return server.shell(
        "from bantin.news.models import CategoryPage;"
        "print(CategoryPage.objects.get(slug='xay-dung-dang').get_url_parts()[2])"
    )


def check_common(page, name: str, viewport: str):
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{viewport}.png"), full_page=True)
    if viewport == "phone":
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
    for selector in (".site-header", "main#noi-dung", ".new-documents", ".visitor-stats",
                     ".site-footer", "#len-dau", "#xuong-cuoi"):
        page.locator(selector).first.scroll_into_view_if_needed()
        assert page.locator(selector).first.is_visible(), f"{selector} hidden on {name}"
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
    assert not page.js_errors, page.js_errors


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_home_page(browser, portal_server, viewport):
    context, page = open_page(browser, portal_server, "/", viewport)
    try:
        assert page.locator(".featured-news h3 a").first.is_visible()
        assert page.locator(".latest-news .article-item").count() >= 5
        assert page.locator(".category-block").count() >= 3
        assert page.locator(".banners-sidebar img").count() >= 3
        check_common(page, "home", viewport)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_category_page(browser, portal_server, viewport):
    context, page = open_page(browser, portal_server, category_path(portal_server), viewport)
    try:
        assert page.locator("h1.page-title").inner_text() == "Xây dựng Đảng"
        assert page.locator(".article-list .article-item").count() >= 4
        check_common(page, "category", viewport)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_seed_article(browser, portal_server, seed_url, seed, viewport):
    context, page = open_page(browser, portal_server, seed_url, viewport)
    try:
        assert page.locator("h1.article-title").inner_text() == seed["title"]
        for selector in (".date-line", "figure.featured img", "figure.featured figcaption",
                         ".article-body", ".author", ".rating-line", ".stars", ".related",
                         "#print-article", "#save-article", ".share-fb", ".share-zalo"):
            locator = page.locator(selector).first
            locator.scroll_into_view_if_needed()
            assert locator.is_visible(), f"{selector} is not visible"
        assert seed["date_line"] in page.locator(".date-line").inner_text()
        image_width = page.evaluate(
            "document.querySelector('figure.featured img').naturalWidth"
        )
        assert image_width > 0, "the featured image did not load"
        check_common(page, "article", viewport)
    finally:
        context.close()


def test_star_vote_updates_the_line(browser, portal_server, seed_url):
    context, page = open_page(browser, portal_server, seed_url, "phone")
    try:
        line = page.locator("#rating-line")
        before = line.inner_text()
        page.locator(".star[data-value='4']").click()
        # Locators, not wait_for_function: the public pages' CSP forbids the eval() that
        # Playwright's polling of an expression needs.
        expect(line).not_to_have_text(before)
        assert line.inner_text().endswith("trong 1 đánh giá")
        assert "Cảm ơn" in page.locator("#rating-message").inner_text()
        page.locator(".star[data-value='2']").click()
        expect(page.locator("#rating-message")).to_contain_text("đã đánh giá")
        assert line.inner_text().endswith("trong 1 đánh giá")
    finally:
        context.close()


def test_print_view_hides_navigation(browser, portal_server, seed_url):
    context, page = open_page(browser, portal_server, seed_url, "laptop")
    try:
        assert page.locator(".main-nav").is_visible()
        page.emulate_media(media="print")
        for selector in (".main-nav", ".site-header", ".sidebar", ".article-tools",
                         ".scroll-buttons", ".site-footer"):
            assert page.locator(selector).first.is_hidden(), f"{selector} shows when printing"
        assert page.locator("h1.article-title").is_visible()
        assert page.locator(".article-body").is_visible()
        page.pdf(path=str(ARTIFACTS / "article-print.pdf")) if ARTIFACTS.exists() else None
    finally:
        context.close()


def test_save_downloads_one_file(browser, portal_server, seed_url, seed):
    context, page = open_page(browser, portal_server, seed_url, "laptop")
    try:
        with page.expect_download() as info:
            page.locator("#save-article").click()
        path = info.value.path()
        content = Path(path).read_text(encoding="utf-8")
        assert seed["title"] in content and "data:image/jpeg;base64," in content
    finally:
        context.close()


def test_idle_warning_counts_down_and_keeps_the_session(browser, portal_server, seed_url):
    """The server runs with a 65-second idle limit, so the warning appears 5 s after load."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        portal_server.login(page)
        page.goto(portal_server.url + seed_url)
        warning = page.locator("#idle-warning")
        assert warning.is_hidden()
        warning.wait_for(state="visible", timeout=15000)
        text = warning.inner_text()
        assert "Bạn đã không sử dụng Site, Bấm vào đây để duy trì trạng thái đăng nhập." in text
        first = int(page.locator("#idle-countdown").inner_text())
        page.wait_for_timeout(2200)
        assert int(page.locator("#idle-countdown").inner_text()) < first <= 60
        with page.expect_response("**/api/session/keepalive/") as keep:
            page.locator("#idle-keep").click()
        assert keep.value.status == 200
        assert warning.is_hidden()
        page.goto(portal_server.url + "/quan-tri/")
        assert "/login/" not in page.url, "the session should still be alive"
        assert "/xac-thuc/" not in page.url, "the second factor was passed"
        # The admin shows the same warning, timed the same way.
        admin_warning = page.locator("#idle-warning")
        admin_warning.wait_for(state="visible", timeout=15000)
        assert "duy trì trạng thái đăng nhập" in admin_warning.inner_text()
        with page.expect_response("**/api/session/keepalive/") as keep:
            page.locator("#idle-keep").click()
        assert keep.value.status == 200 and admin_warning.is_hidden()
        logout = context.request.post(
            portal_server.url + "/api/session/logout/",
            headers={"X-CSRFToken": next(c["value"] for c in context.cookies()
                                         if c["name"] == "csrftoken"),
                     "Referer": portal_server.url + "/"},
        )
        assert logout.status == 200
        page.goto(portal_server.url + "/quan-tri/")
        assert "/login/" in page.url
    finally:
        context.close()
