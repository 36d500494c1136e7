"""Audio for programmes read by the speech engine: a text (`Programme.SPEECH`) or a news
article's title, lead and body (`Programme.ARTICLE`).

The audio is made in a background task whenever what is read changes: the stored file's
name carries a digest of the text read, so a programme whose text (or article) changed is
voiced again, and one whose audio is current is left alone. New audio changes the
programme's approval signature, so an approved programme whose text changed goes back to
its moderators with the new audio before devices receive it.
"""

from __future__ import annotations

import hashlib
import logging
import math

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from bantin.speech.engines import SpeechError
from bantin.speech.scripts import article_script
from bantin.speech.tasks import speak

from .models import Programme

logger = logging.getLogger(__name__)

VOICED = (Programme.SPEECH, Programme.ARTICLE)


def script_of(programme: Programme) -> str:
    """The text the engine reads for `programme` (its article's live version)."""
    if programme.kind == Programme.SPEECH:
        return programme.text
    if programme.kind == Programme.ARTICLE and programme.article_id:
        article = programme.article
        if article is None or not article.live:
            raise SpeechError("Bài viết chưa xuất bản hoặc đã bị xóa, không đọc được.")
        return article_script(article)
    raise SpeechError("Chương trình này không đọc bằng giọng nói.")


def script_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def needs_voice(programme: Programme) -> bool:
    """Whether the programme's audio is missing or was made from another text."""
    if programme.kind not in VOICED:
        return False
    try:
        digest = script_digest(script_of(programme))
    except SpeechError:
        return False
    return not _voiced_from(programme, digest)


def _voiced_from(programme: Programme, digest: str) -> bool:
    # Storage may add a suffix to a name already taken ("x-<digest>_AbC12.wav").
    return bool(programme.audio) and f"-{digest}" in programme.audio.name.rsplit("/", 1)[-1]


def queue_voice(programme: Programme) -> bool:
    """Enqueue `voice_programme` after the current transaction when the audio is stale."""
    if not needs_voice(programme):
        return False
    pk = programme.pk
    transaction.on_commit(lambda: voice_programme.enqueue(pk))
    return True


@task()
def voice_programme(programme_id: int) -> dict:
    """Speak the programme's text or article and store the audio on the programme."""
    programme = Programme.objects.select_related("article").filter(pk=programme_id).first()
    if programme is None:
        raise SpeechError(f"Không tìm thấy chương trình có mã {programme_id}.")
    text = script_of(programme)
    digest = script_digest(text)
    if _voiced_from(programme, digest):
        return {"name": programme.audio.name, "unchanged": True}
    result = speak(text)
    programme.audio.save(f"{programme.kind}-{programme.pk}-{digest}.{result.format}",
                         ContentFile(result.audio), save=False)
    programme.duration_seconds = max(1, math.ceil(result.duration))
    programme.save()
    logger.info("voiced programme %s (%.1f s)", programme.pk, result.duration)
    return {"name": programme.audio.name, "duration": programme.duration_seconds}
