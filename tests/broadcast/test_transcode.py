"""Uploaded audio becomes the one delivery format devices play (MP3, mono, 44.1 kHz,
64 kbit/s), made by ffmpeg in the background whenever a programme's audio changes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from bantin.broadcast import audio, transcode
from bantin.broadcast.audio import silent_wav
from bantin.broadcast.models import Programme
from tests.broadcast import broadcast_world

pytestmark = pytest.mark.django_db
world = broadcast_world.world


def _ensure_ffmpeg():
    if shutil.which("ffmpeg"):
        return
    subprocess.run(["scripts/services", "install", "ffmpeg"], check=False,
                   capture_output=True, timeout=900)
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg could not be installed (scripts/services install ffmpeg failed)")


@pytest.fixture
def ffmpeg():
    _ensure_ffmpeg()


def webm_recording() -> bytes:
    """A short Opus-in-WebM file, as a browser's MediaRecorder makes."""
    _ensure_ffmpeg()
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
         "sine=frequency=440:duration=1", "-c:a", "libopus", "-f", "webm", "-"],
        capture_output=True, check=True, timeout=60)
    return result.stdout


def probe(path) -> dict:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries",
         "stream=codec_name,channels,sample_rate,bit_rate", "-of", "default=nw=1", str(path)],
        capture_output=True, text=True, check=True, timeout=60)
    return dict(line.split("=", 1) for line in result.stdout.split())


def test_a_wav_upload_is_transcoded_on_save(world, ffmpeg, django_capture_on_commit_callbacks):
    station = world["stations"]["a"]
    programme = Programme(station=station, title="Thông báo")
    programme.audio.save("thong-bao.wav", ContentFile(silent_wav(2.0, tone_hz=440)),
                         save=False)
    with django_capture_on_commit_callbacks(execute=True):
        programme.save()
    programme.refresh_from_db()
    assert programme.delivery_ready, programme.delivery_error
    assert programme.delivery_error == ""
    path = programme.delivery.path
    data = open(path, "rb").read()
    assert programme.delivery_size == len(data)
    assert programme.delivery_sha256 == hashlib.sha256(data).hexdigest()
    assert 1.9 <= programme.delivery_seconds <= 2.2
    info = probe(path)
    assert info["codec_name"] == "mp3"
    assert info["channels"] == "1"
    assert info["sample_rate"] == "44100"
    assert info["bit_rate"] == "64000"
    assert audio.check(SimpleUploadedFile("x.mp3", data)).format == "mp3"

    # New audio: a new delivery file replaces the old one.
    old_name = programme.delivery.name
    programme.audio.save("moi.wav", ContentFile(silent_wav(1.0, tone_hz=220)), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        programme.save()
    programme.refresh_from_db()
    assert programme.delivery_ready
    assert programme.delivery.name != old_name
    assert not programme.delivery.storage.exists(old_name)


def test_saving_without_an_audio_change_does_not_transcode(world, ffmpeg, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    programme = Programme(station=world["stations"]["a"], title="Tin")
    programme.audio.save("tin.wav", ContentFile(silent_wav(0.5)), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        programme.save()
    programme.refresh_from_db()
    assert programme.delivery_ready
    enqueued = []
    monkeypatch.setattr(transcode, "make_delivery", SimpleNamespace(enqueue=enqueued.append))
    with django_capture_on_commit_callbacks(execute=True):
        programme.title = "Tin sửa tên"
        programme.save()
    assert enqueued == []
    with django_capture_on_commit_callbacks(execute=True):
        programme.audio.save("tin-moi.wav", ContentFile(silent_wav(0.5)), save=False)
        programme.save()
    assert enqueued == [programme.pk]


def test_a_browser_recording_is_accepted_and_transcoded(world, ffmpeg):
    recording = webm_recording()
    assert recording[:4] == b"\x1a\x45\xdf\xa3"
    assert audio.check(SimpleUploadedFile("ghi-am.webm", recording)).format == "webm"
    programme = Programme(station=world["stations"]["a"], title="Ghi âm")
    programme.audio.save("ghi-am.webm", ContentFile(recording), save=False)
    programme.save()
    result = transcode.make_delivery.call(programme.pk)
    programme.refresh_from_db()
    assert programme.delivery_ready
    assert result["sha256"] == programme.delivery_sha256
    assert probe(programme.delivery.path)["codec_name"] == "mp3"
    # A second task for the same audio (the programme was saved twice) does nothing.
    assert transcode.make_delivery.call(programme.pk)["skipped"] == "up to date"


def test_a_matroska_file_is_not_taken_for_webm():
    fake = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska" + bytes(64)
    with pytest.raises(ValidationError) as refused:
        audio.check(SimpleUploadedFile("video.webm", fake))
    assert refused.value.code == "not_audio"


def test_undecodable_audio_records_a_clear_failure(world, ffmpeg):
    # Passes the header check (a WAV header) but holds no decodable audio.
    broken = silent_wav(0.5)[:44].replace(b"WAVEfmt ", b"WAVEfmt ")
    broken = broken[:20] + b"\xff\xff" + broken[22:]  # unknown sample format
    programme = Programme(station=world["stations"]["a"], title="Hỏng")
    programme.audio.save("hong.wav", ContentFile(broken + b"\x00" * 10), save=False)
    programme.save()
    with pytest.raises(transcode.TranscodeError):
        transcode.make_delivery.call(programme.pk)
    programme.refresh_from_db()
    assert not programme.delivery_ready
    assert programme.delivery_error.startswith("Không chuyển được tệp âm thanh")


def test_without_ffmpeg_the_failure_is_recorded(world, monkeypatch):
    monkeypatch.setattr(transcode.shutil, "which", lambda name: None)
    programme = Programme(station=world["stations"]["a"], title="Không có ffmpeg")
    programme.audio.save("a.wav", ContentFile(silent_wav(0.5)), save=False)
    programme.save()
    with pytest.raises(transcode.TranscodeError):
        transcode.make_delivery.call(programme.pk)
    programme.refresh_from_db()
    assert "ffmpeg" in programme.delivery_error
    assert not programme.delivery


@pytest.mark.parametrize("data, code", [
    (b"ID3" + b"\x00" * 200, "not_audio"),
    (b"<html><body>not audio</body></html>", "not_audio"),
    (b"\x1a\x45\xdf\xa3" + b"\x00" * 40, "not_audio"),
])
def test_fake_audio_never_reaches_transcoding(data, code):
    with pytest.raises(ValidationError) as refused:
        audio.check(SimpleUploadedFile("tep.mp3", data))
    assert refused.value.code == code


def test_oversized_audio_is_refused(settings):
    settings.BANTIN_BROADCAST_MAX_AUDIO_MB = 1
    big = SimpleUploadedFile("lon.wav", silent_wav(0.1) + bytes(1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        audio.check(big)
    assert refused.value.code == "too_large"
