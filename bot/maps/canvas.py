"""Drawing primitives shared by the day map and the overview: fonts, basemap, markers, labels.

Everything is drawn with Pillow on a palette image and saved as PNG without metadata, so the same
inputs give the same bytes. Labels are placed greedily in visit order at the first of several
positions around their marker that overlaps nothing drawn or placed before; a label that fits
nowhere is left out (the legend always lists every stop).
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont

from bot.maps.geometry import Frame, Pixel, land_rings, ring_pixels, water
from bot.planner.kb import MrtNetwork

RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]

SEA: RGB = (170, 211, 223)
LAND: RGB = (242, 239, 233)
PAPER: RGB = (255, 255, 255)
INK: RGB = (33, 33, 33)
MUTED: RGB = (110, 110, 110)
HALO: RGB = (255, 255, 255)
WALK: RGB = (55, 55, 55)
ROAD: RGB = (125, 125, 125)
WATER: RGB = (21, 101, 192)
MARKER: dict[str, RGB] = {
    "visit": (211, 47, 47),
    "meal": (230, 100, 0),
    "show": (123, 31, 162),
    "hotel": (26, 35, 126),
    "airport": (26, 35, 126),
}
FONT_FILE = "MapGothic-Bold.ttf"


@lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    return resources.files("bot.maps.fonts").joinpath(FONT_FILE).read_bytes()


@lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont:
    """The map font (Hangul and Latin) at ``size`` px (cached)."""
    return ImageFont.truetype(io.BytesIO(_font_bytes()), size)


def hex_rgb(color: str) -> RGB:
    """``"#d42e12"`` → ``(212, 46, 18)``."""
    value = color.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def blend(a: RGB, b: RGB, share_of_b: float) -> RGB:
    """Mix two colours (used to fade the MRT network under the overview's day colours)."""
    return (
        round(a[0] + (b[0] - a[0]) * share_of_b),
        round(a[1] + (b[1] - a[1]) * share_of_b),
        round(a[2] + (b[2] - a[2]) * share_of_b),
    )


def png_bytes(image: Image.Image) -> bytes:
    """PNG without metadata (no time stamps): the same picture gives the same bytes."""
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


def clear_outside(cv: Canvas, frame: Frame) -> None:
    """Paint over whatever the map drew outside its area (header and legend stay clean)."""
    width, height = cv.image.size
    if frame.top > 0:
        cv.draw.rectangle((0, 0, width, frame.top - 1), fill=PAPER)
    cv.draw.rectangle((0, frame.top + frame.height, width, height), fill=PAPER)


def draw_basemap(cv: Canvas, frame: Frame) -> None:
    """Sea, the land outline, then the bay and river the outline counts as land."""
    cv.draw.rectangle(
        (frame.left, frame.top, frame.left + frame.width - 1, frame.top + frame.height - 1),
        fill=SEA,
    )
    for ring in land_rings():
        pts = ring_pixels(ring, frame)
        if pts is not None:
            cv.draw.polygon(pts, fill=SEA if ring.hole else LAND)
    layer = water()
    for area in layer.areas:
        pts = ring_pixels(area, frame)
        if pts is not None:
            cv.draw.polygon(pts, fill=SEA)
    for line, width_km in layer.rivers:
        width = round(width_km * frame.scale)
        if width >= 2:
            cv.draw.line([frame.px(p) for p in line], fill=SEA, width=width, joint="curve")


def draw_network(cv: Canvas, frame: Frame, network: MrtNetwork, *, fade: float = 0.0) -> None:
    """Every MRT/LRT edge in its line's colour; stations as small rings when zoomed in."""
    colors = {line.code: hex_rgb(line.color or "#888888") for line in network.lines}
    at = {s.id: frame.project(s.lat, s.lon) for s in network.stations}
    width = 5 if frame.scale >= 120 else 3
    for edge in network.edges:
        a, b = at[edge.a], at[edge.b]
        if not (frame.contains(a, 200) or frame.contains(b, 200)):
            continue
        cv.draw.line((a, b), fill=blend(colors[edge.line], LAND, fade), width=width)
    if frame.scale >= 120:
        for xy in at.values():
            if frame.contains(xy, 10):
                x, y = xy
                cv.draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=PAPER, outline=MUTED, width=1)


