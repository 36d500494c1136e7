"""`python -m bantin speak "văn bản" -o out.wav`: try the voice on a text."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bantin.speech.engines import SpeechError, write_atomically
from bantin.speech.normalise import normalise
from bantin.speech.tasks import speak


class Command(BaseCommand):
    help = (
        "Đọc một đoạn văn bản tiếng Việt thành tệp âm thanh (WAV) bằng bộ đọc đã cấu hình, "
        "sau khi chuẩn hóa chữ viết tắt, ngày giờ, con số và số văn bản."
    )

    def add_arguments(self, parser):
        parser.add_argument("text", help='Văn bản cần đọc; "-" để đọc từ đầu vào chuẩn.')
        parser.add_argument("-o", "--output", required=True,
                            help="Tệp âm thanh ghi ra, ví dụ out.wav.")
        parser.add_argument("--voice", default=None,
                            help="Giọng đọc (espeak-ng: vi, vi-vn-x-central, vi-vn-x-south).")
        parser.add_argument("--format", dest="audio_format", choices=["wav", "mp3"],
                            default=None, help="Định dạng tệp (mặc định theo BANTIN_TTS_FORMAT).")
        parser.add_argument("--show-text", action="store_true",
                            help="In văn bản sau khi chuẩn hóa (điều bộ đọc sẽ đọc).")

    def handle(self, *args, text, output, voice, audio_format, show_text, **options):
        if text == "-":
            text = sys.stdin.read()
        if not text.strip():
            raise CommandError("Văn bản trống: hãy nhập nội dung cần đọc.")
        path = Path(output)
        if path.is_dir():
            raise CommandError(f"{output} là một thư mục; hãy cho tên tệp, ví dụ out.wav.")
        directory = path.parent
        if not directory.is_dir():
            raise CommandError(f"Thư mục {directory} không tồn tại.")
        if not os.access(directory, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise CommandError(f"Không ghi được vào {output}: không có quyền ghi.")
        if show_text:
            self.stdout.write(normalise(text))
        try:
            result = speak(text, voice, audio_format)
        except SpeechError as exc:
            raise CommandError(str(exc)) from exc
        try:
            write_atomically(path, result.audio)
        except OSError as exc:
            raise CommandError(f"Không ghi được vào {output}: {exc.strerror or exc}") from exc
        self.stdout.write(
            f"Đã ghi {output}: {result.format.upper()}, {result.duration:.1f} giây, "
            f"{len(result.audio):,} byte."
        )
        if audio_format == "mp3" and result.format != "mp3":
            self.stderr.write("Không có lame hoặc ffmpeg: giữ định dạng WAV.")
