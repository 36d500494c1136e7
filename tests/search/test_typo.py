"""The edit-distance-1 candidates behind "did you mean"."""

from __future__ import annotations

from bantin.search.typo import edits


def test_edits_cover_every_kind_of_one_letter_mistake():
    found = edits("mong")
    assert {"mog", "mongg", "mnog", "monh", "among"} <= found
    assert "mong" not in found and "mgon" not in found


def test_edits_stay_within_the_index_alphabet():
    assert all(w.isascii() and w.isalnum() for w in edits("thon"))
