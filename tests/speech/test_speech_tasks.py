"""The background task that stores speech, the article script, and the speak command."""

import io
import json
import wave

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django_tasks.base import TaskResultStatus

from bantin.speech.engines import SpeechError, wav_duration
from bantin.speech.scripts import article_script, html_to_sentences
from bantin.speech.tasks import speak, synthesise_article, synthesise_to_file


@pytest.fixture
def fake_engine(settings, fake_voice):
    settings.BANTIN_TTS_ENGINE = "bantin.speech.engines.CommandEngine"
    settings.BANTIN_TTS_OPTIONS = {"command": [fake_voice.path], "pause": 0}
    return fake_voice


def stored_speech():
    if not default_storage.exists("speech"):
        return []
    return default_storage.listdir("speech")[1]


def test_the_task_normalises_synthesises_and_stores(fake_engine):
    result = synthesise_to_file.enqueue("UBND xã họp lúc 7h30.")
    assert result.status == TaskResultStatus.SUCCESSFUL
    stored = result.return_value
    assert stored["name"].startswith("speech/") and stored["name"].endswith(".wav")
    assert stored["format"] == "wav"
    # What the voice was given is the normalised text.
    spoken = "Ủy ban nhân dân xã họp lúc bảy giờ ba mươi phút."
    assert fake_engine.calls()[-1]["text"] == spoken
    with default_storage.open(stored["name"], "rb") as f:
        audio = f.read()
    assert stored["size"] == len(audio)
    assert stored["duration"] == pytest.approx(wav_duration(audio)) == pytest.approx(
        len(spoken) * 0.01)
    # A name of one's own, made safe; storage never overwrites.
    named = synthesise_to_file.call("Xin chào.", name="../bản tin sáng")
    assert named["name"] == "speech/b-n-tin-s-ng.wav"
    again = synthesise_to_file.call("Xin chào lần nữa.", name="../bản tin sáng")
    assert again["name"] != named["name"] and again["name"].startswith("speech/b-n-tin-s-ng")


@pytest.mark.parametrize("text", ["", "   ", "...!!! ---", None])
def test_nothing_to_read_fails_clearly_and_stores_nothing(fake_engine, text):
    before = stored_speech()
    result = synthesise_to_file.enqueue(text)
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is SpeechError
    assert "Văn bản" in result.errors[0].traceback
    assert stored_speech() == before
    assert fake_engine.calls() == []


def test_an_engine_failure_fails_the_task_and_stores_nothing(fake_engine):
    before = stored_speech()
    result = synthesise_to_file.enqueue("Văn bản HỎNG.")
    assert result.status == TaskResultStatus.FAILED
    assert "giọng đọc hỏng" in result.errors[0].traceback
    assert stored_speech() == before


def test_the_task_with_espeak(espeak, settings):
    stored = synthesise_to_file.call("Thông báo của UBND xã ngày 15/6.")
    with default_storage.open(stored["name"], "rb") as f:
        with wave.open(io.BytesIO(f.read())) as w:
            assert w.getnframes() / w.getframerate() == pytest.approx(stored["duration"], abs=1e-3)
    assert stored["duration"] > 1


def test_html_to_sentences_reads_blocks_and_skips_tables():
    html = ('<h2>Tiêu đề</h2><p>Đoạn <b>một</b> &amp; <a href="/x">liên kết</a>.</p>'
            "<ul><li>Mục một</li><li>Mục hai</li></ul><table><tr><td>ô</td></tr></table>"
            "<p>Dòng<br/>mới</p>")
    assert html_to_sentences(html) == [
        "Tiêu đề", "Đoạn một & liên kết.", "Mục một", "Mục hai", "Dòng", "mới",
    ]
    assert html_to_sentences("") == []


