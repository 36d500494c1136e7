"""Tests for bantin.core.text: the Vietnamese text rules (pure Python, no database)."""

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bantin.core.text import (
    TIME_ZONE,
    WEEKDAYS,
    clean,
    date_line,
    date_short,
    fold,
    fold_with_offsets,
    format_decimal,
    format_number,
    nfc,
    normalize_tones,
    slugify_vi,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


PHRASES = [
    "Ủy ban nhân dân xã Phúc Khoa",
    "Uỷ ban nhân dân huyện Tân Uyên",
    "Đảng bộ Tân Uyên",
    "Hoà Bình",
    "Hòa Bình",
    "Thuỷ lợi nội đồng",
    "THUỶ LỢI",
    "Khoẻ mạnh",
    "Văn hoá - Xã hội",
    "Loè loẹt",
    "Quyết định về việc phê duyệt kế hoạch",
    "Đường Nguyễn Trãi",
    "ĐƯỜNG LÊ LỢI",
    "Hội đồng nhân dân tỉnh Lai Châu",
    "Quý khách và nhân dân",
    "Thuyền đánh cá",
    "Huyền thoại Điện Biên Phủ",
    "Hoàng Liên Sơn",
    "Ngoài trời mưa to",
    "Khuỷu tay",
    "Thiếu uý công an",
    "Chủ tịch Hồ Chí Minh",
    "Trường Tiểu học Mường Kim",
    "Phòng chống thiên tai, tìm kiếm cứu nạn",
    "Bảo hiểm y tế năm 2024",
    "Sáp nhập đơn vị hành chính cấp xã",
    "Thoả thuận hợp tác",
    "Tuỳ chọn",
    "Giấy chứng nhận quyền sử dụng đất",
    "Hoạ sĩ Hoàng Thuỳ Linh",
]


# -- nfc ---------------------------------------------------------------------------------------


def test_nfc_composes_nfd_input():
    assert nfc(nfd("Đường Lê Lợi")) == "Đường Lê Lợi"
    assert len(nfc(nfd("ợ"))) == 1


# -- normalize_tones ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_style", "traditional"),
    [
        ("hoà", "hòa"),
        ("hoá", "hóa"),
        ("hoả", "hỏa"),
        ("hoã", "hõa"),
        ("hoạ", "họa"),
        ("thuỷ", "thủy"),
        ("thuý", "thúy"),
        ("thuỳ", "thùy"),
        ("thuỹ", "thũy"),
        ("thuỵ", "thụy"),
        ("Uỷ", "Ủy"),
        ("uỷ", "ủy"),
        ("khoẻ", "khỏe"),
        ("loè", "lòe"),
        ("xoè", "xòe"),
        ("khoé", "khóe"),
        ("oà", "òa"),
        ("HOÀ", "HÒA"),
        ("Hoà", "Hòa"),
        ("hOÀ", "hÒA"),
        ("THUỶ", "THỦY"),
        ("KHOẺ", "KHỎE"),
        ("UỶ", "ỦY"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("THUỶ LỢI", "THỦY LỢI"),
        ("Văn hoá, thể thao", "Văn hóa, thể thao"),
        ("(hoà)", "(hòa)"),
        ("hoà-bình", "hòa-bình"),
        ("2024hoà", "2024hòa"),
    ],
)
def test_normalize_tones_moves_mark_to_first_vowel(new_style, traditional):
    assert normalize_tones(new_style) == traditional
    assert normalize_tones(nfd(new_style)) == traditional


@pytest.mark.parametrize(
    "word",
    [
        "quý",
        "Quý",
        "QUÝ",
        "quỳ",
        "quỷ",
        "quỹ",
        "quỵ",
        "thuyền",
        "huyền",
        "hoàn",
        "hoàng",
        "Hoàng",
        "HOÀNG",
        "ngoài",
        "xoáy",
        "khuỷu",
        "ngoẻo",
        "của",
        "mùa",
        "hòa",
        "thủy",
        "Ủy",
        "khỏe",
        "hoa",
        "quy",
        "tuy",
        "thuế",
        "được",
        "",
    ],
)
def test_normalize_tones_leaves_other_syllables_alone(word):
    assert normalize_tones(word) == word


def test_normalize_tones_returns_nfc():
    assert normalize_tones(nfd("Đường Lê Lợi")) == "Đường Lê Lợi"
    out = normalize_tones(nfd("Thuỷ lợi Hoà Bình"))
    assert out == "Thủy lợi Hòa Bình"
    assert unicodedata.is_normalized("NFC", out)


def test_normalize_tones_is_idempotent():
    for phrase in PHRASES:
        once = normalize_tones(phrase)
        assert normalize_tones(once) == once


def test_hoa_binh_both_styles_normalise_to_the_same_string():
    assert "Hoà Bình" != "Hòa Bình"
    assert normalize_tones("Hoà Bình") == normalize_tones("Hòa Bình") == "Hòa Bình"
    assert normalize_tones(nfd("Hoà Bình")) == "Hòa Bình"


# -- clean -------------------------------------------------------------------------------------


def test_clean_collapses_whitespace_and_strips():
    assert clean("  Ủy ban \t nhân\n\ndân  ") == "Ủy ban nhân dân"
    assert clean("Xã\u00a0Phúc\u2003Khoa") == "Xã Phúc Khoa"


def test_clean_removes_invisible_characters():
    assert clean("\ufeffTin\u200b tức\u00ad mới\u200d\u2060") == "Tin tức mới"
    # removed before tones are normalised, so a split syllable is still recognised
    assert clean("Ho\u200bà Bình\u00ad") == "Hòa Bình"


def test_clean_normalises_tones_and_nfc():
    assert clean(nfd("  Uỷ ban  nhân dân tỉnh Hoà Bình ")) == "Ủy ban nhân dân tỉnh Hòa Bình"
    assert clean("") == ""
    assert clean(" \u200b \n") == ""


# -- fold --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng bộ Tân Uyên", "dang bo tan uyen"),
        ("ĐƯỜNG", "duong"),
        ("đường", "duong"),
        ("lợi", "loi"),
        ("Quyết định về việc phê duyệt kế hoạch", "quyet dinh ve viec phe duyet ke hoach"),
        ("Hoà Bình", "hoa binh"),
        ("Hòa Bình", "hoa binh"),
        ("THUỶ LỢI", "thuy loi"),
        ("Ủy ban", "uy ban"),
        ("Ăn ổi ở Ấp Ưu", "an oi o ap uu"),
        ("Năm 2024", "nam 2024"),
        ("Café Noël", "cafe noel"),
        ("ﬁle Ｔｅｓｔ", "file test"),
        ("Tin\u200btức", "tintuc"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_is_insensitive_to_nfd_and_tone_placement():
    assert fold(nfd("Đảng bộ Tân Uyên")) == "dang bo tan uyen"
    assert fold("Hoà Bình") == fold("Hòa Bình") == fold(nfd("Hoà Bình")) == fold(nfd("Hòa Bình"))


def test_fold_covers_every_vietnamese_letter():
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    for base in vowels:
        expected = nfd(base)[0]
        for tone in tones:
            for letter in (base, base.upper()):
                composed = nfc(letter + tone)
                assert fold(composed) == expected, composed
                assert fold(nfd(composed)) == expected, composed
    assert fold("đĐ") == "dd"


@pytest.mark.parametrize("phrase", PHRASES)
def test_fold_property_nfd_and_tones(phrase):
    folded = fold(phrase)
    assert folded.isascii()
    assert folded == folded.lower()
    assert fold(nfd(phrase)) == folded
    assert fold(normalize_tones(phrase)) == folded
    assert fold(clean(phrase)) == folded


def test_property_loop_over_phrases():
    assert len(PHRASES) == 30
    for x in PHRASES:
        assert fold(nfd(x)) == fold(x), x
        assert fold(normalize_tones(x)) == fold(x), x
        assert normalize_tones(nfd(x)) == normalize_tones(x), x


# -- slugify_vi --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Xã Phúc Khoa", "xa-phuc-khoa"),
        ("Đảng bộ Tân Uyên", "dang-bo-tan-uyen"),
        ("Ủy ban nhân dân", "uy-ban-nhan-dan"),
        ("Uỷ ban nhân dân", "uy-ban-nhan-dan"),
        ("  Văn hoá -- Xã hội!  ", "van-hoa-xa-hoi"),
        ("Quyết định số 12/2024/QĐ-UBND", "quyet-dinh-so-12-2024-qd-ubnd"),
        ("ĐƯỜNG LÊ LỢI", "duong-le-loi"),
        ("2024", "2024"),
        ("a", "a"),
    ],
)
def test_slugify_vi(text, slug):
    assert slugify_vi(text) == slug
    assert slugify_vi(nfd(text)) == slug


