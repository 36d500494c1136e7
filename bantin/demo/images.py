"""Procedural placeholder pictures for the demo content.

Everything here is drawn with Pillow primitives only: no fonts, no files on disk
and no network access. The output depends on nothing but the arguments, so the
demo loader produces byte-identical images on every run.

Public API:

* ``make_image(theme, seed, size)`` -- a JPEG flat illustration for an article;
* ``make_banner(color, seed, size)`` -- a PNG gradient banner with a geometric motif;
* ``make_logo(size)`` -- a PNG emblem (red disc, yellow star, gold ring) with alpha.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import random
from collections.abc import Callable, Sequence

from PIL import Image, ImageColor, ImageDraw, ImageFilter

Color = tuple[int, int, int]
Point = tuple[float, float]

THEMES: tuple[str, ...] = ("mountain", "field", "meeting", "river", "village", "tea")
DEFAULT_THEME = "mountain"
JPEG_QUALITY = 82

# Scenes are drawn at this multiple of the final size and then box-filtered
# down, which gives cheap anti-aliasing for ImageDraw's hard-edged shapes.
_SUPERSAMPLE = 2
# The reference size every scene is laid out for; other sizes scale from it.
_REFERENCE_AREA = 1200 * 675


# --------------------------------------------------------------------------
# Colour helpers
# --------------------------------------------------------------------------

def _rgb(value: str) -> Color:
    """A colour from a hex string such as ``#1f7a3a``."""
    r, g, b = ImageColor.getrgb(value)[:3]
    return (r, g, b)


def _clamp(value: float) -> int:
    return max(0, min(255, int(round(value))))


def _mix(a: Color, b: Color, t: float) -> Color:
    """Linear blend from ``a`` (t=0) to ``b`` (t=1)."""
    return (_clamp(a[0] + (b[0] - a[0]) * t),
            _clamp(a[1] + (b[1] - a[1]) * t),
            _clamp(a[2] + (b[2] - a[2]) * t))


def _shade(c: Color, factor: float) -> Color:
    """Darker (factor < 1) or lighter (factor > 1, towards white) version of ``c``."""
    if factor <= 1:
        return (_clamp(c[0] * factor), _clamp(c[1] * factor), _clamp(c[2] * factor))
    return _mix(c, (255, 255, 255), factor - 1)


def _jitter(rng: random.Random, c: Color, amount: int = 10) -> Color:
    """A small random variation of ``c`` so that seeds differ in colour too."""
    return (_clamp(c[0] + rng.randint(-amount, amount)),
            _clamp(c[1] + rng.randint(-amount, amount)),
            _clamp(c[2] + rng.randint(-amount, amount)))


def _pick(rng: random.Random, values: Sequence[str], amount: int = 10) -> Color:
    return _jitter(rng, _rgb(rng.choice(values)), amount)


# Sky palettes: (top, middle, horizon, sun, haze).
_SKIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("#3f7fc1", "#8dbde2", "#e6f1f0", "#fff6d6", "#c6dbe4"),  # clear day
    ("#4f86c0", "#a3c3e0", "#f4e2c4", "#fff0c8", "#c9d6dc"),  # soft morning
    ("#3a78b2", "#7fb5da", "#dcefef", "#fffbe8", "#bad5de"),  # bright noon
    ("#5b8cc6", "#b4cbe0", "#f7dcb4", "#ffefbf", "#d2d8d8"),  # golden hour
    ("#4d8cc4", "#9fcbe6", "#eef5ea", "#fffbe0", "#cfe1e0"),  # hazy highland
)


def _sky_palette(rng: random.Random) -> dict[str, Color]:
    top, mid, horizon, sun, haze = rng.choice(_SKIES)
    return {
        "top": _jitter(rng, _rgb(top), 8),
        "mid": _jitter(rng, _rgb(mid), 8),
        "horizon": _jitter(rng, _rgb(horizon), 6),
        "sun": _rgb(sun),
        "haze": _jitter(rng, _rgb(haze), 6),
    }


def _gradient_strip(stops: Sequence[tuple[float, Color]], n: int = 256) -> list[Color]:
    """``n`` colours interpolated through ``stops`` (position in 0..1, colour)."""
    out: list[Color] = []
    for i in range(n):
        t = i / (n - 1)
        for (p0, c0), (p1, c1) in itertools.pairwise(stops):
            if t <= p1:
                out.append(_mix(c0, c1, 0 if p1 == p0 else (t - p0) / (p1 - p0)))
                break
        else:
            out.append(stops[-1][1])
    return out


# --------------------------------------------------------------------------
# Canvas: draws in final-size coordinates on a supersampled image
# --------------------------------------------------------------------------

