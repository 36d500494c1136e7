"""The "Ghi âm" recorder of the programme form in Debian's chromium, with Chromium's fake
microphone: record about a second, listen, use it, and the file input holds a WebM file;
without MediaRecorder the plain file input stays alone."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bantin.broadcast import audio
from bantin.broadcast.recording import RecordingFileInput
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser]

SCRIPT = Path(__file__).resolve().parents[2] / "bantin/broadcast/static/broadcast/recorder.js"
ORIGIN = "http://127.0.0.1:9"  # never contacted: every request is answered by the test
FAKE_MEDIA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


def form_html() -> str:
    widget = RecordingFileInput().render("audio", None, attrs={"id": "id_audio"})
    return (f'<!doctype html><html lang="vi"><meta charset="utf-8"><body>'
            f'<form><label for="id_audio">Tệp âm thanh</label>{widget}</form>'
            f'<script src="/static/broadcast/recorder.js"></script></body></html>')


def open_form(browser, *, without_recorder=False):
    context = browser.new_context()
    if without_recorder:
        context.add_init_script("delete window.MediaRecorder;")
    page = context.new_page()
    html, script = form_html(), SCRIPT.read_text(encoding="utf-8")

    def answer(route):
        if route.request.url.endswith("/recorder.js"):
            route.fulfill(body=script, content_type="text/javascript")
        elif route.request.url.rstrip("/") == ORIGIN + "/form":
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        else:
            route.abort()

    context.route("**/*", answer)
    page.goto(ORIGIN + "/form")
    return context, page


@pytest.fixture(scope="module")
def recording_browser(playwright):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                         args=[*CHROMIUM_ARGS, *FAKE_MEDIA])
    yield browser
    browser.close()


def test_record_listen_and_use(recording_browser):
    context, page = open_form(recording_browser)
    try:
        recorder = page.locator(".bantin-recorder")
        assert recorder.is_visible()
        page.get_by_role("button", name="Ghi âm").click()
        page.wait_for_function(
            "document.querySelector('[data-recorder-status]').textContent.includes('Đang ghi')")
        page.wait_for_timeout(1200)
        page.get_by_role("button", name="Dừng").click()
        use = page.get_by_role("button", name="Dùng bản ghi này")
        page.wait_for_function(
            "!document.querySelector('[data-recorder-use]').disabled")
        assert page.locator("[data-recorder-audio]").is_visible()
        use.click()
        chosen = page.evaluate("""async () => {
            const file = document.getElementById('id_audio').files[0];
            const bytes = new Uint8Array(await file.arrayBuffer());
            return {name: file.name, type: file.type, size: file.size,
                    head: Array.from(bytes.slice(0, 4))};
        }""")
        assert chosen["name"].startswith("ghi-am-") and chosen["name"].endswith(".webm")
        assert chosen["type"] == "audio/webm" and chosen["size"] > 200
        assert chosen["head"] == [0x1A, 0x45, 0xDF, 0xA3]  # an EBML (WebM) header
        data = page.evaluate("""async () => {
            const file = document.getElementById('id_audio').files[0];
            return Array.from(new Uint8Array(await file.arrayBuffer()));
        }""")
    finally:
        context.close()
    upload = SimpleUploadedFile("ghi-am.webm", bytes(data), content_type="audio/webm")
    info = audio.check(upload)  # the recorder's file passes the upload gate as it is
    assert info is not None and info.format == "webm"


def test_without_media_recorder_the_file_input_stays_alone(recording_browser):
    context, page = open_form(recording_browser, without_recorder=True)
    try:
        assert page.locator("#id_audio").is_visible()
        assert not page.locator(".bantin-recorder").is_visible()
    finally:
        context.close()
