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

HEAD_BYTES = 64 * 1024
DEFAULT_MAX_MB = 50


@dataclass(frozen=True)
class AudioInfo:
    format: str  # mp3 / wav / ogg / m4a / webm
    duration_seconds: int | None = None  # known without decoding only for WAV


def max_bytes() -> int:
    return int(getattr(settings, "BANTIN_BROADCAST_MAX_AUDIO_MB", DEFAULT_MAX_MB)) * 1024 * 1024


_MPEG_BITRATES = {  # kbit/s by (version is MPEG-1, layer) and index 1..14
    (True, 3): [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    (True, 2): [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    (True, 1): [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    (False, 3): [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    (False, 2): [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    (False, 1): [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
}
_MPEG_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}


def _mpeg_frame_length(head: bytes, at: int) -> int | None:
    """Length of the MPEG audio frame starting at `at`, None if no valid header is there."""
    if at + 4 > len(head) or head[at] != 0xFF or head[at + 1] & 0xE0 != 0xE0:
        return None
    version = (head[at + 1] >> 3) & 3  # 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved
    layer_bits = (head[at + 1] >> 1) & 3  # 1 = layer III, 2 = II, 3 = I, 0 reserved
    bitrate_index = head[at + 2] >> 4
    rate_index = (head[at + 2] >> 2) & 3
    if version == 1 or layer_bits == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    layer = 4 - layer_bits
    bitrate = _MPEG_BITRATES[(version == 3, layer)][bitrate_index - 1] * 1000
    rate = _MPEG_RATES[version][rate_index]
    padding = (head[at + 2] >> 1) & 1
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    per_frame = 144 if (layer == 2 or version == 3) else 72
    return per_frame * bitrate // rate + padding


def _is_mp3(head: bytes) -> bool:
    at = 0
    if head[:3] == b"ID3" and len(head) >= 10:
        size = 0
        for byte in head[6:10]:
            if byte & 0x80:
                return False
            size = (size << 7) | byte
        at = 10 + size
        if at >= len(head):
            return True  # a tag larger than what was read: trust the ID3 header
    # Two consecutive valid frames (or one frame filling the whole file).
    length = _mpeg_frame_length(head, at)
    if length is None or length < 24:
        return False
    following = at + length
    return following >= len(head) or _mpeg_frame_length(head, following) is not None


def _wav(head: bytes) -> AudioInfo | None:
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    at, byte_rate, data_size = 12, None, None
    while at + 8 <= len(head):
        chunk, size = head[at:at + 4], struct.unpack("<I", head[at + 4:at + 8])[0]
        if chunk == b"fmt ":
            if size < 16 or at + 24 > len(head):
                return None
            audio_format, channels, rate, byte_rate = struct.unpack(
                "<HHII", head[at + 8:at + 20])
            if audio_format not in (1, 3, 0xFFFE) or not channels or not rate or not byte_rate:
                return None
        elif chunk == b"data":
            data_size = size
            break
        at += 8 + size + (size & 1)
    if byte_rate is None or data_size is None:
        return None
    return AudioInfo("wav", max(1, round(data_size / byte_rate)))


def _is_ogg(head: bytes) -> bool:
    if len(head) < 28 + 8 or head[:4] != b"OggS" or head[4] != 0:
        return False
    segments = head[26]
    payload = head[27 + segments:27 + segments + 8]
    return payload.startswith(b"\x01vorbis") or payload.startswith(b"OpusHead")


M4A_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash", b"3gp4", b"3gp5"}


def _is_m4a(head: bytes) -> bool:
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    size = struct.unpack(">I", head[:4])[0]
    if size < 16 or size > len(head):
        return False
    brands = {head[8:12]} | {head[i:i + 4] for i in range(16, size, 4)}
    return bool(brands & M4A_BRANDS)


EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE = b"\x42\x82"


def _is_webm(head: bytes) -> bool:
    """An EBML header whose DocType element says "webm" (MediaRecorder's output)."""
    if not head.startswith(EBML_MAGIC):
        return False
    at = head.find(EBML_DOCTYPE, 4, 64)
    if at < 0 or at + 3 > len(head):
        return False
    size_byte = head[at + 2]
    if not size_byte & 0x80:  # only the one-byte size form is used for a short DocType
        return False
    size = size_byte & 0x7F
    return head[at + 3:at + 3 + size] == b"webm"


def check(upload) -> AudioInfo:
    """The format of `upload` (a Django file), or a ValidationError in Vietnamese."""
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            f"Tệp âm thanh quá lớn ({size / 1048576:.1f} MB); giới hạn là "
            f"{limit // 1048576} MB.", code="too_large")
    if not size:
        raise ValidationError("Tệp âm thanh rỗng.", code="empty")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    info = _wav(head)
    if info is not None:
        return info
    for name, test in (("ogg", _is_ogg), ("m4a", _is_m4a), ("webm", _is_webm),
                       ("mp3", _is_mp3)):
        if test(head):
            return AudioInfo(name)
    raise ValidationError(
        "Tệp không phải âm thanh hợp lệ. Chỉ nhận MP3, WAV, OGG, M4A hoặc WebM (kiểm tra theo "
        "nội dung tệp, không theo tên).", code="not_audio")


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
