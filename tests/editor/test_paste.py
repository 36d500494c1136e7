"""Text pasted from Word or Google Docs is tidied when a page is saved: no mso- styles,
Office classes or tags, no Google Docs wrapper or empty spans, and NFC text; Wagtail's
own link and image markup is kept."""

from __future__ import annotations

import unicodedata

from bantin.core.richtext import tidy
from bantin.news.models import ArticlePage

WORD = (
    '<p class="MsoNormal" style="mso-margin-top-alt:auto;line-height:150%">'
    '<span lang="VI" style="font-family:&quot;VNI-Times&quot;;mso-fareast-font-family:Arial">'
    'Ủy ban nhân dân xã</span><o:p></o:p></p>'
    '<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->'
)
GOOGLE = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5a1b2c3d">'
    '<p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-family:Arial">'
    'Thông báo lịch tiếp dân</span></p></b>'
)


def test_word_markup_is_removed():
    assert tidy(WORD) == "<p>Ủy ban nhân dân xã</p>"


def test_google_docs_wrapper_is_removed():
    assert tidy(GOOGLE) == "<p>Thông báo lịch tiếp dân</p>"


def test_nfd_text_becomes_nfc_and_wagtail_markup_stays():
    html = ('<p>Xem <a linktype="page" id="7">trang</a> và '
            '<a href="https://example.vn/">địa chỉ</a>.</p>'
            '<embed alt="ảnh" embedtype="image" format="fullwidth" id="3"/>')
    tidied = tidy(unicodedata.normalize("NFD", html))
    assert tidied == unicodedata.normalize("NFC", html)


def test_tone_marks_and_invisible_characters():
    assert tidy("<p>Uỷ ban\u200b hoà giải</p>") == "<p>Ủy ban hòa giải</p>"


def test_saving_an_article_tidies_its_body(hub):
    pasted = WORD + unicodedata.normalize("NFD", "<p>Tiếng Việt</p>")
    article = ArticlePage(title="Bài dán từ Word", slug="bai-dan", body=[("paragraph", pasted)])
    hub["news"].add_child(instance=article)
    article.full_clean()
    assert article.body[0].value.source == "<p>Ủy ban nhân dân xã</p><p>Tiếng Việt</p>"
    article.save_revision()
    stored = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert "mso-" not in stored.body[0].value.source
