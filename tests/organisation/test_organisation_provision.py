"""Provisioning of a new site's organisation pages, the demo people, and bad input."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page

from bantin.organisation.demo import avatar_png, load_demo
from bantin.organisation.models import (
    ContactPage,
    Department,
    DepartmentMember,
    Leader,
    OrganisationPage,
)
from bantin.organisation.provision import ensure_sections

pytestmark = pytest.mark.django_db

IDENTITY = {"address": "Bản Nà Bó, xã Mường Khoa", "phone": "0213 3786 201",
            "email": "ubnd.muongkhoa@tanuyen.laichau.gov.vn"}


def messages(error: ValidationError, field: str) -> list[str]:
    return error.message_dict[field]


def test_provision_creates_and_publishes_both_pages(hub):
    pages = ensure_sections(hub["home"], unit_name="xã Mường Khoa", identity=IDENTITY)
    assert set(pages) == {"gioi-thieu", "lien-he"}
    organisation, contact = pages["gioi-thieu"], pages["lien-he"]
    assert isinstance(organisation, OrganisationPage) and isinstance(contact, ContactPage)
    for page in (organisation, contact):
        page.refresh_from_db()
        assert page.live and not page.has_unpublished_changes
        assert page.get_parent().pk == hub["home"].pk
    assert organisation.title == "Giới thiệu" and organisation.title_en == "About us"
    assert "Ủy ban nhân dân xã Mường Khoa" in organisation.functions
    assert "People's Committee of xã Mường Khoa" in organisation.functions_en
    assert contact.title_en == "Contact"
    assert (contact.address, contact.contact_phone, contact.contact_email) == (
        IDENTITY["address"], IDENTITY["phone"], IDENTITY["email"])
    assert contact.office_hours and contact.office_hours_en


def test_provision_is_idempotent(hub):
    first = ensure_sections(hub["home"], unit_name="xã Mường Khoa", identity=IDENTITY)
    first["gioi-thieu"].title = "Giới thiệu chung"
    first["gioi-thieu"].save_revision().publish()
    count = Page.objects.count()
    second = ensure_sections(hub["home"], unit_name="xã Khác", identity={"phone": "0999 999 999"})
    assert {k: p.pk for k, p in second.items()} == {k: p.pk for k, p in first.items()}
    assert Page.objects.count() == count
    assert second["gioi-thieu"].title == "Giới thiệu chung", "an edited page is left alone"
    assert second["lien-he"].contact_phone == IDENTITY["phone"]


def test_provision_without_identity(hub):
    contact = ensure_sections(hub["home"], unit_name="xã Thử")["lien-he"]
    assert contact.live and contact.address == "" and contact.contact_email == ""


def test_provision_refuses_a_bad_email(hub):
    with pytest.raises(ValidationError) as error:
        ensure_sections(hub["home"], unit_name="xã Thử", identity={"email": "không-phải-thư"})
    assert messages(error.value, "contact_email") == ["Địa chỉ thư điện tử không hợp lệ."]


def test_demo_fills_the_pages_once(hub):
    pages = load_demo(hub["home"], "huyện Thử Nghiệm", seed=7)
    organisation = OrganisationPage.objects.get(pk=pages["gioi-thieu"].pk)
    leaders = list(organisation.leaders.all())
    assert [p.position for p in leaders] == [
        "Chủ tịch Ủy ban nhân dân", "Phó Chủ tịch Ủy ban nhân dân", "Phó Chủ tịch Ủy ban nhân dân"]
    departments = list(organisation.departments.all())
    assert 4 <= sum(not d.subordinate for d in departments) and any(
        d.subordinate for d in departments)
    people = [*leaders, *DepartmentMember.objects.filter(department__page=organisation)]
    assert len({p.name for p in people}) == len(people), "nobody holds two posts"
    for person in people:
        person.full_clean()
        assert person.photo and person.position_en and person.email and person.phone
    contact = ContactPage.objects.get(pk=pages["lien-he"].pk)
    assert abs(contact.latitude - Decimal("22.17")) < Decimal("0.1")
    assert abs(contact.longitude - Decimal("103.74")) < Decimal("0.1")
    chief = DepartmentMember.objects.get(department__page=organisation, position="Chánh Văn phòng")
    assert contact.contact_name == chief.name and contact.contact_phone and contact.address
    counts = (Leader.objects.count(), Department.objects.count(),
              DepartmentMember.objects.count(), get_image_model().objects.count())
    load_demo(hub["home"], "huyện Thử Nghiệm", seed=7)
    assert (Leader.objects.count(), Department.objects.count(),
            DepartmentMember.objects.count(), get_image_model().objects.count()) == counts


def test_demo_positions_vary_with_the_seed(hub):
    from bantin.units.models import UnitHomePage

    unit = UnitHomePage(title="Xã Thử", slug="xa-thu")
    hub["home"].add_child(instance=unit)
    a = load_demo(hub["home"], "huyện Thử Nghiệm", seed=1)["lien-he"]
    b = load_demo(unit, "xã Thử", seed=2)["lien-he"]
    assert (a.latitude, a.longitude) != (b.latitude, b.longitude)


def test_avatar_is_a_small_png_of_initials():
    data = avatar_png("Điêu Chính Tơi")
    image = PILImage.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (192, 192)
    assert avatar_png("Điêu Chính Tơi") == data, "the same name draws the same picture"
    assert len(data) < 20_000


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"name": ""}, "name", "Cần nhập họ và tên."),
    ({"name": " \u200b "}, "name", "Cần nhập họ và tên."),
    ({"email": "chu-tich@"}, "email", "Địa chỉ thư điện tử không hợp lệ."),
    ({"phone": "gọi tôi"}, "phone", "Số điện thoại không hợp lệ"),
])
def test_person_input_is_checked_in_vietnamese(fields, field, message):
    person = Leader(**{"name": "Lò Văn Pọm", "position": "Chủ tịch", **fields})
    with pytest.raises(ValidationError) as error:
        person.full_clean(exclude=["page"])
    assert any(m.startswith(message) for m in messages(error.value, field))


def test_department_needs_a_name():
    with pytest.raises(ValidationError) as error:
        Department(name="  ").full_clean(exclude=["page"])
    assert messages(error.value, "name") == ["Cần nhập tên phòng ban."]


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"latitude": Decimal("95"), "longitude": Decimal("103.74")}, "latitude",
     "Vĩ độ phải nằm trong khoảng từ -90 đến 90."),
    ({"latitude": Decimal("22.17"), "longitude": Decimal("-181")}, "longitude",
     "Kinh độ phải nằm trong khoảng từ -180 đến 180."),
    ({"latitude": Decimal("22.17")}, "longitude", "Cần nhập cả vĩ độ và kinh độ để hiện bản đồ."),
    ({"contact_email": "lien-he.example"}, "contact_email", "Địa chỉ thư điện tử không hợp lệ."),
])
def test_contact_page_input_is_checked_in_vietnamese(hub, fields, field, message):
    page = ContactPage(title="Liên hệ", slug="lien-he", **fields)
    with pytest.raises(ValidationError) as error:
        hub["home"].add_child(instance=page)
    assert messages(error.value, field) == [message]
