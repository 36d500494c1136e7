"""Vietnamese text normalisation for speech: what a news reader would say aloud.

``normalise(text)`` takes any text (NFC or NFD) and returns NFC text in which abbreviations,
legal document numbers, addresses, phone numbers, dates, times, Roman numerals, numbers,
percentages, currencies and units are written out in Vietnamese words, so that a speech
engine with no knowledge of Vietnamese conventions (espeak-ng reads "UBND" as English
letters and "7h30" as "bảy hát ba mươi") says them right.

The rules run in a fixed order, the more specific first: addresses, document numbers,
dates, times, phone numbers, Roman numerals, ordinals, ranges, numbers with their units,
then abbreviations. Numbers follow the Vietnamese convention: dots group thousands
("2.800") and a comma is the decimal mark ("89,8"); a number grouped with commas in
threes more than once ("28,473,916") is read as grouped too.
"""

from __future__ import annotations

import re
import unicodedata

from .abbreviations import ABBREVIATIONS, DOCUMENT_TYPES, ISSUERS, LETTER_NAMES

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
# Numbers longer than this are read digit by digit (a billion billion and more).
MAX_DIGITS = 18


# --- numbers ---------------------------------------------------------------------------------

def _triple(n: int, full: bool) -> list[str]:
    """Words for 0-999; ``full`` reads the hundreds even when zero ("không trăm linh năm")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    words: list[str] = []
    groups = [(n // 1_000_000, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")]
    for value, name in groups:
        if not value:
            continue
        words += _triple(value, full or bool(words))
        if name:
            words.append(name)
    return words


def number_words(n: int) -> str:
    """An integer in Vietnamese words: 21 "hai mươi mốt", 105 "một trăm linh năm",
    2800 "hai nghìn tám trăm", 10**12 "một nghìn tỷ"."""
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return "không"
    words: list[str] = []
    billions, rest = divmod(n, 1_000_000_000)
    if billions:
        words += [number_words(billions), "tỷ"]
    if rest:
        words += _below_billion(rest, full=bool(billions))
    return " ".join(words)


def digit_words(digits: str) -> str:
    """Digits read one by one: "0912" → "không chín một hai"."""
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def _integer_words(digits: str) -> str:
    """A written integer: leading zeros and very long numbers are read digit by digit."""
    if len(digits) > MAX_DIGITS or (len(digits) > 2 and digits.startswith("0")):
        return digit_words(digits)
    return number_words(int(digits))


def _fraction_words(digits: str) -> str:
    """The part after a decimal comma: "8" "tám", "14" "mười bốn", "05" "không năm"."""
    if digits.startswith("0") or len(digits) > 3:
        return digit_words(digits)
    return number_words(int(digits))


def read_number(written: str) -> str:
    """A number as written in Vietnamese text: "2.800", "89,8", "28,473,916", "5.2"."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", written):
        return _integer_words(written.replace(",", ""))
    integer, _, fraction = written.partition(",")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", integer):
        words = _integer_words(integer.replace(".", ""))
    elif "." in integer:
        # Not a thousands grouping: a section number such as "5.2".
        words = " chấm ".join(_integer_words(part) for part in integer.split("."))
    else:
        words = _integer_words(integer)
    if fraction:
        words += " phẩy " + _fraction_words(fraction)
    return words


def ordinal_words(n: int) -> str:
    """After "thứ": 1 "nhất", 4 "tư", otherwise the number."""
    return {1: "nhất", 4: "tư"}.get(n, number_words(n))


def month_words(n: int) -> str:
    """After "tháng": April is "tháng tư"."""
    return "tư" if n == 4 else number_words(n)


