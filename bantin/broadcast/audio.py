"""Uploaded audio is checked by what it contains, never by its name.

Accepted: MP3 (MPEG audio frames, with or without an ID3 tag), WAV (RIFF/WAVE with a PCM
format chunk), OGG (Vorbis or Opus), M4A (an MP4 container with an audio brand), WebM (an
EBML document of type "webm": what browsers' MediaRecorder makes when staff record in the
admin). Devices receive none of these directly: `transcode` turns each into the one
delivery format. A file
renamed to .mp3, a truncated header or anything else is refused with a Vietnamese message.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from bantin.core import files, formats

HEAD_BYTES = 64 * 1024
DEFAULT_MAX_MB = 50
AUDIO_EXTENSIONS = ("mp3", "wav", "ogg", "oga", "opus", "m4a", "webm")


@dataclass(frozen=True)
class AudioInfo:
    format: str  # mp3 / wav / ogg / m4a / webm
    duration_seconds: int | None = None  # known without decoding only for WAV
    extension: str = ""  # the one the file is stored under


def max_bytes() -> int:
    return int(getattr(settings, "BANTIN_BROADCAST_MAX_AUDIO_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def check(upload) -> AudioInfo:
    """The format of `upload` (a Django file), or a ValidationError in Vietnamese.

    The upload gate (`bantin.core.files`) judges it, as audio only and whatever its name;
    the form then stores it under the extension of what it is."""
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            f"Tệp âm thanh quá lớn ({size / 1048576:.1f} MB); giới hạn là "
            f"{limit // 1048576} MB.", code="too_large")
    if not size:
        raise ValidationError("Tệp âm thanh rỗng.", code="empty")
    try:
        checked = files.check(upload, None, extensions=AUDIO_EXTENSIONS, max_bytes=limit)
    except ValidationError as refused:
        if refused.code == "too_large":
            raise
        reason = "" if refused.code in ("unknown", "kind", "markup") else (
            " " + refused.messages[0])
        raise ValidationError(
            "Tệp không phải âm thanh hợp lệ. Chỉ nhận MP3, WAV, OGG, M4A hoặc WebM (kiểm tra "
            "theo nội dung tệp, không theo tên)." + reason, code="not_audio") from refused
    duration = None
    if checked.format == "wav":
        upload.seek(0)
        duration = formats.wav_seconds(upload.read(HEAD_BYTES))
        upload.seek(0)
    return AudioInfo(checked.format, duration, checked.extension)


def silent_wav(seconds: float = 1.0, rate: int = 8000, tone_hz: int = 0) -> bytes:
    """A small mono 8-bit WAV of silence (or a quiet tone): demo and test audio."""
    import math

    frames = int(seconds * rate)
    if tone_hz:
        data = bytes(128 + int(20 * math.sin(2 * math.pi * tone_hz * i / rate))
                     for i in range(frames))
    else:
        data = bytes([128]) * frames
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate, 1, 8)
    return (b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data)) + b"WAVE"
            + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", len(data)) + data)