class _Canvas:
    def __init__(self, size: tuple[int, int], ss: int = _SUPERSAMPLE,
                 mode: str = "RGB", background: tuple[int, ...] = (255, 255, 255)) -> None:
        self.w, self.h = size
        self.ss = ss
        # Scale factor for object sizes relative to the 1200x675 reference.
        self.k = math.sqrt(self.w * self.h / _REFERENCE_AREA)
        self.img = Image.new(mode, (self.w * ss, self.h * ss), background)
        self.draw = ImageDraw.Draw(self.img)

    def _pts(self, pts: Sequence[Point]) -> list[tuple[float, float]]:
        s = self.ss
        return [(x * s, y * s) for x, y in pts]

    def _box(self, box: Sequence[float]) -> list[float]:
        s = self.ss
        x0, y0, x1, y1 = box
        return [min(x0, x1) * s, min(y0, y1) * s, max(x0, x1) * s, max(y0, y1) * s]

    def poly(self, pts: Sequence[Point], fill: Color) -> None:
        if len(pts) >= 3:
            self.draw.polygon(self._pts(pts), fill=fill)

    def line(self, pts: Sequence[Point], fill: Color, width: float) -> None:
        if len(pts) >= 2:
            # Round joints are drawn vertex by vertex in Python: only for short lines.
            self.draw.line(self._pts(pts), fill=fill, width=max(1, int(round(width * self.ss))),
                           joint="curve" if len(pts) <= 8 else None)

    def band(self, pts: Sequence[Point], fill: Color, thickness: float) -> None:
        """A thick stroke along an x-sorted curve, as one polygon (fast for long curves)."""
        half = max(0.5 / self.ss, thickness / 2)
        self.poly([(x, y - half) for x, y in pts] + [(x, y + half) for x, y in reversed(pts)],
                  fill)

    def ellipse(self, box: Sequence[float], fill: Color) -> None:
        self.draw.ellipse(self._box(box), fill=fill)

    def circle(self, x: float, y: float, r: float, fill: Color) -> None:
        self.ellipse((x - r, y - r, x + r, y + r), fill)

    def rect(self, box: Sequence[float], fill: Color) -> None:
        self.draw.rectangle(self._box(box), fill=fill)

    def rounded(self, box: Sequence[float], radius: float, fill: Color) -> None:
        b = self._box(box)
        r = max(0.0, min(radius * self.ss, (b[2] - b[0]) / 2, (b[3] - b[1]) / 2))
        self.draw.rounded_rectangle(b, radius=r, fill=fill)

    def vgradient(self, stops: Sequence[tuple[float, Color]], y0: float, y1: float) -> None:
        """A vertical gradient band, built from a 1-pixel column and stretched."""
        top, bottom = int(y0 * self.ss), int(math.ceil(y1 * self.ss))
        if bottom <= top:
            return
        column = Image.new("RGB", (1, 256))
        column.putdata(_gradient_strip(stops))
        # Interpolate along the column first, then widen with a cheap nearest resize.
        band = column.resize((1, bottom - top), Image.Resampling.BILINEAR)
        band = band.resize((self.w * self.ss, bottom - top), Image.Resampling.NEAREST)
        self.img.paste(band, (0, top))

    def paste_mask(self, color: Color, mask: Image.Image, x: float, y: float) -> None:
        """Paints ``color`` through an L-mode mask whose top-left lands at (x, y)."""
        left, top = int(round(x * self.ss)), int(round(y * self.ss))
        self.img.paste(color, (left, top, left + mask.width, top + mask.height), mask)

    def finish(self) -> Image.Image:
        if self.ss == 1:
            return self.img
        return self.img.reduce(self.ss)


# --------------------------------------------------------------------------
# Shape generators
# --------------------------------------------------------------------------

def _wave(rng: random.Random, width: float, cycles: float = 1.2,
          terms: int = 3) -> Callable[[float], float]:
    """A smooth random function of x, roughly within -1..1."""
    parts = []
    for i in range(terms):
        amp = rng.uniform(0.6, 1.0) / (i + 1) ** 1.3
        freq = 2 * math.pi * cycles * (i + 1) * rng.uniform(0.75, 1.25) / width
        parts.append((amp, freq, rng.uniform(0, 2 * math.pi)))
    total = sum(a for a, _, _ in parts)

    def f(x: float) -> float:
        return sum(a * math.sin(fr * x + ph) for a, fr, ph in parts) / total

    return f


def _ridge(rng: random.Random, w: float, base: float, amp: float,
           rough: float = 0.5, levels: int = 7) -> list[Point]:
    """A jagged skyline by midpoint displacement; peaks reach ``base - amp``."""
    n = 2 ** levels
    hts = [0.0] * (n + 1)
    hts[0], hts[n] = rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6)
    step, scale = n, 1.0
    while step > 1:
        half = step // 2
        for i in range(half, n, step):
            hts[i] = (hts[i - half] + hts[i + half]) / 2 + rng.uniform(-scale, scale)
        scale *= rough
        step = half
    lo, hi = min(hts), max(hts)
    span = (hi - lo) or 1.0
    x0, width = -0.02 * w, 1.04 * w
    return [(x0 + width * i / n, base - amp * (hts[i] - lo) / span) for i in range(n + 1)]


def _close_down(pts: Sequence[Point], bottom: float) -> list[Point]:
    """Closes an x-sorted skyline into a polygon reaching down to ``bottom``."""
    return [*pts, (pts[-1][0], bottom), (pts[0][0], bottom)]


