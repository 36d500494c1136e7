"""Lockout after failed logins, password policy and hashing, idle expiry, logout everywhere."""

import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from bantin.accounts import sessions
from bantin.settings import base as base_settings

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-rat-dai-2026"
LOCKED = "Đăng nhập tạm thời bị khóa"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("bientap", "bt@example.vn", PASSWORD)


def attempt(client, username, password="sai-mat-khau-123", address="203.0.113.7"):
    return client.post("/quan-tri/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_five_failures_lock_with_the_same_answer_for_known_and_unknown_users(editor):
    answers = {}
    for name, address in (("bientap", "203.0.113.7"), ("khong-ton-tai", "203.0.113.8")):
        client = Client()
        for _ in range(4):
            response = attempt(client, name, address=address)
            assert response.status_code == 200
            assert name not in ("",) and "không tồn tại" not in response.content.decode()
        fifth = attempt(client, name, address=address)
        sixth = attempt(client, name, address=address)
        answers[name] = (fifth.status_code, sixth.status_code, LOCKED in sixth.content.decode(),
                         name in sixth.content.decode())
    assert answers["bientap"] == answers["khong-ton-tai"] == (429, 429, True, False)
    # Locked even with the right password, from another address (the account is locked).
    response = attempt(Client(), "bientap", PASSWORD, address="198.51.100.1")
    assert response.status_code == 429


def test_an_address_is_locked_whatever_names_it_tries(editor):
    client = Client()
    for i in range(5):
        attempt(client, f"ten-{i}", address="203.0.113.9")
    assert attempt(client, "bientap", PASSWORD, address="203.0.113.9").status_code == 429
    # Another address still logs in.
    assert attempt(Client(), "bientap", PASSWORD, address="198.51.100.2").status_code == 302


def test_address_behind_nginx_is_the_forwarded_one(editor):
    client = Client()
    client.post("/quan-tri/login/", {"username": "x", "password": "y"},
                REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.50")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.50"


def test_failed_login_records_are_purged(editor):
    import datetime as dt

    from django.utils import timezone

    from bantin.interaction.personal_data import purge

    attempt(Client(), "bientap")
    assert purge(kinds=["login_attempts"])["login_attempts"] == (0, 0)
    later = timezone.now() + dt.timedelta(days=31)
    assert purge(now=later, kinds=["login_attempts"])["login_attempts"][0] == 1
    row = AccessAttempt.objects.get()
    assert row.ip_address is None and row.username is None and row.user_agent == ""


def test_administrator_unlocks(client, editor):
    for _ in range(5):
        attempt(Client(), "bientap", address="203.0.113.7")
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    client.force_login(admin)
    page = client.get("/quan-tri/xac-thuc/quan-ly/").content.decode()
    assert "Tài khoản: bientap" in page and "Địa chỉ: 203.0.113.7" in page
    client.post("/quan-tri/xac-thuc/quan-ly/mo-khoa/", {"username": "bientap"})
    client.post("/quan-tri/xac-thuc/quan-ly/mo-khoa/", {"ip_address": "203.0.113.7"})
    assert not AccessAttempt.objects.exists()
    assert attempt(Client(), "bientap", PASSWORD).status_code == 302
    empty = client.post("/quan-tri/xac-thuc/quan-ly/mo-khoa/", {}, follow=True)
    assert "Không có tài khoản hay địa chỉ nào" in empty.content.decode()


@pytest.mark.parametrize("password,message", [
    ("ngan-qua", "quá ngắn"),
    ("password1234", "quá phổ biến"),
    ("209348572093485", "hoàn toàn là số"),
])
def test_password_policy_in_vietnamese(password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(message in m for m in error.value.messages), error.value.messages


def test_password_similar_to_username_is_refused(editor):
    with pytest.raises(ValidationError):
        validate_password("bientap-2026", user=editor)
    validate_password("trang-vang-bay-len-2026", user=editor)


def test_production_hashes_with_argon2_and_upgrades_old_hashes(client, editor):
    assert base_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS):
        editor.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        editor.save()
        assert client.post("/quan-tri/login/", {"username": "bientap",
                                                "password": PASSWORD}).status_code == 302
        editor.refresh_from_db()
        assert editor.password.startswith("argon2$")


def test_idle_session_is_refused_on_the_server(client, editor):
    client.force_login(editor)
    assert client.get("/quan-tri/").status_code == 200
    session = client.session
    session[sessions.LAST_SEEN_KEY] = int(time.time()) - 30 * 60 - 5
    session.save()
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and response["Location"].startswith("/quan-tri/login/")
    assert client.post("/api/session/keepalive/").status_code == 401


def test_background_pings_do_not_keep_a_session_alive(client, editor, settings):
    client.force_login(editor)
    session = client.session
    seen = int(time.time()) - 600
    session[sessions.LAST_SEEN_KEY] = seen
    session.save()
    client.get(settings.BANTIN_IDLE_IGNORED_PATHS[0] + "ping/")
    assert client.session[sessions.LAST_SEEN_KEY] == seen
    assert client.post("/api/session/keepalive/").status_code == 200
    assert client.session[sessions.LAST_SEEN_KEY] > seen


def test_logout_everywhere_ends_other_sessions(editor):
    laptop, phone = Client(), Client()
    laptop.force_login(editor)
    phone.force_login(editor)
    assert phone.get("/quan-tri/").status_code == 200
    page = laptop.get("/quan-tri/xac-thuc/dang-xuat-moi-noi/").content.decode()
    assert "Mọi phiên đăng nhập của bạn" in page
    refused = laptop.post("/quan-tri/xac-thuc/dang-xuat-moi-noi/", {})
    assert "Vui lòng đánh dấu ô xác nhận" in refused.content.decode()
    assert phone.get("/quan-tri/").status_code == 200
    done = laptop.post("/quan-tri/xac-thuc/dang-xuat-moi-noi/", {"confirm": "on"})
    assert done.status_code == 302
    for client in (laptop, phone):
        assert client.get("/quan-tri/")["Location"].startswith("/quan-tri/login/")
    # A new login works again.
    phone.force_login(editor)
    assert phone.get("/quan-tri/").status_code == 200
