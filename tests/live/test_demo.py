"""`load_demo` builds the hub and its 10 unit sites, and a second run adds nothing."""

import json
import urllib.request

import pytest

pytestmark = pytest.mark.live

COUNTS = (
    "import json; from wagtail.models import Page, Site;"
    "from bantin.news.models import ArticlePage, Banner, CategoryPage;"
    "from bantin.laws.models import LegalDocument; from bantin.core.models import CustomImage;"
    "from django.contrib.auth.models import User;"
    "print(json.dumps({'sites': Site.objects.count(), 'pages': Page.objects.count(),"
    "'articles': ArticlePage.objects.count(), 'categories': CategoryPage.objects.count(),"
    "'documents': LegalDocument.objects.count(), 'banners': Banner.objects.count(),"
    "'images': CustomImage.objects.count(), 'users': User.objects.count()}))"
)


def test_demo_has_hub_units_and_content(portal_server):
    counts = json.loads(portal_server.shell(COUNTS))
    assert counts["sites"] == 11
    assert counts["articles"] >= 30 and counts["documents"] >= 10 and counts["banners"] >= 3


def test_second_load_changes_nothing(portal_server):
    before = json.loads(portal_server.shell(COUNTS))
    portal_server.manage("load_demo")
    assert json.loads(portal_server.shell(COUNTS)) == before


@pytest.mark.parametrize("host", ["muong-khoa.localhost", "ta-mit.localhost"])
def test_unit_sites_answer_on_their_localhost_names(portal_server, host):
    request = urllib.request.Request(  # noqa: S310 -- our own loopback server
        portal_server.url + "/", headers={"Host": host}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        body = response.read().decode()
    assert response.status == 200
    name = "Mường Khoa" if host.startswith("muong") else "Tà Mít"
    assert f"Trang thông tin điện tử Xã {name}" in body