def _y_at(pts: Sequence[Point], x: float) -> float:
    """Linear interpolation of an x-sorted polyline at ``x``."""
    if x <= pts[0][0]:
        return pts[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / ((x1 - x0) or 1)
    return pts[-1][1]


@functools.lru_cache(maxsize=1)
def _glow_mask() -> Image.Image:
    """A soft radial falloff (255 in the centre, 0 at the edge), 256x256."""
    mask = Image.new("L", (256, 256), 0)
    d = ImageDraw.Draw(mask)
    for i in range(128):
        r = 128 - i
        d.ellipse((128 - r, 128 - r, 128 + r, 128 + r), fill=int(255 * (i / 127) ** 2.4))
    return mask.filter(ImageFilter.GaussianBlur(3))


# --------------------------------------------------------------------------
# Shared scenery
# --------------------------------------------------------------------------

def _sky(cv: _Canvas, pal: dict[str, Color], horizon: float) -> None:
    cv.vgradient([(0.0, pal["top"]), (0.55, pal["mid"]), (1.0, pal["horizon"])], 0, horizon)
    cv.rect((0, horizon - 1, cv.w, cv.h), pal["horizon"])


def _sun(cv: _Canvas, x: float, y: float, r: float, color: Color, glow: float = 0.55) -> None:
    size = max(2, int(r * 7 * cv.ss))
    mask = _glow_mask().resize((size, size), Image.Resampling.BILINEAR)
    mask = mask.point(lambda v: int(v * glow))
    cv.paste_mask(color, mask, x - size / cv.ss / 2, y - size / cv.ss / 2)
    cv.circle(x, y, r * 1.25, _mix(color, (255, 255, 255), 0.2))
    cv.circle(x, y, r, _mix(color, (255, 255, 255), 0.55))


def _cloud(cv: _Canvas, rng: random.Random, cx: float, cy: float, s: float,
           alpha: int = 215) -> None:
    bw, bh = 260 * s, 90 * s
    mw, mh = max(2, int(bw * cv.ss)), max(2, int(bh * cv.ss))
    mask = Image.new("L", (mw, mh), 0)
    d = ImageDraw.Draw(mask)
    d.rounded_rectangle((0.06 * mw, 0.58 * mh, 0.94 * mw, 0.96 * mh), radius=0.19 * mh, fill=alpha)
    for _ in range(rng.randint(3, 5)):
        r = rng.uniform(0.22, 0.4) * mh
        px = rng.uniform(0.22, 0.78) * mw
        py = 0.96 * mh - r * rng.uniform(1.0, 1.25)
        d.ellipse((px - r, py - r, px + r, py + r), fill=alpha)
    cv.paste_mask((255, 255, 255), mask, cx - bw / 2, cy - bh / 2)


def _clouds(cv: _Canvas, rng: random.Random, y_max: float, count: tuple[int, int] = (2, 4)) -> None:
    n = rng.randint(*count)
    for i in range(n):
        x = cv.w * (i + rng.uniform(0.15, 0.85)) / n
        y = rng.uniform(0.08, 1.0) * y_max
        _cloud(cv, rng, x, y, cv.k * rng.uniform(0.55, 1.0), alpha=rng.randint(170, 225))


def _birds(cv: _Canvas, rng: random.Random, y_max: float, color: Color) -> None:
    if rng.random() < 0.35:
        return
    cx, cy = rng.uniform(0.2, 0.8) * cv.w, rng.uniform(0.12, 0.6) * y_max
    for _ in range(rng.randint(2, 5)):
        x, y = cx + rng.uniform(-70, 70) * cv.k, cy + rng.uniform(-30, 30) * cv.k
        s = rng.uniform(5, 9) * cv.k
        cv.line([(x - s, y - s * 0.45), (x - s * 0.45, y - s * 0.55), (x, y),
                 (x + s * 0.45, y - s * 0.55), (x + s, y - s * 0.45)], color, 1.6 * cv.k)


def _far_ranges(cv: _Canvas, rng: random.Random, pal: dict[str, Color], base: float,
                layers: int = 2, amp: float = 0.12) -> None:
    """Hazy distant mountains sitting on ``base``."""
    far = _mix(pal["haze"], _mix(pal["top"], _rgb("#7f9fbf"), 0.5), 0.4)
    near = _mix(_rgb("#6f9a8a"), pal["haze"], 0.35)
    for i in range(layers):
        t = i / max(1, layers - 1)
        pts = _ridge(rng, cv.w, base + i * 0.025 * cv.h, cv.h * amp * (1 - 0.3 * t),
                     rough=0.5, levels=6)
        cv.poly(_close_down(pts, cv.h + 5), _mix(far, near, t))


def _round_tree(cv: _Canvas, x: float, y: float, s: float, dark: Color, light: Color,
                trunk: Color = (96, 70, 48)) -> None:
    cv.rect((x - 3 * s, y - 32 * s, x + 3 * s, y), trunk)
    cv.ellipse((x - 22 * s, y - 74 * s, x + 22 * s, y - 24 * s), dark)
    cv.ellipse((x - 17 * s, y - 80 * s, x + 12 * s, y - 46 * s), light)


def _pine(cv: _Canvas, x: float, y: float, s: float, color: Color) -> None:
    cv.rect((x - 2 * s, y - 14 * s, x + 2 * s, y), _shade(color, 0.7))
    for i in range(3):
        top = y - (58 - i * 14) * s
        half = (11 + i * 5) * s
        cv.poly([(x, top), (x + half, top + 26 * s), (x - half, top + 26 * s)], color)


def _palm(cv: _Canvas, x: float, y: float, s: float, color: Color) -> None:
    """An areca palm: a thin trunk with a crown of drooping fronds."""
    tx, top = x + 3 * s, y - 95 * s
    cv.line([(x, y), (tx, top)], (120, 100, 80), 3 * s)
    for a in range(9):
        ang = math.pi * (0.02 + 0.96 * a / 8)
        dx, dy = -math.cos(ang), -math.sin(ang)
        reach = 38 * s * (0.8 + 0.2 * math.sin(ang))
        mx, my = tx + dx * reach * 0.55, top + dy * reach * 0.55 - 6 * s
        ex, ey = tx + dx * reach, top + dy * reach * 0.35 + 14 * s
        cv.line([(tx, top), (mx, my), (ex, ey)], color, 5 * s)
    cv.circle(tx, top, 5 * s, _shade(color, 0.8))


def _contours(rng: random.Random, w: float, y_top: float, y_bottom: float, n: int,
              amp: float, gamma: float, step: float, min_gap: float,
              ) -> tuple[list[float], list[list[float]]]:
    """``n + 1`` non-crossing curves from ``y_top`` down to ``y_bottom``.

    They share one rolling hill shape so the bands between them read as terraces
    or planting rows following the land, and they spread out towards the viewer.
    """
    xs = [-10 + i * step for i in range(int((w + 20) / step) + 2)]
    hill = _wave(rng, w, cycles=rng.uniform(0.5, 0.9), terms=2)
    curves: list[list[float]] = []
    for i in range(n + 1):
        t = i / n
        base = y_top + (y_bottom - y_top) * t ** gamma
        wobble = _wave(rng, w, cycles=rng.uniform(1.0, 2.0), terms=2)
        a = amp * (1 - 0.55 * t)
        ys = [base + a * hill(x) + amp * 0.08 * wobble(x) for x in xs]
        if curves:
            gap = min_gap * (0.4 + t)
            ys = [max(y, prev + gap) for y, prev in zip(ys, curves[-1], strict=True)]
        curves.append(ys)
    return xs, curves


# --------------------------------------------------------------------------
# Themes
# --------------------------------------------------------------------------

def _scene_mountain(cv: _Canvas, rng: random.Random) -> None:
    w, h, k = cv.w, cv.h, cv.k
    pal = _sky_palette(rng)
    _sky(cv, pal, h * 0.8)
    _sun(cv, rng.uniform(0.12, 0.88) * w, rng.uniform(0.14, 0.3) * h, 34 * k, pal["sun"])
    _clouds(cv, rng, h * 0.32)
    _birds(cv, rng, h * 0.4, _shade(pal["top"], 0.45))
    far = _mix(pal["haze"], _mix(pal["top"], _rgb("#7f9fbf"), 0.5), 0.45)
    near = _pick(rng, ("#2f5d50", "#33603f", "#2c5560", "#3d5c3a"), 8)
    mid = _pick(rng, ("#5f8f7a", "#6d9a72", "#5c8a8f"), 8)
    layers = rng.randint(4, 5)
    pts: list[Point] = []
    for i in range(layers):
        t = i / (layers - 1)
        color = _mix(far, mid, t * 2) if t < 0.5 else _mix(mid, near, (t - 0.5) * 2)
        base = h * (0.44 + 0.5 * t) + rng.uniform(-0.02, 0.02) * h
        amp = h * (0.26 - 0.12 * t) * rng.uniform(0.85, 1.15)
        pts = _ridge(rng, w, base, amp, rough=0.52 - 0.08 * t, levels=7 - (i > 2))
        if i == 0 and rng.random() < 0.6:
            # Light snow / mist on the far peaks' tops: paint the whole range in the
            # cap colour, then the range again below a wavy snow line.
            cv.poly(_close_down(pts, h + 5), _mix(color, (255, 255, 255), 0.45))
            line = min(y for _, y in pts) + amp * rng.uniform(0.15, 0.25)
            snow = _wave(rng, w, cycles=4, terms=2)
            pts = [(x, max(y, line + amp * 0.05 * snow(x))) for x, y in pts]
        cv.poly(_close_down(pts, h + 5), color)
    tree = _shade(near, 0.75)
    for _ in range(rng.randint(3, 6)):
        cx = rng.uniform(0, w)
        for _ in range(rng.randint(2, 5)):
            x = cx + rng.uniform(-50, 50) * k
            y = _y_at(pts, x) + rng.uniform(8, 40) * k
            _pine(cv, x, y, k * rng.uniform(0.8, 1.3), tree)


def _scene_field(cv: _Canvas, rng: random.Random) -> None:
    w, h, k = cv.w, cv.h, cv.k
    pal = _sky_palette(rng)
    _sky(cv, pal, h * 0.6)
    _sun(cv, rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.2) * h, 28 * k, pal["sun"])
    _clouds(cv, rng, h * 0.22, (1, 3))
    _far_ranges(cv, rng, pal, h * 0.36, layers=2, amp=0.14)

    season = rng.choice(("young", "young", "ripe", "mixed", "water"))
    young = ("#8cc63f", "#7cb342", "#9ccc65", "#6fae3a", "#a5cf5a")
    ripe = ("#d8c24a", "#cdb23a", "#e3cf62", "#c9b547", "#bfc04a")
    water = ("#b9d6df", "#a9cbd6", "#c6dde2")

    def band_color(i: int) -> Color:
        if season == "young":
            return _pick(rng, young, 8)
        if season == "ripe":
            return _pick(rng, ripe if rng.random() < 0.85 else young, 8)
        if season == "water":
            return _pick(rng, water if rng.random() < 0.6 else young, 6)
        return _pick(rng, young if (i // 2) % 2 else ripe, 8)

    n = rng.randint(13, 17)
    xs, curves = _contours(rng, w, h * rng.uniform(0.4, 0.46), h * 1.08, n,
                           amp=h * 0.09, gamma=1.35, step=10, min_gap=12 * k)
    for i, ys in enumerate(curves[:-1]):
        t = i / n
        top = list(zip(xs, ys, strict=True))
        color = band_color(i)
        cv.poly(_close_down(top, h + 10), color)
        wall = 2.0 + 5.0 * t
        cv.band(top, _mix(color, (92, 74, 44), 0.55), wall * k)
        cv.band([(x, y + wall * k * 0.75) for x, y in top], _shade(color, 1.18), wall * 0.5 * k)
        if i == 0:
            dark = _pick(rng, ("#3f6f35", "#42703a"), 6)
            for _ in range(rng.randint(2, 5)):
                x = rng.uniform(0.05, 0.95) * w
                _round_tree(cv, x, _y_at(top, x) + 2 * k, 0.55 * k, dark, _shade(dark, 1.2))
        if i == 2 and rng.random() < 0.7:
            # A small field hut on the third terrace.
            x = rng.uniform(0.15, 0.85) * w
            y = _y_at(top, x) + 12 * k
            s = 0.8 * k
            cv.rect((x - 18 * s, y - 22 * s, x + 18 * s, y), (150, 112, 70))
            cv.rect((x - 5 * s, y - 14 * s, x + 5 * s, y), (80, 58, 40))
            cv.poly([(x - 28 * s, y - 20 * s), (x, y - 44 * s), (x + 28 * s, y - 20 * s)],
                    (122, 88, 52))


def _scene_meeting(cv: _Canvas, rng: random.Random) -> None:
    w, h, k = cv.w, cv.h, cv.k
    wall = _pick(rng, ("#efe3c8", "#f1e6cf", "#eadcc0", "#f3e9d6"), 5)
    red = _pick(rng, ("#c8102e", "#c41e24", "#b7141b"), 6)
    gold = _pick(rng, ("#f2c230", "#f5c542", "#eab92b"), 5)
    # Ceiling, wall and floor.
    cv.vgradient([(0, _shade(wall, 0.78)), (1, _shade(wall, 0.9))], 0, h * 0.08)
    cv.vgradient([(0, wall), (1, _shade(wall, 0.92))], h * 0.08, h * 0.56)
    floor = _pick(rng, ("#8a5a3c", "#7d4f36", "#93603f"), 6)
    cv.vgradient([(0, _shade(floor, 0.85)), (1, floor)], h * 0.56, h)
    for i in (0, 1, 3, 4):
        x = w * (0.18 + 0.16 * i)
        cv.ellipse((x - 26 * k, h * 0.05, x + 26 * k, h * 0.05 + 12 * k), (255, 248, 220))
    # Red banner stripe with gold trim.
    b0, b1 = h * 0.19, h * 0.28
    bx0, bx1 = w * 0.1, w * 0.9
    cv.rect((bx0, b0, bx1, b1), red)
    cv.rect((bx0, b0 + 5 * k, bx1, b0 + 7 * k), gold)
    cv.rect((bx0, b1 - 7 * k, bx1, b1 - 5 * k), gold)
    # Emblem: red disc, yellow star, gold ring.
    ex, ey, er = w * 0.5, h * 0.135, h * 0.045
    cv.circle(ex, ey, er, gold)
    cv.circle(ex, ey, er * 0.9, red)
    cv.poly(_star(ex, ey, er * 0.62), gold)
    # Side curtains.
    curtain = _shade(red, 0.72)
    for side in (0, 1):
        x0, x1 = (0, w * 0.075) if side == 0 else (w * 0.925, w)
        cv.rect((x0, 0, x1, h * 0.62), curtain)
        for j in range(1, 4):
            fx = x0 + (x1 - x0) * j / 4
            cv.line([(fx, 0), (fx, h * 0.62)], _shade(curtain, 0.75), 3 * k)
    cv.rect((0, 0, w, h * 0.035), _shade(red, 0.65))
    # Stage.
    sx0, sx1 = w * 0.12, w * 0.88
    cv.rect((sx0, h * 0.47, sx1, h * 0.49), _shade(floor, 1.25))
    cv.rect((sx0, h * 0.49, sx1, h * 0.57), _shade(floor, 0.8))
    # Presidium table with seated officials.
    cloth = _pick(rng, ("#2e6b4f", "#24588a", "#f4f1ea"), 6)
    tx0, tx1 = w * rng.uniform(0.25, 0.3), w * rng.uniform(0.7, 0.75)
    seats = rng.randint(5, 7)
    for i in range(seats):
        x = tx0 + (tx1 - tx0) * (i + 0.5) / seats
        _person(cv, rng, x, h * 0.335, 0.62 * k)
    cv.rect((tx0 - 10 * k, h * 0.385, tx1 + 10 * k, h * 0.475), cloth)
    cv.rect((tx0 - 10 * k, h * 0.385, tx1 + 10 * k, h * 0.395), _shade(cloth, 0.85))
    # Podium on one side.
    px = w * (0.83 if rng.random() < 0.5 else 0.17)
    pod = _shade(floor, 1.1)
    cv.poly([(px - 30 * k, h * 0.36), (px + 30 * k, h * 0.36),
             (px + 24 * k, h * 0.475), (px - 24 * k, h * 0.475)], pod)
    cv.rect((px - 34 * k, h * 0.35, px + 34 * k, h * 0.365), _shade(pod, 0.8))
    cv.circle(px, h * 0.415, 8 * k, gold)
    # Flowers along the stage front.
    leaf = _rgb("#3d7a3a")
    blooms = [_rgb(c) for c in ("#f2c230", "#e8543f", "#f6a6b2", "#ffffff", "#f08a24")]
    x = sx0 + 10 * k
    while x < sx1 - 10 * k:
        cv.ellipse((x - 14 * k, h * 0.545 - 12 * k, x + 14 * k, h * 0.545 + 6 * k), leaf)
        for _ in range(3):
            cv.circle(x + rng.uniform(-9, 9) * k, h * 0.54 + rng.uniform(-10, 0) * k,
                      4.5 * k, rng.choice(blooms))
        x += 24 * k
    # Audience rows seen from behind, far to near.
    chair = _pick(rng, ("#7a2230", "#5b2a2a", "#3f4f6b"), 6)
    rows = 5
    for r in range(rows):
        t = r / (rows - 1)
        s = k * (0.6 + 0.85 * t)
        y = h * (0.64 + 0.36 * t ** 1.15)
        gap = 72 * s
        aisle = 40 * s
        x = rng.uniform(0, gap) - gap / 2
        while x < w + gap:
            if abs(x - w / 2) > aisle:
                cv.rounded((x - 30 * s, y + 8 * s, x + 30 * s, y + 70 * s), 10 * s, chair)
                if rng.random() < 0.9:
                    _person(cv, rng, x + rng.uniform(-4, 4) * s, y, s)
            x += gap


_SHIRTS = ("#f2f2ee", "#f6f6f3", "#bcd3ea", "#2f3f5c", "#6b7b4a", "#d8c8a8", "#5a6068", "#e9e4d6")
_HAIR = ("#1f1a17", "#2b2420", "#3a2f28", "#1b1b1e", "#8a8580")


def _person(cv: _Canvas, rng: random.Random, x: float, y: float, s: float) -> None:
    """A seated figure seen as head and shoulders; ``y`` is the shoulder line."""
    shirt = _pick(rng, _SHIRTS, 6)
    hair = _rgb(rng.choice(_HAIR)) if rng.random() > 0.12 else _rgb("#8a8580")
    cv.rounded((x - 27 * s, y, x + 27 * s, y + 60 * s), 20 * s, shirt)
    cv.rect((x - 6 * s, y - 8 * s, x + 6 * s, y + 2 * s), _rgb("#d9a77f"))
    cv.circle(x, y - 20 * s, 15 * s, hair)


def _star(cx: float, cy: float, r: float, inner: float = 0.382) -> list[Point]:
    """Five-pointed star, one point straight up."""
    pts: list[Point] = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * inner
        ang = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
    return pts


def _scene_river(cv: _Canvas, rng: random.Random) -> None:
    w, h, k = cv.w, cv.h, cv.k
    pal = _sky_palette(rng)
    horizon = h * rng.uniform(0.4, 0.45)
    _sky(cv, pal, horizon + 2)
    _sun(cv, rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.22) * h, 28 * k, pal["sun"])
    _clouds(cv, rng, horizon * 0.55, (2, 3))
    _birds(cv, rng, horizon * 0.6, _shade(pal["top"], 0.45))
    _far_ranges(cv, rng, pal, horizon, layers=2, amp=0.14)
    hazy = _mix(_rgb("#8fb57a"), pal["haze"], 0.45)
    rich = _pick(rng, ("#4f9a45", "#5a9e3f", "#46905a"), 8)
    cv.vgradient([(0, hazy), (1, rich)], horizon, h)

    # River in true perspective: constant world width and a sine meander in depth.
    start = horizon + 0.035 * h
    centre = w * rng.uniform(0.4, 0.6)
    swing = rng.uniform(0.55, 0.8)
    freq = rng.uniform(3.2, 4.4)
    phase = rng.uniform(0, 2 * math.pi)
    width = rng.uniform(0.75, 1.0)

    def river_at(y: float) -> tuple[float, float]:
        d = max(1.0, y - horizon)
        z = h * 0.1 / d
        return centre + d * swing * math.sin(z * freq + phase), d * width / 2 + 2 * k

    ys = [start + (h + 30 - start) * (i / 90) ** 1.6 for i in range(91)]
    sand = _pick(rng, ("#d9cf9c", "#cfc796", "#d6d2a4"), 6)
    far_water = _mix(pal["horizon"], pal["mid"], 0.5)
    near_water = _mix(_rgb("#3b7fa8"), pal["mid"], 0.3)
    for ya, yb in itertools.pairwise(ys):
        (ca, ha), (cb, hb) = river_at(ya), river_at(yb)
        ba, bb = ha * 1.12 + 2 * k, hb * 1.12 + 2 * k
        cv.poly([(ca - ba, ya), (ca + ba, ya), (cb + bb, yb), (cb - bb, yb)], sand)
    for i, (ya, yb) in enumerate(itertools.pairwise(ys)):
        (ca, ha), (cb, hb) = river_at(ya), river_at(yb)
        c = _mix(far_water, near_water, (i / 90) ** 0.8)
        cv.poly([(ca - ha, ya), (ca + ha, ya), (cb + hb, yb + 0.5), (cb - hb, yb + 0.5)], c)
    for _ in range(rng.randint(8, 14)):
        y = rng.uniform(horizon + 0.25 * h, h)
        c, half = river_at(y)
        L = half * rng.uniform(0.15, 0.4)
        x = c + rng.uniform(-0.6, 0.6) * half
        cv.line([(x - L / 2, y), (x + L / 2, y)], _mix(near_water, (255, 255, 255), 0.45),
                (1 + 3 * (y - horizon) / h) * k)

    # Rolling hills on alternating sides, far to near; each hugs the river bank.
    count = rng.randint(4, 6)
    side = rng.choice((-1, 1))
    for j in range(count):
        t = (j + rng.uniform(0.2, 0.8)) / count
        base = horizon + 0.05 * h + (h * 0.95 - horizon) * t ** 1.5
        d = base - horizon
        height = d * rng.uniform(0.35, 0.6) + 12 * k
        colour = _jitter(rng, _mix(hazy, rich, min(1.0, 0.15 + t * 1.1)), 6)
        steps = 40
        foot_c, foot_h = river_at(base)
        margin = foot_h * 0.2 + d * 0.08
        if side < 0:
            x_far, x_foot = -0.12 * w, foot_c - foot_h * 1.12 - margin
        else:
            x_far, x_foot = w * 1.12, foot_c + foot_h * 1.12 + margin
        peak = rng.uniform(0.3, 0.55)
        top: list[Point] = []
        for i in range(steps + 1):
            u = i / steps
            shape = math.sin(math.pi * min(1.0, u / (2 * peak) if u < peak else
                                           0.5 + (u - peak) / (2 * (1 - peak))))
            top.append((x_far + (x_foot - x_far) * u, base - height * max(0.0, shape) ** 0.8))
        bank: list[Point] = []
        for y in ys:
            if y > base:
                c, half = river_at(y)
                m = half * 0.2 + (y - horizon) * 0.08
                bank.append((c + side * (half * 1.12 + m), y))
        cv.poly(top + bank + [(x_far, h + 30)], colour)
        # A few trees along the crest.
        dark = _shade(colour, 0.72)
        for _ in range(rng.randint(2, 6)):
            u = rng.uniform(0.15, 0.85)
            x, y = top[int(u * steps)]
            _round_tree(cv, x, y + 6 * k, (0.25 + 0.6 * t) * k, dark, _shade(colour, 0.88))
        side = -side


def _stilt_house(cv: _Canvas, rng: random.Random, x: float, ground: Callable[[float], float],
                 s: float) -> None:
    """A stilt house centred at ``x``; stilts reach down to the sloping ground."""
    wood = _pick(rng, ("#a8743f", "#9c6b3c", "#b07d48", "#8f6238"), 8)
    roof = _pick(rng, ("#6d4c2f", "#5d4a3a", "#7a5a36", "#4f4a48"), 8)
    bw, bh, hs = rng.uniform(130, 170) * s, 54 * s, 36 * s
    x0, x1 = x - bw / 2, x + bw / 2
    gy = min(ground(x0), ground(x1))
    floor_y = gy - hs
    # Shadow under the house.
    cv.ellipse((x0 - 6 * s, ground(x) - 7 * s, x1 + 6 * s, ground(x) + 7 * s),
               _rgb("#3f5f33"))
    for i in range(5):
        px = x0 + 6 * s + (bw - 12 * s) * i / 4
        cv.rect((px - 3 * s, floor_y, px + 3 * s, ground(px) + 2 * s), _shade(wood, 0.6))
    cv.rect((x0 - 6 * s, floor_y - 6 * s, x1 + 6 * s, floor_y + 2 * s), _shade(wood, 0.7))
    cv.rect((x0, floor_y - bh, x1, floor_y - 6 * s), wood)
    for i in range(1, int(bw / (12 * s))):
        lx = x0 + i * 12 * s
        cv.line([(lx, floor_y - bh), (lx, floor_y - 6 * s)], _shade(wood, 0.88), 1.2 * s)
    # Windows and door.
    for fx in (0.2, 0.72):
        wx = x0 + bw * fx
        cv.rect((wx, floor_y - bh + 16 * s, wx + 18 * s, floor_y - 22 * s), _rgb("#3a2a20"))
        cv.rect((wx - 6 * s, floor_y - bh + 16 * s, wx, floor_y - 22 * s), _shade(wood, 1.15))
    dx = x0 + bw * 0.46
    cv.rect((dx, floor_y - bh + 10 * s, dx + 20 * s, floor_y - 6 * s), _rgb("#4a3426"))
    # Ladder from the door to the ground.
    lx = dx + 10 * s
    gyl = ground(lx + 14 * s)
    cv.line([(lx - 8 * s, floor_y), (lx - 2 * s, gyl)], _shade(wood, 0.7), 2.5 * s)
    cv.line([(lx + 8 * s, floor_y), (lx + 14 * s, gyl)], _shade(wood, 0.7), 2.5 * s)
    for j in range(1, 5):
        f = j / 5
        yy = floor_y + (gyl - floor_y) * f
        cv.line([(lx - 8 * s + 6 * s * f, yy), (lx + 8 * s + 6 * s * f, yy)],
                _shade(wood, 0.7), 2 * s)
    # Big hip roof.
    eave = floor_y - bh + 8 * s
    top = eave - rng.uniform(58, 74) * s
    oh = 20 * s
    cv.poly([(x0 - oh, eave), (x1 + oh, eave), (x1 - 24 * s, top), (x0 + 24 * s, top)], roof)
    for j in range(1, 4):
        f = j / 4
        yy = top + (eave - top) * f
        ix0 = x0 + 24 * s + (-oh - 24 * s) * f
        ix1 = x1 - 24 * s + (oh + 24 * s) * f
        cv.line([(ix0 + 4 * s, yy), (ix1 - 4 * s, yy)], _shade(roof, 0.82), 1.5 * s)
    cv.line([(x0 + 20 * s, top), (x1 - 20 * s, top)], _shade(roof, 0.7), 4 * s)
    cv.rect((x0 - oh, eave, x1 + oh, eave + 4 * s), _shade(roof, 0.7))


def _scene_village(cv: _Canvas, rng: random.Random) -> None:
    w, h, k = cv.w, cv.h, cv.k
    pal = _sky_palette(rng)
    _sky(cv, pal, h * 0.6)
    _sun(cv, rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.2) * h, 28 * k, pal["sun"])
    _clouds(cv, rng, h * 0.25, (1, 3))
    _far_ranges(cv, rng, pal, h * 0.4, layers=2, amp=0.16)

    # Forested back hill.
    forest = _pick(rng, ("#3e6e46", "#436f3c", "#3a6650"), 6)
    back_wave = _wave(rng, w, cycles=0.8, terms=2)

    def back(x: float) -> float:
        return h * 0.5 + h * 0.05 * back_wave(x)

    back_pts = [(x, back(x)) for x in range(-10, w + 20, 10)]
    cv.poly(_close_down(back_pts, h + 5), forest)
    x = -10.0
    while x < w + 20:
        r = rng.uniform(14, 24) * k
        cv.circle(x, back(x) + r * 0.4, r, _shade(forest, rng.uniform(0.85, 1.1)))
        x += r * 1.3
    # Front slope.
    slope = rng.choice((-1, 1)) * rng.uniform(0.12, 0.2)
    front_wave = _wave(rng, w, cycles=0.6, terms=2)

    def ground(x: float) -> float:
        return h * (0.7 + slope * (x / w - 0.5)) + h * 0.03 * front_wave(x)

    grass = _pick(rng, ("#79ad4f", "#82b257", "#6fa64a"), 8)
    front_pts = [(x, ground(x)) for x in range(-10, w + 20, 10)]
    cv.poly(_close_down(front_pts, h + 5), grass)
    # A footpath winding down the slope.
    path = _shade(_pick(rng, ("#d7c49a", "#cdb98d"), 6), 1.0)
    px = rng.uniform(0.3, 0.7) * w
    pts_l, pts_r = [], []
    for i in range(21):
        f = i / 20
        y = ground(px) + (h + 10 - ground(px)) * f
        cx = px + math.sin(f * 3 + px) * 60 * k * f
        half = (3 + 40 * f) * k
        pts_l.append((cx - half, y))
        pts_r.append((cx + half, y))
    cv.poly(pts_l + pts_r[::-1], path)

    # Houses and trees, drawn back to front.
    items: list[tuple[float, str, float, float]] = []
    n_houses = rng.randint(3, 4)
    for i in range(n_houses):
        hx = w * (i + rng.uniform(0.3, 0.7)) / n_houses
        s = k * rng.uniform(0.85, 1.05)
        items.append((ground(hx) - 1, "house", hx, s))
    for _ in range(rng.randint(7, 11)):
        tx = rng.uniform(0, w)
        ty = ground(tx) + rng.uniform(-4, 0.2 * h)
        items.append((ty, rng.choice(("tree", "tree", "palm")), tx, k * rng.uniform(0.8, 1.25)))
    # A couple of small houses on the back hill.
    for _ in range(rng.randint(1, 2)):
        hx = rng.uniform(0.1, 0.9) * w
        items.append((back(hx) - h, "far", hx, k * 0.45))
    items.sort(key=lambda it: it[0])
    leaf = _pick(rng, ("#3f7d3a", "#357a44", "#4a8a3a"), 8)
    for y, kind, x, s in items:
        if kind == "house":
            _stilt_house(cv, rng, x, ground, s)
        elif kind == "far":
            _stilt_house(cv, rng, x, lambda xx: back(xx) + 10 * k, s)
        elif kind == "palm":
            _palm(cv, x, y, s, _shade(leaf, 1.1))
        else:
            _round_tree(cv, x, y, s, leaf, _shade(leaf, 1.22))


