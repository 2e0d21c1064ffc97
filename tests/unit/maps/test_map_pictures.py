"""Maps are looked at: markers where the places are, land and sea, legend, Hangul, same bytes."""

from __future__ import annotations

import io
import math
import struct

from PIL import Image, ImageDraw

from bot.maps import canvas, draw_day, draw_maps, draw_overview
from bot.maps.canvas import LAND, MARKER, SEA, font
from bot.maps.day import MIN_SPAN_KM, RADIUS
from bot.maps.geometry import fit, to_km
from bot.planner.geo import Point, haversine_km
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase


def rgb(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def chunks(png: bytes) -> list[bytes]:
    """The PNG's chunk types, in order."""
    out, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        out.append(png[pos + 4 : pos + 8])
        pos += 12 + length
    return out


def test_each_stop_marker_is_drawn_at_its_projected_position(
    marina_day: Itinerary, kb: KnowledgeBase
) -> None:
    drawn = draw_day(marina_day, 0, kb, "en")
    image = rgb(drawn.png)
    numbered = [s for s in drawn.stops if s.stop.kind in ("visit", "meal")]
    assert len(numbered) == 5
    assert all(s.marker == s.at for s in numbered)  # places 150 m apart need no nudging
    for s in drawn.stops:
        assert s.at == drawn.frame.project(s.stop.lat, s.stop.lon)
        if s.marker != s.at:  # nudged off a neighbour: a dot marks the true spot, close by
            assert image.getpixel((round(s.at[0]), round(s.at[1]))) == MARKER[s.stop.kind]
            assert math.dist(s.marker, s.at) < 5 * RADIUS
        x, y = s.marker
        # Inside the marker ring but clear of its white number: the stop's own colour.
        for dx, dy in ((-RADIUS + 6, 0), (RADIUS - 6, 0), (0, -RADIUS + 6), (0, RADIUS - 6)):
            assert image.getpixel((round(x + dx), round(y + dy))) == MARKER[s.stop.kind], s.stop
    # The projection keeps distances: pixels per km are the same in every direction.
    a, b = numbered[0].stop, numbered[-1].stop
    px = math.dist(numbered[0].at, numbered[-1].at)
    km = haversine_km(Point(a.lat, a.lon), Point(b.lat, b.lon))
    assert abs(px / km - drawn.frame.scale) / drawn.frame.scale < 0.01


def test_land_is_drawn_where_singapore_is_and_sea_where_it_is_not() -> None:
    frame = fit([to_km(1.16, 103.60), to_km(1.47, 104.09)], 1280, min_span_km=5, pad_px=0)
    cv = canvas.new_canvas(frame.width, frame.height)
    canvas.draw_basemap(cv, frame)
    image = cv.image.convert("RGB")
    land = {
        "Bukit Timah": (1.3541, 103.7760),
        "Ang Mo Kio": (1.3691, 103.8454),
        "Tampines": (1.3496, 103.9568),
        "Jurong East": (1.3331, 103.7422),
        "Sentosa": (1.2494, 103.8303),
        "Pulau Ubin": (1.4044, 103.9625),
    }
    sea = {
        "Singapore Strait": (1.2000, 103.9000),
        "off Pasir Panjang": (1.2450, 103.7600),
        "off East Coast Park": (1.2850, 103.9400),
        "Johor Strait east": (1.4350, 103.9000),
    }
    for name, (lat, lon) in land.items():
        x, y = frame.project(lat, lon)
        assert image.getpixel((round(x), round(y))) == LAND, name
    for name, (lat, lon) in sea.items():
        x, y = frame.project(lat, lon)
        assert image.getpixel((round(x), round(y))) == SEA, name


def test_the_legend_lists_every_stop_with_its_times_and_marker(
    two_days: Itinerary, kb: KnowledgeBase
) -> None:
    for index, day in enumerate(two_days.days):
        drawn = draw_day(two_days, index, kb, "en")
        image = rgb(drawn.png)
        visits = [i for i in day.items if i.kind != "transit"]
        names = [r.name for r in drawn.legend]
        for item in visits:
            assert item.name in names
            row = next(r for r in drawn.legend if r.name == item.name)
            assert row.when == f"{item.start}–{item.end}"
        assert names[0].startswith("Hotel") and names[-1].startswith("Hotel")
        for row in drawn.legend:
            y = round(row.y)
            assert image.getpixel((44 - 11, y)) == MARKER[row.stop.kind]
            inked = [image.getpixel((x, y + dy)) for x in range(240, 520) for dy in range(-8, 9)]
            assert sum(p == canvas.INK for p in inked) > 40, row.name  # the name is written


def test_mrt_legs_run_along_the_line_and_taxi_legs_go_straight(
    two_days: Itinerary, kb: KnowledgeBase
) -> None:
    from bot.maps.route import day_route

    route = day_route(two_days.days[1], kb, "en")
    colours = {line.color for line in kb.mrt.lines}
    stations = {to_km(s.lat, s.lon) for s in kb.mrt.stations}
    rail = [p for p in route.paths if p.kind == "rail"]
    assert rail and all(p.color in colours for p in rail)
    assert all(pt in stations for p in rail for pt in p.points)
    assert any(len(p.points) > 2 for p in rail)  # rides pass stations on the way
    assert [p for p in route.paths if p.kind == "road" and len(p.points) == 2]
    assert route.stations  # boarding and alighting stations are named


def test_a_marina_bay_day_is_framed_close_not_at_island_scale(
    marina_day: Itinerary, kb: KnowledgeBase
) -> None:
    frame = draw_day(marina_day, 0, kb, "en").frame
    across = frame.width / frame.scale
    assert MIN_SPAN_KM <= across < 6


def glyph(ch: str) -> bytes:
    """The map font's bitmap of one character."""
    image = Image.new("L", (48, 48))
    ImageDraw.Draw(image).text((6, 6), ch, font=font(24), fill=255)
    return image.tobytes()


def test_korean_maps_draw_hangul_glyphs_not_missing_glyph_boxes(
    marina_day: Itinerary, kb: KnowledgeBase
) -> None:
    ko = draw_day(marina_day, 0, kb, "ko")
    assert any("호텔" in r.name for r in ko.legend)
    assert ko.png != draw_day(marina_day, 0, kb, "en").png
    notdef = glyph("\U000f0000")  # a private-use code point: drawn as .notdef
    hangul = {ch for r in ko.legend for ch in r.name if "\uac00" <= ch <= "\ud7a3"}
    hangul |= {
        ch for a in (*kb.attractions, *kb.food) for ch in a.names.ko if "\uac00" <= ch <= "\ud7a3"
    }
    assert len(hangul) > 100
    missing = [ch for ch in sorted(hangul) if glyph(ch) == notdef]
    assert missing == []
    # Different syllables draw differently (a font without Hangul draws them all alike).
    assert len({glyph(ch) for ch in "가나다라마"}) == 5


def test_the_same_plan_gives_the_same_bytes_without_metadata(
    two_days: Itinerary, kb: KnowledgeBase
) -> None:
    first = [m.png for m in draw_maps(two_days, kb, "ko")]
    canvas.font.cache_clear()
    canvas._glyph.cache_clear()
    again = [m.png for m in draw_maps(two_days, kb, "ko")]
    assert first == again
    for png in first:
        kinds = chunks(png)
        assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
        assert not {b"tIME", b"tEXt", b"iTXt", b"zTXt", b"eXIf"} & set(kinds)


def test_maps_are_phone_sized(two_days: Itinerary, kb: KnowledgeBase) -> None:
    maps = draw_maps(two_days, kb, "en")
    assert [m.day for m in maps] == [None, 1, 2]
    for m in maps:
        image = Image.open(io.BytesIO(m.png))
        assert image.width == 1280 and image.height <= 2400
        assert len(m.png) <= 200_000


def test_the_overview_draws_every_day_in_its_own_colour(
    two_days: Itinerary, kb: KnowledgeBase
) -> None:
    from bot.maps.overview import day_color

    drawn = draw_overview(two_days, kb, "en")
    image = rgb(drawn.png)
    colours = {c for _, c in image.getcolors(1 << 20) or []}
    assert day_color(0) in colours and day_color(1) in colours
    assert "2" in drawn.title
