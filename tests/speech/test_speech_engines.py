"""Speech engines: espeak-ng for real, the command engine with a fake voice, WAV handling."""

import io
import logging
import struct
import wave

import pytest

from bantin.speech import engines
from bantin.speech.engines import (
    CommandEngine,
    EspeakEngine,
    SpeechError,
    SpeechResult,
    encode,
    get_engine,
    join_wavs,
    read_wav,
    split_sentences,
    wav_duration,
)
from bantin.speech.normalise import normalise


def make_wav(frames: int, rate: int = 8000, channels: int = 1, width: int = 2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(b"\x01" * frames * channels * width)
    return out.getvalue()


def test_espeak_speaks_vietnamese_to_a_wav(espeak):
    short = EspeakEngine().synthesise(normalise("UBND xã thông báo."))
    long = EspeakEngine().synthesise(normalise(
        "UBND xã thông báo: ngày 15/6 lúc 7h30, toàn thể bà con tập trung tại nhà văn hóa "
        "thôn để họp bàn kế hoạch sản xuất vụ mùa năm 2024."
    ))
    for result in (short, long):
        assert result.format == "wav" and result.content_type == "audio/wav"
        info = read_wav(result.audio)
        assert info.sample_rate > 8000 and info.channels == 1
        # The header is correct (not espeak's pipe placeholder) and says the same duration.
        with wave.open(io.BytesIO(result.audio)) as w:
            assert w.getnframes() / w.getframerate() == pytest.approx(result.duration)
        assert result.duration > 0.5
    assert long.duration > 3 * short.duration


def test_espeak_splits_long_text_at_sentences(espeak, monkeypatch):
    calls = []
    run = engines.subprocess.run

    def spy(command, **kwargs):
        assert "shell" not in kwargs and isinstance(command, list)
        calls.append(kwargs["input"].decode())
        return run(command, **kwargs)

    monkeypatch.setattr(engines.subprocess, "run", spy)
    text = "Câu thứ nhất rất ngắn. Câu thứ hai cũng ngắn! Câu thứ ba hỏi gì? Hết."
    result = EspeakEngine(chunk_chars=30).synthesise(text)
    assert calls == ["Câu thứ nhất rất ngắn.", "Câu thứ hai cũng ngắn!", "Câu thứ ba hỏi gì? Hết."]
    assert result.duration == pytest.approx(wav_duration(result.audio))


def test_espeak_rejects_unknown_and_unsafe_voices(espeak):
    with pytest.raises(SpeechError, match="lỗi"):
        EspeakEngine().synthesise("xin chào", voice="khong-co-giong-nay")
    with pytest.raises(SpeechError, match="không hợp lệ"):
        EspeakEngine().synthesise("xin chào", voice="--help")


def test_a_missing_espeak_is_reported_clearly():
    with pytest.raises(SpeechError, match="scripts/services install espeak"):
        EspeakEngine(binary="espeak-ng-khong-co").synthesise("xin chào")


def test_a_voice_that_hangs_is_stopped_by_the_timeout(tmp_path):
    program = tmp_path / "slow-voice"
    program.write_text("#!/bin/sh\nsleep 5\n")
    program.chmod(0o755)
    with pytest.raises(SpeechError, match="quá thời gian"):
        CommandEngine([str(program)], timeout=0.3).synthesise("xin chào")


def test_command_engine_passes_text_on_stdin_and_joins_chunks(fake_voice):
    engine = CommandEngine([fake_voice.path, "--voice", "{voice}"], default_voice="vi-nu",
                           chunk_chars=20, pause=0.5)
    result = engine.synthesise("Một hai ba bốn. Năm sáu bảy tám.; Chín mười")
    calls = fake_voice.calls()
    assert [c["text"] for c in calls] == ["Một hai ba bốn.", "Năm sáu bảy tám.;", "Chín mười"]
    assert all(c["args"] == ["--voice", "vi-nu"] for c in calls)
    # 10 ms per character plus two pauses of half a second.
    assert result.duration == pytest.approx((15 + 17 + 9) * 0.01 + 2 * 0.5)
    assert engine.synthesise("Xin chào", voice="mien-nam").duration == pytest.approx(0.08)
    assert fake_voice.calls()[-1]["args"] == ["--voice", "mien-nam"]


def test_command_engine_reports_failures(fake_voice):
    with pytest.raises(SpeechError, match="giọng đọc hỏng"):
        CommandEngine([fake_voice.path]).synthesise("Văn bản HỎNG.")
    with pytest.raises(SpeechError, match="trống"):
        CommandEngine([fake_voice.path]).synthesise("   ")
    with pytest.raises(SpeechError, match="Không tìm thấy"):
        CommandEngine(["/khong/co/chuong-trinh"]).synthesise("xin chào")
    with pytest.raises(SpeechError, match="danh sách"):
        CommandEngine("piper --model vi.onnx")


def test_get_engine_follows_the_setting(settings, fake_voice):
    assert isinstance(get_engine(), EspeakEngine)
    settings.BANTIN_TTS_ENGINE = "bantin.speech.engines.CommandEngine"
    settings.BANTIN_TTS_OPTIONS = {"command": [fake_voice.path]}
    engine = get_engine()
    assert isinstance(engine, CommandEngine) and engine.command == [fake_voice.path]
    settings.BANTIN_TTS_ENGINE = "bantin.speech.khong_co.Engine"
    with pytest.raises(SpeechError, match="BANTIN_TTS_ENGINE"):
        get_engine()


def test_read_wav_uses_the_data_received_when_the_header_is_a_placeholder():
    wav = make_wav(8000)
    # What a pipe gets: RIFF and data sizes unknown, written as a large placeholder.
    piped = wav[:4] + struct.pack("<I", 0x7FFFF000) + wav[8:40] + struct.pack("<I", 0x7FFFF000)
    piped += wav[44:]
    assert wav_duration(wav) == pytest.approx(1.0)
    assert wav_duration(piped) == pytest.approx(1.0)
    assert wav_duration(join_wavs([piped])) == pytest.approx(1.0)


@pytest.mark.parametrize("data", [b"", b"not a wav at all", b"RIFF\0\0\0\0WAVEjunk"])
def test_read_wav_rejects_what_is_not_a_wav(data):
    with pytest.raises(SpeechError):
        read_wav(data)


def test_join_wavs_adds_pauses_and_refuses_mixed_formats():
    joined = join_wavs([make_wav(8000), make_wav(4000)], pause=0.25)
    assert wav_duration(joined) == pytest.approx(1.75)
    with pytest.raises(SpeechError, match="khác định dạng"):
        join_wavs([make_wav(100, rate=8000), make_wav(100, rate=16000)])
    with pytest.raises(SpeechError):
        join_wavs([])


def test_split_sentences_keeps_words_whole():
    text = "Một. " + "rất dài, " * 30 + "hết! Cuối"
    chunks = split_sentences(text, limit=50)
    assert all(len(c) <= 50 for c in chunks)
    assert " ".join(chunks).split() == text.split()
    assert split_sentences("", 50) == [] and split_sentences("  \n ", 50) == []
    assert split_sentences("x" * 120, 50) == ["x" * 50, "x" * 50, "x" * 20]


def test_mp3_without_an_encoder_keeps_the_wav(monkeypatch, caplog):
    monkeypatch.setattr(engines.shutil, "which", lambda name: None)
    wav = SpeechResult(audio=make_wav(800), duration=0.1)
    with caplog.at_level(logging.WARNING, logger="bantin.speech.engines"):
        kept = encode(wav, "mp3")
    assert kept is wav and kept.format == "wav"
    assert "keeping WAV" in caplog.text
    with pytest.raises(SpeechError, match="ogg"):
        encode(wav, "ogg")
