"""Background synthesis: normalise, synthesise and store the audio in media storage."""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import task

from .engines import SpeechError, encode, get_engine
from .normalise import normalise
from .scripts import article_script

logger = logging.getLogger(__name__)

STORAGE_DIRECTORY = "speech"
READABLE = re.compile(r"\w")


def speak(text: str, voice: str | None = None, audio_format: str | None = None):
    """Normalised and synthesised, in the configured format (``BANTIN_TTS_FORMAT``, default
    WAV): a `SpeechResult`. Raises `SpeechError` with a message for the person who asked."""
    if not isinstance(text, str):
        raise SpeechError("Văn bản phải là chuỗi ký tự.")
    spoken = normalise(text)
    if not READABLE.search(spoken):
        raise SpeechError("Văn bản trống hoặc chỉ có dấu câu, không có gì để đọc.")
    result = get_engine().synthesise(spoken, voice)
    return encode(result, audio_format or getattr(settings, "BANTIN_TTS_FORMAT", "wav"))


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:80]
    if not stem:
        raise SpeechError(f"Tên tệp không hợp lệ: {name!r}.")
    return stem


@task()
def synthesise_to_file(text: str, voice: str | None = None, name: str | None = None,
                       audio_format: str | None = None) -> dict:
    """Store the spoken ``text`` under ``speech/`` in media storage.

    Returns ``{"name": stored name, "duration": seconds, "format": "wav" or "mp3",
    "size": bytes}``. The name defaults to a digest of text and voice; storage never
    overwrites, so a clash gets a suffix. Failures raise `SpeechError`, recorded with the
    task's result.
    """
    try:
        result = speak(text, voice, audio_format)
    except SpeechError as exc:
        logger.warning("speech synthesis failed: %s", exc)
        raise
    stem = _safe_name(name) if name else hashlib.sha256(
        f"{voice or ''}\n{text}".encode()
    ).hexdigest()[:24]
    stored = default_storage.save(
        f"{STORAGE_DIRECTORY}/{stem}.{result.format}", ContentFile(result.audio)
    )
    return {"name": stored, "duration": round(result.duration, 3), "format": result.format,
            "size": len(result.audio)}


@task()
def synthesise_article(page_id: int, voice: str | None = None) -> dict:
    """`synthesise_to_file` for the live version of a news article."""
    from bantin.news.models import ArticlePage

    article = ArticlePage.objects.filter(pk=page_id).first()
    if article is None:
        raise SpeechError(f"Không tìm thấy bài viết có mã {page_id}.")
    return synthesise_to_file.call(article_script(article), voice=voice,
                                   name=f"article-{page_id}")