def roman_value(numeral: str) -> int | None:
    if not numeral or not ROMAN.fullmatch(numeral):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(numeral):
        value = values[ch]
        if i + 1 < len(numeral) and values[numeral[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


# --- patterns ---------------------------------------------------------------------------------

ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
# A written number: grouped by commas (twice or more), grouped by dots, dotted, plain; each
# with an optional decimal comma.
NUMBER = r"(?:\d{1,3}(?:,\d{3}){2,}(?![\d,])|\d+(?:\.\d+)*(?:,\d+)?)"
# Not inside a word, a number or a code.
START = r"(?<![\w.,/:\-])"

UNITS: dict[str, str] = {
    "km/h": "ki lô mét trên giờ",
    "km²": "ki lô mét vuông", "km2": "ki lô mét vuông",
    "m²": "mét vuông", "m2": "mét vuông",
    "m³": "mét khối", "m3": "mét khối",
    "km": "ki lô mét", "cm": "xen ti mét", "mm": "mi li mét", "m": "mét",
    "ha": "héc ta", "kg": "ki lô gam", "g": "gam", "tấn": "tấn",
    "°C": "độ xê", "℃": "độ xê", "°": "độ",
    "kWh": "ki lô oát giờ", "kW": "ki lô oát", "MW": "mê ga oát",
    "ml": "mi li lít", "lít": "lít",
    "%": "phần trăm",
    "đ": "đồng", "đồng": "đồng", "VNĐ": "đồng", "VND": "đồng", "USD": "đô la Mỹ",
}
_unit_alternatives = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
NUMBER_WITH_UNIT = re.compile(
    rf"(?P<sign>(?<![\w.,])[-−](?=\d))?(?<![\w.,:])(?P<number>{NUMBER})"
    rf"(?:\s?(?P<unit>{_unit_alternatives})(?![\w²³]))?"
)

URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"']+"
    r"|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:vn|com|net|org|gov|edu|info)(?:/[^\s<>\"']*)?"
    r"(?![\w]|\.\w)",
    re.IGNORECASE,
)
EMAIL = re.compile(r"(?<![\w.])[\w.+-]+@(?:[\w-]+\.)+[a-z]{2,}(?![\w])", re.IGNORECASE)

_code = r"[A-ZĐ][A-Za-zĐđ]*(?:&[A-ZĐ]+)?"
DOCUMENT_NUMBER = re.compile(
    rf"(?P<so>(?<!\w)[Ss]ố\s*:?\s*)?(?<![\w/.,])(?P<number>\d+)(?:/(?P<year>\d{{4}}))?"
    rf"/(?P<codes>{_code}(?:-{_code})*)(?![\w/])"
)

FULL_DATE = re.compile(
    r"(?P<ngay>(?<!\w)[Nn]gày\s+)?(?<![\w/.,:\-])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})"
    r"(?P=sep)(?P<y>\d{4})(?![\w/]|[.,\-]\d)"
)
MONTH_YEAR = re.compile(
    r"(?P<thang>(?<!\w)[Tt]háng\s+)?(?<![\w/.,:\-])(?P<m>\d{1,2})/(?P<y>\d{4})(?![\w/]|[.,]\d)"
)
DAY_MONTH = re.compile(
    r"(?P<ngay>(?<!\w)[Nn]gày\s+)?(?<![\w/.,:\-])(?P<d>\d{1,2})/(?P<m>\d{1,2})"
    r"(?![\w/]|[.,]\d)"
)
MONTH = re.compile(r"(?<!\w)(?P<word>[Tt]háng)\s+(?P<m>\d{1,2})(?![\w/]|[.,]\d)")
CLOCK = re.compile(
    r"(?<![\w:.,])(?P<h>\d{1,2}):(?P<min>\d{2})(?::(?P<s>\d{2}))?(?![\w:]|[.,]\d)"
)
# "7h", "7h30", "7g30" ("5g" alone is five grams).
HOUR = re.compile(
    r"(?<![\w:.,])(?P<h>\d{1,2})(?:h(?P<min>\d{2})?|g(?P<gmin>\d{2}))"
    r"(?:'|ph|p)?(?!\w)"
)
PHONE = re.compile(
    r"(?<![\w.,/:\-])(?:\(0\d{1,3}\)|0\d{1,4})(?:[ .\-]?\d{2,4}){1,4}(?![\w]|[.,]\d)"
    r"|(?<![\w.,/:\-])1[89]00[ .]?\d{3,4}(?:[ .]?\d{2,3})?(?![\w]|[.,]\d)"
)
ROMAN_AFTER = re.compile(
    r"(?<!\w)(?P<word>[Kk]hóa|[Kk]hoá|[Qq]uý|[Cc]hương|[Pp]hần|[Mm]ục|[Đđ]ại hội|[Tt]hế k[ỷỉ]"
    r"|[Pp]hụ lục|[Tt]ập|[Kk]ỳ họp|[Ll]ần thứ|[Cc]ấp độ|[Cc]ấp|[Hh]ạng|[Bb]ậc|[Ll]oại|[Vv]ùng)"
    r"\s+(?P<numeral>[IVX]+)(?![\w])"
)
QUARTER = re.compile(
    r"(?<!\w)(?P<word>[Qq]uý)\s+(?P<n>[1-4]|IV|I{1,3})(?:/(?P<year>\d{4}))?(?![\w/]|[.,]\d)"
)
ORDINAL = re.compile(r"(?<!\w)(?P<word>[Tt]hứ)\s+(?P<n>\d{1,9})(?![\w/]|[.,]\d)")
FRACTION = re.compile(rf"{START}(?P<a>\d+)/(?P<b>\d+)(?![\w/]|[.,]\d)")
RANGE = re.compile(
    rf"{START}(?P<a>{NUMBER})\s?[-–]\s?(?P<b>{NUMBER})(?![\w/]|[.,\-]\d)"
)
# "đồng/kg", "người/tháng": per one of the unit.
PER = re.compile(
    r"(?<=\w)/(?P<unit>kg|ha|km|m2|m²|tấn|lít|tháng|năm|ngày|tuần|giờ|người|hộ|con|sào|lượt)"
    r"(?!\w)"
)
COMRADE = re.compile(r"(?<!\w)(?P<d>[Đđ])/[Cc](?!\w)")
CODE_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=\d)")
DOTTED_PLACE = re.compile(r"(?<!\w)(TP|TX|TT)\.(?=\s*[A-ZĐ\w])")

