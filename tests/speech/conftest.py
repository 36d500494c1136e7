import os
import shutil
import sys
import textwrap

import pytest


@pytest.fixture
def espeak():
    """espeak-ng must be there on CI (`scripts/services install espeak`); locally its tests
    are skipped when it is missing."""
    if not shutil.which("espeak-ng"):
        message = "espeak-ng is not installed (scripts/services install espeak)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return "espeak-ng"


@pytest.fixture
def fake_voice(tmp_path):
    """A program that speaks like an engine: text on stdin, a WAV on stdout with 10 ms of
    audio per character (8 kHz, mono, 16 bit); it logs each call's arguments and text."""
    log = tmp_path / "calls.log"
    program = tmp_path / "fake-voice"
    program.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import io, json, sys, wave
        text = sys.stdin.buffer.read().decode("utf-8")
        with open({str(log)!r}, "a", encoding="utf-8") as f:
            f.write(json.dumps({{"args": sys.argv[1:], "text": text}}) + "\\n")
        if "HỎNG" in text:
            sys.stderr.write("giọng đọc hỏng")
            sys.exit(3)
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
            w.writeframes(b"\\0\\0" * 80 * len(text))
        sys.stdout.buffer.write(out.getvalue())
    """))
    program.chmod(0o755)

    class Fake:
        path = str(program)

        @staticmethod
        def calls():
            import json

            if not log.exists():
                return []
            return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    return Fake
