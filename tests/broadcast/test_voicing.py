"""Programmes read by the speech engine get their audio after saving, again when the text
changes, and approval follows the new audio."""

import pytest

from bantin.broadcast import approval, voicing
from bantin.broadcast.models import Approval, Programme
from bantin.news.models import ArticlePage, CategoryPage
from bantin.speech.engines import SpeechError
from tests.broadcast import broadcast_world

world = broadcast_world.world

pytestmark = pytest.mark.django_db


@pytest.fixture
def espeak():
    import shutil

    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed (make install-test installs it)")


def _article(world):
    home = world["units"]["a"].site.root_page
    news = CategoryPage.objects.child_of(home).first()
    article = ArticlePage(title="Xã Alpha ra quân làm đường giao thông nông thôn",
                          slug="lam-duong", lead="Hơn 200 người dân tham gia ngày 15/6.")
    news.add_child(instance=article)
    article.save_revision().publish()
    return article


def _speech(station, text="UBND xã thông báo lịch tiêm chủng ngày 15/12."):
    return Programme.objects.create(station=station, title="Thông báo", kind=Programme.SPEECH,
                                    text=text)


def test_saving_a_text_programme_voices_it(world, espeak, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        programme = _speech(world["stations"]["a"])
    programme.refresh_from_db()
    assert programme.audio.name.startswith("broadcast/")
    assert programme.audio.name.endswith(".wav")
    assert programme.duration_seconds >= 1
    assert programme.playable
    assert programme.audio.read(4) == b"RIFF"


def test_unchanged_text_is_not_voiced_again_and_changed_text_is(
        world, espeak, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        programme = _speech(world["stations"]["a"])
    programme.refresh_from_db()
    first = programme.audio.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        programme.title = "Thông báo (sửa tên)"
        programme.save()
    assert not [c for c in callbacks if "voice" in repr(c)]
    programme.refresh_from_db()
    assert programme.audio.name == first
    with django_capture_on_commit_callbacks(execute=True):
        programme.text = "UBND xã thông báo lịch tiêm chủng ngày 16/12."
        programme.save()
    programme.refresh_from_db()
    assert programme.audio.name != first


def test_new_audio_after_approval_goes_back_to_the_moderator(
        world, espeak, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        programme = _speech(world["stations"]["a"])
    programme.refresh_from_db()
    approval.submit(programme, world["people"]["a-editors"])
    approval.approve(programme, world["people"]["a-moderators"], "")
    assert programme.is_approved
    with django_capture_on_commit_callbacks(execute=True):
        programme.text = "Nội dung khác hẳn."
        programme.save()
    programme.refresh_from_db()
    assert programme.approval == Approval.SUBMITTED
    assert not programme.is_approved


def test_article_programme_reads_the_live_article(world, espeak,
                                                  django_capture_on_commit_callbacks):
    article = _article(world)
    programme = Programme(station=world["stations"]["a"], title=article.title,
                          kind=Programme.ARTICLE, article=article)
    assert article.title in voicing.script_of(programme)
    with django_capture_on_commit_callbacks(execute=True):
        programme.save()
    programme.refresh_from_db()
    assert programme.audio.name.endswith(".wav")


def test_unpublished_article_and_empty_text_fail_clearly(world):
    article = _article(world)
    article.unpublish()
    programme = Programme(station=world["stations"]["a"], title="x", kind=Programme.ARTICLE,
                          article=article)
    with pytest.raises(SpeechError, match="chưa xuất bản"):
        voicing.script_of(programme)
    assert not voicing.needs_voice(programme)
    empty = Programme.objects.create(station=world["stations"]["a"], title="rỗng",
                                     kind=Programme.SPEECH, text="   ...   ")
    with pytest.raises(SpeechError):
        voicing.voice_programme.call(empty.pk)
    empty.refresh_from_db()
    assert not empty.audio
    with pytest.raises(SpeechError, match="Không tìm thấy"):
        voicing.voice_programme.call(999999)