_abbr_alternatives = "|".join(
    re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)
)
ABBREVIATION = re.compile(rf"(?<![\w&])(?:{_abbr_alternatives})(?![\w&])")


# --- rules ------------------------------------------------------------------------------------

def _spell_address(text: str) -> str:
    """A domain or address read part by part: "tanuyen.gov.vn" → "tanuyen chấm gov chấm vn"."""
    parts = [p for p in re.split(r"[.\-_]+", text) if p]
    return " chấm ".join(parts)


def _url(match: re.Match) -> str:
    address = re.sub(r"^(?:(?:https?|ftp)://)?(?:www\.)?", "", match.group(0), flags=re.I)
    host = re.split(r"[/?#:]", address, maxsplit=1)[0].rstrip(".")
    # Punctuation that ends the sentence is not part of the address.
    trailing = re.search(r"[.,;:!?)]*$", match.group(0)).group(0)
    return _spell_address(host.lower()) + trailing


def _email(match: re.Match) -> str:
    local, _, domain = match.group(0).partition("@")
    return f"{_spell_address(local)} a còng {_spell_address(domain.lower())}"


def _code_words(code: str, table: dict[str, str]) -> str:
    if code in table:
        return table[code]
    if code in ABBREVIATIONS:
        return ABBREVIATIONS[code]
    return " ".join(LETTER_NAMES.get(ch.upper(), ch) for ch in code if ch.isalpha())


def _document_number(match: re.Match) -> str:
    codes = match.group("codes").split("-")
    if not any(c in DOCUMENT_TYPES or c in ISSUERS or c in ABBREVIATIONS for c in codes):
        return match.group(0)
    words = [f"số {_integer_words(match.group('number'))}"]
    if match.group("year"):
        words.append(f"năm {number_words(int(match.group('year')))}")
    words.append(_code_words(codes[0], DOCUMENT_TYPES if codes[0] in DOCUMENT_TYPES else ISSUERS))
    words += [_code_words(code, ISSUERS) for code in codes[1:]]
    return ", ".join(words)


def _valid_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _full_date(match: re.Match) -> str:
    day, month, year = int(match["d"]), int(match["m"]), int(match["y"])
    if not _valid_date(day, month):
        return match.group(0)
    prefix = match["ngay"] or "ngày "
    return (f"{prefix}{number_words(day)} tháng {month_words(month)}"
            f" năm {number_words(year)}")


