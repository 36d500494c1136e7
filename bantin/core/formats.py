"""What a file is, from its first bytes: the signatures the upload gate
(`bantin.core.files`) recognises. Audio is recognised by its structure (two MPEG frames in
a row, a RIFF/WAVE format chunk, an Ogg page of Vorbis or Opus, an MP4 audio brand, an
EBML "webm" document), not by a few magic bytes, so a renamed file is not taken for audio.
"""

from __future__ import annotations

import struct

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"

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


def is_mp3(head: bytes) -> bool:
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


def wav_seconds(head: bytes) -> int | None:
    """The duration of a PCM WAV file from its header; None when it is not one."""
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
    return max(1, round(data_size / byte_rate))


def is_ogg(head: bytes) -> bool:
    if len(head) < 28 + 8 or head[:4] != b"OggS" or head[4] != 0:
        return False
    segments = head[26]
    payload = head[27 + segments:27 + segments + 8]
    return payload.startswith(b"\x01vorbis") or payload.startswith(b"OpusHead")


M4A_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash", b"3gp4", b"3gp5"}


def is_m4a(head: bytes) -> bool:
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    size = struct.unpack(">I", head[:4])[0]
    if size < 16 or size > len(head):
        return False
    brands = {head[8:12]} | {head[i:i + 4] for i in range(16, size, 4)}
    return bool(brands & M4A_BRANDS)


EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE = b"\x42\x82"


def is_webm(head: bytes) -> bool:
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


AVIF_BRANDS = {b"avif", b"avis"}


def _ftyp_brands(head: bytes) -> set[bytes]:
    if len(head) < 16 or head[4:8] != b"ftyp":
        return set()
    size = struct.unpack(">I", head[:4])[0]
    if size < 16 or size > len(head):
        return set()
    return {head[8:12]} | {head[i:i + 4] for i in range(16, size, 4)}


def sniff(head: bytes) -> str | None:
    """The format of a file whose first bytes (64 KB) are `head`, or None if unknown:
    jpeg, png, gif, webp, avif, pdf, ole2 (doc, xls, ppt), zip (docx, xlsx, pptx, odt,
    ods and archives), mp3, wav, ogg, m4a, webm."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if _ftyp_brands(head) & AVIF_BRANDS:
        return "avif"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(OLE2):
        return "ole2"
    if head.startswith(ZIP):
        return "zip"
    if wav_seconds(head) is not None:
        return "wav"
    for name, test in (("ogg", is_ogg), ("m4a", is_m4a), ("webm", is_webm), ("mp3", is_mp3)):
        if test(head):
            return name
    return None
