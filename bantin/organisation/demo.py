"""Invented leadership, departments, people and map position for the demo sites.

Every person here is made up. Photos are initials drawn with Pillow. `load_demo` fills a
page only while it is still empty, so running it again changes nothing.
"""

from __future__ import annotations

import hashlib
import io
import random
from decimal import Decimal

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Page

from bantin.core import text

from .models import ContactPage, Department, DepartmentMember, Leader, OrganisationPage, initials
from .provision import CONTACT_SLUG, ORGANISATION_SLUG, ensure_sections

# Plausible names of Lai Châu's Thái, Mông, Dao and Kinh people; all invented.
NAMES = (
    "Lò Văn Pọm", "Lường Thị Xuân", "Tòng Văn Hặc", "Lò Thị Thu", "Hoàng Văn Thắm",
    "Điêu Chính Tơi", "Tao Thị Phương", "Lường Văn Biên", "Cầm Thị Hương",
    "Giàng A Páo", "Vàng A Sủng", "Sùng Thị Mỷ", "Thào A Dua", "Lý A Chu", "Hầu Thị Mai",
    "Mùa A Sinh", "Vừ A Lềnh", "Tráng A Tủa",
    "Tẩn Láo Lở", "Chảo Láo Tả", "Lý Kim Chung", "Phàn Thị Mẩy", "Đặng Văn Lâm",
    "Chảo Văn Phin",
    "Nguyễn Văn Hùng", "Trần Thị Hoa", "Phạm Minh Tuấn", "Lê Thị Thanh Hà", "Đỗ Quang Huy",
    "Vũ Thị Ngọc Lan", "Bùi Đức Thắng", "Đinh Công Sơn",
)

# (Vietnamese, English) positions.
CHAIR = ("Chủ tịch Ủy ban nhân dân", "Chairperson of the People's Committee")
VICE_CHAIR = ("Phó Chủ tịch Ủy ban nhân dân", "Vice Chairperson of the People's Committee")
LEADERS = (CHAIR, VICE_CHAIR, VICE_CHAIR)
OFFICER = ("Chuyên viên", "Officer")
CHIEF_OF_OFFICE = ("Chánh Văn phòng", "Chief of Office")
HEAD = ("Trưởng phòng", "Head of Division")
DEPUTY_HEAD = ("Phó Trưởng phòng", "Deputy Head of Division")

# name, English name, duties, English duties, subordinate, positions of its people
DEPARTMENTS = (
    ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
     "Office of the People's Council and People's Committee",
     "Tham mưu, tổng hợp; kiểm soát thủ tục hành chính; văn thư, lưu trữ, tài chính của cơ quan.",
     "Advice and coordination; control of administrative procedures; records and finance.",
     False,
     (CHIEF_OF_OFFICE, ("Phó Chánh Văn phòng", "Deputy Chief of Office"), OFFICER)),
    ("Bộ phận Văn thư - Lưu trữ", "Records and Archives Unit",
     "Tiếp nhận, phát hành văn bản; lưu trữ hồ sơ của cơ quan.",
     "Receives and dispatches documents; keeps the committee's records.",
     True,
     (("Văn thư", "Records Clerk"),)),
    ("Phòng Kinh tế", "Economic Division",
     "Nông nghiệp, công thương, xây dựng, giao thông, tài nguyên và môi trường.",
     "Agriculture, industry and trade, construction, transport, natural resources and "
     "environment.",
     False,
     (HEAD, DEPUTY_HEAD, OFFICER)),
    ("Phòng Văn hóa - Xã hội", "Culture and Social Affairs Division",
     "Văn hóa, thông tin, giáo dục, y tế, lao động, chính sách xã hội, dân tộc, tôn giáo.",
     "Culture, information, education, health, labour, social policy, ethnic and religious "
     "affairs.",
     False,
     (HEAD, DEPUTY_HEAD, OFFICER)),
    ("Trung tâm Phục vụ hành chính công", "Public Administrative Service Centre",
     "Tiếp nhận hồ sơ và trả kết quả thủ tục hành chính cho người dân, doanh nghiệp.",
     "Receives applications and returns the results of administrative procedures.",
     False,
     (("Giám đốc", "Director"), ("Phó Giám đốc", "Deputy Director"))),
)

CENTRE = (Decimal("22.17"), Decimal("103.74"))  # Tân Uyên, Lai Châu
SPREAD = (0.06, 0.08)  # degrees of latitude and longitude around it
EMAIL_DOMAIN = "tanuyen.laichau.gov.vn"
AVATAR_SIZE = 192
AVATAR_COLOURS = ("#b4141b", "#8c0f15", "#0b4f9c", "#145c2a", "#6b5200", "#5b3a8c", "#00606b")


