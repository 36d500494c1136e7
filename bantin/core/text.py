"""Vietnamese text rules: the single place where the project decides how text is written.

Everything that compares, stores, searches, slugs or displays Vietnamese text goes through
these functions, so that the whole platform agrees on one answer to questions that Unicode
leaves open:

* the same word can arrive as NFC or NFD (copy-paste from Word, macOS file names, old
  NukeViet exports), and as "new style" (``hoà``, ``thuỷ``) or traditional (``hòa``,
  ``thủy``) tone placement -- all four are different strings;
* ``đ``/``Đ`` has no Unicode decomposition, so "strip the accents" alone leaves it in place
  and ``duong`` never matches ``Đường``;
* dates, weekdays and numbers are written the Vietnamese way (``Thứ bảy - 15/07/2023 05:55``,
  ``2.800``, ``89,8``), always in Asia/Ho_Chi_Minh whatever the server's clock says.

Pure Python, standard library only, so it can be used from models, templates, importers,
management commands and tests alike without setting Django up.
"""

from __future__ import annotations

import hashlib
import numbers
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

__all__ = [
    "TIME_ZONE",
    "WEEKDAYS",
    "clean",
    "date_line",
    "date_short",
    "fold",
    "fold_with_offsets",
    "format_decimal",
    "format_number",
    "nfc",
    "normalize_tones",
    "slugify_vi",
]

# --------------------------------------------------------------------------------------------
# Unicode normalisation and tone placement
# --------------------------------------------------------------------------------------------

