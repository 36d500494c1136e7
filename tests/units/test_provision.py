"""Provisioning units: `create_unit` builds everything once, and refuses bad input clearly."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Site,
)

from bantin.core.models import Navigation, SiteIdentity
from bantin.units.models import HubHomePage, StandardPage, Unit, UnitHomePage
from bantin.units.provision import UnitError, create_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_unit(db):
    return create_unit("Huyện Thử Nghiệm", "hub.example.vn").unit


def test_a_unit_without_parent_is_a_hub(hub_unit):
    assert hub_unit.is_hub
    assert isinstance(hub_unit.site.root_page.specific, HubHomePage)
    assert hub_unit.moderators.permissions.filter(codename="add_unit").exists()


def test_create_unit_provisions_everything(hub_unit):
    result = create_unit("Xã Phúc Khoa", "phuckhoa.example.vn", "hub.example.vn")
    unit = result.unit
    assert result.created and unit.parent == hub_unit
    home = unit.site.root_page.specific
    assert isinstance(home, UnitHomePage) and home.live
    assert home.get_parent().pk == hub_unit.site.root_page.pk
    titles = [p.title for p in home.get_children().live()]
    assert {"Giới thiệu", "Tin tức", "Hỏi đáp", "Liên hệ"} <= set(titles)
    # Permissions granted once on the unit's root, collection and site, never per page.
    assert set(GroupPagePermission.objects.filter(group=unit.editors)
               .values_list("page_id", flat=True)) == {home.pk}
    assert set(GroupPagePermission.objects.filter(group=unit.moderators)
               .values_list("permission__codename", flat=True)) >= {"publish_page", "change_page"}
    assert set(GroupCollectionPermission.objects.filter(group__in=[unit.editors, unit.moderators])
               .values_list("collection_id", flat=True)) == {unit.collection_id}
    assert unit.collection.get_parent().pk == hub_unit.collection_id
    assert GroupSitePermission.objects.filter(group=unit.moderators, site=unit.site).count() == 3
    assert not unit.moderators.permissions.filter(codename="add_unit").exists()
    # Default settings and a menu with the standard sections.
    assert SiteIdentity.for_site(unit.site).unit_name == "Xã Phúc Khoa"
    menu = [e.value["title"] for e in Navigation.for_site(unit.site).main_menu]
    assert menu == ["Giới thiệu", "Tin tức", "Văn bản", "Hỏi đáp", "Liên hệ"]
    # The unit's workflow is attached to its root.
    assert home.get_workflow().name


def test_rerunning_with_the_same_hostname_changes_nothing(hub_unit):
    first = create_unit("Xã Phúc Khoa", "phuckhoa.example.vn", "hub.example.vn")
    counts = (Site.objects.count(), Collection.objects.count(), Unit.objects.count(),
              StandardPage.objects.count())
    again = create_unit("  Xã   Phúc Khoa ", "PhucKhoa.example.vn", "hub.example.vn")
    assert not again.created and again.unit.pk == first.unit.pk
    assert counts == (Site.objects.count(), Collection.objects.count(), Unit.objects.count(),
                      StandardPage.objects.count())


def test_units_nest_at_any_depth(hub_unit):
    commune = create_unit("Xã Một", "mot.example.vn", "hub.example.vn").unit
    village = create_unit("Bản Hai", "hai.example.vn", "mot.example.vn").unit
    assert village.parent == commune
    assert village.site.root_page.get_parent().pk == commune.site.root_page.pk
    assert village.collection.get_parent().pk == commune.collection_id


@pytest.mark.parametrize(("name", "hostname", "parent", "message"), [
    ("   ", "x.example.vn", "hub.example.vn", "không được để trống"),
    ("Xã Có", "x.example.vn", "khong-co.example.vn", "Không có đơn vị cấp trên"),
    ("Xã Có", "http://x.example.vn/", "hub.example.vn", "không hợp lệ"),
    ("Xã Có", "x.example.vn:8000", "hub.example.vn", "không hợp lệ"),
    ("Xã Có", "", "hub.example.vn", "không hợp lệ"),
    ("Xã Có", "xã.example.vn", "hub.example.vn", "không hợp lệ"),
])
def test_bad_input_is_refused_in_vietnamese(hub_unit, name, hostname, parent, message):
    before = (Site.objects.count(), Unit.objects.count())
    with pytest.raises(UnitError, match=message):
        create_unit(name, hostname, parent)
    assert before == (Site.objects.count(), Unit.objects.count())


def test_a_hostname_belongs_to_one_unit(hub_unit):
    create_unit("Xã Phúc Khoa", "phuckhoa.example.vn", "hub.example.vn")
    with pytest.raises(UnitError, match="đã thuộc đơn vị “Xã Phúc Khoa”"):
        create_unit("Xã Khác", "phuckhoa.example.vn", "hub.example.vn")
    with pytest.raises(UnitError, match="đã thuộc đơn vị"):
        create_unit("Huyện Thử Nghiệm", "hub.example.vn", "phuckhoa.example.vn")


def test_two_units_with_the_same_name_under_different_hubs(hub_unit):
    create_unit("Tỉnh Khác", "khac.example.vn")
    a = create_unit("Xã Tân Lập", "tanlap1.example.vn", "hub.example.vn").unit
    b = create_unit("Xã Tân Lập", "tanlap2.example.vn", "khac.example.vn").unit
    assert a.editors.name != b.editors.name


def test_the_command(hub_unit, capsys):
    call_command("create_unit", "--name", "Xã Hố Mít", "--hostname", "homit.example.vn",
                 "--parent", "hub.example.vn")
    assert "Đã tạo đơn vị “Xã Hố Mít”" in capsys.readouterr().out
    call_command("create_unit", "--name", "Xã Hố Mít", "--hostname", "homit.example.vn",
                 "--parent", "hub.example.vn")
    assert "không đổi gì" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không có đơn vị cấp trên"):
        call_command("create_unit", "--name", "Xã A", "--hostname", "a.example.vn",
                     "--parent", "nowhere.example.vn")


def test_an_existing_site_is_adopted_not_duplicated(hub):
    """A hub made before units existed becomes a unit in place."""
    hub_site = hub["site"]
    unit = create_unit("Huyện Thử Nghiệm", "testserver").unit
    assert unit.site.pk == hub_site.pk and unit.site.root_page_id == hub["home"].pk
    assert Site.objects.count() == 1


def _member(django_user_model, group, name):
    user = django_user_model.objects.create_user(name, password="mat-khau-dai-12")
    user.groups.add(group)
    return user


def test_hub_administrators_create_units_in_the_admin(client, hub_unit, django_user_model):
    client.force_login(_member(django_user_model, hub_unit.moderators, "lanhdao-huyen"))
    page = client.get("/quan-tri/don-vi/")
    assert page.status_code == 200 and "Thêm đơn vị" in page.content.decode()
    response = client.post("/quan-tri/don-vi/", {
        "name": "Xã Nậm Cần", "hostname": "namcan.example.vn", "parent": hub_unit.pk,
    })
    assert response.status_code == 302
    assert Unit.objects.filter(name="Xã Nậm Cần", parent=hub_unit).exists()
    # Bad input: a clear error, nothing made.
    count = Unit.objects.count()
    for data, message in (
        ({"name": "  ", "hostname": "x.example.vn", "parent": hub_unit.pk}, "để trống"),
        ({"name": "Xã X", "hostname": "namcan.example.vn", "parent": hub_unit.pk},
         "đã thuộc đơn vị"),
        ({"name": "Xã X", "hostname": "a b", "parent": hub_unit.pk}, "không hợp lệ"),
        ({"name": "Xã X", "hostname": "x.example.vn", "parent": 99999}, "Hãy chọn"),
    ):
        content = client.post("/quan-tri/don-vi/", data).content.decode()
        assert message in content, message
    assert Unit.objects.count() == count


def test_unit_staff_cannot_create_units(client, hub_unit, django_user_model):
    commune = create_unit("Xã Một", "mot.example.vn", "hub.example.vn").unit
    client.force_login(_member(django_user_model, commune.moderators, "lanhdao-xa"))
    refused = client.get("/quan-tri/don-vi/")  # the admin sends a refused user to its home
    assert refused.status_code == 302 and refused["Location"] == "/quan-tri/"
    response = client.post("/quan-tri/don-vi/", {
        "name": "Xã Hai", "hostname": "hai.example.vn", "parent": commune.pk})
    assert response.status_code == 302 and response["Location"] == "/quan-tri/"
    assert not Unit.objects.filter(name="Xã Hai").exists()


def test_a_hub_administrator_cannot_attach_a_unit_to_another_hub(
        client, hub_unit, django_user_model):
    other = create_unit("Tỉnh Khác", "khac.example.vn").unit
    client.force_login(_member(django_user_model, hub_unit.moderators, "lanhdao-huyen"))
    content = client.post("/quan-tri/don-vi/", {
        "name": "Xã Lạ", "hostname": "la.example.vn", "parent": other.pk}).content.decode()
    assert "Hãy chọn" in content
    assert "Tỉnh Khác" not in client.get("/quan-tri/don-vi/").content.decode()
    assert not Unit.objects.filter(name="Xã Lạ").exists()


def test_a_unit_is_reachable_under_the_hubs_address_by_its_path(client, hub_unit):
    unit = create_unit("Xã Phúc Khoa", "phuckhoa.example.vn", "hub.example.vn").unit
    slug = unit.site.root_page.slug
    on_own_host = client.get("/hoi-dap/", HTTP_HOST="phuckhoa.example.vn")
    by_prefix = client.get(f"/{slug}/hoi-dap/", HTTP_HOST="hub.example.vn")
    assert on_own_host.status_code == by_prefix.status_code == 200
    assert "Hỏi đáp" in by_prefix.content.decode()
