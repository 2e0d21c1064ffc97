"""The trip overview: every day's route on one map, one colour per day."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.i18n import Lang
from bot.i18n import t as i18n
from bot.maps import canvas as c
from bot.maps.day import FOOTER, HEADER, WIDTH, footer, title_of
from bot.maps.geometry import Frame, Pixel, fit
from bot.maps.route import DayRoute, day_route
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase

# Distinct colours that are not an MRT line's (Wong / Tol palettes), in day order.
DAY_COLORS: tuple[c.RGB, ...] = (
    (213, 0, 110),
    (0, 114, 178),
    (0, 150, 120),
    (230, 120, 0),
    (110, 60, 170),
    (170, 120, 0),
    (80, 80, 80),
)
ROW = 50
RADIUS = 14
MIN_SPAN_KM = 4.0


@dataclass(frozen=True, slots=True)
class OverviewMap:
    png: bytes
    frame: Frame
    title: str


def day_color(index: int) -> c.RGB:
    return DAY_COLORS[index % len(DAY_COLORS)]


def draw_overview(itinerary: Itinerary, kb: KnowledgeBase, lang: Lang) -> OverviewMap:
    """Draw every day of ``itinerary`` on one map."""
    hotel = i18n(lang, "map_hotel")
    routes = [day_route(day, kb, lang, hotel_word=hotel) for day in itinerary.days]
    points = [s.at for r in routes for s in r.stops]
    frame = replace(fit(points, WIDTH, min_span_km=MIN_SPAN_KM, pad_px=60), top=HEADER)
    legend_h = ROW * len(routes) + 24
    cv = c.new_canvas(WIDTH, HEADER + frame.height + legend_h + FOOTER)
    c.draw_basemap(cv, frame)
    c.draw_network(cv, frame, kb.mrt, fade=0.6)
    for index, route in enumerate(routes):
        pts = [frame.px(s.at) for s in route.stops]
        if len(pts) > 1:
            cv.draw.line(pts, fill=c.PAPER, width=10, joint="curve")
            cv.draw.line(pts, fill=day_color(index), width=6, joint="curve")
    _markers(cv, frame, routes)
    c.clear_outside(cv, frame)
    title = i18n(lang, "map_overview", n=len(routes))
    c.text(cv, (28, 18), title, 36)
    c.text(cv, (28, 64), _span(itinerary, lang), 24, c.MUTED)
    cv.draw.line(((0, HEADER - 1), (WIDTH, HEADER - 1)), fill=(210, 210, 210), width=2)
    c.scale_bar(cv, frame)
    _legend(cv, itinerary, routes, HEADER + frame.height, lang)
    footer(cv)
    return OverviewMap(c.png_bytes(cv.image), frame, title)


def _span(itinerary: Itinerary, lang: Lang) -> str:
    first = title_of(itinerary, 0, lang).split("·", 1)[-1].strip()
    last = title_of(itinerary, len(itinerary.days) - 1, lang).split("·", 1)[-1].strip()
    return first if first == last else f"{first} – {last}"


def _markers(cv: c.Canvas, frame: Frame, routes: list[DayRoute]) -> None:
    bounds = (frame.left, frame.top, frame.left + frame.width, frame.top + frame.height)
    placer = c.Placer(bounds)
    anchors: dict[str, Pixel] = {}
    for index, route in enumerate(routes):
        for stop in route.stops:
            xy = frame.px(stop.at)
            if stop.kind in ("hotel", "airport"):
                anchors.setdefault(stop.place_id, xy)
                continue
            spot = placer.spot_for_marker(xy, RADIUS + 1)
            placer.take((spot[0] - RADIUS, spot[1] - RADIUS, spot[0] + RADIUS, spot[1] + RADIUS))
            if spot != xy:
                cv.draw.line((xy, spot), fill=day_color(index), width=2)
            c.marker(cv, spot, "visit", str(index + 1), RADIUS, day_color(index))
    for place_id, xy in sorted(anchors.items()):
        c.marker(cv, xy, "airport" if place_id == "changi-airport" else "hotel", "H", RADIUS + 3)


def _legend(
    cv: c.Canvas, itinerary: Itinerary, routes: list[DayRoute], top: int, lang: Lang
) -> None:
    y = top + 12
    for index, route in enumerate(routes):
        centre = y + ROW / 2
        c.marker(cv, (44, centre), "visit", str(index + 1), 17, day_color(index))
        c.text(cv, (80, centre), title_of(itinerary, index, lang), 24, anchor="lm")
        numbered = sum(1 for s in route.stops if s.kind not in ("hotel", "airport"))
        count = i18n(lang, "map_stops_count", n=numbered)
        c.text(cv, (WIDTH - 28, centre), count, 20, c.MUTED, anchor="rm")
        room = WIDTH - 28 - c.text_width(count, 20) - 24 - 420
        c.text(
            cv,
            (420, centre),
            c.fit_text(" · ".join(route.areas), 22, room),
            22,
            c.MUTED,
            anchor="lm",
        )
        y += ROW
