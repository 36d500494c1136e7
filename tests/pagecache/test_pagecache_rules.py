"""What is stored, what never is, and how a stored page is served."""

import gzip

import pytest
from django.core.management import call_command
from pagecache_helpers import cached_files

from bantin.pagecache import index, storage
from bantin.pagecache.models import CachedPage

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_stored_with_gzip_copy_and_then_served(client, page_cache, make_article):
    article = make_article()
    first = client.get(article.url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "MISS"
    files = cached_files(page_cache)
    name = "http/testserver/tin-tuc/xay-dung-dang/bai-viet-thu-1/index.html"
    assert list(files) == [name]
    assert files[name].read_bytes() == first.content
    assert gzip.decompress((page_cache / (name + ".gz")).read_bytes()) == first.content
    assert files[name].stat().st_mode & 0o777 == 0o644

    second = client.get(article.url)
    assert second["X-Page-Cache"] == "HIT" and second.content == first.content
    assert second["Cache-Control"] == "no-cache" and second["X-Frame-Options"] == "DENY"
    zipped = client.get(article.url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == first.content
    head = client.head(article.url)
    assert head["X-Page-Cache"] == "HIT" and head.content == b""


def test_page_number_is_the_only_argument_kept(client, page_cache, hub, make_article):
    for _ in range(14):
        make_article()
    url = hub["party"].url
    assert client.get(url + "?trang=2")["X-Page-Cache"] == "MISS"
    assert client.get(url + "?trang=2")["X-Page-Cache"] == "HIT"
    assert "http/testserver/tin-tuc/xay-dung-dang/index.trang-2.html" in cached_files(page_cache)
    # Other arguments, or a page number in another spelling, go to Django every time.
    for query in ("?trang=02", "?trang=2&x=1", "?x=1", "?trang=", "?trang=abc"):
        response = client.get(url + query)
        assert response.status_code == 200 and "X-Page-Cache" not in response, query
    # A social site's click id is answered with the stored page, never stored itself.
    assert client.get(url)["X-Page-Cache"] == "MISS"
    assert client.get(url + "?fbclid=abc&utm_source=zalo")["X-Page-Cache"] == "HIT"
    assert len(cached_files(page_cache)) == 2


def test_visitors_with_a_session_or_messages_bypass_it(client, page_cache, make_article):
    article = make_article()
    client.get(article.url)
    client.cookies["sessionid"] = "x"
    assert "X-Page-Cache" not in client.get(article.url)
    del client.cookies["sessionid"]
    client.cookies["messages"] = "x"
    assert "X-Page-Cache" not in client.get(article.url)


def test_logged_in_render_is_never_stored(client, page_cache, make_article, django_user_model):
    article = make_article()
    user = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-12")
    client.force_login(user)
    response = client.get(article.url)
    assert response.status_code == 200 and b"idle-warning" in response.content
    assert "X-Page-Cache" not in response
    assert cached_files(page_cache) == {}


def test_never_stored(client, page_cache, hub, make_article, settings):
    article = make_article()
    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert client.post(article.url).status_code in (200, 405)
    assert client.get("/tim-kiem/?q=bai").status_code == 200
    assert client.get("/tim-kiem/").status_code == 200
    assert client.get(article.url + "luu/").status_code == 200  # a download
    assert client.get("/quan-tri/login/").status_code == 200
    assert cached_files(page_cache) == {}
    settings.BANTIN_PAGE_CACHE = False
    assert "X-Page-Cache" not in client.get(article.url)
    assert cached_files(page_cache) == {}


def test_responses_that_say_private_or_set_cookies_are_refused(rf, page_cache, make_article):
    from django.http import HttpResponse

    from bantin.pagecache import collector
    from bantin.pagecache.middleware import PageCacheMiddleware

    def view(headers=None, cookie=False, status=200, ctype="text/html; charset=utf-8"):
        def get_response(request):
            collector.cacheable()
            response = HttpResponse("<p>trang</p>", status=status, content_type=ctype)
            for name, value in (headers or {}).items():
                response[name] = value
            if cookie:
                response.set_cookie("x", "1")
            return response
        return PageCacheMiddleware(get_response)

    cases = [
        ({"Cache-Control": "private"}, False, 200, "text/html"),
        ({"Cache-Control": "no-store"}, False, 200, "text/html"),
        ({"Vary": "User-Agent"}, False, 200, "text/html"),
        ({"Content-Language": "en"}, False, 200, "text/html"),
        ({}, True, 200, "text/html"),
        ({}, False, 201, "text/html"),
        ({}, False, 200, "application/json"),
    ]
    for headers, cookie, status, ctype in cases:
        response = view(headers, cookie, status, ctype)(rf.get("/trang/"))
        assert response["X-Page-Cache"] == "SKIP", (headers, cookie, status, ctype)
    assert cached_files(page_cache) == {}
    assert view()(rf.get("/trang/"))["X-Page-Cache"] == "MISS"


def test_a_purge_during_rendering_keeps_nothing(client, page_cache, make_article, monkeypatch):
    article = make_article()
    generations = iter([7, 8])
    monkeypatch.setattr(index, "generation", lambda: next(generations))
    response = client.get(article.url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert cached_files(page_cache) == {} and not CachedPage.objects.exists()


def test_library_list_and_feed_are_stored_until_midnight(client, page_cache, hub):
    from django.utils import timezone

    assert client.get("/van-ban/")["X-Page-Cache"] == "MISS"
    assert client.get("/van-ban/atom.xml")["X-Page-Cache"] == "MISS"
    files = cached_files(page_cache)
    assert set(files) == {"http/testserver/van-ban/index.html",
                          "http/testserver/van-ban/atom.xml/index.atom"}
    feed = client.get("/van-ban/atom.xml")
    assert feed["X-Page-Cache"] == "HIT" and feed["Content-Type"].startswith("application/atom+xml")
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    for entry in CachedPage.objects.all():
        assert timezone.localtime(entry.expires_at).date() == tomorrow
    assert "X-Page-Cache" not in client.get("/van-ban/?loai=1")


def test_expired_pages_are_removed_by_the_worker_job(client, page_cache, hub, make_article):
    import datetime as dt

    from django.utils import timezone

    from bantin.news.models import Banner

    ends = timezone.now() + dt.timedelta(hours=2)
    Banner.objects.create(site=hub["site"], title="Bầu cử", url="https://example.vn/",
                          position="sidebar", ends_at=ends)
    article = make_article()
    client.get(article.url)
    entry = CachedPage.objects.get()
    assert entry.expires_at == ends
    assert index.purge_expired(now=ends - dt.timedelta(seconds=1)) == 0
    assert index.purge_expired(now=ends) == 1
    assert cached_files(page_cache) == {} and not CachedPage.objects.exists()


def test_purge_command(client, page_cache, hub, make_article):
    a, b = make_article(), make_article()
    client.get(a.url)
    client.get(b.url)
    (page_cache / "http" / "stray").mkdir(parents=True)
    (page_cache / "http" / "stray" / "index.html").write_text("left by a crash")
    call_command("purge_page_cache", "--tag", f"page:{a.pk}", "--tag", f"related:{a.pk}")
    # b's page lists a under "Tin liên quan", so it goes too; the unregistered file stays.
    assert list(cached_files(page_cache)) == ["http/stray/index.html"]
    call_command("purge_page_cache")
    assert cached_files(page_cache) == {} and not CachedPage.objects.exists()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_page_cache", "--tag", " ")
    with pytest.raises(CommandError):
        call_command("purge_page_cache", "--tag", "x", "--expired")


def test_unsafe_paths_and_hosts_are_not_keys(rf, page_cache):
    assert storage.key_for(rf.get("/a/.git/")) is None
    assert storage.key_for(rf.get("/quan-tri/")) is None
    assert storage.key_for(rf.post("/a/")) is None
    assert storage.key_for(rf.get("/a/", HTTP_HOST="Ví-dụ.vn")) is None
    key = storage.key_for(rf.get("/tin-tức/", HTTP_HOST="Xa.LOCALHOST:8000"))
    assert key.relative("html") == "http/xa.localhost/tin-tức/index.html"