def _scene_tea(cv: _Canvas, rng: random.Random) -> None:
    w, h, k = cv.w, cv.h, cv.k
    pal = _sky_palette(rng)
    _sky(cv, pal, h * 0.5)
    _sun(cv, rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.2) * h, 26 * k, pal["sun"])
    _clouds(cv, rng, h * 0.2, (1, 3))
    _far_ranges(cv, rng, pal, h * 0.33, layers=2, amp=0.13)

    bush = _pick(rng, ("#5fa33a", "#6aad3f", "#549c3c", "#63a84a"), 8)
    gap = _mix(bush, (28, 56, 30), 0.72)
    n = rng.randint(16, 21)
    step = 8
    xs, curves = _contours(rng, w, h * rng.uniform(0.36, 0.42), h * 1.12, n,
                           amp=h * 0.08, gamma=1.55, step=step, min_gap=12 * k)
    means = [sum(ys) / len(ys) for ys in curves]
    shade_trees: list[tuple[int, float]] = [
        (rng.randint(2, n - 3), rng.uniform(0.05, 0.95) * w) for _ in range(rng.randint(2, 4))]
    for i, ys in enumerate(curves):
        t = i / n
        spacing = (means[i + 1] - means[i]) if i < n else (means[i] - means[i - 1])
        period = max(10.0, spacing * rng.uniform(3.2, 4.2))
        bump_h = spacing * 0.28
        offset = rng.uniform(0, period)
        colour = _jitter(rng, bush, 5)
        top: list[Point] = []
        for x, y in zip(xs, ys, strict=True):
            u = ((x + offset) % period) / period
            hump = math.sqrt(max(0.0, 1 - (2 * u - 1) ** 2))
            top.append((x, y - bump_h * (0.2 + 0.8 * hump)))
        # A shadowed path along the row's base shows between this row and the last.
        cv.band(list(zip(xs, ys, strict=True)), gap, max(1.5, spacing * 0.6))
        cv.poly(_close_down(top, h + 10), colour)
        cv.band([(x, y + spacing * 0.08) for x, y in top], _shade(colour, 1.16),
                max(1.0, spacing * 0.08))
        for row, tx in shade_trees:
            if row == i:
                ty = _y_at(list(zip(xs, ys, strict=True)), tx)
                _tall_tree(cv, tx, ty, (0.5 + 0.9 * t) * k, _shade(bush, 0.6))


