"""Invariants of the REAL bundled data (bot/planner/data/*.json), not of a fixture.

Each test lists every record that fails, so a data fix can be made in one pass; thresholds are
product requirements and must not be weakened to make a test pass.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from importlib import resources

import pytest

from bot.intake.places import PlaceIndex
from bot.planner.catalogue import describe_attraction
from bot.planner.geo import DEFAULT_HOTEL_AREA, Point, haversine_km
from bot.planner.kb import (
    ATTRACTION_FILES,
    SG_LAT,
    SG_LON,
    KnowledgeBase,
    load_knowledge_base,
    minutes,
)
from bot.planner.travel import TravelModel
from bot.trip import Transport, TravelStyle

MIN_ATTRACTIONS = 120
MIN_FOOD = 30
MIN_PER_STYLE = 5
FOOD_RADIUS_KM = 3.0
MAX_MINUTES_FROM_HOTEL = 150


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def raw_ids() -> list[str]:
    ids: list[str] = []
    for name in (*ATTRACTION_FILES, "food.json"):
        raw = json.loads(resources.files("bot.planner.data").joinpath(name).read_text("utf-8"))
        records = raw["records"] if isinstance(raw, dict) else raw
        ids += [str(r.get("id")) for r in records]
    return ids


def test_place_ids_are_unique_across_all_files() -> None:
    dupes = sorted(pid for pid, n in Counter(raw_ids()).items() if n > 1)
    assert dupes == []


def test_the_data_files_load_and_validate(kb: KnowledgeBase) -> None:
    assert kb.attractions and kb.food and kb.mrt.stations


def test_there_are_enough_attractions_and_food_places(kb: KnowledgeBase) -> None:
    assert len(kb.attractions) >= MIN_ATTRACTIONS
    assert len(kb.food) >= MIN_FOOD


def test_every_coordinate_is_inside_singapore(kb: KnowledgeBase) -> None:
    points = [(p.id, p.lat, p.lon) for p in (*kb.attractions, *kb.food)]
    points += [(s.id, s.lat, s.lon) for s in kb.mrt.stations]
    outside = [
        pid
        for pid, lat, lon in points
        if not (SG_LAT[0] <= lat <= SG_LAT[1] and SG_LON[0] <= lon <= SG_LON[1])
    ]
    assert outside == []


def test_every_style_is_served_by_enough_attractions(kb: KnowledgeBase) -> None:
    served = Counter(style for a in kb.attractions for style in a.styles)
    thin = {s.value: served[s] for s in TravelStyle if served[s] < MIN_PER_STYLE}
    assert thin == {}


def test_every_place_names_a_known_station(kb: KnowledgeBase) -> None:
    unknown = [p.id for p in (*kb.attractions, *kb.food) if p.mrt_station not in kb.stations]
    assert unknown == []


def test_the_mrt_network_is_connected(kb: KnowledgeBase) -> None:
    links: dict[str, set[str]] = defaultdict(set)
    for edge in kb.mrt.edges:
        links[edge.a].add(edge.b)
        links[edge.b].add(edge.a)
    start = kb.mrt.stations[0].id
    seen, todo = {start}, [start]
    while todo:
        for nxt in links[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    assert sorted(set(kb.stations) - seen) == []


def test_every_attraction_is_reachable_from_the_default_hotel_area(kb: KnowledgeBase) -> None:
    travel = TravelModel(kb)
    public = frozenset({Transport.PUBLIC})
    slow = {}
    for a in kb.attractions:
        leg = travel.leg(DEFAULT_HOTEL_AREA, a.id, public, 10 * 60)
        if leg.minutes > MAX_MINUTES_FROM_HOTEL:
            slow[a.id] = leg.minutes
    assert slow == {}


# Kusu and St John's have no food at all: visitors eat at Marina South Pier before the ferry.
FERRY_ONLY_AREAS = {"Southern Islands"}


def test_every_attraction_area_has_food_within_three_km(kb: KnowledgeBase) -> None:
    by_area: dict[str, list[Point]] = defaultdict(list)
    for a in kb.attractions:
        if a.area in FERRY_ONLY_AREAS:
            continue
        by_area[a.area].append(Point(a.lat, a.lon))
    food = [Point(f.lat, f.lon) for f in kb.food]
    hungry = {}
    for area, points in sorted(by_area.items()):
        centre = Point(
            sum(p.lat for p in points) / len(points), sum(p.lon for p in points) / len(points)
        )
        nearest = min(haversine_km(centre, f) for f in food)
        if nearest > FOOD_RADIUS_KM:
            hungry[area] = round(nearest, 1)
    assert hungry == {}


def test_every_attraction_opens_on_some_weekday(kb: KnowledgeBase) -> None:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    never = [a.id for a in kb.attractions if not any(getattr(a.hours, d) for d in days)]
    assert never == []


def test_show_times_fall_inside_opening_hours(kb: KnowledgeBase) -> None:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    bad = []
    for a in kb.attractions:
        spans = [
            (minutes(s.split("-")[0]), minutes(s.split("-")[1]))
            for d in days
            for s in getattr(a.hours, d)
        ]
        for show in a.show_times:
            if not any(lo <= minutes(show) < hi for lo, hi in spans):
                bad.append(f"{a.id} {show}")
    assert bad == []


def test_visits_fit_inside_the_longest_opening(kb: KnowledgeBase) -> None:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    too_long = []
    for a in kb.attractions:
        longest = max(
            (
                minutes(s.split("-")[1]) - minutes(s.split("-")[0])
                for d in days
                for s in getattr(a.hours, d)
            ),
            default=0,
        )
        if a.duration_min > longest:
            too_long.append(a.id)
    assert too_long == []


def test_every_catalogue_page_renders_in_both_languages(kb: KnowledgeBase) -> None:
    for a in kb.attractions:
        for lang in ("en", "ko"):
            text = describe_attraction(a, kb, lang, date(2026, 3, 2))
            assert (a.names.ko if lang == "ko" else a.names.en) in text
        if a.number is not None:
            assert PlaceIndex.for_kb(kb).lookup(str(a.number)).place == a
        # every place is found by its own names, in both languages
        for name in (a.names.en, a.names.ko):
            assert PlaceIndex.for_kb(kb).lookup(name).place == a, name
