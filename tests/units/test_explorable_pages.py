"""The explorer's set of pages a user may explore is Wagtail's, written as indexable ranges."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from bantin.core.page_permissions import wagtail_explorable_instances
from bantin.units.provision import create_unit

pytestmark = pytest.mark.django_db


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_the_same_pages_as_wagtail_for_every_kind_of_user(django_user_model):
    hub = create_unit("Huyện Thử", "hub.example.vn").unit
    a = create_unit("Xã Alpha", "alpha.example.vn", "hub.example.vn").unit
    b = create_unit("Xã Beta", "beta.example.vn", "hub.example.vn").unit
    village = create_unit("Bản Gamma", "gamma.example.vn", "alpha.example.vn").unit
    other_hub = create_unit("Tỉnh Khác", "khac.example.vn").unit
    cases = {
        "a editor": [a.editors], "a moderator": [a.moderators], "hub": [hub.moderators],
        "village": [village.editors], "two units": [a.editors, b.moderators],
        "two hubs": [village.editors, other_hub.editors], "nobody": [],
    }
    User = get_user_model()
    for name, groups in cases.items():
        user = User.objects.create_user(name.replace(" ", "-"), password="mat-khau-dai-12")
        user.groups.set(groups)
        user = User.objects.get(pk=user.pk)
        ours = _ids(page_permission_policy.explorable_instances(user))
        user = User.objects.get(pk=user.pk)
        theirs = _ids(wagtail_explorable_instances(page_permission_policy, user))
        assert ours == theirs, name
    assert Page.objects.count() > 20
