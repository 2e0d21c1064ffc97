"""The day map: the day's route over Singapore's outline and MRT lines, with a legend.

Layout, top to bottom (1280 px wide): a header (day and areas), the map framed to the day's
stops and legs (never narrower than ``MIN_SPAN_KM``, height following the route's shape), a
legend with one row per stop (number, start–end, name, the leg that leaves it), and the data
attribution the land outline's licence requires.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from bot.i18n import MESSAGES, Lang
from bot.i18n import t as i18n
from bot.maps import canvas as c
from bot.maps.geometry import ATTRIBUTION, Frame, Pixel, fit
from bot.maps.route import DayRoute, Path, Stop, day_route, short_name
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planner.render import day_header

WIDTH = 1280
HEADER = 100
ROW = 46
FOOTER = 64
MIN_SPAN_KM = 2.6
FAR_FACTOR = 2.0  # the hotel may widen the frame to twice the places' extent…
FAR_KM = 6.0  # …or to 6 km across; farther, it is shown at the edge, pointing at it
NEAR_KM = 1.2  # stations this close to the places (a walk) are framed with them
RADIUS = 19
LABEL_SIZE = 22


@dataclass(frozen=True, slots=True)
class DrawnStop:
    """Where a stop's marker went (tests read these pixels)."""

    stop: Stop
    at: Pixel  # projected position
    marker: Pixel  # marker centre (moved off ``at`` only when markers would overlap)
    label_drawn: bool


@dataclass(frozen=True, slots=True)
class DayMap:
    png: bytes
    frame: Frame
    stops: tuple[DrawnStop, ...]
    title: str
    legend: tuple[LegendRow, ...] = ()


def mode_word(mode: str, lang: Lang) -> str:
    """The leg's mode in the reader's language."""
    key = "plan." + mode.replace("-", "_")
    return i18n(lang, key) if key in MESSAGES else mode


def title_of(itinerary: Itinerary, index: int, lang: Lang) -> str:
    return day_header(index, itinerary.days[index].date, lang).removeprefix("📅").strip()


def draw_day(itinerary: Itinerary, index: int, kb: KnowledgeBase, lang: Lang) -> DayMap:
    """Draw day ``index`` (0-based) of ``itinerary`` as a PNG."""
    route = day_route(itinerary.days[index], kb, lang, hotel_word=i18n(lang, "map_hotel"))
    frame = replace(frame_for(route), top=HEADER)
    legend_h = ROW * len(route.stops) + 24
    cv = c.new_canvas(WIDTH, HEADER + frame.height + legend_h + FOOTER)
    c.draw_basemap(cv, frame)
    c.draw_network(cv, frame, kb.mrt)
    for path in route.paths:
        _path(cv, frame, path)
    drawn = _stops(cv, frame, route)
    c.clear_outside(cv, frame)
    title = title_of(itinerary, index, lang)
    _header(cv, title, route)
    c.scale_bar(cv, frame)
    rows = legend_rows(route, HEADER + frame.height, lang)
    _legend(cv, rows)
    footer(cv)
    return DayMap(c.png_bytes(cv.image), frame, tuple(drawn), title, tuple(rows))


def frame_for(route: DayRoute) -> Frame:
    """The day's extent; a far hotel or airport is left out (shown at the edge) if it would
    shrink the day's places to a corner."""
    places = [s.at for s in route.stops if s.kind not in ("hotel", "airport")]
    everything = [s.at for s in route.stops] + [p for path in route.paths for p in path.points]
    whole = fit(everything, WIDTH, min_span_km=MIN_SPAN_KM, pad_px=70)
    if not places:
        return whole
    # The places, and the stations near them where the day boards or leaves a train.
    close = [m.at for m in route.stations if min(math.dist(m.at, q) for q in places) <= NEAR_KM]
    near = fit(places + close, WIDTH, min_span_km=MIN_SPAN_KM, pad_px=90)
    if whole.width / whole.scale <= max(FAR_FACTOR * near.width / near.scale, FAR_KM):
        return whole
    return near


def _edge_spot(frame: Frame, at: Pixel, inset: float) -> Pixel:
    """Where the line from the map's centre to an off-map point crosses the inset border."""
    cx, cy = frame.left + frame.width / 2, frame.top + frame.height / 2
    dx, dy = at[0] - cx, at[1] - cy
    half_w, half_h = frame.width / 2 - inset, frame.height / 2 - inset
    t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return (cx + dx * t, cy + dy * t)


def _path(cv: c.Canvas, frame: Frame, path: Path) -> None:
    pts = [frame.px(p) for p in path.points]
    if path.kind == "walk":
        c.dotted(cv, pts, c.WALK)
    elif path.kind == "rail":
        cv.draw.line(pts, fill=c.PAPER, width=15, joint="curve")
        cv.draw.line(pts, fill=c.hex_rgb(path.color), width=9, joint="curve")
    elif path.kind == "water":
        c.dashed(cv, pts, c.WATER)
    else:
        cv.draw.line(pts, fill=c.ROAD, width=6)