def _month_year(match: re.Match) -> str:
    month, year = int(match["m"]), int(match["y"])
    if not 1 <= month <= 12:
        return match.group(0)
    prefix = match["thang"] or "tháng "
    return f"{prefix}{month_words(month)} năm {number_words(year)}"


def _day_month(match: re.Match) -> str:
    day, month = int(match["d"]), int(match["m"])
    if not _valid_date(day, month):
        return match.group(0)
    prefix = match["ngay"] or "ngày "
    return f"{prefix}{number_words(day)} tháng {month_words(month)}"


def _month(match: re.Match) -> str:
    month = int(match["m"])
    if not 1 <= month <= 12:
        return match.group(0)
    return f"{match['word']} {month_words(month)}"


def _time_words(hours: int, minutes: int, seconds: int = 0) -> str:
    words = f"{number_words(hours)} giờ"
    if minutes:
        words += f" {number_words(minutes)} phút"
    if seconds:
        words += f" {number_words(seconds)} giây"
    return words


def _clock(match: re.Match) -> str:
    hours, minutes = int(match["h"]), int(match["min"])
    seconds = int(match["s"] or 0)
    if hours > 24 or minutes > 59 or seconds > 59:
        return match.group(0)
    return _time_words(hours, minutes, seconds)


def _hour(match: re.Match) -> str:
    hours, minutes = int(match["h"]), int(match["min"] or match["gmin"] or 0)
    if hours > 24 or minutes > 59:
        return match.group(0)
    return _time_words(hours, minutes)


def _phone(match: re.Match) -> str:
    written = match.group(0)
    digits = re.sub(r"\D", "", written)
    if written.startswith(("0", "(")) and len(digits) not in (10, 11):
        return written
    groups = [g for g in re.split(r"[^\d]+", written) if g]
    return ", ".join(digit_words(g) for g in groups)


def _roman(match: re.Match) -> str:
    value = roman_value(match["numeral"])
    if value is None:
        return match.group(0)
    return f"{match['word']} {number_words(value)}"


def _quarter(match: re.Match) -> str:
    n = match["n"]
    words = f"{match['word']} {number_words(int(n) if n.isdigit() else roman_value(n))}"
    if match["year"]:
        words += f" năm {number_words(int(match['year']))}"
    return words


def _ordinal(match: re.Match) -> str:
    return f"{match['word']} {ordinal_words(int(match['n']))}"


def _range(match: re.Match) -> str:
    return f"{match['a']} đến {match['b']}"


def _number(match: re.Match) -> str:
    words = read_number(match["number"])
    if match["sign"]:
        words = "âm " + words
    unit = match["unit"]
    if unit:
        words += " " + UNITS[unit]
    else:
        after = match.string[match.end():match.end() + 1]
        if after.isalpha():
            words += " "
    return words


def _abbreviation(match: re.Match) -> str:
    return ABBREVIATIONS[match.group(0)]


RULES: list[tuple[re.Pattern, object]] = [
    (EMAIL, _email),
    (URL, _url),
    (DOCUMENT_NUMBER, _document_number),
    (COMRADE, lambda m: "Đồng chí" if m["d"] == "Đ" else "đồng chí"),
    (CODE_HYPHEN, " "),
    (DOTTED_PLACE, r"\1 "),
    (QUARTER, _quarter),
    (FULL_DATE, _full_date),
    (MONTH_YEAR, _month_year),
    (DAY_MONTH, _day_month),
    (MONTH, _month),
    (CLOCK, _clock),
    (HOUR, _hour),
    (PHONE, _phone),
    (ROMAN_AFTER, _roman),
    (ORDINAL, _ordinal),
    (FRACTION, r"\g<a> trên \g<b>"),
    (RANGE, _range),
    (NUMBER_WITH_UNIT, _number),
    (PER, lambda m: " một " + UNITS.get(m["unit"], m["unit"])),
    (ABBREVIATION, _abbreviation),
]


def normalise(text: str) -> str:
    """Text as it should be read aloud, NFC, with runs of spaces collapsed.

    Empty or blank text gives "". Words the rules do not know (English among them) are left
    as they are; so is punctuation, which the speech engine reads as pauses.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    text = re.sub(r"&", " và ", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    return unicodedata.normalize("NFC", text.strip())