def test_slugify_vi_truncates_on_hyphen_boundary():
    text = "Phòng chống thiên tai, tìm kiếm cứu nạn"  # phong-chong-thien-tai-tim-kiem-cuu-nan
    assert slugify_vi(text, max_length=20) == "phong-chong-thien"
    assert slugify_vi(text, max_length=17) == "phong-chong-thien"  # exact fit before a hyphen
    assert slugify_vi(text, max_length=16) == "phong-chong"
    assert slugify_vi(text, max_length=200) == "phong-chong-thien-tai-tim-kiem-cuu-nan"
    long = " ".join(["Trường Tiểu học Mường Kim"] * 10)
    slug = slugify_vi(long)
    assert len(slug) <= 80
    assert not slug.endswith("-")
    assert slug.startswith("truong-tieu-hoc-muong-kim-")
    assert all(word in {"truong", "tieu", "hoc", "muong", "kim"} for word in slug.split("-"))


def test_slugify_vi_hard_cuts_one_long_word():
    assert slugify_vi("a" * 100, max_length=10) == "a" * 10
    assert slugify_vi("x" * 5 + " đường", max_length=3) == "xxx"


def test_slugify_vi_never_empty_when_input_has_letters_or_digits():
    for text in ["北京", "Ωμέγα", "٣", "đ", "!!! Ư !!!"]:
        slug = slugify_vi(text)
        assert slug, text
        assert slug.isascii()
        assert slug == slugify_vi(text)  # deterministic
    assert slugify_vi("北京") != slugify_vi("上海")


