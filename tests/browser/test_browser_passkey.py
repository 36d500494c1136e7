"""A passkey registered from the account page, then used at the second-factor step, with
Chromium's virtual authenticator (DevTools WebAuthn domain): no real key needed."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.live]

USER, PASSWORD = "khoa-bao-mat", "mot-mat-khau-rat-dai-2026"


def count_passkeys(server) -> int:
    return int(server.shell(
        "from django_otp_webauthn.models import WebAuthnCredential;"
        f"print(WebAuthnCredential.objects.filter(user__username={USER!r}).count())"))


def test_register_a_passkey_then_verify_with_it(browser, portal_server):
    portal_server.shell(
        "from django.contrib.auth import get_user_model;"
        f"get_user_model().objects.create_superuser({USER!r}, 'k@example.vn', {PASSWORD!r})")
    # A WebAuthn relying party must be a domain name: localhost, not 127.0.0.1.
    base = portal_server.url.replace("127.0.0.1", "localhost")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
            "hasUserVerification": True, "isUserVerified": True,
            "automaticPresenceSimulation": True,
        }})
        portal_server.login(page, USER, PASSWORD, base=base)
        page.goto(base + "/quan-tri/xac-thuc/tai-khoan/")
        page.locator("#passkey-register-button").click()
        status = page.locator("#passkey-register-status-message")
        status.wait_for(state="visible", timeout=15000)
        page.wait_for_function(
            "document.getElementById('passkey-register-status-message')"
            ".dataset.statusEnum === 'success'", timeout=15000)
        assert count_passkeys(portal_server) == 1

        context.clear_cookies()
        page.goto(base + "/quan-tri/login/")
        page.fill("input[name=username]", USER)
        page.fill("input[name=password]", PASSWORD)
        page.locator("button[type=submit], input[type=submit]").first.click()
        page.wait_for_url("**/quan-tri/xac-thuc/**")
        page.locator("#passkey-verification-button").click()
        page.wait_for_url(lambda url: "/xac-thuc/" not in url and "/login/" not in url,
                          timeout=15000)
        page.goto(base + "/quan-tri/")
        assert "/xac-thuc/" not in page.url and "/login/" not in page.url
    finally:
        context.close()
