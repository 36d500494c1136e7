"""The admin import: check first (nothing written), then import exactly what was checked."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bantin.laws.models import LegalDocument

pytestmark = pytest.mark.django_db

URL = "/quan-tri/van-ban/nhap/"
HEADER = ["Số hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu"]


def register(tmp_path, rows) -> SimpleUploadedFile:
    path = tmp_path / "so.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return SimpleUploadedFile("so-van-ban.csv", path.read_bytes(), content_type="text/csv")


@pytest.fixture
def admin_client(client, django_user_model, hub, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    user = django_user_model.objects.create_superuser("qt", "qt@example.vn", "mat-khau-dai-12")
    client.force_login(user)
    return client


def test_check_then_import(admin_client, hub, tmp_path):
    rows = [
        ["1/2026/QĐ-UBND", "Quyết định", "UBND xã", "12/01/2026", "Về việc thứ nhất"],
        ["2/2026/QĐ-UBND", "Quyết định", "UBND xã", "32/01/2026", "Ngày sai"],
    ]
    checked = admin_client.post(URL, {"site": hub["site"].pk,
                                      "register": register(tmp_path, rows)})
    page = checked.content.decode()
    assert "Sẽ tạo 1, cập nhật 0, lỗi 1 dòng." in page
    assert "Kết quả kiểm tra (chưa ghi gì)" in page
    assert not LegalDocument.objects.exists()
    token = checked.context["token"]
    done = admin_client.post(URL, {"action": "import", "token": token}).content.decode()
    assert "Đã tạo 1, cập nhật 0, lỗi 1 dòng." in done
    assert list(LegalDocument.objects.values_list("number", flat=True)) == ["1/2026/QĐ-UBND"]
    again = admin_client.post(URL, {"action": "import", "token": token}).content.decode()
    assert LegalDocument.objects.count() == 1, "a used token imports nothing twice"
    assert "Kiểm tra tệp" in again


def test_bad_uploads_are_refused_with_reasons(admin_client, hub, tmp_path):
    wrong = admin_client.post(URL, {"site": hub["site"].pk,
                                    "register": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in wrong.content.decode()
    missing = SimpleUploadedFile("so.csv", "Số hiệu,Trích yếu\n1/QĐ,Thiếu cột\n".encode())
    response = admin_client.post(URL, {"site": hub["site"].pk, "register": missing})
    assert "Loại văn bản" in response.content.decode()
    assert not LegalDocument.objects.exists()


def test_editors_without_permission_are_refused(client, django_user_model, hub):
    user = django_user_model.objects.create_user("cb", password="mat-khau-dai-12")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail turns a permission refusal into a redirect to the dashboard with a message.
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/quan-tri/"
    response = client.post(URL, {"site": hub["site"].pk,
                                 "register": SimpleUploadedFile("s.csv", b"x")})
    assert response.status_code == 302
    assert not LegalDocument.objects.exists()
