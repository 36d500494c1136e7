"""Photos straight from a phone: a 15 MB JPEG turned by its EXIF flag and carrying a GPS
position is stored upright, without metadata, at most 2560 px on its longest side; a
truncated photo, an oversized file and a non-image get a Vietnamese form error."""

import hashlib
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bantin.core.models import CustomImage

WIDTH, HEIGHT = 4608, 3456  # a 16-megapixel phone sensor, stored landscape
RED = (255, 0, 0)


@pytest.fixture(scope="module")
def phone_photo() -> bytes:
    """Noise (so it stays ~15 MB as JPEG) with a red corner block at the stored top-left;
    EXIF orientation 6 (turn 90° clockwise to show) and a GPS position."""
    image = Image.frombytes("RGB", (WIDTH, HEIGHT), os.urandom(WIDTH * HEIGHT * 3))
    image.paste(RED, (0, 0, 600, 600))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Điện thoại thử"
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.5), 3: "E", 4: (105.0, 48.0, 12.0)}
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=92, exif=exif.tobytes())
    data = buf.getvalue()
    assert 13_000_000 < len(data) < 20_000_000
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    return data


def _header_markers(data: bytes) -> list[int]:
    """The JPEG's segment markers before its image data (start of scan)."""
    assert data[:2] == b"\xff\xd8"
    markers, at = [], 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return markers


@pytest.fixture
def admin_client_logged(client, admin_user):
    client.force_login(admin_user)
    return client


def _upload(client, name: str, data: bytes):
    return client.post(reverse("wagtailimages:add"), {
        "title": "Ảnh hiện trường",
        "file": SimpleUploadedFile(name, data, content_type="image/jpeg"),
        "collection": 1,
    })


@pytest.mark.django_db
def test_phone_photo_is_upright_without_location_and_smaller(admin_client_logged, phone_photo):
    response = _upload(admin_client_logged, "IMG_20260115.jpg", phone_photo)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = CustomImage.objects.get(title="Ảnh hiện trường")
    with stored.file.open("rb") as fh:
        data = fh.read()
    image = Image.open(io.BytesIO(data))
    # Turned upright: portrait now, the longest side 2560 px.
    assert image.size == (1920, 2560)
    assert (stored.width, stored.height) == image.size
    # The red block that was at the stored top-left is at the shown top-right.
    top_right = image.getpixel((1920 - 40, 40))
    assert top_right[0] > 200 and top_right[1] < 60 and top_right[2] < 60
    assert image.getpixel((40, 40))[1] > 20 or image.getpixel((40, 40))[2] > 20  # noise
    # No EXIF at all, hence no GPS position, no orientation flag left to apply twice.
    assert not image.getexif()
    # Nor an APP1 segment (EXIF or XMP) among the headers. (Not a search for b"GPS" in
    # the bytes: the compressed noise holds those three bytes now and then.)
    assert "exif" not in image.info and 0xE1 not in _header_markers(data)
    assert len(data) < len(phone_photo) // 2
    assert stored.file_size == len(data)
    assert stored.file_hash == hashlib.sha1(data, usedforsecurity=False).hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "message"), [
    ("cat-ngang.jpg", lambda photo: photo[: len(photo) // 3], "Không đọc được ảnh này"),
    ("qua-lon.jpg", lambda photo: photo + b"\0" * (30 * 1024 * 1024 - len(photo)),
     "Ảnh quá lớn"),
    ("khong-phai-anh.jpg", lambda photo: "Đây là văn bản, không phải ảnh.".encode(),
     "Không đọc được ảnh này"),
])
def test_bad_photos_get_a_vietnamese_error(admin_client_logged, phone_photo, name, make,
                                           message):
    before = CustomImage.objects.count()
    response = _upload(admin_client_logged, name, make(phone_photo))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CustomImage.objects.count() == before


@pytest.mark.django_db
def test_a_small_png_keeps_its_format_and_pixels(admin_client_logged):
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 20, 30)).save(buf, "PNG")
    response = admin_client_logged.post(reverse("wagtailimages:add"), {
        "title": "Ảnh chụp màn hình",
        "file": SimpleUploadedFile("man-hinh.png", buf.getvalue(), content_type="image/png"),
        "collection": 1,
    })
    assert response.status_code == 302
    stored = CustomImage.objects.get(title="Ảnh chụp màn hình")
    assert (stored.width, stored.height) == (300, 200)
    assert stored.file_size == len(buf.getvalue())
