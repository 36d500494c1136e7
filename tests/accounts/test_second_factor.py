"""Second factor for staff: enrolment on first login, verification, backup codes, reset."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from bantin.accounts import factors, views
from bantin.units.provision import create_unit

pytestmark = [pytest.mark.django_db, pytest.mark.real_2fa]
PASSWORD = "mat-khau-rat-dai-2026"
ADMIN = "/quan-tri/"


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("quantri", "qt@example.vn", PASSWORD)


def login(client, user):
    response = client.post("/quan-tri/login/", {"username": user.username,
                                                 "password": PASSWORD, "next": ADMIN})
    assert response.status_code == 302, response.content[:500]
    return response


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client, user) -> list[str]:
    client.get("/quan-tri/xac-thuc/dang-ky/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/quan-tri/xac-thuc/dang-ky/", {"token": code_for(device),
                                                           "next": ADMIN})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    return re.findall(r"<li>([a-z2-7]{8})</li>", page)


def test_first_login_forces_enrolment_with_qr_and_secret(client, admin_user):
    login(client, admin_user)
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith("/quan-tri/xac-thuc/dang-ky/")
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "Đăng ký xác thực hai bước" in page
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert factors.secret_text(device).replace(" ", "") in page.replace(" ", "")
    # Wrong code: refused, nothing confirmed.
    response = client.post("/quan-tri/xac-thuc/dang-ky/", {"token": "000000"})
    if code_for(device) != "000000":
        assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
        assert not factors.has_factor(admin_user)
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()  # django-otp slows retries down
    codes = enrol(client, admin_user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(ADMIN).status_code == 200
    # Shown once only.
    again = client.get("/quan-tri/xac-thuc/ma-du-phong/").content.decode()
    assert not re.findall(r"<li>([a-z2-7]{8})</li>", again)
    assert "không thể xem lại" in again


def test_admin_unreachable_without_second_factor(client, admin_user):
    codes_client = client
    login(codes_client, admin_user)
    enrol(codes_client, admin_user)
    client.logout()
    login(client, admin_user)
    # What the second-factor page itself loads stays reachable (icons, translations).
    assert client.get("/quan-tri/sprite/?h=x").status_code == 200
    assert client.get("/quan-tri/jsi18n/").status_code == 200
    for path in (ADMIN, "/quan-tri/pages/", "/quan-tri/users/", "/quan-tri/xac-thuc/tai-khoan/",
                 "/quan-tri/xac-thuc/quan-ly/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/quan-tri/xac-thuc/?next="), path


def test_wrong_code_refused_and_backup_code_works_once(client, admin_user):
    login(client, admin_user)
    codes = enrol(client, admin_user)
    client.logout()
    login(client, admin_user)
    response = client.post("/quan-tri/xac-thuc/", {"token": "zzzzzzzz", "next": ADMIN})
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    assert client.get(ADMIN).status_code == 302
    StaticDevice.objects.get(user=admin_user).throttle_reset()  # a retry waits a second
    response = client.post("/quan-tri/xac-thuc/", {"token": codes[0].upper(), "next": ADMIN})
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    client.logout()
    login(client, admin_user)
    response = client.post("/quan-tri/xac-thuc/", {"token": codes[0], "next": ADMIN})
    assert response.status_code == 200  # used already
    assert StaticDevice.objects.get(user=admin_user).token_set.count() == 9


def test_totp_code_verifies_and_next_must_be_local(client, admin_user):
    login(client, admin_user)
    enrol(client, admin_user)
    client.logout()
    login(client, admin_user)
    device = TOTPDevice.objects.get(user=admin_user, confirmed=True)
    device.last_t = -1  # the enrolment's code may be from this same time step
    device.save()
    response = client.post("/quan-tri/xac-thuc/", {"token": code_for(device),
                                                   "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/quan-tri/"


def test_non_staff_user_is_not_asked(client):
    user = get_user_model().objects.create_user("bandoc", password=PASSWORD)
    client.force_login(user)
    assert client.get("/quan-tri/xac-thuc/").status_code == 403


def test_reset_by_administrator_logs_and_forces_reenrolment(client, admin_user):
    editor = get_user_model().objects.create_user("bientap", password=PASSWORD)
    unit = create_unit("Xã Thử", "thu.example.vn").unit
    editor.groups.add(unit.editors)
    editor_client = client.__class__()
    login(editor_client, editor)
    enrol(editor_client, editor)
    assert editor_client.get(ADMIN).status_code == 200

    login(client, admin_user)
    enrol(client, admin_user)
    users = client.get("/quan-tri/users/").content.decode()
    assert f"/quan-tri/xac-thuc/quan-ly/#nguoi-dung-{editor.pk}" in users
    page = client.get("/quan-tri/xac-thuc/quan-ly/").content.decode()
    assert "bientap" in page and f'id="nguoi-dung-{editor.pk}"' in page
    response = client.post(f"/quan-tri/xac-thuc/quan-ly/{editor.pk}/dat-lai/")
    assert response.status_code == 302
    assert not factors.has_factor(editor)
    entry = ModelLogEntry.objects.get(action=views.RESET_ACTION)
    assert entry.object_id == str(editor.pk) and entry.user_id == admin_user.pk
    # The editor's session ended; the next login asks for a new enrolment.
    assert editor_client.get(ADMIN)["Location"].startswith("/quan-tri/login/")
    login(editor_client, editor)
    assert editor_client.get(ADMIN)["Location"].startswith("/quan-tri/xac-thuc/dang-ky/")


def test_unit_moderator_cannot_reset_or_unlock(client, admin_user):
    moderator = get_user_model().objects.create_user("kiemduyet", password=PASSWORD)
    unit = create_unit("Xã Thử", "thu.example.vn").unit
    moderator.groups.add(unit.moderators)
    login(client, admin_user)
    enrol(client, admin_user)
    other = client.__class__()
    login(other, moderator)
    enrol(other, moderator)
    assert other.get("/quan-tri/xac-thuc/quan-ly/").status_code == 403
    assert other.post(f"/quan-tri/xac-thuc/quan-ly/{admin_user.pk}/dat-lai/").status_code == 403
    assert other.post("/quan-tri/xac-thuc/quan-ly/mo-khoa/",
                      {"username": "quantri"}).status_code == 403
    assert factors.has_factor(admin_user)
    assert not ModelLogEntry.objects.filter(action=views.RESET_ACTION).exists()


def test_webauthn_endpoints_exist_and_refuse_bad_input(client, admin_user):
    # Anonymous: no registration.
    response = client.post("/quan-tri/xac-thuc/webauthn/registration/begin/")
    assert response.status_code in (401, 403)
    login(client, admin_user)
    enrol(client, admin_user)
    page = client.get("/quan-tri/xac-thuc/tai-khoan/").content.decode()
    assert "passkey-registration-placeholder" in page and "otp_webauthn_config" in page
    begin = client.post("/quan-tri/xac-thuc/webauthn/registration/begin/")
    assert begin.status_code == 200
    options = begin.json()
    assert options["rp"]["id"] == "testserver" and options["challenge"]
    bad = client.post("/quan-tri/xac-thuc/webauthn/registration/complete/",
                      data="{not json", content_type="application/json")
    assert bad.status_code >= 400
    forged = client.post("/quan-tri/xac-thuc/webauthn/registration/complete/",
                         data={"id": "x", "rawId": "x", "type": "public-key",
                               "response": {"clientDataJSON": "e30", "attestationObject": "e30"}},
                         content_type="application/json")
    assert forged.status_code >= 400
    assert factors.summary(admin_user)["passkeys"] == 0
    no_state = client.post("/quan-tri/xac-thuc/webauthn/authentication/complete/",
                           data={"id": "x"}, content_type="application/json")
    assert no_state.status_code >= 400


def test_passkey_script_messages_are_in_vietnamese(client):
    import json

    catalog = client.get("/quan-tri/xac-thuc/webauthn/jsi18n/").content.decode()
    for text in ("Đăng ký thành công!", "Xác thực bằng khóa bảo mật"):
        assert text in catalog or json.dumps(text)[1:-1] in catalog
