"""The one format devices receive: MP3, mono, 44.1 kHz, 64 kbit/s (constant bit rate).

Whatever staff upload (MP3, WAV, OGG, M4A, WebM from the browser's recorder) is turned into
this format by ffmpeg in a background task whenever a programme's audio changes; devices
then need a single decoder, and a minute of speech costs 480 KB over a weak mobile link.
Until the delivery file is made (or when making it failed, recorded in `delivery_error`)
the schedule document lists the programme without an audio URL and devices skip it: an
original file is never sent, since a device may not decode its format.

ffmpeg is a Debian package (`scripts/services install ffmpeg`).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess  # noqa: S404
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_tasks import task

from .models import Programme

logger = logging.getLogger(__name__)

CHANNELS = 1
SAMPLE_RATE = 44100
BITRATE = "64k"
TIMEOUT_SECONDS = 900


class TranscodeError(RuntimeError):
    pass


def ffmpeg() -> str | None:
    return shutil.which("ffmpeg")


def to_delivery(source: Path, target: Path) -> float:
    """Transcode `source` into `target` (MP3); the duration in seconds."""
    program = ffmpeg()
    if program is None:
        raise TranscodeError("Máy chủ chưa cài ffmpeg nên không chuyển được định dạng âm "
                             "thanh (scripts/services install ffmpeg).")
    command = [program, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
               "-i", str(source), "-vn", "-map_metadata", "-1",
               "-ac", str(CHANNELS), "-ar", str(SAMPLE_RATE),
               "-codec:a", "libmp3lame", "-b:a", BITRATE, "-f", "mp3", str(target)]
    try:
        result = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                                timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise TranscodeError("Chuyển định dạng âm thanh quá lâu, đã dừng.") from exc
    if result.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        detail = (result.stderr or "").strip().splitlines()[-1:] or ["không rõ lỗi"]
        raise TranscodeError(f"Không chuyển được tệp âm thanh: {detail[0][:150]}")
    return duration_of(target)


def duration_of(path: Path) -> float:
    """Duration by ffprobe (shipped with ffmpeg); 0 when it cannot tell."""
    probe = shutil.which("ffprobe")
    if probe is None:
        return 0.0
    result = subprocess.run(  # noqa: S603
        [probe, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, timeout=60, check=False)
    try:
        return round(float(result.stdout.strip()), 3)
    except ValueError:
        return 0.0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@task()
def make_delivery(programme_id: int) -> dict:
    """Make the delivery file of a programme's current audio; records the failure on the
    programme (and raises, so the task's result shows it) when that is impossible."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None or not programme.audio:
        return {"programme": programme_id, "skipped": "no audio"}
    if programme.delivery_ready:  # several saves before the worker got here: made once
        return {"programme": programme_id, "skipped": "up to date"}
    source_name = programme.audio.name
    try:
        with tempfile.TemporaryDirectory(prefix="bantin-transcode-") as work:
            source = Path(work) / "source"
            with programme.audio.open("rb") as audio, source.open("wb") as out:
                shutil.copyfileobj(audio, out, 1 << 20)
            target = Path(work) / "delivery.mp3"
            seconds = to_delivery(source, target)
            size, sha = target.stat().st_size, _sha256(target)
            with target.open("rb") as handle:
                stored = programme.delivery.storage.save(
                    programme.delivery.field.generate_filename(programme, f"p{programme.pk}.mp3"),
                    File(handle))
    except (TranscodeError, OSError) as exc:
        message = str(exc)[:255]
        Programme.objects.filter(pk=programme_id, audio=source_name).update(
            delivery_error=message)
        logger.warning("transcoding programme %s failed: %s", programme_id, message)
        raise TranscodeError(message) from exc
    old = programme.delivery.name if programme.delivery else ""
    updated = Programme.objects.filter(pk=programme_id, audio=source_name).update(
        delivery=stored, delivery_source=source_name, delivery_size=size,
        delivery_sha256=sha, delivery_seconds=seconds, delivery_error="")
    storage = programme.delivery.storage
    if not updated:  # the audio changed meanwhile: a newer task makes its file
        storage.delete(stored)
        return {"programme": programme_id, "skipped": "audio changed"}
    if old and old != stored:
        storage.delete(old)
    from .protocol import bump_schedule_version

    bump_schedule_version()  # queryset updates send no signal: schedule documents change
    return {"programme": programme_id, "name": stored, "size": size, "sha256": sha,
            "seconds": seconds}


@receiver(post_save, sender=Programme, dispatch_uid="broadcast_transcode_on_audio_change")
def _audio_changed(sender, instance: Programme, raw=False, **kwargs):
    if raw or not instance.audio or instance.delivery_source == instance.audio.name:
        return
    programme_id = instance.pk
    transaction.on_commit(lambda: make_delivery.enqueue(programme_id))
