"""The demo's procedural pictures: valid files, right sizes, deterministic per seed.

Pure Pillow: no database and no Django settings are needed.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bantin.demo import images

THEMES = ["mountain", "field", "meeting", "river", "village", "tea"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Overrides the suite-wide cache fixture: these tests never touch Django."""
    yield


def _open(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_is_a_jpeg_of_the_default_size(theme):
    data = images.make_image(theme, 1)
    assert data[:3] == b"\xff\xd8\xff"
    img = _open(data)
    assert img.format == "JPEG"
    assert img.mode == "RGB"
    assert img.size == (1200, 675)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", [(640, 360), (300, 400), (33, 17)])
def test_requested_size_is_respected(theme, size):
    img = _open(images.make_image(theme, 3, size))
    assert img.format == "JPEG"
    assert img.size == size


@pytest.mark.parametrize("theme", THEMES)
def test_same_seed_gives_identical_bytes(theme):
    assert images.make_image(theme, 42) == images.make_image(theme, 42)


@pytest.mark.parametrize("theme", THEMES)
def test_different_seeds_differ(theme):
    pictures = {images.make_image(theme, seed, (400, 225)) for seed in range(4)}
    assert len(pictures) == 4


def test_themes_differ_from_each_other():
    pictures = {images.make_image(theme, 5, (400, 225)) for theme in THEMES}
    assert len(pictures) == len(THEMES)


def test_picture_is_not_blank():
    img = _open(images.make_image("village", 2, (400, 225))).convert("L")
    low, high = img.getextrema()
    assert high - low > 60


def test_unknown_theme_falls_back_to_mountain():
    data = images.make_image("no-such-theme", 9)
    img = _open(data)
    assert img.format == "JPEG"
    assert img.size == (1200, 675)
    assert data == images.make_image("mountain", 9)


def test_banner_is_a_png_of_the_right_size():
    data = images.make_banner("#b4141b", 0)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = _open(data)
    assert img.format == "PNG"
    assert img.size == (600, 160)
    assert _open(images.make_banner("#0b4f9c", 2, (300, 90))).size == (300, 90)


def test_banner_runs_from_the_colour_to_a_darker_shade():
    img = _open(images.make_banner("#1f7a3a", 0)).convert("RGB")
    left = img.getpixel((1, 5))
    right = img.getpixel((img.width - 2, 5))
    assert sum(right) < sum(left)
    assert abs(left[0] - 0x1F) < 40 and abs(left[1] - 0x7A) < 40 and abs(left[2] - 0x3A) < 40


def test_banner_is_deterministic_and_varies_by_seed():
    assert images.make_banner("#5a2d82", 3) == images.make_banner("#5a2d82", 3)
    assert len({images.make_banner("#5a2d82", seed) for seed in range(6)}) > 1


def test_banner_tolerates_a_bad_colour():
    assert _open(images.make_banner("not a colour", 1)).size == (600, 160)


def test_logo_is_a_png_with_alpha():
    data = images.make_logo()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = _open(data)
    assert img.format == "PNG"
    assert img.size == (256, 256)
    assert img.mode == "RGBA"
    assert img.getpixel((0, 0))[3] == 0  # transparent corner
    r, g, b, a = img.getpixel((128, 128))  # the star's centre is yellow
    assert a == 255 and r > 200 and g > 180 and b < 80
    assert images.make_logo() == data


def test_logo_size_is_configurable():
    img = _open(images.make_logo(64))
    assert img.size == (64, 64)
    assert "A" in img.getbands()
