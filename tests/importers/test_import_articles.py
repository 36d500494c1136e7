"""`import_articles`: good lines land, bad lines are reported by number and store nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from bantin.audience import counting
from bantin.news.models import ArticlePage, CategoryPage
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

GOOD = {
    "id": "nv-101",
    "title": "Xã Phúc Khoa ra quân làm đường giao thông nông thôn",
    "lead": "Hơn 300 người dân tham gia.",
    "body_html": "<p>Đoạn thứ nhất.</p><p>Đoạn thứ hai.</p>",
    "author": "Lò Văn A",
    "published_at": "2026-03-02T07:30:00+07:00",
    "category": "Tin tức/Kinh tế - Xã hội",
    "tags": ["giao thông", "nông thôn mới"],
    "views": 12,
}


def write(tmp_path, *lines) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
                  for line in lines) + "\n",
        encoding="utf-8",
    )
    return str(path)


def run(path, capsys):
    try:
        call_command("import_articles", path, site="testserver")
        code = 0
    except CommandError as exc:
        code = exc.returncode
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_creates_article_categories_tags_and_views(hub, tmp_path, capsys):
    image = tmp_path / "a.jpg"
    image.write_bytes(jpeg_bytes())
    code, out, _ = run(write(tmp_path, {**GOOD, "image": "a.jpg", "image_caption": "Ra quân"}),
                       capsys)
    assert code == 0, out
    article = ArticlePage.objects.get(import_key="nv-101")
    assert article.live and article.title == GOOD["title"]
    parent = article.get_parent().specific
    assert parent.title == "Kinh tế - Xã hội"
    assert parent.get_parent().title == "Tin tức"
    assert sorted(t.name for t in article.tags.all()) == ["giao thông", "nông thôn mới"]
    assert article.featured_image.caption == "Ra quân" and article.caption == "Ra quân"
    assert article.published_at.isoformat() == "2026-03-02T00:30:00+00:00"
    assert counting.totals([counting.PAGE_VIEW], article.pk)[counting.PAGE_VIEW] == 12


def test_rerun_updates_instead_of_duplicating(hub, tmp_path, capsys):
    path = write(tmp_path, GOOD)
    run(path, capsys)
    changed = {**GOOD, "title": "Tiêu đề đã sửa", "category": "Tin tức/Xây dựng Đảng",
               "views": 40}
    code, out, _ = run(write(tmp_path, changed), capsys)
    assert code == 0
    assert "cập nhật 1" in out
    articles = ArticlePage.objects.filter(import_key="nv-101")
    assert articles.count() == 1
    article = articles.get()
    assert article.title == "Tiêu đề đã sửa"
    assert article.get_parent().title == "Xây dựng Đảng"
    assert counting.totals([counting.PAGE_VIEW], article.pk)[counting.PAGE_VIEW] == 40
    assert CategoryPage.objects.filter(title="Xây dựng Đảng").count() == 1


def test_same_file_twice_changes_nothing(hub, tmp_path, capsys):
    path = write(tmp_path, GOOD, {**GOOD, "id": "nv-102", "title": "Bài thứ hai"})
    run(path, capsys)
    before = (ArticlePage.objects.count(), CategoryPage.objects.count())
    code, out, _ = run(path, capsys)
    assert code == 0 and "Đã tạo 0, cập nhật 2" in out
    assert (ArticlePage.objects.count(), CategoryPage.objects.count()) == before


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "JSON không hợp lệ"),
        ("[1, 2]", "đối tượng JSON"),
        ({**GOOD, "title": ""}, "thiếu trường bắt buộc 'title'"),
        ({k: v for k, v in GOOD.items() if k != "title"}, "thiếu trường bắt buộc 'title'"),
        ({**GOOD, "id": ""}, "thiếu trường bắt buộc 'id'"),
        ({**GOOD, "published_at": "15/07/2023"}, "không đúng định dạng ISO 8601"),
        ({**GOOD, "published_at": "2023-07-15T05:55:00"}, "thiếu múi giờ"),
        ({**GOOD, "published_at": "2023-02-30T05:55:00+07:00"}, "không đúng định dạng"),
        ({**GOOD, "category": ""}, "thiếu trường bắt buộc 'category'"),
        ({**GOOD, "views": -3}, "'views' phải là số nguyên không âm"),
        ({**GOOD, "views": "nhiều"}, "'views' phải là số nguyên không âm"),
        ({**GOOD, "tags": [1, 2]}, "'tags' phải là danh sách chuỗi"),
        ({**GOOD, "image": "khong-co.jpg"}, "không tìm thấy tệp ảnh"),
        ({**GOOD, "title": "x" * 300}, "dài quá 255"),
    ],
)
def test_bad_line_is_reported_and_skipped(hub, tmp_path, capsys, line, reason):
    good = {**GOOD, "id": "nv-ok"}
    code, out, err = run(write(tmp_path, good, line), capsys)
    assert code == 1
    assert "Dòng 2: " in err and reason in err
    assert "Đã tạo 1" in out
    assert list(ArticlePage.objects.values_list("import_key", flat=True)) == ["nv-ok"]


def test_not_an_image_is_refused(hub, tmp_path, capsys):
    (tmp_path / "fake.jpg").write_text("<?php echo 1; ?>")
    code, _, err = run(write(tmp_path, {**GOOD, "image": "fake.jpg"}), capsys)
    assert code == 1 and "không phải ảnh hợp lệ" in err
    assert not ArticlePage.objects.exists()


def test_script_event_handlers_and_javascript_urls_are_removed(hub, tmp_path, capsys):
    body = (
        '<p onclick="steal()">Xin chào<script>alert(1)</script></p>'
        '<a href="javascript:alert(2)">liên kết</a><img src="x.jpg" onerror="alert(3)">'
        '<iframe src="https://evil.example"></iframe><p style="color:red">Đoạn</p>'
        '<a href="https://laichau.gov.vn">Lai Châu</a>'
    )
    code, _, _ = run(write(tmp_path, {**GOOD, "body_html": body}), capsys)
    assert code == 0
    stored = ArticlePage.objects.get(import_key="nv-101").body.raw_data[0]["value"]
    lowered = stored.lower()
    for bad in ("<script", "alert(1)", "onclick", "onerror", "javascript:", "<iframe", "style="):
        assert bad not in lowered
    assert "Xin chào" in stored and 'href="https://laichau.gov.vn"' in stored


def test_bad_line_does_not_touch_existing_article(hub, tmp_path, capsys):
    run(write(tmp_path, GOOD), capsys)
    code, _, _ = run(write(tmp_path, {**GOOD, "published_at": "không rõ"}), capsys)
    assert code == 1
    assert ArticlePage.objects.get(import_key="nv-101").title == GOOD["title"]


def test_unknown_site_and_missing_file_are_clear_errors(hub, tmp_path):
    with pytest.raises(CommandError, match="Không có trang nào với tên miền"):
        call_command("import_articles", write(tmp_path, GOOD), site="khong-co.example")
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_articles", str(tmp_path / "none.jsonl"), site="testserver")


def test_file_that_is_not_utf8_is_refused(hub, tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"title": "Tin t\u1ee9c"}'.encode("utf-16"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_articles", str(path), site="testserver")
