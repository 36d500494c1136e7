"""Editors build the organisation chart in the page editor: departments hold their people."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from bantin.organisation.models import DepartmentMember, OrganisationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model, hub):
    user = django_user_model.objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-12")
    client.force_login(user)
    return client


def add_url(hub, model: str) -> str:
    return f"/quan-tri/pages/add/organisation/{model}/{hub['home'].pk}/"


def organisation_form(member_email: str) -> dict:
    return nested_form_data({
        "title": "Giới thiệu", "slug": "gioi-thieu", "title_en": "About us",
        "functions": rich_text("<p>Chức năng của Ủy ban nhân dân.</p>"),
        "functions_en": rich_text("<p>Functions of the People's Committee.</p>"),
        "leaders": inline_formset([
            {"name": "Giàng A Páo", "position": "Chủ tịch", "position_en": "Chairperson",
             "phone": "0213 3786 100", "email": "gapao@example.vn", "photo": ""},
        ]),
        "departments": inline_formset([
            {"name": "Phòng Kinh tế", "name_en": "Economic Division", "duties": "",
             "duties_en": "", "members": inline_formset([
                 {"name": "Lò Thị Thu", "position": "Trưởng phòng", "position_en": "Head",
                  "phone": "", "email": member_email, "photo": ""},
             ])},
        ]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    })


@pytest.mark.parametrize("model", ["organisationpage", "contactpage"])
def test_add_forms_open_under_a_home_page(editor_client, hub, model):
    content = editor_client.get(add_url(hub, model)).content.decode().lower()
    assert "tiếng anh" in content
    if model == "organisationpage":
        assert "phòng ban" in content and "cán bộ" in content and "ảnh chân dung" in content
    else:
        assert "vĩ độ" in content and "kinh độ" in content


def test_editor_publishes_a_chart_with_nested_people(editor_client, hub, client):
    response = editor_client.post(add_url(hub, "organisationpage"),
                                  organisation_form("lthu@example.vn"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = OrganisationPage.objects.get(slug="gioi-thieu")
    assert page.live
    member = DepartmentMember.objects.get(department__page=page)
    assert (member.name, member.department.name) == ("Lò Thị Thu", "Phòng Kinh tế")
    content = client.get("/gioi-thieu/en/").content.decode()
    assert "Economic Division" in content and "Lò Thị Thu" in content


def test_editor_sees_a_bad_email_in_vietnamese(editor_client, hub):
    response = editor_client.post(add_url(hub, "organisationpage"), organisation_form("lthu@"))
    assert response.status_code == 200
    content = response.content.decode()
    errors = content.split('id="id_departments-0-members-0-email-label"', 1)[1]
    errors = errors.split('class="w-field__errors"', 1)[1].split("</div>", 1)[0]
    assert "Nhập địa chỉ email." in errors
    assert not OrganisationPage.objects.exists()