def test_slugify_vi_empty_without_letters_or_digits():
    assert slugify_vi("") == ""
    assert slugify_vi(" -- !! ") == ""


def test_slugify_vi_rejects_nonpositive_max_length():
    with pytest.raises(ValueError):
        slugify_vi("abc", max_length=0)


# -- dates -------------------------------------------------------------------------------------


def test_constants():
    assert TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert WEEKDAYS == (
        "Thứ hai",
        "Thứ ba",
        "Thứ tư",
        "Thứ năm",
        "Thứ sáu",
        "Thứ bảy",
        "Chủ nhật",
    )
    assert WEEKDAYS[date(2023, 7, 15).weekday()] == "Thứ bảy"
    assert all(unicodedata.is_normalized("NFC", w) for w in WEEKDAYS)


def test_date_line_local_time():
    dt = datetime(2023, 7, 15, 5, 55, tzinfo=timezone(timedelta(hours=7)))
    assert date_line(dt) == "Thứ bảy - 15/07/2023 05:55"
    dt_zone = datetime(2023, 7, 15, 5, 55, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert date_line(dt_zone) == "Thứ bảy - 15/07/2023 05:55"


def test_date_line_same_instant_in_utc():
    dt = datetime(2023, 7, 14, 22, 55, tzinfo=UTC)
    assert date_line(dt) == "Thứ bảy - 15/07/2023 05:55"
    paris = dt.astimezone(ZoneInfo("Europe/Paris"))
    assert date_line(paris) == "Thứ bảy - 15/07/2023 05:55"


def test_date_line_sunday_and_monday():
    assert date_line(datetime(2023, 7, 16, 9, 0, tzinfo=UTC)) == "Chủ nhật - 16/07/2023 16:00"
    assert date_line(datetime(2023, 7, 16, 17, 30, tzinfo=UTC)) == "Thứ hai - 17/07/2023 00:30"


def test_date_line_rejects_naive():
    with pytest.raises(ValueError, match="naive"):
        date_line(datetime(2023, 7, 15, 5, 55))


def test_date_short():
    assert date_short(date(2023, 7, 15)) == "15/07/2023"
    assert date_short(date(2024, 1, 5)) == "05/01/2024"
    assert date_short(datetime(2023, 7, 14, 22, 55, tzinfo=UTC)) == "15/07/2023"
    assert date_short(datetime(2023, 7, 14, 16, 59, tzinfo=UTC)) == "14/07/2023"
    with pytest.raises(ValueError, match="naive"):
        date_short(datetime(2023, 7, 15, 5, 55))


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0"),
        (7, "7"),
        (441, "441"),
        (999, "999"),
        (1000, "1.000"),
        (2800, "2.800"),
        (28473916, "28.473.916"),
        (1_000_000_000, "1.000.000.000"),
        (-441, "-441"),
        (-2800, "-2.800"),
        (-28473916, "-28.473.916"),
    ],
)
def test_format_number(n, text):
    assert format_number(n) == text


def test_format_number_rejects_non_integers():
    with pytest.raises(TypeError):
        format_number(2800.0)
    with pytest.raises(TypeError):
        format_number("2800")
    with pytest.raises(TypeError):
        format_number(True)


@pytest.mark.parametrize(
    ("x", "places", "text"),
    [
        (89.8, 1, "89,8"),
        (1234.5, 1, "1.234,5"),
        (0.5, 1, "0,5"),
        (100, 1, "100,0"),
        (1234567.891, 2, "1.234.567,89"),
        (1234.5, 0, "1.234"),
        (-1234.5, 1, "-1.234,5"),
        (-0.04, 1, "0,0"),
        (Decimal("89.80"), 1, "89,8"),
        (Decimal("-1234.25"), 2, "-1.234,25"),
    ],
)
def test_format_decimal(x, places, text):
    assert format_decimal(x, places) == text


def test_format_decimal_default_places():
    assert format_decimal(89.8) == "89,8"
    with pytest.raises(ValueError):
        format_decimal(1.0, -1)


# --------------------------------------------------------------------------------------------
# fold_with_offsets
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", [*PHRASES, "ASCII only", "", "ﬁ ligature Ê̄"])
def test_fold_with_offsets_folds_like_fold(phrase):
    for variant in (phrase, nfd(phrase)):
        folded, offsets = fold_with_offsets(variant)
        assert folded == fold(variant)
        assert len(offsets) == len(folded)
        assert offsets == sorted(offsets)


def test_fold_with_offsets_maps_back_to_the_original_word():
    original = nfd("Hội nghị Đảng bộ Tân Uyên")
    folded, offsets = fold_with_offsets(original)
    start = folded.index("dang bo")
    end = start + len("dang bo")
    span = original[offsets[start]:offsets[end - 1] + 1]
    assert nfc(span).startswith("Đảng b")
