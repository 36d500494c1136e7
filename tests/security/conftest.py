"""The browser tests here use tests/browser's one chromium."""

from tests.browser.conftest import browser, playwright  # noqa: F401
