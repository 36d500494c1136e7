"""The organisation and contact pages, in both languages, on a phone and a laptop screen."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.live]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VIEWPORTS = {"phone": (360, 740), "laptop": (1366, 768)}


@pytest.fixture(scope="module")
def organisation_pages(portal_server):
    portal_server.shell(
        "from wagtail.models import Site;"
        "from bantin.organisation.demo import load_demo;"
        "load_demo(Site.objects.get(hostname='localhost').root_page, 'huyện Tân Uyên', 1);"
        "print('ok')"
    )
    return portal_server


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["/gioi-thieu/", "/gioi-thieu/en/", "/lien-he/", "/lien-he/en/"])
def test_organisation_pages_read_well(browser, organisation_pages, path, viewport):
    from axe_playwright_python.sync_playwright import Axe

    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        response = page.goto(organisation_pages.url + path, wait_until="networkidle")
        assert response is not None and response.status == 200
        assert page.locator(".lang-switch").is_visible()
        if path.startswith("/gioi-thieu/"):
            photo = page.locator(".org-leaders .person-photo").first
            photo.scroll_into_view_if_needed()
            assert page.evaluate("img => img.naturalWidth", photo.element_handle()) > 0
        else:
            assert page.locator(".map-links a").first.is_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        ARTIFACTS.mkdir(exist_ok=True)
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{viewport}.png"), full_page=True)
        results = Axe().run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert not serious, "\n".join(serious)
        assert not errors, errors
    finally:
        context.close()
