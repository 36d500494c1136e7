"""The seed's article, imported through `import_articles`, renders every element the seed shows."""

import html
import json
import re

import pytest
from django.core.management import call_command

from bantin.audience import counting
from bantin.core.text import format_number
from bantin.laws.models import DocumentType, IssuingBody, LegalDocument
from bantin.news.models import ArticlePage, Banner
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def visible_text(content: bytes | str) -> str:
    """The page's text roughly as a reader sees it: tags out, entities decoded, spaces collapsed."""
    page = content.decode() if isinstance(content, bytes) else content
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


@pytest.fixture
def seed_page(seed, hub, tmp_path):
    image = tmp_path / "anh.jpg"
    image.write_bytes(jpeg_bytes(size=(1300, 731)))
    line = {
        "id": "seed-1",
        "title": seed["title"],
        "lead": seed["lead"],
        "body_html": "".join(f"<p>{html.escape(p)}</p>" for p in seed["body"]),
        "author": seed["author"],
        "published_at": seed["published_at"].isoformat(),
        "category": "Tin tức/Xây dựng Đảng",
        "tags": ["công tác tư tưởng"],
        "image": str(image),
        "image_caption": seed["caption"],
        "views": seed["views"],
    }
    source = tmp_path / "seed.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_articles", str(source), site="testserver")
    issuer = IssuingBody.objects.create(name="Bộ Tài chính")
    for order, doc in enumerate(seed["documents"]):
        type_name, _, summary = doc["summary_line"].partition(" ")
        doc_type, _ = DocumentType.objects.get_or_create(name=type_name)
        legal = LegalDocument.objects.create(
            site=hub["site"], number=doc["number"], doc_type=doc_type, issuer=issuer,
            issued_on=f"2024-0{1 + order}-15", summary=summary,
        )
        counting.set_total(counting.LAW_VIEW, legal.pk, doc["views"])
        counting.set_total(counting.LAW_DOWNLOAD, legal.pk, doc["downloads"])
    Banner.objects.create(site=hub["site"], title="Cổng Dịch vụ công quốc gia",
                          url="https://dichvucong.gov.vn", position="sidebar")
    return ArticlePage.objects.get(import_key="seed-1")


def test_title_date_line_views_and_comments(client, seed, seed_page):
    response = client.get(seed_page.url)
    assert response.status_code == 200
    text = visible_text(response.content)
    assert seed["title"] in text
    # "Thứ bảy - 15/07/2023 05:55 441 0", read in the seed's order.
    assert f"{seed['date_line']} Lượt xem: {seed['views']} Bình luận: {seed['comments']}" in text


def test_image_caption_body_and_author(client, seed, seed_page):
    content = client.get(seed_page.url).content.decode()
    text = visible_text(client.get(seed_page.url).content)
    assert re.search(r"<figure class=\"featured\">.*?<picture>.*?</picture>", content, re.S)
    assert f"<figcaption>{html.escape(seed['caption'], quote=False)}</figcaption>" in content
    assert seed["lead"] in text
    for paragraph in seed["body"]:
        assert paragraph in text
    assert f"Tác giả: {seed['author']}" in text
    assert text.index(seed["body"][-1]) < text.index(f"Tác giả: {seed['author']}")


def test_responsive_images_offer_avif_and_webp(client, seed_page):
    content = client.get(seed_page.url).content.decode()
    figure = re.search(r"<figure class=\"featured\">(.*?)</figure>", content, re.S).group(1)
    assert 'type="image/avif"' in figure and 'type="image/webp"' in figure
    assert re.search(r'srcset="[^"]+ 480w, [^"]+ 800w, [^"]+ 1200w"', figure)


def test_rating_line_matches_seed(client, seed, seed_page):
    text = visible_text(client.get(seed_page.url).content)
    assert seed["rating_line"] in text


def test_new_documents_block_shows_seed_documents(client, seed, seed_page):
    text = visible_text(client.get(seed_page.url).content)
    assert "Văn bản mới" in text
    for doc in seed["documents"]:
        assert f"Số: {doc['number']}" in text
        assert doc["summary_line"] in text
        views, downloads = format_number(doc["views"]), format_number(doc["downloads"])
        assert f"lượt xem: {views} | lượt tải: {downloads}" in text


def test_banner_and_visitor_statistics_block(client, seed_page):
    content = client.get(seed_page.url).content.decode()
    text = visible_text(content)
    assert "Cổng Dịch vụ công quốc gia" in text
    for label in ("Đang truy cập", "Hôm nay", "Tháng hiện tại", "Tháng trước",
                  "Tổng lượt truy cập"):
        assert label in text


def test_tools_share_links_and_scroll_buttons(client, seed_page):
    content = client.get(seed_page.url).content.decode()
    assert 'id="print-article"' in content
    assert f'href="{seed_page.url}luu/"' in content
    assert "facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2F" in content
    assert "zalo.me/share_inline?url=http%3A%2F%2Ftestserver%2F" in content
    assert 'id="len-dau"' in content and 'id="xuong-cuoi"' in content


def test_idle_warning_only_for_logged_in_users(client, seed_page, django_user_model):
    notice = "Bạn đã không sử dụng Site, Bấm vào đây để duy trì trạng thái đăng nhập."
    assert notice not in visible_text(client.get(seed_page.url).content)
    user = django_user_model.objects.create_user("bientap", password="mat-khau-dai-12")
    client.force_login(user)
    text = visible_text(client.get(seed_page.url).content)
    assert f"{notice} Thời gian chờ: 60 giây" in text


def test_saved_file_is_self_contained(client, seed, seed_page):
    response = client.get(f"{seed_page.url}luu/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    content = response.content.decode()
    assert seed["title"] in content and seed["body"][0] in content
    assert 'src="data:image/jpeg;base64,' in content
    assert not re.search(r'(?:src|href)="/(?!/)', content), "the saved file points back at the site"
    assert "<link " not in content and "<script" not in content
