"""Broadcast audio is never served from /media/: devices get it from the device API and
staff from an admin view, each after its checks; behind nginx both answer with
X-Accel-Redirect and nginx sends the file."""

from __future__ import annotations

import hashlib

import pytest
from django.http import Http404
from django.test import RequestFactory

from bantin.broadcast.admin_views import programme_audio_url
from bantin.core import protected
from bantin.urls_public import serve_public_media
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme, make_schedule
from tests.broadcast.device_client import BASE, bearer, get_token, provision

pytestmark = pytest.mark.django_db
world = broadcast_world.world
ACCEL = "/_protected/media/"


@pytest.fixture
def programme(world):
    return make_programme(world["stations"]["a"], title="Thông báo chưa duyệt")


@pytest.fixture
def on_air(world, client):
    """An approved programme on today's schedule of a device, and the device's token."""
    from django.utils import timezone

    mod = world["people"]["a-moderators"]
    cluster = world["clusters"]["a"][0]
    programme = make_programme(world["stations"]["a"], title="Bản tin", approve_by=mod)
    make_schedule(world["stations"]["a"], programme, [cluster],
                  first_date=timezone.localdate(), approve_by=mod)
    token = get_token(client, cluster, provision(cluster))
    return {"programme": programme, "token": token}


def test_a_device_download_is_handed_to_nginx_when_configured(client, on_air, settings):
    settings.BANTIN_ACCEL_REDIRECT = ACCEL
    programme = on_air["programme"]
    url = BASE + f"audio/{programme.pk}"
    response = client.get(url, **bearer(on_air["token"]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == ACCEL + programme.delivery.name
    assert response["ETag"] == f'"{programme.delivery_sha256}"'
    assert response["Content-Type"] == "audio/mpeg" and response.content == b""
    # A range without If-Range goes to nginx too; a resume with If-Range stays in Django,
    # which compares it with its own ETag.
    ranged = client.get(url, HTTP_RANGE="bytes=0-9", **bearer(on_air["token"]))
    assert ranged["X-Accel-Redirect"] == ACCEL + programme.delivery.name
    resumed = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=response["ETag"],
                         **bearer(on_air["token"]))
    assert resumed.status_code == 206 and not resumed.has_header("X-Accel-Redirect")
    assert b"".join(resumed.streaming_content) == programme.delivery.open("rb").read()[:10]
    # The checks still come first: no token, no file.
    assert client.get(url).status_code == 401


def test_without_nginx_the_device_download_is_streamed(client, on_air, settings):
    settings.BANTIN_ACCEL_REDIRECT = ""
    programme = on_air["programme"]
    response = client.get(BASE + f"audio/{programme.pk}", **bearer(on_air["token"]))
    body = b"".join(response.streaming_content)
    assert not response.has_header("X-Accel-Redirect")
    assert hashlib.sha256(body).hexdigest() == programme.delivery_sha256


@pytest.mark.parametrize("who, status", [("a-editors", 200), ("a-moderators", 200),
                                         ("hub-moderators", 200), ("b-editors", 404),
                                         ("b-moderators", 404)])
def test_staff_hear_the_programmes_of_their_units_only(client, world, programme, who, status):
    client.force_login(world["people"][who])
    response = client.get(programme_audio_url(programme, "goc"))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == programme.audio.open("rb").read()
        assert response["Content-Type"] == "audio/x-wav"
        delivery = client.get(programme_audio_url(programme, "phat"))
        assert delivery.status_code == 200 and delivery["Content-Type"] == "audio/mpeg"


def test_staff_audio_refuses_the_rest(client, world, programme, settings):
    url = programme_audio_url(programme, "goc")
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(world["people"]["a-editors"])
    assert client.get(url.replace("/goc/", "/khac/")).status_code == 404
    undelivered = make_programme(world["stations"]["a"], title="Chưa chuyển", delivered=False)
    assert client.get(programme_audio_url(undelivered, "phat")).status_code == 404
    settings.BANTIN_ACCEL_REDIRECT = ACCEL
    handed = client.get(url)
    assert handed["X-Accel-Redirect"] == ACCEL + programme.audio.name


def test_the_programme_form_links_the_staff_view_not_media(client, world, programme):
    client.force_login(world["people"]["a-editors"])
    html = client.get(f"/quan-tri/snippets/broadcast/programme/edit/{programme.pk}/")\
        .content.decode()
    assert f'href="{programme_audio_url(programme, "goc")}"' in html
    assert f'href="/media/{programme.audio.name}"' not in html


def test_media_under_django_leaves_out_the_protected_folders(programme, settings, tmp_path):
    request = RequestFactory().get("/")
    for name in (programme.audio.name, programme.delivery.name, "documents/x.pdf",
                 "/broadcast/x.mp3"):
        assert protected.is_protected(name)
        with pytest.raises(Http404):
            serve_public_media(request, name)
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.txt").write_text("ok")
    assert not protected.is_protected("images/a.txt")
    assert b"".join(serve_public_media(request, "images/a.txt").streaming_content) == b"ok"
