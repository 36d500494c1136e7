"""import_nukeviet against a NukeViet-shaped MariaDB database: every article, document,
counter, comment and old URL arrives, a second run changes nothing, an interrupted run
resumes, a dry run writes nothing."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, ReferenceIndex

from bantin.audience import counting
from bantin.audience.models import Counter, SiteDailyVisits
from bantin.core import text
from bantin.core.models import CustomDocument, CustomImage
from bantin.importers.bulk import IMPORT_ACTION
from bantin.importers.models import ImportedObject
from bantin.importers.nukeviet import articles
from bantin.importers.nukeviet.articles import ArticleImporter
from bantin.interaction.models import Comment
from bantin.laws.models import DocumentLink, LegalDocument, Relation, Validity
from bantin.news.models import ArticlePage, CategoryPage
from bantin.search import engine
from bantin.search.models import Kind
from bantin.search.query import parse
from tests.importers.nukeviet import builder

pytestmark = pytest.mark.django_db




def run(source, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_nukeviet", database=source["url"], uploads=source["uploads"],
                 site="testserver", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def article(module: str, row_id: int) -> ArticlePage:
    return ArticlePage.objects.get(import_key=f"nukeviet:{module}:{row_id}")


def law(code: str) -> LegalDocument:
    return LegalDocument.objects.get(number=code)


def snapshot() -> dict:
    return {
        "articles": ArticlePage.objects.count(),
        "categories": CategoryPage.objects.count(),
        "comments": Comment.objects.count(),
        "laws": LegalDocument.objects.count(),
        "links": DocumentLink.objects.count(),
        "redirects": Redirect.objects.count(),
        "images": CustomImage.objects.count(),
        "documents": CustomDocument.objects.count(),
        "counters": sorted(Counter.objects.values_list("kind", "object_id", "count")),
        "visits": sorted(SiteDailyVisits.objects.values_list("day", "visits")),
        "mapping": sorted(ImportedObject.objects.values_list(
            "kind", "external_id", "object_id", "checksum")),
    }


def test_everything_arrives_and_a_second_run_changes_nothing(hub, source, client):
    out, err = run(source)
    assert "article:news: tạo mới 7, không nhập 1" in out
    assert "law:vanban: tạo mới 4, không nhập 1" in out

    # Categories: a tree under the site's home; the second news instance in its own.
    home = hub["home"]
    news_root = CategoryPage.objects.child_of(home).get(title="Tin tức & Sự kiện")
    education = CategoryPage.objects.child_of(news_root).get(title="Giáo dục")
    culture = CategoryPage.objects.child_of(home).get(title=text.clean("Văn hoá - Xã hội"))
    assert unicodedata.is_normalized("NFC", culture.title)
    assert not CategoryPage.objects.get(title="Lưu trữ").live
    notices = CategoryPage.objects.child_of(home).get(title="Thông báo")
    assert CategoryPage.objects.child_of(notices).filter(title="Thông báo chung").exists()
    # Shown only to some groups in NukeViet: here only to signed-in users; never public.
    internal = CategoryPage.objects.get(title="Tài liệu nội bộ")
    assert internal.live
    assert [r.restriction_type for r in internal.get_view_restrictions()] == ["login"]
    assert not news_root.get_view_restrictions().exists()
    assert client.get(internal.get_url(), HTTP_HOST=hub["site"].hostname).status_code == 302
    # A document NukeViet kept from some visitors' downloads waits unpublished.
    assert not law("07/KH-UBND").live and law("12/2020/QĐ-UBND").live

    # A full article: unescaped title, lead, image, body with copied files, attachments,
    # author list, source, tags and topic, featured group, extra category, counters.
    first = article("news", 1)
    assert first.title == "Bộ GD&ĐT hướng dẫn tuyển sinh lớp 10 năm học 2024–2025"
    assert first.get_parent().pk == education.pk and first.live
    assert first.lead == 'Thông tin "mới nhất" về kỳ thi.'
    assert first.author == "Phòng Văn hóa, Minh Châu"
    assert first.source == "Bộ Giáo dục & Đào tạo"
    assert first.source_url == "https://moet.gov.vn/tuyen-sinh"
    assert first.featured and first.allow_comments
    assert {t.name for t in first.tags.all()} == {"tuyển sinh", "giáo dục", "Kỳ thi tuyển sinh"}
    assert culture in first.extra_categories.all()
    assert first.featured_image is not None and first.caption == "Thí sinh dự thi"
    # The body as the admin's editor holds it: text, the copied picture as an image block
    # (the one on another site is left out and reported), the link to the copied file.
    body = first.body.raw_data
    assert [b["type"] for b in body] == ["paragraph", "image", "image", "paragraph",
                                         "attachment"]
    assert body[0]["value"] == "<p>Kỳ thi diễn ra trong <strong>hai ngày</strong>.</p>"
    pictures = CustomImage.objects.filter(pk__in=[body[1]["value"]["image"],
                                                  body[2]["value"]["image"]])
    assert {p.collection_id for p in pictures} == {first.featured_image.collection_id}
    assert len(pictures) == 2  # the portal's own address written in full is an upload too
    assert "/uploads/" not in str(body) and "<img" not in str(body)
    assert body[3]["value"] == (f'<p><a linktype="document" id="{body[4]["value"]["document"]}">'
                                "Tải kế hoạch</a></p>")
    assert counting.totals((counting.PAGE_VIEW, counting.RATING_SUM, counting.RATING_COUNT,
                            counting.COMMENT_COUNT), first.pk) == {
        counting.PAGE_VIEW: builder.MEDIUMINT_MAX, counting.RATING_SUM: 45,
        counting.RATING_COUNT: 10, counting.COMMENT_COUNT: 2}

    # Upkeep deferred to the end of the run: a valid tree, the portal's search and
    # Wagtail's find the articles, the reference index knows their images, and one audit
    # entry sums up the run instead of one per page.
    assert all(not found for found in Page.find_problems())
    hits = engine.SearchResults(parse("tuyển sinh lớp 10"),
                                engine.Scope(site_ids=(hub["site"].pk,)))
    assert first.pk in [e.object_id for e in hits[:20] if e.kind == Kind.ARTICLE]
    assert first.pk in [p.pk for p in ArticlePage.objects.search("tuyển sinh")]
    assert first.pk in [int(r.object_id) for r in
                        ReferenceIndex.get_references_to(first.featured_image)]
    imported = ArticlePage.objects.filter(import_key__startswith="nukeviet:")
    assert not PageLogEntry.objects.filter(page__in=imported, action="wagtail.create").exists()
    (entry,) = PageLogEntry.objects.filter(action=IMPORT_ACTION)
    assert entry.page_id == home.pk
    assert "article:news: tạo mới 7, không nhập 1" in entry.data["summary"]

    # NFD text, stored XSS and missing files.
    second = article("news", 2)
    assert second.title == text.clean(builder.nfd("Xã hoà bình tổ chức lễ hội văn hoá dân gian"))
    assert unicodedata.is_normalized("NFC", second.body.raw_data[0]["value"])
    assert "script" not in str(second.body.raw_data) and "onclick" not in str(second.body.raw_data)
    assert second.featured_image is None and second.live

    # States: scheduled, expired, draft, published with an expiry.
    scheduled = article("news", 3)
    assert not scheduled.live and scheduled.go_live_at is not None
    assert scheduled.revisions.filter(approved_go_live_at__isnull=False).exists()
    expired = article("news", 4)
    assert not expired.live and expired.expired
    draft = article("news", 5)
    assert not draft.live and not draft.expired and draft.go_live_at is None
    assert len(article("news", 6).body.raw_data[0]["value"]) > 300_000
    assert not ArticlePage.objects.filter(import_key="nukeviet:news:7").exists()
    expiring = article("news", 8)
    assert expiring.live and expiring.expire_at is not None
    assert expiring.featured_image is not None  # an /uploads/ path of its own

    # The older body tables (_bodyhtml_1, _bodyhtml_2) of the second instance.
    assert "Tiêm chủng" in article("thongbao", 1).body.raw_data[0]["value"]
    assert "31/10" in article("thongbao", 2001).body.raw_data[0]["value"]

    # Approved comments only, with their replies, no email kept, markup gone.
    comments = Comment.objects.filter(page=first).order_by("created_at")
    assert [c.name for c in comments] == ["Nguyễn Văn Bình", "Trần Thị Hoa"]
    assert comments[1].parent_id == comments[0].pk
    assert comments[1].text == 'Đồng ý với "bác" Bình'
    assert all(c.status == Comment.APPROVED and not c.email for c in comments)
    assert comments[0].revisions.count() == 1
    assert comments[0].created_at.timestamp() == builder.NOW - 20 * builder.DAY
    assert Comment.objects.filter(page=article("thongbao", 1)).count() == 1
    assert not Comment.objects.filter(text__contains="Quảng cáo").exists()

    # Legal documents: type, issuer, signer, fields, dates, files, links, counters.
    old, new, draft_law = law("12/2020/QĐ-UBND"), law("05/2024/QĐ-UBND"), law("DT-01/2026")
    # A picture in a document's full text is Wagtail's image embed, which its editor opens.
    embed = re.search(r'<embed embedtype="image" id="(\d+)" format="fullwidth" '
                      r'alt="Sơ đồ tổ chức"/>', old.full_text)
    assert embed and CustomImage.objects.filter(pk=embed.group(1)).exists()
    assert "<img" not in old.full_text and "Điều 1." in old.full_text
    assert new.doc_type.name == "Quyết định" and new.issuer.name == "UBND xã Phúc Khoa"
    assert str(new.signer) == "Lò Văn Minh (Chủ tịch)"
    assert [str(f) for f in new.fields.all()] == ["Hành chính › Tổ chức bộ máy"]
    assert new.attachments.count() == 1 and old.attachments.count() == 1
    assert DocumentLink.objects.filter(document=new, target=old,
                                       relation=Relation.REPLACES).exists()
    assert DocumentLink.objects.filter(document=new, target=draft_law,
                                       relation=Relation.RELATED).exists()
    assert old.validity() == Validity.EXPIRED and new.validity() == Validity.IN_FORCE
    assert draft_law.comment_state() == "dang-lay-y-kien"
    assert (old.views, old.downloads) == (120, 30)
    assert not LegalDocument.objects.filter(summary="Thiếu số hiệu").exists()

    # The site's total visits.
    assert SiteDailyVisits.objects.filter(site=hub["site"]).get().visits == builder.TOTAL_VISITS
    assert counting.visitor_stats(hub["site"].pk, use_cache=False)["total"] == \
        builder.TOTAL_VISITS

    # Every old URL answers 301 to the new page.
    article_url = first.get_url()
    for path in ("/news/giao-duc/bo-gd-dt-huong-dan-tuyen-sinh-lop-10-1.html",
                 "/vi/news/giao-duc/bo-gd-dt-huong-dan-tuyen-sinh-lop-10-1.html",
                 "/index.php?language=vi&nv=news&op=giao-duc/bo-gd-dt-huong-dan-tuyen-sinh-lop-10-1",
                 "/index.php?nv=news&op=giao-duc/bo-gd-dt-huong-dan-tuyen-sinh-lop-10-1&language=vi",
                 "/index.php?nv=news&op=giao-duc/bo-gd-dt-huong-dan-tuyen-sinh-lop-10-1"):
        response = client.get(path)
        assert response.status_code == 301, path
        assert response["Location"].endswith(article_url), path
    notice = article("thongbao", 2001)
    response = client.get("/thong-bao/thong-bao-chung/thong-bao-thu-thue-dat-2001.html")
    assert response.status_code == 301 and response["Location"].endswith(notice.get_url())
    response = client.get("/vi/news/giao-duc/")
    assert response.status_code == 301 and response["Location"].endswith(education.get_url())
    for path in ("/van-ban/quyet-dinh-05-2024.html", "/vi/van-ban/quyet-dinh-05-2024.html",
                 "/index.php?language=vi&nv=van-ban&op=quyet-dinh-05-2024"):
        response = client.get(path)
        assert response.status_code == 301, path
        assert response["Location"].endswith(new.get_absolute_url()), path
    page = client.get(article_url)
    assert page.status_code == 200
    assert "/tai-lieu/" in page.content.decode() and "Tải kế hoạch" in page.content.decode()

    # A second run: nothing changes, everything is reported unchanged.
    before = snapshot()
    out, _ = run(source)
    assert snapshot() == before
    assert "article:news: không đổi 7, không nhập 1" in out
    assert "tạo mới" not in out and "cập nhật" not in out


def test_a_changed_row_is_updated_not_duplicated(hub, source):
    run(source)
    count = ArticlePage.objects.count()
    with source["server"].connect(source["name"]) as conn, conn.cursor() as cur:
        cur.execute("UPDATE nv4_vi_news_rows SET title = %s, hitstotal = 900 WHERE id = 6",
                    ["Báo cáo tổng kết năm &amp; phương hướng"])
    try:
        out, _ = run(source)
    finally:
        with source["server"].connect(source["name"]) as conn, conn.cursor() as cur:
            cur.execute("UPDATE nv4_vi_news_rows SET title = %s, hitstotal = 7 WHERE id = 6",
                        [builder.NEWS_ROWS[5]["title"]])
    assert "article:news: cập nhật 1, không đổi 6, không nhập 1" in out
    assert ArticlePage.objects.count() == count
    updated = article("news", 6)
    assert updated.title == "Báo cáo tổng kết năm & phương hướng"
    assert counting.totals((counting.PAGE_VIEW,), updated.pk)[counting.PAGE_VIEW] == 900


def test_a_rerun_keeps_what_editors_changed_here(hub, source, tmp_path):
    """An article or document edited in this portal after the import is not overwritten by
    a later change in NukeViet (reported instead), unless asked for."""
    from django.contrib.auth import get_user_model

    run(source)
    editor = get_user_model().objects.create_superuser("bientap", "bt@example.com", "x")
    page = article("news", 6)
    page.title = "Tiêu đề do biên tập viên sửa"
    page.save_revision(user=editor).publish(user=editor)
    doc = law("12/2020/QĐ-UBND")
    doc.summary = "Trích yếu do biên tập viên sửa"
    doc.save_revision(user=editor).publish(user=editor)

    def change(title: str, hits: int, law_title: str) -> None:
        with source["server"].connect(source["name"]) as conn, conn.cursor() as cur:
            cur.execute("UPDATE nv4_vi_news_rows SET title = %s, hitstotal = %s WHERE id = 6",
                        [title, hits])
            cur.execute("UPDATE nv4_vi_vanban_row SET introtext = %s WHERE id = 1", [law_title])

    change("Tiêu đề mới bên NukeViet", 900, "Trích yếu mới bên NukeViet")
    try:
        report = tmp_path / "bao-cao.tsv"
        out, _ = run(source, report=str(report))
        assert "article:news: không đổi 6, giữ bản sửa 1, không nhập 1" in out
        lines = report.read_text(encoding="utf-8").splitlines()
        assert any(line.startswith("article:news\t6\tgiữ bản sửa\t") for line in lines)
        assert any(line.startswith("law:vanban\t1\tgiữ bản sửa\t") for line in lines)
        assert article("news", 6).title == "Tiêu đề do biên tập viên sửa"
        assert law("12/2020/QĐ-UBND").summary == "Trích yếu do biên tập viên sửa"

        out, _ = run(source, overwrite_local_edits=True)
        assert "article:news: cập nhật 1, không đổi 6, không nhập 1" in out
        assert article("news", 6).title == "Tiêu đề mới bên NukeViet"
        assert law("12/2020/QĐ-UBND").summary == "Trích yếu mới bên NukeViet"
    finally:
        change(builder.NEWS_ROWS[5]["title"], 7, builder.LAW_ROWS[0]["introtext"])


def test_dry_run_writes_nothing(hub, source):
    before = snapshot()
    out, err = run(source, dry_run=True)
    assert snapshot() == before
    assert "article:news: sẽ tạo 7, không nhập 1" in out
    assert "không ghi gì" in out
    assert "khong-co.jpg" in err  # what would be missing is shown too


def test_an_interrupted_run_resumes(hub, source, monkeypatch):
    """Rows commit three at a time here: the chunk 4-6 stopped at row 5 is redone whole."""
    monkeypatch.setattr(articles, "COMMIT_EVERY", 3)
    original = ArticleImporter._save

    def failing(self, row, *args):
        if self.module.data == "news" and int(row["id"]) == 5:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C, or the machine stopped
        return original(self, row, *args)

    monkeypatch.setattr(ArticleImporter, "_save", failing)
    with pytest.raises(KeyboardInterrupt):
        run(source)
    done = set(ImportedObject.objects.filter(kind="article:news")
               .values_list("external_id", flat=True))
    assert done == {"1", "2", "3"}
    assert ArticlePage.objects.filter(import_key__startswith="nukeviet:news:").count() == 3
    assert all(not found for found in Page.find_problems())

    monkeypatch.setattr(ArticleImporter, "_save", original)
    assert_a_rerun_completes_the_interrupted_run(source)


def assert_a_rerun_completes_the_interrupted_run(source) -> None:
    """Rows 1-3 of `news` were imported before the interruption: the rest comes now."""
    out, _ = run(source)
    assert "article:news: tạo mới 4, không đổi 3, không nhập 1" in out
    assert ArticlePage.objects.filter(import_key__startswith="nukeviet:news:").count() == 7
    assert all(not found for found in Page.find_problems())


def test_a_failing_row_rolls_back_alone_and_the_rest_of_its_chunk_stays(hub, source,
                                                                        monkeypatch):
    """Row 3 is written, then the database refuses something: its savepoint is rolled
    back, the other rows of the same transaction are kept and it goes to the report."""
    original = ArticleImporter._save

    def refused(self, row, *args):
        page = original(self, row, *args)
        if self.module.data == "news" and int(row["id"]) == 3:
            raise DatabaseError("giá trị bị từ chối")
        return page

    monkeypatch.setattr(ArticleImporter, "_save", refused)
    assert_row_3_refused_alone(*run(source))
    monkeypatch.setattr(ArticleImporter, "_save", original)
    assert_a_rerun_adds_row_3(source)


def assert_row_3_refused_alone(out: str, err: str) -> None:
    """Row 3 of `news` was refused by the database: reported, nothing of it stored, the
    other rows of its chunk kept, the tree valid."""
    assert "article:news: tạo mới 6, không nhập 2" in out
    assert "article:news\t3\tkhông nhập\tkhông lưu được: giá trị bị từ chối" in err
    assert not ArticlePage.objects.filter(import_key="nukeviet:news:3").exists()
    assert set(ImportedObject.objects.filter(kind="article:news").values_list(
        "external_id", flat=True)) == {"1", "2", "4", "5", "6", "8"}
    assert all(not found for found in Page.find_problems())


def assert_a_rerun_adds_row_3(source) -> None:
    out, _ = run(source)
    assert "article:news: tạo mới 1, không đổi 6, không nhập 1" in out
    assert all(not found for found in Page.find_problems())


def test_report_lists_every_row_not_imported_and_why(hub, source, tmp_path):
    path = tmp_path / "bao-cao.tsv"
    out, err = run(source, report=str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "article:news\t7\tkhông nhập\tchuyên mục 99 không tồn tại" in lines
    assert "law:vanban\t4\tkhông nhập\tthiếu số hiệu" in lines
    assert ("article:news\t2\tthiếu\tảnh đại diện: không tìm thấy tệp "
            "uploads/news/2023_01/khong-co.jpg") in lines
    assert "article:news\t2\tthiếu\ttệp đính kèm: không tìm thấy tệp " \
        "uploads/news/2023_01/mat-tep.pdf" in lines
    assert "article:news\t2\tthiếu\tđã bỏ mã chạy được (script, iframe...) khỏi nội dung" \
        in lines
    assert ("article:news\t3\tthiếu\tảnh ở địa chỉ ngoài, đã bỏ khỏi nội dung bài: "
            "https://anh.example.org/lich.jpg") in lines
    # A picture whose file is missing is reported once, and left out of the body.
    assert [line for line in lines if "mat-anh.jpg" in line] == [
        "article:news\t2\tthiếu\tkhông tìm thấy tệp uploads/news/2023_01/mat-anh.jpg"]
    assert ("law:vanban\t2\tthiếu\ttệp văn bản: không tìm thấy tệp "
            "uploads/vanban/2024/mat-phu-luc.pdf") in lines
    assert ("category:news\t5\tthiếu\tchuyên mục chỉ dành cho một số nhóm trong "
            "NukeViet: chỉ người đã đăng nhập được xem") in lines
    assert ("law:vanban\t5\tthiếu\tvăn bản chỉ dành cho một số nhóm trong NukeViet (xem "
            "hoặc tải): nhập ở trạng thái chưa đăng") in lines
    assert "2 dòng không nhập được" in out and err.strip().endswith("/s).")
