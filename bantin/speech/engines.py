"""Speech engines: text in, audio out.

An engine is any class with ``synthesise(text, voice=None) -> SpeechResult``; the one used is
named by the setting ``BANTIN_TTS_ENGINE`` (a dotted path, default ``EspeakEngine``) and built
with the keyword arguments in ``BANTIN_TTS_OPTIONS``. Engines receive text already normalised
(`bantin.speech.normalise`) and must not run a shell.

``EspeakEngine`` runs espeak-ng (Debian package ``espeak-ng``, Vietnamese voices ``vi``,
``vi-vn-x-central``, ``vi-vn-x-south``) as a subprocess, text on stdin, a WAV on stdout, one run
per chunk of whole sentences, each under a timeout; the chunks are joined into one WAV.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import struct
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_ENGINE = "bantin.speech.engines.EspeakEngine"
VOICE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+-]*")


class SpeechError(Exception):
    """Synthesis failed; the message says why, in Vietnamese, for the person who asked."""


@dataclass
class SpeechResult:
    audio: bytes
    duration: float  # seconds
    format: str = "wav"  # file extension of ``audio``

    @property
    def content_type(self) -> str:
        types = {"wav": "audio/wav", "mp3": "audio/mpeg"}
        return types.get(self.format, "application/octet-stream")


# --- WAV --------------------------------------------------------------------------------------

@dataclass
class WavInfo:
    channels: int
    sample_rate: int
    sample_width: int  # bytes per sample
    data: bytes  # the PCM frames

    @property
    def duration(self) -> float:
        frame = self.channels * self.sample_width
        return len(self.data) // frame / self.sample_rate if frame and self.sample_rate else 0.0


def read_wav(data: bytes) -> WavInfo:
    """The format and frames of a PCM WAV, read from its header.

    A WAV written to a pipe (espeak-ng ``--stdout``) cannot know its length and declares a
    placeholder size; the data then runs to the end of the bytes actually received.
    """
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SpeechError("Dữ liệu âm thanh không phải tệp WAV.")
    offset, fmt = 12, None
    while offset + 8 <= len(data):
        chunk_id = data[offset:offset + 4]
        (size,) = struct.unpack("<I", data[offset + 4:offset + 8])
        body = offset + 8
        if chunk_id == b"fmt ":
            if size < 16 or body + 16 > len(data):
                break
            audio_format, channels, rate, _, _, bits = struct.unpack(
                "<HHIIHH", data[body:body + 16]
            )
            if audio_format != 1:
                raise SpeechError("Tệp WAV không ở dạng PCM.")
            fmt = (channels, rate, bits // 8)
        elif chunk_id == b"data":
            if fmt is None:
                break
            channels, rate, width = fmt
            return WavInfo(channels, rate, width, data[body:min(body + size, len(data))])
        offset = body + size + (size & 1)
    raise SpeechError("Tệp WAV hỏng: thiếu phần định dạng hoặc dữ liệu.")


def wav_duration(data: bytes) -> float:
    """Seconds of audio in a WAV, from its header and the size of its data."""
    return read_wav(data).duration


def join_wavs(parts: list[bytes], pause: float = 0.0) -> bytes:
    """One WAV with a correct header from several of the same format, ``pause`` seconds of
    silence between them."""
    infos = [read_wav(part) for part in parts]
    if not infos:
        raise SpeechError("Không có âm thanh để ghép.")
    first = infos[0]
    shape = (first.channels, first.sample_rate, first.sample_width)
    if any((i.channels, i.sample_rate, i.sample_width) != shape for i in infos):
        raise SpeechError("Các đoạn âm thanh khác định dạng, không ghép được.")
    silence = b"\0" * (int(first.sample_rate * pause) * first.channels * first.sample_width)
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(first.channels)
        wav.setsampwidth(first.sample_width)
        wav.setframerate(first.sample_rate)
        wav.writeframes(silence.join(i.data for i in infos))
    return out.getvalue()


# --- text splitting ---------------------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+")


def split_sentences(text: str, limit: int = 1000) -> list[str]:
    """Chunks of whole sentences of at most ``limit`` characters; a longer sentence is cut at
    commas, then at spaces, never inside a word."""
    pieces = (piece for sentence in (s.strip() for s in SENTENCE_END.split(text)) if sentence
              for piece in _cut(sentence, limit))
    return _pack(pieces, limit)


def _pack(parts, limit: int) -> list[str]:
    """Join consecutive parts with spaces into runs of at most ``limit`` characters."""
    packed: list[str] = []
    current = ""
    for part in parts:
        if current and len(current) + 1 + len(part) > limit:
            packed.append(current)
            current = part
        else:
            current = f"{current} {part}" if current else part
    if current:
        packed.append(current)
    return packed


def _cut(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    for separator in (r"(?<=,)\s+", r"\s+"):
        parts = re.split(separator, sentence)
        if max(len(p) for p in parts) <= limit or separator == r"\s+":
            break
    short: list[str] = []
    for part in parts:
        while len(part) > limit:  # a "word" longer than the limit: cut it anyway
            short.append(part[:limit])
            part = part[limit:]
        short.append(part)
    return _pack(short, limit)


# --- engines ----------------------------------------------------------------------------------

class SpeechEngine:
    """The interface: subclasses implement ``synthesise``."""

    default_voice = ""

    def synthesise(self, text: str, voice: str | None = None) -> SpeechResult:
        raise NotImplementedError


class EspeakEngine(SpeechEngine):
    default_voice = "vi"

    def __init__(self, binary: str = "espeak-ng", speed: int = 150, pitch: int = 50,
                 timeout: float = 60.0, chunk_chars: int = 1000, pause: float = 0.25):
        self.binary = binary
        self.speed = int(speed)
        self.pitch = int(pitch)
        self.timeout = float(timeout)
        self.chunk_chars = int(chunk_chars)
        self.pause = float(pause)

    def executable(self) -> str:
        path = shutil.which(self.binary)
        if not path:
            raise SpeechError(
                f"Không tìm thấy chương trình {self.binary}; cài bằng "
                "`scripts/services install espeak` (gói Debian espeak-ng)."
            )
        return path

    def synthesise(self, text: str, voice: str | None = None) -> SpeechResult:
        voice = voice or self.default_voice
        if not VOICE_NAME.fullmatch(voice):
            raise SpeechError(f"Tên giọng đọc không hợp lệ: {voice!r}.")
        chunks = split_sentences(text, self.chunk_chars)
        if not chunks:
            raise SpeechError("Văn bản trống, không có gì để đọc.")
        executable = self.executable()
        parts = [self._run(executable, chunk, voice) for chunk in chunks]
        # Joined even when there is one part: a correct header replaces the pipe's placeholder.
        audio = join_wavs(parts, self.pause)
        return SpeechResult(audio=audio, duration=wav_duration(audio), format="wav")

    def _run(self, executable: str, text: str, voice: str) -> bytes:
        command = [executable, "-v", voice, "-s", str(self.speed), "-p", str(self.pitch),
                   "--stdin", "--stdout"]
        return _run_program(command, text, self.timeout)


class CommandEngine(SpeechEngine):
    """Any program that reads text on stdin and writes a WAV on stdout: the way to plug in a
    neural voice installed on the machine (Piper with a Vietnamese model, for instance).

    ``command`` is the argument list; ``{voice}`` in an argument is replaced by the voice
    asked for (or ``default_voice``). No shell is involved.
    """

    def __init__(self, command: list[str], default_voice: str = "", timeout: float = 120.0,
                 chunk_chars: int = 2000, pause: float = 0.25):
        if not command or isinstance(command, str):
            raise SpeechError("CommandEngine cần danh sách tham số `command`, ví dụ "
                              '["piper", "--model", "vi.onnx", "--output_file", "-"].')
        self.command = [str(part) for part in command]
        self.default_voice = default_voice
        self.timeout = float(timeout)
        self.chunk_chars = int(chunk_chars)
        self.pause = float(pause)

    def synthesise(self, text: str, voice: str | None = None) -> SpeechResult:
        voice = voice or self.default_voice
        if voice and not VOICE_NAME.fullmatch(voice):
            raise SpeechError(f"Tên giọng đọc không hợp lệ: {voice!r}.")
        chunks = split_sentences(text, self.chunk_chars)
        if not chunks:
            raise SpeechError("Văn bản trống, không có gì để đọc.")
        program = self.command[0]
        if not shutil.which(program):
            raise SpeechError(f"Không tìm thấy chương trình {program}.")
        command = [part.replace("{voice}", voice) for part in self.command]
        parts = [_run_program(command, chunk, self.timeout) for chunk in chunks]
        audio = join_wavs(parts, self.pause)
        return SpeechResult(audio=audio, duration=wav_duration(audio), format="wav")


def _run_program(command: list[str], text: str, timeout: float) -> bytes:
    """Run ``command`` with ``text`` on stdin; its stdout must be a WAV."""
    name = Path(command[0]).name
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, text on stdin, no shell
            command, input=text.encode("utf-8"), capture_output=True, timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SpeechError(f"{name} quá thời gian ({timeout:g} giây) khi đọc đoạn văn bản.") from exc
    except OSError as exc:
        raise SpeechError(f"Không chạy được {name}: {exc}") from exc
    if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
        stderr = done.stderr.decode("utf-8", "replace").strip()
        raise SpeechError(f"{name} lỗi (mã {done.returncode}): {stderr or 'không có âm thanh'}")
    return done.stdout


def get_engine() -> SpeechEngine:
    """The engine named by ``BANTIN_TTS_ENGINE``, built with ``BANTIN_TTS_OPTIONS``."""
    path = getattr(settings, "BANTIN_TTS_ENGINE", "") or DEFAULT_ENGINE
    options = getattr(settings, "BANTIN_TTS_OPTIONS", {}) or {}
    try:
        engine_class = import_string(path)
    except ImportError as exc:
        raise SpeechError(f"Không nạp được bộ đọc BANTIN_TTS_ENGINE={path!r}: {exc}") from exc
    engine = engine_class(**options)
    if not callable(getattr(engine, "synthesise", None)):
        raise SpeechError(f"{path} không có phương thức synthesise(text, voice).")
    return engine


# --- compressed formats -----------------------------------------------------------------------

def encode(result: SpeechResult, audio_format: str, timeout: float = 120.0) -> SpeechResult:
    """``result`` in ``audio_format`` ("wav" or "mp3"). MP3 needs lame or ffmpeg on the machine;
    without them the WAV is kept and a warning logged (the result's ``format`` says which)."""
    audio_format = (audio_format or "wav").lower()
    if audio_format == result.format:
        return result
    if audio_format != "mp3" or result.format != "wav":
        raise SpeechError(f"Không hỗ trợ định dạng âm thanh {audio_format!r}.")
    lame, ffmpeg = shutil.which("lame"), shutil.which("ffmpeg")
    if lame:
        command = [lame, "--quiet", "-V", "5", "-", "-"]
    elif ffmpeg:
        command = [ffmpeg, "-loglevel", "error", "-f", "wav", "-i", "pipe:0", "-f", "mp3",
                   "-q:a", "5", "pipe:1"]
    else:
        logger.warning("MP3 requested but neither lame nor ffmpeg is installed: keeping WAV")
        return result
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            command, input=result.audio, capture_output=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SpeechError("Chuyển sang MP3 quá thời gian.") from exc
    if done.returncode != 0 or not done.stdout:
        raise SpeechError(
            "Chuyển sang MP3 lỗi: " + done.stderr.decode("utf-8", "replace").strip()
        )
    return SpeechResult(audio=done.stdout, duration=result.duration, format="mp3")


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all."""
    path = Path(path)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as f:
        temporary = Path(f.name)
        try:
            f.write(data)
        except BaseException:
            f.close()
            temporary.unlink(missing_ok=True)
            raise
    try:
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
