""""Đọc trên loa": an article becomes a draft programme of its site's station, with audio
synthesised in the background; refused clearly when it cannot be done."""

import io
import wave

import pytest
from django.test import override_settings

from bantin.broadcast.models import Approval, Programme, Station
from bantin.news.models import ArticlePage, CategoryPage
from bantin.speech.engines import SpeechEngine, SpeechResult
from tests.broadcast import broadcast_world

pytestmark = pytest.mark.django_db
world = broadcast_world.world
URL = "/quan-tri/truyen-thanh/doc-tren-loa/{}/"
SPOKEN = []


class QuietEngine(SpeechEngine):
    """Speaks nothing: 10 ms of silence per character, and remembers the text."""

    def synthesise(self, text, voice=None):
        SPOKEN.append(text)
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes(b"\0\0" * 80 * len(text))
        return SpeechResult(audio=out.getvalue(), duration=len(text) / 100, format="wav")


@pytest.fixture(autouse=True)
def quiet_engine():
    SPOKEN.clear()
    with override_settings(BANTIN_TTS_ENGINE=f"{__name__}.QuietEngine",
                           BANTIN_TTS_OPTIONS={}):
        yield


def article_of(unit, title="Phòng chống bão số 5", live=True):
    home = unit.site.root_page
    category = CategoryPage.objects.child_of(home).first()
    if category is None:
        category = CategoryPage(title="Tin xã", slug="tin-xa")
        home.add_child(instance=category)
        category.save_revision().publish()
    article = ArticlePage(title=title, slug=f"bai-{ArticlePage.objects.count() + 1}",
                          lead="Người dân chủ động gia cố nhà cửa.", live=live)
    category.add_child(instance=article)
    if live:
        article.save_revision().publish()
    else:
        article.save_revision()
    return article


def test_an_editor_reads_an_article_on_the_loudspeakers(
        client, world, django_capture_on_commit_callbacks):
    article = article_of(world["units"]["a"])
    client.force_login(world["people"]["a-editors"])
    confirm = client.get(URL.format(article.pk)).content.decode()
    assert "Đài Xã Alpha" in confirm and "Phòng chống bão số 5" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL.format(article.pk))
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/quan-tri/snippets/broadcast/programme/edit/{programme.pk}/"
    assert programme.station == world["stations"]["a"]
    assert programme.kind == Programme.ARTICLE and programme.article_id == article.pk
    assert programme.title == "Phòng chống bão số 5" and programme.approval == Approval.DRAFT
    # The speech task ran (immediately in tests): title, lead and body, attached as audio.
    assert len(SPOKEN) == 1
    assert "Phòng chống bão số năm" in SPOKEN[0] and "gia cố nhà cửa" in SPOKEN[0]
    programme.refresh_from_db()
    assert f"/article-{programme.pk}-" in programme.audio.name and programme.duration_seconds
    followed = client.get(response["Location"]).content.decode()
    assert "Đã tạo chương trình «Phòng chống bão số 5»" in followed
    # The programme form offers the "Ghi âm" recorder beside its audio input.
    assert 'data-recorder-for="id_audio"' in followed and "broadcast/recorder.js" in followed


def test_the_button_is_on_the_article_editor(client, world):
    article = article_of(world["units"]["a"])
    client.force_login(world["people"]["a-editors"])
    page = client.get(f"/quan-tri/pages/{article.pk}/edit/").content.decode()
    assert URL.format(article.pk) in page and "Đọc trên loa" in page
    # One click in the action menu: the page form posts (with its CSRF token) to the view.
    assert f'formaction="{URL.format(article.pk)}"' in page
    category = article.get_parent()
    assert URL.format(category.pk) not in client.get(
        f"/quan-tri/pages/{category.pk}/edit/").content.decode()
    draft = article_of(world["units"]["a"], title="Bản nháp", live=False)
    assert URL.format(draft.pk) not in client.get(
        f"/quan-tri/pages/{draft.pk}/edit/").content.decode()


def test_the_action_menu_click_posts_the_editors_form(world):
    """What the browser sends on that click: the whole page form, with its CSRF token."""
    import re

    from django.test import Client

    article = article_of(world["units"]["a"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"]["a-editors"])
    page = client.get(f"/quan-tri/pages/{article.pk}/edit/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(URL.format(article.pk), {"title": "x"}).status_code == 403  # no token
    response = client.post(URL.format(article.pk), {
        "csrfmiddlewaretoken": token, "title": "Tiêu đề khác", "action-doc-tren-loa": "1"})
    assert response.status_code == 302
    assert Programme.objects.get().title == "Phòng chống bão số 5"  # the live article's


def test_the_first_active_station_of_the_site_is_chosen(client, world):
    site = world["units"]["a"].site
    world["stations"]["a"].active = False
    world["stations"]["a"].save()
    Station.objects.create(site=site, name="Đài Z", active=True)
    Station.objects.create(site=site, name="Đài B", active=True)
    article = article_of(world["units"]["a"])
    client.force_login(world["people"]["a-editors"])
    client.post(URL.format(article.pk))
    assert Programme.objects.get().station.name == "Đài B"


@pytest.mark.parametrize("case", ["no station", "inactive station", "unpublished"])
def test_refused_with_a_clear_message(client, world, case):
    unit = world["units"]["a"]
    article = article_of(unit, live=case != "unpublished")
    if case == "no station":
        Station.objects.filter(site=unit.site).delete()
    elif case == "inactive station":
        Station.objects.filter(site=unit.site).update(active=False)
    client.force_login(world["people"]["a-editors"])
    expected = {"no station": "chưa có đài truyền thanh",
                "inactive station": "đang ngừng hoạt động",
                "unpublished": "Bài viết chưa xuất bản"}[case]
    assert expected in client.get(URL.format(article.pk)).content.decode()
    response = client.post(URL.format(article.pk), follow=True)
    assert expected in response.content.decode()
    assert not Programme.objects.exists() and not SPOKEN


def test_only_staff_of_the_unit_with_programme_rights(client, world):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    article = article_of(world["units"]["a"])
    client.force_login(world["people"]["b-editors"])  # another unit
    assert client.post(URL.format(article.pk)).status_code in (302, 403)
    reader = get_user_model().objects.create_user("doc", password="mat-khau-dai-12")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    assert client.post(URL.format(article.pk)).status_code in (302, 403)
    assert client.get(URL.format(999999)).status_code in (302, 403, 404)
    assert not Programme.objects.exists()
    # The hub's staff manage the units below: allowed, for the article's own station.
    client.force_login(world["people"]["hub-editors"])
    client.post(URL.format(article.pk))
    assert Programme.objects.get().station == world["stations"]["a"]


def test_a_failing_voice_leaves_the_programme_without_audio(
        client, world, settings, django_capture_on_commit_callbacks):
    settings.BANTIN_TTS_ENGINE = "bantin.speech.engines.KhongCo"
    article = article_of(world["units"]["a"])
    client.force_login(world["people"]["a-editors"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL.format(article.pk))
    assert response.status_code == 302 and callbacks  # the voicing task ran (and failed)
    programme = Programme.objects.get()
    assert not programme.audio and programme.kind == Programme.ARTICLE