def _tall_tree(cv: _Canvas, x: float, y: float, s: float, leaf: Color) -> None:
    """A slim shade tree, as planted between tea rows."""
    cv.line([(x, y), (x, y - 110 * s)], (110, 90, 70), 3 * s)
    cv.ellipse((x - 26 * s, y - 150 * s, x + 26 * s, y - 92 * s), leaf)
    cv.ellipse((x - 18 * s, y - 156 * s, x + 10 * s, y - 124 * s), _shade(leaf, 1.2))


_SCENES: dict[str, Callable[[_Canvas, random.Random], None]] = {
    "mountain": _scene_mountain,
    "field": _scene_field,
    "meeting": _scene_meeting,
    "river": _scene_river,
    "village": _scene_village,
    "tea": _scene_tea,
}


def _check_size(size: tuple[int, int]) -> tuple[int, int]:
    w, h = int(size[0]), int(size[1])
    if w < 1 or h < 1:
        raise ValueError(f"image size must be positive, got {size!r}")
    return w, h


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------

def make_image(theme: str, seed: int, size: tuple[int, int] = (1200, 675)) -> bytes:
    """A JPEG flat illustration for ``theme``; unknown themes fall back to mountains.

    The same (theme, seed, size) always gives the same bytes.
    """
    scene = _SCENES.get(theme, _SCENES[DEFAULT_THEME])
    cv = _Canvas(_check_size(size))
    scene(cv, random.Random(seed))
    out = io.BytesIO()
    cv.finish().save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _parse_color(color: str, fallback: str = "#b4141b") -> Color:
    try:
        return _rgb(color if color.startswith("#") else f"#{color}")
    except (ValueError, AttributeError):
        return _rgb(fallback)