def load_demo(home_page: Page, unit_name: str, seed: int) -> dict[str, Page]:
    """Fill the site's organisation and contact pages with invented people and a position
    near Tân Uyên; creates the pages first if needed. Returns them, like `ensure_sections`."""
    pages = ensure_sections(home_page, unit_name=unit_name)
    rng = random.Random(seed)
    organisation, contact = pages[ORGANISATION_SLUG], pages[CONTACT_SLUG]
    names = rng.sample(NAMES, len(LEADERS) + sum(len(d[-1]) for d in DEPARTMENTS))
    mailbox = _mailbox_suffix(home_page)
    if isinstance(organisation, OrganisationPage):
        _fill_organisation(organisation, iter(names), rng, mailbox)
    if isinstance(contact, ContactPage):
        # The contact point is the Chief of Office: the first person of the first department.
        _fill_contact(contact, unit_name, names[len(LEADERS)], rng, mailbox)
    return pages


def _mailbox_suffix(home_page: Page) -> str:
    return home_page.slug.replace("-", "")


def _fill_organisation(page: OrganisationPage, people, rng: random.Random, mailbox: str) -> None:
    if page.leaders.exists() or page.departments.exists():
        return
    page.leaders = [
        _person(Leader, next(people), position, i, rng, mailbox)
        for i, position in enumerate(LEADERS)
    ]
    page.departments = [
        Department(
            name=name, name_en=name_en, duties=duties, duties_en=duties_en,
            subordinate=subordinate, sort_order=i,
            # Divisions take messages from the contact form; their sub-units do not.
            email="" if subordinate else f"{_department_mailbox(name_en)}.{mailbox}@{EMAIL_DOMAIN}",
            members=[_person(DepartmentMember, next(people), position, j, rng, mailbox)
                     for j, position in enumerate(positions)],
        )
        for i, (name, name_en, duties, duties_en, subordinate, positions)
        in enumerate(DEPARTMENTS)
    ]
    page.save_revision().publish()


def _department_mailbox(name_en: str) -> str:
    """`Economic Division` → `economic`: the first word of the English name."""
    return name_en.split()[0].lower()


def _person(model, name: str, position: tuple[str, str], order: int, rng: random.Random,
            mailbox: str):
    return model(
        name=name, position=position[0], position_en=position[1], sort_order=order,
        photo=avatar_image(name), phone=_phone(rng),
        email=f"{_email_local(name)}.{mailbox}@{EMAIL_DOMAIN}",
    )


def _phone(rng: random.Random) -> str:
    """An office number in Lai Châu's 0213 area."""
    return f"0213 37{rng.randint(10, 99)} {rng.randint(100, 999)}"


def _email_local(name: str) -> str:
    """`Lò Văn Pọm` → `lvpom`: initials of the family and middle names, then the given name."""
    words = text.fold(name).split()
    return "".join(w[0] for w in words[:-1]) + words[-1]


def _fill_contact(page: ContactPage, unit_name: str, contact_name: str, rng: random.Random,
                  mailbox: str) -> None:
    if page.has_map:
        return
    lat, lon = (
        (centre + Decimal(rng.uniform(-spread, spread))).quantize(Decimal("0.000001"))
        for centre, spread in zip(CENTRE, SPREAD, strict=True)
    )
    page.latitude, page.longitude = lat, lon
    page.contact_name = page.contact_name or contact_name
    page.contact_position = page.contact_position or CHIEF_OF_OFFICE[0]
    page.contact_position_en = page.contact_position_en or CHIEF_OF_OFFICE[1]
    page.contact_phone = page.contact_phone or _phone(rng)
    page.contact_email = page.contact_email or f"vanphong.{mailbox}@{EMAIL_DOMAIN}"
    page.address = page.address or f"Trụ sở Ủy ban nhân dân {unit_name}, tỉnh Lai Châu"
    page.address_en = page.address_en or (
        f"People's Committee headquarters, {unit_name}, Lai Châu province"
    )
    page.save_revision().publish()


# --------------------------------------------------------------------------------------------
# Initials avatars
# --------------------------------------------------------------------------------------------


def avatar_png(name: str, size: int = AVATAR_SIZE) -> bytes:
    """A disc of a colour chosen by the name, with its initials in white.

    Pillow's built-in font has no Vietnamese letters, so the initials are folded (Đ → D).
    """
    digest = hashlib.blake2s(text.nfc(name).encode(), digest_size=4).digest()
    colour = AVATAR_COLOURS[digest[0] % len(AVATAR_COLOURS)]
    image = Image.new("RGB", (size, size), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=colour)
    font = ImageFont.load_default(size=size * 0.4)
    draw.text((size / 2, size / 2), text.fold(initials(name)).upper(), fill="#ffffff",
              font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def avatar_image(name: str):
    """The portrait image of `name`, made once and reused by every later run."""
    image_model = get_image_model()
    title = f"Ảnh chân dung {name}"
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = image_model(title=title)
    slug = text.slugify_vi(name)
    image.file = ImageFile(io.BytesIO(avatar_png(name)), name=f"chan-dung-{slug}.png")
    image.save()
    return image
