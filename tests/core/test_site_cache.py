"""The cached site lookup follows changes to sites and root pages at once."""

import pytest
from wagtail.models import Site

from bantin.units.models import UnitHomePage

pytestmark = pytest.mark.django_db


def test_new_site_takes_over_its_hostname_immediately(client, hub):
    assert hub["home"].title in client.get("/", HTTP_HOST="xa-moi.localhost").content.decode()
    unit = UnitHomePage(title="Trang xã Mới", slug="xa-moi")
    hub["home"].add_child(instance=unit)
    unit.save_revision().publish()
    site = Site.objects.create(hostname="xa-moi.localhost", root_page=unit)
    assert "Trang xã Mới" in client.get("/", HTTP_HOST="xa-moi.localhost").content.decode()
    site.delete()
    assert "Trang xã Mới" not in client.get("/", HTTP_HOST="xa-moi.localhost").content.decode()


def test_renamed_root_page_shows_at_once(client, hub):
    client.get("/")
    home = hub["home"]
    home.title = "Tên trang chủ mới"
    home.save_revision().publish()
    assert "Tên trang chủ mới" in client.get("/").content.decode()


def test_site_root_paths_are_read_once_per_request_and_never_stale(hub, make_article):
    from django.core.cache import cache
    from wagtail.models import Site

    from bantin.core import site_paths

    article = make_article()
    reads = []
    original_get = cache.get

    def counting_get(key, *args, **kwargs):
        if "site_root_paths" in str(key):
            reads.append(key)
        return original_get(key, *args, **kwargs)

    cache.get = counting_get
    try:
        with site_paths.RequestScope():
            urls = [article.url for _ in range(5)]
            assert len(reads) <= 1 and len(set(urls)) == 1
            # A change inside the request is seen at once.
            site = Site.objects.get()
            site.hostname = "khac.example.vn"
            site.save()
            assert "khac.example.vn" in Site.get_site_root_paths()[0].root_url
        assert "khac.example.vn" in Site.get_site_root_paths()[0].root_url
    finally:
        cache.get = original_get
