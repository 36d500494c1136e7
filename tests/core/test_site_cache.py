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
