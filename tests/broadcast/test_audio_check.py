"""Uploaded audio is recognised by its content, not its name."""

import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bantin.broadcast import audio


def mp3_bytes(frames=3) -> bytes:
    # MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 417-byte frames.
    header = bytes([0xFF, 0xFB, 0x90, 0x00])
    return (header + bytes(413)) * frames


def id3_mp3_bytes() -> bytes:
    tag_body = b"TIT2" + struct.pack(">I", 6) + b"\x00\x00\x00Tin"
    size = len(tag_body)
    synchsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F,
                       size & 0x7F])
    return b"ID3\x04\x00\x00" + synchsafe + tag_body + mp3_bytes()


def ogg_bytes(codec=b"\x01vorbis") -> bytes:
    page = b"OggS" + bytes([0, 2]) + bytes(8) + bytes(4) + bytes(4) + bytes(4) + bytes([1, 30])
    return page + codec + bytes(30 - len(codec))


def m4a_bytes() -> bytes:
    ftyp = b"ftyp" + b"M4A " + struct.pack(">I", 0) + b"M4A mp42isom"
    return struct.pack(">I", len(ftyp) + 4) + ftyp + struct.pack(">I", 8) + b"mdat"


def upload(data: bytes, name="tep.mp3"):
    return SimpleUploadedFile(name, data, content_type="audio/mpeg")


@pytest.mark.parametrize("data, kind", [
    (mp3_bytes(), "mp3"), (id3_mp3_bytes(), "mp3"), (audio.silent_wav(1.5), "wav"),
    (ogg_bytes(), "ogg"), (ogg_bytes(b"OpusHead"), "ogg"), (m4a_bytes(), "m4a"),
])
def test_real_audio_is_recognised_whatever_its_name(data, kind):
    assert audio.check(upload(data, "ten-bat-ky.bin")).format == kind


def test_wav_duration_is_read_from_its_header():
    assert audio.check(upload(audio.silent_wav(3.0), "a.wav")).duration_seconds == 3


@pytest.mark.parametrize("data", [
    b"Day khong phai am thanh, chi la van ban doi ten thanh .mp3" * 10,
    b"%PDF-1.4\n%%EOF\n" * 20,
    bytes([0xFF, 0xFB, 0x90, 0x00]) + b"garbage" * 100,  # one header, then no next frame
    b"RIFF\x24\x00\x00\x00WAVEjunk" + bytes(40),  # RIFF without format or data
    b"OggS" + bytes(60),  # Ogg page of an unknown codec
    b"\x00\x00\x00\x18ftypqt  \x00\x00\x00\x00qt  " + bytes(20),  # a QuickTime movie
    b"\x89PNG\r\n\x1a\n" + bytes(100),
])
def test_fakes_are_refused_in_vietnamese(data):
    with pytest.raises(ValidationError) as error:
        audio.check(upload(data))
    assert "Tệp không phải âm thanh hợp lệ" in error.value.messages[0]


def test_empty_and_oversized_files_are_refused(settings):
    with pytest.raises(ValidationError, match="rỗng"):
        audio.check(upload(b""))
    settings.BANTIN_BROADCAST_MAX_AUDIO_MB = 1
    big = audio.silent_wav(140.0)  # 8 kHz x 140 s: about 1.1 MB
    with pytest.raises(ValidationError, match="quá lớn"):
        audio.check(upload(big, "dai.wav"))
    settings.BANTIN_BROADCAST_MAX_AUDIO_MB = 2
    assert audio.check(upload(big, "dai.wav")).format == "wav"
