"""The "Giới thiệu" and "Liên hệ" pages every new site starts with.

`ensure_sections` is idempotent: a page is looked up by its slug under the home page and
created only when missing; an existing page (edited since, or of another type) is left
as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import format_html
from wagtail.models import Page

from .models import BilingualPage, ContactPage, OrganisationPage

ORGANISATION_SLUG = "gioi-thieu"
CONTACT_SLUG = "lien-he"

_FUNCTIONS_VI = (
    "<p>Ủy ban nhân dân {unit} là cơ quan chấp hành của Hội đồng nhân dân, cơ quan hành chính "
    "nhà nước ở địa phương, chịu trách nhiệm trước Hội đồng nhân dân cùng cấp và cơ quan hành "
    "chính nhà nước cấp trên.</p>"
    "<p>Ủy ban nhân dân có các nhiệm vụ chính:</p><ul>"
    "<li>Tổ chức thi hành Hiến pháp, pháp luật và nghị quyết của Hội đồng nhân dân trên "
    "địa bàn;</li>"
    "<li>Xây dựng và tổ chức thực hiện kế hoạch phát triển kinh tế - xã hội, dự toán ngân sách "
    "địa phương;</li>"
    "<li>Quản lý nhà nước về đất đai, tài nguyên, môi trường, văn hóa, giáo dục, y tế và các lĩnh "
    "vực khác theo phân cấp;</li>"
    "<li>Giải quyết thủ tục hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo theo quy định "
    "của pháp luật;</li>"
    "<li>Bảo đảm quốc phòng, an ninh, trật tự, an toàn xã hội trên địa bàn.</li></ul>"
)
_FUNCTIONS_EN = (
    "<p>The People's Committee of {unit} is the executive body of the People's Council and the "
    "local body of state administration. It answers to the People's Council of the same level "
    "and to the state administrative bodies above it.</p>"
    "<p>Its main duties are to:</p><ul>"
    "<li>implement the Constitution, the laws and the resolutions of the People's Council in "
    "the locality;</li>"
    "<li>draw up and carry out the local socio-economic development plan and budget;</li>"
    "<li>manage land, natural resources, the environment, culture, education, health and other "
    "fields as delegated;</li>"
    "<li>handle administrative procedures, receive citizens and settle complaints and "
    "denunciations as the law provides;</li>"
    "<li>maintain defence, security, public order and safety in the locality.</li></ul>"
)
_OFFICE_HOURS_VI = (
    "Từ thứ hai đến thứ sáu (trừ ngày nghỉ lễ, Tết)\n"
    "Sáng: 7 giờ 30 - 11 giờ 30\n"
    "Chiều: 13 giờ 30 - 17 giờ"
)
_OFFICE_HOURS_EN = (
    "Monday to Friday (except public holidays)\n"
    "Morning: 7:30 - 11:30\n"
    "Afternoon: 13:30 - 17:00"
)


def _organisation_page(unit_name: str, identity: dict) -> OrganisationPage:
    return OrganisationPage(
        title="Giới thiệu", slug=ORGANISATION_SLUG, title_en="About us",
        functions=format_html(_FUNCTIONS_VI, unit=unit_name),
        functions_en=format_html(_FUNCTIONS_EN, unit=unit_name),
    )


def _contact_page(unit_name: str, identity: dict) -> ContactPage:
    return ContactPage(
        title="Liên hệ", slug=CONTACT_SLUG, title_en="Contact",
        address=identity.get("address") or "",
        contact_phone=identity.get("phone") or "",
        contact_email=identity.get("email") or "",
        office_hours=_OFFICE_HOURS_VI, office_hours_en=_OFFICE_HOURS_EN,
    )


_SECTIONS: dict[str, Callable[[str, dict], BilingualPage]] = {
    ORGANISATION_SLUG: _organisation_page,
    CONTACT_SLUG: _contact_page,
}


def ensure_sections(
    home_page: Page, *, unit_name: str, identity: dict | None = None
) -> dict[str, Page]:
    """The site's "gioi-thieu" and "lien-he" pages under `home_page`, created and published
    when missing. `identity` may hold the unit's address, phone and email for the contact
    page; an invalid phone or email raises `ValidationError`."""
    pages: dict[str, Page] = {}
    for slug, build in _SECTIONS.items():
        existing = Page.objects.child_of(home_page).filter(slug=slug).first()
        if existing is not None:
            pages[slug] = existing.specific
            continue
        page = build(unit_name, identity or {})
        home_page.add_child(instance=page)
        page.save_revision().publish()
        pages[slug] = page
    return pages
