"""The admin speaks Vietnamese by default and every registered admin listing opens."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model, hub):
    user = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-dai-12")
    client.force_login(user)
    return client


def test_admin_is_in_vietnamese_by_default(editor_client):
    content = editor_client.get("/quan-tri/").content.decode()
    assert 'lang="vi"' in content
    assert "Trang tổng quan" in content or "Tìm kiếm" in content


def test_login_page_is_in_vietnamese(client, hub):
    content = client.get("/quan-tri/login/").content.decode()
    assert 'lang="vi"' in content


@pytest.mark.parametrize("path", [
    "/quan-tri/pages/",
    "/quan-tri/snippets/news/banner/",
    "/quan-tri/snippets/news/articleshare/",
    "/quan-tri/snippets/laws/legaldocument/",
    "/quan-tri/snippets/laws/documenttype/",
    "/quan-tri/snippets/interaction/comment/",
    "/quan-tri/images/",
    "/quan-tri/documents/",
    "/quan-tri/settings/core/siteidentity/",
    "/quan-tri/settings/core/navigation/",
])
def test_admin_listings_open(editor_client, path):
    response = editor_client.get(path, follow=True)
    assert response.status_code == 200, path


def test_add_article_form_opens_under_a_category(editor_client, hub):
    url = f"/quan-tri/pages/add/news/articlepage/{hub['party'].pk}/"
    content = editor_client.get(url).content.decode()
    for label in ("sapo", "ảnh đại diện", "tác giả", "nguồn tin", "ngày đăng",
                  "cho phép bình luận", "cho phép đánh giá", "chuyên mục khác"):
        assert label in content.lower(), label


def test_anonymous_users_are_sent_to_login(client, hub):
    response = client.get("/quan-tri/pages/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


def test_banner_and_document_listings_show_their_counts(editor_client, hub):
    import datetime as dt

    from bantin.audience import counting
    from bantin.laws.models import DocumentType, IssuingBody, LegalDocument
    from bantin.news.models import Banner

    banner = Banner.objects.create(site=hub["site"], title="Cổng DVC", url="https://a.example")
    counting.set_total(counting.BANNER_CLICK, banner.pk, 4321)
    doc = LegalDocument.objects.create(
        site=hub["site"], number="7/TB", doc_type=DocumentType.objects.create(name="Thông báo"),
        issuer=IssuingBody.objects.create(name="UBND"), issued_on=dt.date(2026, 1, 2),
        summary="Thông báo thử",
    )
    counting.set_total(counting.LAW_VIEW, doc.pk, 713)
    counting.set_total(counting.LAW_DOWNLOAD, doc.pk, 89)
    banners = editor_client.get("/quan-tri/snippets/news/banner/").content.decode()
    assert "Lượt bấm" in banners and "4321" in banners
    docs = editor_client.get("/quan-tri/snippets/laws/legaldocument/").content.decode()
    assert "Lượt xem" in docs and "713" in docs and "89" in docs
