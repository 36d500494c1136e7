"""Tracking codes (entropy, format, normalisation), public identifiers, and the purge of
a question's personal data after its retention period."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from bantin.interaction import personal_data
from bantin.questions import codes
from bantin.questions.models import Question
from tests.questions.conftest import make_question


def test_codes_have_at_least_60_bits_in_an_unambiguous_alphabet():
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 32
    assert not set("ILOU") & set(codes.ALPHABET)
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 60
    drawn = {codes.new_code() for _ in range(2000)}
    assert len(drawn) == 2000  # no repeats, no sequence
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{12}", c) for c in drawn)
    # Every character is used at every position (drawn uniformly, not from a counter).
    for position in range(codes.LENGTH):
        assert len({c[position] for c in drawn}) == 32


def test_codes_are_shown_grouped_and_read_back_however_typed():
    code = "7K3MQ9XP2TWR"
    assert codes.display(code) == "HD-7K3M-Q9XP-2TWR"
    for typed in ("HD-7K3M-Q9XP-2TWR", "hd-7k3m-q9xp-2twr", "7k3m q9xp 2twr",
                  " HD 7K3MQ9XP2TWR ", "7K3M–Q9XP–2TWR", "HD7K3MQ9XP2TWR"):
        assert codes.normalise(typed) == code, typed
    # Letters mistaken for digits are read as the digits.
    assert codes.normalise("HD-0000-1111-2222") == codes.normalise("HD-OOOO-IlIL-2222")
    for bad in ("", "HD", "7K3MQ9XP2TW", "7K3MQ9XP2TWRX", "7K3M-Q9XP-2TW#", "<script>"):
        assert codes.normalise(bad) == "", bad


def test_public_ids_are_random_and_not_the_code():
    ids = {codes.new_public_id() for _ in range(500)}
    assert len(ids) == 500 and all(re.fullmatch(r"[0-9a-z]{10}", i) for i in ids)


@pytest.mark.django_db
def test_the_purge_blanks_contact_and_hashes_and_deletes_the_attachment(
        world, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    old = make_question(world["a"].site, email="cu@example.vn", phone="0912345678",
                        ip_hash="a" * 64, visitor_hash="b" * 64, answer="Đã trả lời.",
                        status=Question.PUBLISHED, name="Người hỏi cũ")
    old.attachment.save("cu.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    old.save_revision(clean=False)
    stored = old.attachment.name
    assert old.attachment.storage.exists(stored)
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=731))
    recent = make_question(world["a"].site, email="moi@example.vn", ip_hash="c" * 64)
    assert personal_data.retention_days("questions") == 730
    with django_capture_on_commit_callbacks(execute=True):  # the files go after commit
        call_command("purge_personal_data", verbosity=0)
    old.refresh_from_db()
    assert (old.email, old.phone, old.ip_hash, old.visitor_hash, old.attachment.name) == (
        "", "", "", "", "")
    assert not old.attachment.storage.exists(stored)
    # What is published stays.
    assert (old.name, old.answer, old.status) == ("Người hỏi cũ", "Đã trả lời.",
                                                  Question.PUBLISHED)
    for revision in old.revisions.all():
        assert revision.content["email"] == "" and revision.content["phone"] == ""
    recent.refresh_from_db()
    assert recent.email == "moi@example.vn"