def dotted(cv: Canvas, points: Sequence[Pixel], color: RGB, step: float = 11.0) -> None:
    """A walking line: round dots every ``step`` px."""
    for a, b in itertools.pairwise(points):
        length = math.dist(a, b)
        n = max(1, int(length // step))
        for i in range(n + 1):
            x = a[0] + (b[0] - a[0]) * i / n
            y = a[1] + (b[1] - a[1]) * i / n
            cv.draw.ellipse((x - 3, y - 3, x + 3, y + 3), fill=color)


def dashed(cv: Canvas, points: Sequence[Pixel], color: RGB, width: int = 6) -> None:
    """A ferry or cable-car line: long dashes."""
    dash, gap = 18.0, 10.0
    for a, b in itertools.pairwise(points):
        length = math.dist(a, b)
        pos = 0.0
        while pos < length:
            end = min(pos + dash, length)
            p = (a[0] + (b[0] - a[0]) * pos / length, a[1] + (b[1] - a[1]) * pos / length)
            q = (a[0] + (b[0] - a[0]) * end / length, a[1] + (b[1] - a[1]) * end / length)
            cv.draw.line((p, q), fill=color, width=width)
            pos += dash + gap


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass
class Placer:
    """Free space on the map: boxes already taken by markers and labels."""

    bounds: Box
    taken: list[Box] = field(default_factory=list)

    def free(self, box: Box) -> bool:
        x0, y0, x1, y1 = self.bounds
        if box[0] < x0 or box[1] < y0 or box[2] > x1 or box[3] > y1:
            return False
        return not any(overlaps(box, t) for t in self.taken)

    def take(self, box: Box) -> None:
        self.taken.append(box)

    def spot_for_marker(self, xy: Pixel, radius: float) -> Pixel:
        """``xy`` if free, else the nearest free spot on rings around it (deterministic order)."""
        candidates: Iterable[Pixel] = [xy] + [
            (xy[0] + d * math.cos(math.radians(a)), xy[1] + d * math.sin(math.radians(a)))
            for d in (2.2 * radius, 3.2 * radius, 4.4 * radius)
            for a in range(-90, 270, 45)
        ]
        for c in candidates:
            box = (c[0] - radius, c[1] - radius, c[0] + radius, c[1] + radius)
            if not any(overlaps(box, t) for t in self.taken):
                return c
        return xy

    def place_label(self, xy: Pixel, gap: float, size: tuple[float, float]) -> Box | None:
        """Box for a label of ``size`` beside a marker at ``xy``, or None when nothing is free."""
        w, h = size
        x, y = xy
        d = gap * 0.7
        options = [
            (x + gap, y - h / 2), (x - gap - w, y - h / 2), (x - w / 2, y - gap - h),
            (x - w / 2, y + gap), (x + d, y - d - h), (x + d, y + d),
            (x - d - w, y - d - h), (x - d - w, y + d),
        ]  # fmt: skip
        for bx, by in options:
            box = (bx, by, bx + w, by + h)
            if self.free(box):
                self.take(box)
                return box
        return None


@lru_cache(maxsize=8192)
def _glyph(ch: str, size: int, halo: int) -> tuple[Image.Image | None, int, int, float]:
    """One glyph's 1-bit mask (grown by ``halo`` px), its offset and its advance (cached).

    FreeType renders a short label in about half a millisecond and a haloed one in three; a
    map has sixty of them, so glyphs are rendered once per process and pasted.
    """
    f = font(size)
    left, top, right, bottom = (round(v) for v in f.getbbox(ch, stroke_width=halo))
    advance = f.getlength(ch)
    if right <= left or bottom <= top:
        return None, 0, 0, advance
    mask = Image.new("1", (right - left, bottom - top), 0)
    pen = ImageDraw.Draw(mask)
    pen.fontmode = "1"
    pen.text((-left, -top), ch, font=f, fill=1, stroke_width=halo, stroke_fill=1)
    return mask, left, top, advance


def text_width(text: str, size: int) -> float:
    """Advance width of ``text`` as :func:`text` draws it."""
    return sum(_glyph(ch, size, 0)[3] for ch in text)


def text_size(text: str, size: int) -> tuple[float, float]:
    """Width and height (ascender to descender) of ``text``."""
    ascent, descent = font(size).getmetrics()
    return text_width(text, size), ascent + descent


def text(
    cv: Canvas,
    xy: Pixel,
    value: str,
    size: int,
    color: RGB = INK,
    *,
    anchor: str = "la",
    halo: RGB | None = None,
) -> None:
    """Draw ``value`` at ``xy``; ``anchor`` is Pillow's: l/m/r then a(scender top)/m/s(baseline)."""
    ascent, descent = font(size).getmetrics()
    width = text_width(value, size)
    x = xy[0] - {"l": 0.0, "m": width / 2, "r": width}[anchor[0]]
    y = xy[1] - {"a": 0.0, "m": (ascent + descent) / 2, "s": float(ascent)}[anchor[1]]
    layers = ([(halo, 3)] if halo is not None else []) + [(color, 0)]
    for rgb, grow in layers:
        image = cv.image
        ink = image.palette.getcolor(rgb, image) if image.mode == "P" and image.palette else rgb
        pen = x
        for ch in value:
            mask, left, top, advance = _glyph(ch, size, grow)
            if mask is not None:
                image.paste(ink, (round(pen) + left, round(y) + top), mask)
            pen += advance


def halo_text(cv: Canvas, box: Box, value: str, size: int, color: RGB = INK) -> None:
    """Text with a white halo so it reads over lines and land."""
    text(cv, (box[0], box[1]), value, size, color, halo=HALO)


def marker(
    cv: Canvas,
    xy: Pixel,
    kind: str,
    label: str,
    radius: float,
    color: RGB | None = None,
) -> None:
    """A numbered stop: circle for sights, rounded square for meals and anchors."""
    x, y = xy
    fill = color or MARKER.get(kind, MARKER["visit"])
    box = (x - radius, y - radius, x + radius, y + radius)
    if kind in ("meal", "hotel", "airport"):
        cv.draw.rounded_rectangle(box, radius=radius * 0.35, fill=fill, outline=PAPER, width=3)
    else:
        cv.draw.ellipse(box, fill=fill, outline=PAPER, width=3)
    size = round(radius * (1.05 if len(label) == 1 else 0.9))
    if kind == "airport":
        plane(cv, xy, radius * 0.7)
        return
    text(cv, (x, y), label, size, PAPER, anchor="mm")


def plane(cv: Canvas, xy: Pixel, s: float) -> None:
    """A small aeroplane (the font has no ✈)."""
    x, y = xy
    shape = [
        (0.0, -1.0), (0.12, -0.85), (0.12, -0.25), (0.95, 0.2), (0.95, 0.35), (0.12, 0.1),
        (0.1, 0.65), (0.38, 0.85), (0.38, 0.97), (0.0, 0.88), (-0.38, 0.97), (-0.38, 0.85),
        (-0.1, 0.65), (-0.12, 0.1), (-0.95, 0.35), (-0.95, 0.2), (-0.12, -0.25), (-0.12, -0.85),
    ]  # fmt: skip
    cv.draw.polygon([(x + px * s, y + py * s) for px, py in shape], fill=PAPER)


def scale_bar(cv: Canvas, frame: Frame) -> None:
    """A scale bar of a round length, bottom left of the map."""
    target_km = 160 / frame.scale
    steps = (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0)
    km = min(steps, key=lambda s: abs(math.log(s / target_km)))
    length = km * frame.scale
    x0, y0 = frame.left + 24, frame.top + frame.height - 28
    label = f"{km:g} km" if km >= 1 else f"{round(km * 1000)} m"
    cv.draw.rectangle((x0 - 8, y0 - 34, x0 + length + 8, y0 + 12), fill=PAPER)
    cv.draw.line(((x0, y0), (x0 + length, y0)), fill=INK, width=4)
    cv.draw.line(((x0, y0 - 8), (x0, y0 + 4)), fill=INK, width=3)
    cv.draw.line(((x0 + length, y0 - 8), (x0 + length, y0 + 4)), fill=INK, width=3)
    text(cv, (x0, y0 - 10), label, 18, INK, anchor="ls")


def wrap(value: str, size: int, width: float) -> list[str]:
    """Break ``value`` into lines no wider than ``width`` px at ``size``."""
    lines: list[str] = []
    current = ""
    for word in value.split(" "):
        trial = f"{current} {word}".strip()
        if current and text_width(trial, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def fit_text(value: str, size: int, width: float) -> str:
    """``value`` cut with an ellipsis to fit ``width`` px."""
    if text_width(value, size) <= width:
        return value
    while value and text_width(value + "…", size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


@dataclass(frozen=True)
class Canvas:
    """The picture being drawn and its pen."""

    image: Image.Image
    draw: ImageDraw.ImageDraw


def new_canvas(width: int, height: int) -> Canvas:
    """A palette image: colours join the palette as they are first drawn (deterministic order).

    A palette PNG encodes several times faster and smaller than RGB; text is drawn without
    anti-aliasing (blending palette indices would give wrong colours), which a phone's own
    downscaling smooths.
    """
    image = Image.new("P", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    draw.fontmode = "1"
    return Canvas(image, draw)