# The five Vietnamese tone marks as combining characters (the sixth tone, "ngang", has none).
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_TONE_MARKS = frozenset((_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT))


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC.

    NFC is the form the project stores and compares: it is what Vietnamese keyboards produce,
    what browsers send, and the form in which one Vietnamese letter is one code point. NFD text
    (typically pasted from macOS or some PDF exporters) looks identical but compares unequal,
    breaks ``LIKE`` queries and doubles ``len()``.
    """
    return unicodedata.normalize("NFC", s)


def _with_tone(letter: str, tone: str) -> str:
    return unicodedata.normalize("NFC", letter + tone)


# Precomposed a/e/y carrying a tone mark (any case), i.e. the second vowel of a "new style"
# oa/oe/uy ending. Built from the combining marks so the list cannot miss a letter.
_TONED_SECOND = "".join(
    _with_tone(base, tone) for base in "aeyAEY" for tone in (_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)
)
# Letters that may form a Vietnamese onset (plus f, j, w, z for loan words). Vowels are left out
# on purpose: a vowel before o/u means we are not looking at a plain oa/oe/uy nucleus.
_ONSET = "bcdđghklmnpqrstvxfjwzBCDĐGHKLMNPQRSTVXFJWZ"

# One syllable that *ends* in o+a, o+e or u+y with the tone on the second vowel. The
# look-behind/look-ahead make sure we see a whole syllable: nothing letter-like before the
# onset, and nothing letter-like (nor a stray combining mark) after the toned vowel, so
# "hoàn", "huyền", "ngoài", "khuỷu" are never touched.
_NEW_STYLE_RE = re.compile(
    rf"(?<![^\W\d_])(?P<onset>[{_ONSET}]*)(?P<first>[oOuU])(?P<second>[{_TONED_SECOND}])"
    r"(?![^\W\d_]|[\u0300-\u036f])"
)


def _to_traditional(m: re.Match[str]) -> str:
    onset, first, second = m.group("onset", "first", "second")
    pair = (first + unicodedata.normalize("NFD", second)[0]).lower()
    if pair not in ("oa", "oe", "uy"):  # e.g. "uà", "oỳ": not a pair whose placement varies
        return m.group(0)
    if pair == "uy" and onset[-1:] in ("q", "Q"):  # "qu" is a consonant: quý, quỳ, quỷ stay
        return m.group(0)
    decomposed = unicodedata.normalize("NFD", second)
    tone = next(c for c in decomposed if c in _TONE_MARKS)
    bare = unicodedata.normalize("NFC", decomposed.replace(tone, "", 1))
    return onset + _with_tone(first, tone) + bare


def normalize_tones(s: str) -> str:
    """Return ``s`` in NFC with tone marks in the traditional position used by the project.

    Vietnamese has two accepted spellings for syllables ending in *oa*, *oe* or *uy*: the
    traditional one puts the mark on the first vowel (``hòa``, ``khỏe``, ``thủy``, ``Ủy``), the
    "new style" on the second (``hoà``, ``khoẻ``, ``thuỷ``, ``Uỷ``). Both occur in the same
    documents, and they are different strings, so "Ủy ban" and "Uỷ ban" would be two different
    titles, tags or search terms. We settle on the traditional placement, which is what
    government documents and most portals use.

    Only a syllable that *ends* in the pair is affected; when a consonant or another vowel
    follows, both styles agree (``hoàn``, ``huyền``, ``thuyền``, ``ngoài``), and in *quy* the
    *u* belongs to the consonant *qu* (``quý``). Letter case is preserved (``HOÀ`` → ``HÒA``).
    """
    return _NEW_STYLE_RE.sub(_to_traditional, nfc(s))


# --------------------------------------------------------------------------------------------
# Cleaning user input
# --------------------------------------------------------------------------------------------

# Invisible characters that sneak in from Word, web pages and PDF exports. They make two
# visually identical titles differ and split words for search, and never carry meaning here.
_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u180e"  # Mongolian vowel separator (formerly a space)
    "\u200b"  # zero width space
    "\u200c"  # zero width non-joiner
    "\u200d"  # zero width joiner
    "\u2060"  # word joiner
    "\ufeff"  # byte order mark / zero width no-break space
)
_DELETE_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))
_WHITESPACE_RE = re.compile(r"\s+")


def clean(s: str) -> str:
    """Return ``s`` ready to be stored as a title, name or other single-line text.

    Removes invisible characters (zero-width spaces and joiners, soft hyphens, BOM), applies
    :func:`normalize_tones` (so NFC, traditional tone placement), collapses every run of
    whitespace -- including newlines, tabs and no-break spaces -- to one space, and strips the
    ends. Two titles that look the same after this are the same string.
    """
    s = s.translate(_DELETE_INVISIBLE)
    s = normalize_tones(s)
    return _WHITESPACE_RE.sub(" ", s).strip()


# --------------------------------------------------------------------------------------------
# Folding for search and slugs
# --------------------------------------------------------------------------------------------


def _build_fold_table() -> dict[int, str | None]:
    """Map every precomposed Vietnamese letter (both cases) straight to its ASCII base.

    One ``str.translate`` pass over this table folds Vietnamese text without touching
    ``unicodedata`` per character, which keeps indexing large documents cheap. The table also
    deletes the combining marks, so NFD input folds the same as NFC input without being
    recomposed first, and the invisible characters that would split a word.
    """
    table: dict[int, str | None] = {}
    tones = ("", _GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)
    for base in "aăâeêioôơuưy":
        ascii_base = unicodedata.normalize("NFD", base)[0]
        for tone in tones:
            for letter in (base, base.upper()):
                composed = unicodedata.normalize("NFC", letter + tone)
                if len(composed) == 1 and not composed.isascii():
                    table[ord(composed)] = ascii_base
    table[ord("đ")] = "d"
    table[ord("Đ")] = "d"
    for cp in range(0x0300, 0x0370):  # combining diacritical marks
        table[cp] = None
    table.update(_DELETE_INVISIBLE)
    return table


_FOLD_TABLE = _build_fold_table()


def fold(s: str) -> str:
    """Return the search key of ``s``: lower case, no diacritics, ``đ`` → ``d``.

    Neither SQLite FTS5 nor PostgreSQL's default configurations fold Vietnamese correctly (FTS5
    keeps letters with two marks such as ``ợ`` and never folds ``đ``), so the project indexes
    and queries a folded copy of the text instead. Folding is insensitive to NFC/NFD and to
    tone placement (``Hoà Bình`` and ``Hòa Bình`` both give ``hoa binh``).

    Vietnamese letters go through a precomputed ``str.translate`` table; anything left that
    is not ASCII (other Latin accents, ligatures, full-width forms) falls back to NFKD with
    combining marks dropped.
    """
    return _folded_rest(s.translate(_FOLD_TABLE))


def _folded_rest(translated: str) -> str:
    """`fold` of a text already through `_FOLD_TABLE`."""
    s = translated.lower()
    if s.isascii():
        return s
    # Only the runs of characters still not ASCII need the slow path.
    return _NON_ASCII_RE.sub(_fold_rest, s)


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


def _fold_rest(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_FOLD_TABLE).lower()


_FOLDED_CHARS: dict[str, str] = {}


def _fold_char(c: str) -> str:
    folded = _FOLDED_CHARS.get(c)
    if folded is None:
        folded = _FOLDED_CHARS[c] = fold(c)
    return folded


def fold_with_offsets(s: str) -> tuple[str, list[int]]:
    """Return ``fold(s)`` and, for each of its characters, the index in ``s`` it came from.

    Search matches folded text but shows the original: with the offsets, a match found at
    ``folded[i:j]`` is the original ``s[offsets[i]:offsets[j - 1] + 1]`` (widen the end over
    any combining marks that follow, which fold to nothing). Folding one character at a
    time gives the same text as :func:`fold` for Vietnamese, NFC or NFD.
    """
    if s.isascii():
        return s.lower(), list(range(len(s)))
    # Fast path (C speed): when no character is dropped (no combining mark, no invisible
    # character) and none expands, folding maps each character to one, in place, and the
    # offsets are the identity. NFC Vietnamese text always takes it.
    translated = s.translate(_FOLD_TABLE)  # the costly step, made once
    if len(translated) == len(s):
        folded = _folded_rest(translated)
        if len(folded) == len(s):
            return folded, list(range(len(s)))
    parts: list[str] = []
    offsets: list[int] = []
    for index, c in enumerate(s):
        folded = _fold_char(c)
        if folded:
            parts.append(folded)
            offsets.extend([index] * len(folded))
    return "".join(parts), offsets


_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify_vi(s: str, max_length: int = 80) -> str:
    """Return an ASCII URL slug for ``s``: ``"Xã Phúc Khoa"`` → ``"xa-phuc-khoa"``.

    Django's ``slugify`` drops ``đ`` (``"Đảng"`` → ``"ang"``); this one folds first, so every
    Vietnamese letter keeps its base letter. Runs of anything other than ``a-z0-9`` become one
    hyphen. A slug longer than ``max_length`` is cut at the last hyphen that fits, so words are
    not chopped; a single word longer than the limit is cut hard.

    Text with letters or digits but nothing foldable to ASCII (e.g. only Chinese characters)
    gets a short deterministic hash rather than an empty slug, which would collide and be
    rejected by Wagtail. Input with no letters or digits at all returns ``""``.
    """
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, got {max_length}")
    slug = _NON_SLUG_RE.sub("-", fold(s)).strip("-")
    if not slug:
        if not any(c.isalnum() for c in s):
            return ""
        digest = hashlib.blake2s(nfc(s).encode("utf-8"), digest_size=8).hexdigest()
        slug = f"u-{digest}"
    if len(slug) <= max_length:
        return slug
    if slug[max_length] == "-":  # the cut falls exactly between two words
        return slug[:max_length]
    cut = slug[:max_length]
    boundary = cut.rfind("-")
    if boundary > 0:
        cut = cut[:boundary]
    return cut.strip("-")


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

#: Weekday names indexed by ``datetime.weekday()`` (Monday is 0). Written here rather than
#: taken from the locale so output does not depend on which locales the server has installed.
WEEKDAYS: tuple[str, ...] = (
    "Thứ hai",
    "Thứ ba",
    "Thứ tư",
    "Thứ năm",
    "Thứ sáu",
    "Thứ bảy",
    "Chủ nhật",
)

#: Every date shown to readers is Vietnamese local time (UTC+7, no daylight saving).
TIME_ZONE = "Asia/Ho_Chi_Minh"
_ZONE = ZoneInfo(TIME_ZONE)


def _to_local(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        raise ValueError(
            f"naive datetime {dt.isoformat()!r}: pass a timezone-aware datetime "
            f"(e.g. django.utils.timezone.now()) so it can be shown in {TIME_ZONE}"
        )
    return dt.astimezone(_ZONE)


def date_line(dt: datetime) -> str:
    """Return the article date line, e.g. ``"Thứ bảy - 15/07/2023 05:55"``.

    The instant is converted to Asia/Ho_Chi_Minh first, so a publication time stored in UTC
    (22:55 on the 14th) shows the local day and weekday readers expect (Saturday the 15th).
    Naive datetimes are refused with ``ValueError``: guessing their zone is how a portal ends
    up seven hours off.
    """
    local = _to_local(dt)
    return f"{WEEKDAYS[local.weekday()]} - {local:%d/%m/%Y %H:%M}"


def date_short(d: date | datetime) -> str:
    """Return ``dd/mm/yyyy`` for a date, or for a datetime after converting it to local time.

    Naive datetimes raise ``ValueError`` as in :func:`date_line`; plain dates are calendar
    dates and are shown as they are.
    """
    if isinstance(d, datetime):
        d = _to_local(d)
    return f"{d:%d/%m/%Y}"


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def format_number(n: int) -> str:
    """Return an integer with Vietnamese thousands grouping: ``28473916`` → ``"28.473.916"``.

    Vietnamese groups thousands with dots and uses a comma as the decimal separator (the
    NukeViet seed's "28,473,916" is the English convention). Only integers are accepted:
    a float here would be ambiguous -- use :func:`format_decimal`.
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"format_number() expects an int, got {type(n).__name__}")
    return f"{int(n):,}".replace(",", ".")


_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def format_decimal(x: float | Decimal, places: int = 1) -> str:
    """Return ``x`` with a decimal comma and dot grouping: ``1234.5`` → ``"1.234,5"``.

    Rounded to ``places`` decimals (``89.8`` → ``"89,8"``). A value that rounds to zero is
    shown without a minus sign (``-0.04`` → ``"0,0"``, not ``"-0,0"``).
    """
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    text = f"{x:,.{places}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    return text.translate(_SWAP_SEPARATORS)