def test_article_script_reads_title_lead_and_body(make_article):
    body = json.dumps([
        {"type": "paragraph", "value": "<h2>Kế hoạch</h2><p>Ngày 15/6, UBND xã họp.</p>"
                                       "<ul><li>Dọn vệ sinh</li><li>Trồng cây!</li></ul>"},
        {"type": "table", "value": {"data": [["Ô một", "Ô hai"]],
                                    "first_row_is_table_header": False,
                                    "first_col_is_header": False}},
        {"type": "quote", "value": {"text": "Không có gì quý hơn độc lập, tự do",
                                    "attribution": "Chủ tịch Hồ Chí Minh"}},
    ])
    article = make_article(title="Ra quân tổng vệ sinh", lead="Sáng nay, xã ra quân", body=body)
    script = article_script(article)
    assert script == "\n".join([
        "Ra quân tổng vệ sinh.", "Sáng nay, xã ra quân.", "Kế hoạch.",
        "Ngày 15/6, UBND xã họp.", "Dọn vệ sinh.", "Trồng cây!",
        "Không có gì quý hơn độc lập, tự do.", "Chủ tịch Hồ Chí Minh.",
    ])
    assert "Ô một" not in script


def test_synthesise_article(fake_engine, make_article):
    article = make_article(title="Tin sáng", lead="Thông báo lịch họp")
    stored = synthesise_article.call(article.pk)
    assert stored["name"] == f"speech/article-{article.pk}.wav"
    # Lines of the script are sentences: the voice reads them as one chunk.
    assert fake_engine.calls()[-1]["text"] == "Tin sáng. Thông báo lịch họp."
    missing = synthesise_article.enqueue(987654)
    assert missing.status == TaskResultStatus.FAILED
    assert "987654" in missing.errors[0].traceback


def test_speak_rejects_a_bad_format(fake_engine):
    with pytest.raises(SpeechError, match="ogg"):
        speak("Xin chào", audio_format="ogg")


# --- the speak command ------------------------------------------------------------------------

def test_speak_command_writes_a_wav(fake_engine, tmp_path, capsys):
    out = tmp_path / "out.wav"
    call_command("speak", "HĐND huyện họp 2 ngày.", "-o", str(out), "--show-text")
    printed = capsys.readouterr().out
    assert "Hội đồng nhân dân huyện họp hai ngày." in printed
    assert "Đã ghi" in printed and "giây" in printed
    assert wav_duration(out.read_bytes()) == pytest.approx(0.37)


def test_speak_command_reads_stdin(fake_engine, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Xin chào bà con"))
    out = tmp_path / "stdin.wav"
    call_command("speak", "-", "-o", str(out))
    assert fake_engine.calls()[-1]["text"] == "Xin chào bà con"
    assert out.stat().st_size > 44


@pytest.mark.parametrize("text", ["", "   \n"])
def test_speak_command_refuses_empty_text(fake_engine, tmp_path, text):
    with pytest.raises(CommandError, match="Văn bản trống"):
        call_command("speak", text, "-o", str(tmp_path / "x.wav"))
    assert not (tmp_path / "x.wav").exists()


def test_speak_command_refuses_paths_it_cannot_write(fake_engine, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="không tồn tại"):
        call_command("speak", "Xin chào", "-o", str(tmp_path / "khong-co" / "x.wav"))
    with pytest.raises(CommandError, match="thư mục"):
        call_command("speak", "Xin chào", "-o", str(tmp_path))
    # A write that fails midway leaves the earlier file as it was.
    out = tmp_path / "old.wav"
    out.write_bytes(b"old audio")

    def refuse(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("bantin.speech.management.commands.speak.write_atomically", refuse)
    with pytest.raises(CommandError, match="Không ghi được"):
        call_command("speak", "Xin chào", "-o", str(out))
    assert out.read_bytes() == b"old audio"


def test_speak_command_reports_engine_errors(fake_engine, tmp_path):
    with pytest.raises(CommandError, match="giọng đọc hỏng"):
        call_command("speak", "HỎNG", "-o", str(tmp_path / "x.wav"))
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("speak", "Xin chào", "-o", str(tmp_path / "x.wav"), "--voice=-x")
