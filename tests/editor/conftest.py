"""A hub with two units (Alpha, Beta), an editor and a moderator for Alpha: built once per
test module."""

from __future__ import annotations

import pytest

from tests import shared_data

PASSWORD = "mat-khau-dai-12"


def build_units() -> dict:
    from django.contrib.auth import get_user_model

    from bantin.news.models import CategoryPage
    from bantin.units.provision import create_unit

    hub = create_unit("Huyện Thử", "hub.example.vn").unit
    alpha = create_unit("Xã Alpha", "alpha.example.vn", "hub.example.vn").unit
    beta = create_unit("Xã Beta", "beta.example.vn", "hub.example.vn").unit
    User = get_user_model()
    editor = User.objects.create_user("bientap-alpha", password=PASSWORD)
    editor.groups.add(alpha.editors)
    moderator = User.objects.create_user("lanhdao-alpha", password=PASSWORD)
    moderator.groups.add(alpha.moderators)
    return {
        "hub": hub, "alpha": alpha, "beta": beta, "editor": editor, "moderator": moderator,
        "alpha_news": CategoryPage.objects.child_of(alpha.site.root_page).get(slug="tin-tuc"),
        "beta_news": CategoryPage.objects.child_of(beta.site.root_page).get(slug="tin-tuc"),
    }


units_snapshot = shared_data.per_module(build_units)


@pytest.fixture
def units(request, units_snapshot, db):
    return units_snapshot.get(request)
