"""Editor accounts from NukeViet: each password hash format is accepted once and rehashed
to Argon2 at the first login, or dropped with --users reset; imported editors still
enrol a second factor."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from bantin.importers.nukeviet import hashers
from bantin.units.provision import create_unit
from tests.importers.nukeviet import builder

pytestmark = pytest.mark.django_db

HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher",
           "bantin.importers.nukeviet.hashers.NukeVietPasswordHasher"]
SUPPORTED = [name for name in builder.USERS if name != "bientap.cu"]




@pytest.fixture
def unit(hub):
    return create_unit("Xã Phúc Khoa", "phuckhoa.localhost").unit


def run(source, site, users):
    out = io.StringIO()
    call_command("import_nukeviet", database=source["url"], uploads=source["uploads"],
                 site=site, users=users, stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.parametrize("username", SUPPORTED)
def test_each_nukeviet_hash_format(username):
    stored = builder.USERS[username]
    assert hashers.supported(stored)
    assert hashers.check(builder.PASSWORD, stored)
    assert not hashers.check(builder.PASSWORD + "x", stored)
    assert not hashers.check("", stored)


def test_malformed_and_unknown_hashes_are_refused():
    assert not hashers.supported(builder.USERS["bientap.cu"])
    assert not hashers.check(builder.PASSWORD, builder.USERS["bientap.cu"])
    assert not hashers.check(builder.PASSWORD, "{SSHA512}không-phải-base64")
    assert not hashers.check(builder.PASSWORD, "{SSHA}YWJj")  # shorter than a digest


def test_imported_passwords_work_once_then_argon2(unit, source, settings, rf):
    settings.PASSWORD_HASHERS = HASHERS
    out = run(source, unit.site.hostname, "import")
    assert "user: tạo mới 8, không nhập 1" in out
    User = get_user_model()
    assert not User.objects.filter(username="ban.doc").exists()  # a reader, not an editor
    for username in SUPPORTED:
        user = User.objects.get(username=username)
        assert user.password.startswith("nukeviet$")
        assert user.email == f"{username}@phuckhoa.gov.vn"
        assert user.groups.filter(pk=unit.editors.pk).exists()
        assert not user.check_password("sai mật khẩu")
        assert authenticate(rf.post("/quan-tri/login/"), username=username,
                            password=builder.PASSWORD) is not None
        user.refresh_from_db()
        assert user.password.startswith("argon2"), username
        assert user.check_password(builder.PASSWORD)
    old = User.objects.get(username="bientap.cu")
    assert not old.has_usable_password()
    # A re-run keeps the passwords editors already use.
    out = run(source, unit.site.hostname, "import")
    assert "user: không đổi 8, không nhập 1" in out
    assert User.objects.get(username="bientap.ssha").password.startswith("argon2")


def test_reset_drops_every_old_password(unit, source):
    run(source, unit.site.hostname, "reset")
    users = get_user_model().objects.filter(username__startswith="bientap.")
    assert users.count() == 8
    assert not any(u.has_usable_password() for u in users)


@pytest.mark.real_2fa
def test_imported_editors_enrol_a_second_factor(unit, source, client, settings):
    settings.PASSWORD_HASHERS = HASHERS
    run(source, unit.site.hostname, "import")
    user = get_user_model().objects.get(username="bientap.md5")
    client.force_login(user)
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and "/xac-thuc/" in response["Location"]