def _stops(cv: c.Canvas, frame: Frame, route: DayRoute) -> list[DrawnStop]:
    bounds = (
        frame.left + 4,
        frame.top + 4,
        frame.left + frame.width - 4,
        frame.top + frame.height - 4,
    )
    placer = c.Placer(bounds)
    markers: list[tuple[Stop, Pixel, Pixel]] = []
    for stop in route.stops:
        if not stop.drawn:
            continue
        at = frame.px(stop.at)
        inside = frame.contains(at, -RADIUS)
        spot = placer.spot_for_marker(at if inside else _edge_spot(frame, at, 40), RADIUS + 2)
        placer.take(
            (spot[0] - RADIUS - 2, spot[1] - RADIUS - 2, spot[0] + RADIUS + 2, spot[1] + RADIUS + 2)
        )
        markers.append((stop, at, spot))
    # Scale bar corner stays clear of labels.
    placer.take(
        (frame.left, frame.top + frame.height - 70, frame.left + 230, frame.top + frame.height)
    )
    for stop, at, spot in markers:
        if spot != at and not frame.contains(at, -RADIUS):
            _pointer(cv, spot, at)
        elif spot != at:
            cv.draw.line((at, spot), fill=c.INK, width=2)
            cv.draw.ellipse(
                (at[0] - 4, at[1] - 4, at[0] + 4, at[1] + 4),
                fill=c.MARKER[stop.kind],
                outline=c.PAPER,
            )
    for stop, _, spot in markers:
        c.marker(cv, spot, stop.kind, stop.label, RADIUS)
    out: list[DrawnStop] = []
    for stop, at, spot in markers:
        text = short_name(stop.name, 22 if stop.kind not in ("hotel", "airport") else 30)
        if not frame.contains(at, -RADIUS):  # an edge marker: say how far the place is
            text += f" · {math.dist(at, spot) / frame.scale:.0f} km"
        box = placer.place_label(spot, RADIUS + 6, c.text_size(text, LABEL_SIZE))
        if box is not None:
            c.halo_text(cv, box, text, LABEL_SIZE)
        out.append(DrawnStop(stop, at, spot, box is not None))
    for mark in {m.name: m for m in route.stations}.values():
        xy = frame.px(mark.at)
        box = placer.place_label(xy, 8, c.text_size(mark.name, 17))
        if box is not None:
            c.halo_text(cv, box, mark.name, 17, c.MUTED)
    return out


def _pointer(cv: c.Canvas, spot: Pixel, towards: Pixel) -> None:
    """A small arrowhead beside an edge marker, pointing at the off-map place."""
    angle = math.atan2(towards[1] - spot[1], towards[0] - spot[0])
    tip = (spot[0] + math.cos(angle) * (RADIUS + 16), spot[1] + math.sin(angle) * (RADIUS + 16))
    base = RADIUS + 4
    left = (spot[0] + math.cos(angle + 0.5) * base, spot[1] + math.sin(angle + 0.5) * base)
    right = (spot[0] + math.cos(angle - 0.5) * base, spot[1] + math.sin(angle - 0.5) * base)
    cv.draw.polygon([tip, left, right], fill=c.MARKER["hotel"], outline=c.PAPER)


def _header(cv: c.Canvas, title: str, route: DayRoute) -> None:
    c.text(cv, (28, 18), title, 36)
    if route.areas:
        areas = c.fit_text(" · ".join(route.areas), 24, WIDTH - 56)
        c.text(cv, (28, 64), areas, 24, c.MUTED)
    cv.draw.line(((0, HEADER - 1), (WIDTH, HEADER - 1)), fill=(210, 210, 210), width=2)


@dataclass(frozen=True, slots=True)
class LegendRow:
    """One legend line: the stop's marker, its times, its name and the leg that leaves it."""

    stop: Stop
    when: str
    name: str
    leg: str
    y: float  # centre of the row in the picture


def legend_rows(route: DayRoute, top: int, lang: Lang) -> list[LegendRow]:
    """The legend's rows, one per stop in visit order (the hotel at both ends)."""
    rows: list[LegendRow] = []
    for i, stop in enumerate(route.stops):
        when = stop.start if stop.start == stop.end else f"{stop.start}–{stop.end}"
        leg = ""
        if stop.next_mode:
            took = i18n(lang, "plan.min", n=stop.next_minutes)
            leg = f"→ {mode_word(stop.next_mode, lang)} {took}"
        rows.append(LegendRow(stop, when, stop.name, leg, top + 12 + ROW * i + ROW / 2))
    return rows


def _legend(cv: c.Canvas, rows: list[LegendRow]) -> None:
    for row in rows:
        centre = row.y
        c.marker(cv, (44, centre), row.stop.kind, row.stop.label, 16)
        c.text(cv, (78, centre), row.when, 22, anchor="lm")
        right = WIDTH - 28
        if row.leg:
            c.text(cv, (right, centre), row.leg, 20, c.MUTED, anchor="rm")
            right -= round(c.text_width(row.leg, 20)) + 24
        c.text(cv, (240, centre), c.fit_text(row.name, 24, right - 240), 24, anchor="lm")


def footer(cv: c.Canvas) -> None:
    """The land outline's attribution (Singapore Open Data Licence), small, on every map."""
    height = cv.image.height
    lines = c.wrap(ATTRIBUTION, 14, WIDTH - 56)
    y = height - FOOTER + 10
    cv.draw.line(((0, height - FOOTER), (WIDTH, height - FOOTER)), fill=(225, 225, 225), width=1)
    for line in lines[:3]:
        c.text(cv, (28, y), line, 14, c.MUTED)
        y += 18
