"""The two languages of the organisation pages: labels, field fallback, coordinates.

Vietnamese is the language of record; every English field is optional and an empty one
falls back to its Vietnamese counterpart, so an English page is never missing a line.
"""

from __future__ import annotations

from decimal import Decimal

VIETNAMESE = "vi"
ENGLISH = "en"

LABELS: dict[str, dict[str, str]] = {
    VIETNAMESE: {
        "home": "Trang chủ",
        "breadcrumb": "Đường dẫn",
        "leadership": "Lãnh đạo",
        "organisation": "Cơ cấu tổ chức",
        "functions": "Chức năng, nhiệm vụ",
        "people": "Cán bộ",
        "phone": "Điện thoại",
        "email": "Thư điện tử",
        "portrait": "Ảnh chân dung",
        "not_updated": "Đang cập nhật.",
        "contact_point": "Đầu mối liên hệ",
        "address": "Địa chỉ",
        "office_hours": "Giờ làm việc",
        "map": "Bản đồ",
        "coordinates": "Tọa độ",
        "view_map": "Xem bản đồ",
        "map_site": "trên OpenStreetMap, mở trang ngoài",
        "map_app": "Mở bằng ứng dụng bản đồ",
        "english_pages": "Các trang tiếng Anh",
    },
    ENGLISH: {
        "home": "Home",
        "breadcrumb": "Breadcrumb",
        "leadership": "Leadership",
        "organisation": "Organisation chart",
        "functions": "Functions and duties",
        "people": "Staff",
        "phone": "Phone",
        "email": "Email",
        "portrait": "Portrait of",
        "not_updated": "Being updated.",
        "contact_point": "Contact point",
        "address": "Address",
        "office_hours": "Office hours",
        "map": "Map",
        "coordinates": "Coordinates",
        "view_map": "View map",
        "map_site": "on OpenStreetMap, opens an external site",
        "map_app": "Open in a map app",
        "english_pages": "Pages in English",
    },
}

# The link that switches to the other language, labelled in the language it leads to.
SWITCH_LABELS = {VIETNAMESE: "Tiếng Việt", ENGLISH: "English"}

_HEMISPHERES = {
    VIETNAMESE: {"N": "B", "S": "N", "E": "Đ", "W": "T"},
    ENGLISH: {"N": "N", "S": "S", "E": "E", "W": "W"},
}


def localised(obj, name: str, lang: str):
    """`obj.<name>_en` on English pages when filled in, else `obj.<name>`."""
    if lang == ENGLISH:
        value = getattr(obj, f"{name}_en", "")
        if value:
            return value
    return getattr(obj, name)


def labels(lang: str) -> dict[str, str]:
    return LABELS[lang]


def switch_link(url: str | None, lang: str) -> dict | None:
    """The header link to `url`, a page in `lang`; None when there is nowhere to go."""
    if not url:
        return None
    return {"url": url, "label": SWITCH_LABELS[lang], "lang": lang}


def plain_decimal(value) -> str:
    """`22.170000` → `22.17`: no exponent, no trailing zeros, a dot as in URLs."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text if text != "-0" else "0"


def coordinates_text(latitude, longitude, lang: str) -> str:
    """`22,17° B, 103,74° Đ` in Vietnamese (decimal comma), `22.17° N, 103.74° E` in English."""
    names = _HEMISPHERES[lang]

    def part(value, positive: str, negative: str) -> str:
        value = Decimal(str(value))
        number = plain_decimal(abs(value))
        if lang == VIETNAMESE:
            number = number.replace(".", ",")
        return f"{number}° {names[positive if value >= 0 else negative]}"

    return f"{part(latitude, 'N', 'S')}, {part(longitude, 'E', 'W')}"