def make_banner(color: str, seed: int, size: tuple[int, int] = (600, 160)) -> bytes:
    """A PNG banner: left-to-right gradient from ``color`` to a darker shade plus a motif."""
    w, h = _check_size(size)
    rng = random.Random(seed)
    ss = 2
    base = _parse_color(color)
    dark = _shade(base, 0.55)
    row = Image.new("RGB", (256, 1))
    row.putdata(_gradient_strip([(0, base), (1, dark)]))
    img = row.resize((w * ss, h * ss), Image.Resampling.BILINEAR).convert("RGBA")
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    W, H = img.size
    white = lambda a: (255, 255, 255, a)  # noqa: E731 - tiny local colour helper
    motif = rng.randrange(4)
    if motif == 0:
        # Concentric rings rising from the right edge.
        cx, cy = W * rng.uniform(0.78, 0.95), H * rng.uniform(0.3, 0.9)
        for i in range(7):
            r = H * (0.25 + 0.28 * i)
            d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=white(34 - 3 * i),
                      width=max(2, int(H * 0.05)))
    elif motif == 1:
        # Diagonal stripes on the right half.
        stripe = H * rng.uniform(0.12, 0.2)
        x = W * 0.45
        while x < W + H:
            d.polygon([(x, 0), (x + stripe, 0), (x + stripe - H, H), (x - H, H)], fill=white(26))
            x += stripe * 2.2
    elif motif == 2:
        # A fan of triangles, like folded paper.
        n = rng.randint(5, 8)
        for i in range(n):
            x0 = W * (0.5 + 0.5 * i / n)
            x1 = W * (0.5 + 0.5 * (i + 1) / n)
            top = i % 2 == 0
            pts = [(x0, 0 if top else H), (x1, 0 if top else H), ((x0 + x1) / 2, H if top else 0)]
            d.polygon(pts, fill=white(18 + 4 * (i % 3)))
    else:
        # A grid of diamonds fading in from the left.
        step = H / rng.choice((4, 5, 6))
        r = step * 0.28
        y = step / 2
        while y < H:
            x = W * 0.35 + (step / 2 if int(y / step) % 2 else 0)
            while x < W:
                a = int(10 + 40 * (x / W))
                d.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill=white(a))
                x += step
            y += step
    # A thin light rule along the bottom edge.
    d.rectangle((0, H - max(2, H // 40), W, H), fill=white(60))
    img = Image.alpha_composite(img, layer).convert("RGB").reduce(ss)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def make_logo(size: int = 256) -> bytes:
    """A PNG emblem with transparency: red disc, yellow five-pointed star, thin gold ring."""
    size = int(size)
    if size < 1:
        raise ValueError(f"logo size must be positive, got {size!r}")
    ss = 4
    S = size * ss
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c = S / 2
    r = S * 0.48
    ring = S * 0.022
    d.ellipse((c - r, c - r, c + r, c + r), fill=(212, 160, 23, 255))
    r2 = r - ring
    d.ellipse((c - r2, c - r2, c + r2, c + r2), fill=(218, 37, 29, 255))
    # A second, finer gold line just inside the edge.
    r3 = r2 - S * 0.03
    d.ellipse((c - r3, c - r3, c + r3, c + r3), outline=(232, 185, 35, 255),
              width=max(1, int(S * 0.008)))
    d.polygon(_star(c, c + S * 0.02, r * 0.62), fill=(255, 222, 0, 255))
    img = img.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
