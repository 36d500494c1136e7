"""HTML from elsewhere cut into blocks the admin's rich-text editor can open."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bantin.importers.body import body_blocks, image_embeds, rich_text

PICTURES = {"#bantin-image-7": SimpleNamespace(pk=7), "#bantin-image-8": SimpleNamespace(pk=8)}


def picture(src, alt):
    return PICTURES.get(src)


def kinds(blocks):
    return [kind for kind, _ in blocks]


def test_pictures_and_tables_become_their_own_blocks_in_order():
    blocks = body_blocks(
        "Mở đầu không có thẻ <b>đậm</b><br>"
        '<div><h1>Tiêu đề lớn</h1><p>Trước ảnh <img src="#bantin-image-7" alt="Cầu"> sau ảnh</p>'
        '<figure><img src="#bantin-image-8"><figcaption>Chợ phiên</figcaption></figure>'
        "<table><tr><th>Xã</th><th>Hộ</th></tr><tr><td>Phúc Khoa</td><td>12</td></tr></table>"
        "<h6>Ghi chú</h6></div>", picture)
    assert kinds(blocks) == ["paragraph", "image", "paragraph", "image", "table", "paragraph"]
    assert blocks[0][1] == ("<p>Mở đầu không có thẻ <b>đậm</b></p><h2>Tiêu đề lớn</h2>"
                            "<p>Trước ảnh </p>")
    assert blocks[1][1] == {"image": PICTURES["#bantin-image-7"], "caption": "",
                            "full_width": True}
    assert blocks[2][1] == "<p>sau ảnh</p>"
    assert blocks[3][1]["caption"] == "Chợ phiên"  # taken out of the text
    assert blocks[4][1]["data"] == [["Xã", "Hộ"], ["Phúc Khoa", "12"]]
    assert blocks[4][1]["first_row_is_table_header"]
    assert blocks[5][1] == "<h4>Ghi chú</h4>"


def test_unknown_pictures_are_left_out_and_their_text_kept():
    blocks = body_blocks('<p>Ảnh: <img src="https://noi-khac.example/a.jpg"> hết.</p>', picture)
    assert blocks == [("paragraph", "<p>Ảnh:  hết.</p>")]


def test_pictures_in_a_table_follow_it():
    blocks = body_blocks('<table><tr><td><img src="#bantin-image-7">Cầu treo</td></tr></table>',
                         picture)
    assert kinds(blocks) == ["table", "image"]
    assert blocks[0][1]["data"] == [["Cầu treo"]]


def test_only_what_the_editor_holds_is_kept():
    html = rich_text('<p style="color:red" onclick="x()"><span>Chữ <u>gạch</u></span></p>'
                     '<a href="javascript:alert(1)">xấu</a> <a linktype="document" id="4">tệp</a>')
    assert html == '<p>Chữ gạch</p><p><a>xấu</a> <a linktype="document" id="4">tệp</a></p>'


@pytest.mark.parametrize("html", ["", "   ", "<p></p>", "<br><br>", "<img>", "<table></table>",
                                  "<p><b></b></p>", "<!-- chú thích -->", "<div><div></div>"])
def test_empty_or_broken_input_gives_no_block(html):
    assert body_blocks(html, picture) == []


def test_unclosed_tags_keep_their_text():
    blocks = body_blocks("<p>Một <b>hai <i>ba</p><p>bốn", picture)
    assert kinds(blocks) == ["paragraph"]
    assert "Một" in blocks[0][1] and "bốn" in blocks[0][1]


def test_rich_text_fields_get_image_embeds():
    html = image_embeds('<p>Xem <img src="#bantin-image-7" alt="Sơ đồ"> và '
                        '<img src="http://xa.example/b.png"></p>', picture)
    assert html == ('<p>Xem <embed embedtype="image" id="7" format="fullwidth" alt="Sơ đồ"/>'
                    " và </p>")
    assert image_embeds('<img src="#bantin-image-8" alt="a&quot;b">', picture) == (
        '<embed embedtype="image" id="8" format="fullwidth" alt="a&quot;b"/>')
    assert image_embeds("<p>Không có ảnh</p>", picture) == "<p>Không có ảnh</p>"
