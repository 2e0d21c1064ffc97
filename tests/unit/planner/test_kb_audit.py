"""A data audit of the bundled knowledge base: every record is where it says, reachable from the
station it names, dated, and kept in a stable order."""

from __future__ import annotations

import re

from bot.planner.geo import Point, haversine_km
from bot.planner.kb import WEEKDAYS, Attraction, FoodPlace, KnowledgeBase, load_knowledge_base
from bot.planner.travel import TravelModel
from bot.trip import Transport
from tests.support.planner import real

PUBLIC = frozenset({Transport.PUBLIC})
NOON = 12 * 60
SAME_PIN_M = 30  # two pins closer than this are the same spot
STATION_MAX_MIN = 20
# a place the data marks remote (its access_note says how to get there) may be further, not far
REMOTE_STATION_MAX_MIN = 40
DATED = re.compile(r"\b20\d\d-\d\d(-\d\d)?\b")

Place = Attraction | FoodPlace


def metres(a: Place, b: Place) -> float:
    return haversine_km(Point(a.lat, a.lon), Point(b.lat, b.lon)) * 1000


def inside(kb: KnowledgeBase, place: Place, other: Place) -> bool:
    """Whether ``place`` is (transitively) marked as inside ``other``."""
    seen: set[str] = set()
    current: Place | None = place
    while current is not None and current.inside and current.inside not in seen:
        if current.inside == other.id:
            return True
        seen.add(current.inside)
        current = kb.places.get(current.inside)
    return False


def same_host(a: Place, b: Place) -> bool:
    """Whether both are marked inside one place (two eateries of one mall, pinned at it)."""
    return a.inside is not None and a.inside == b.inside


def test_no_two_records_share_a_pin_unless_one_is_inside_the_other() -> None:
    kb, _ = real()
    places = sorted(kb.places.values(), key=lambda p: p.id)
    shared = [
        (a.id, b.id, round(metres(a, b)))
        for i, a in enumerate(places)
        for b in places[i + 1 :]
        if metres(a, b) < SAME_PIN_M
        and not inside(kb, a, b)
        and not inside(kb, b, a)
        and not same_host(a, b)
    ]
    assert shared == []


def test_sharing_a_host_is_not_sharing_with_an_unrelated_place() -> None:
    kb, _ = real()
    five_spice, dining = kb.places["five-spice-jewel"], kb.places["jewel-changi-dining"]
    assert same_host(five_spice, dining)
    # a food court of another mall is not excused by being inside something too
    assert not same_host(five_spice, kb.places["rasapura-masters-mbs"])
    assert not same_host(kb.places["jewel-changi-airport"], kb.places["canopy-park"])


def station_minutes(travel: TravelModel, place: Place) -> float:
    """Minutes from a place to the station it names, by the travel model (walk or feeder bus)."""
    minutes = travel.station_minutes(place.id, place.mrt_station)
    assert minutes is not None, place.id
    return minutes


def test_every_nearest_station_is_reachable_by_the_travel_model() -> None:
    kb, travel = real()
    far: list[tuple[str, str, str | int]] = []
    for place in sorted(kb.places.values(), key=lambda p: p.id):
        station = kb.stations[place.mrt_station]
        land = travel.landmass(place.id)
        if land != kb.mrt.landmass(station.lat, station.lon):
            # an island without a causeway: its station is the mainland side of its ferry
            ferry = next((f for f in kb.mrt.ferries if f.island == land), None)
            pier = Point(ferry.mainland_pier.lat, ferry.mainland_pier.lon) if ferry else None
            ok = (
                pier is not None
                and place.access_note
                and travel.leg(pier, Point(station.lat, station.lon), PUBLIC, NOON).minutes
                <= STATION_MAX_MIN
            )
            if not ok:
                far.append((place.id, place.mrt_station, "across water"))
            continue
        limit = REMOTE_STATION_MAX_MIN if place.access_note else STATION_MAX_MIN
        minutes = station_minutes(travel, place)
        if minutes > limit:
            far.append((place.id, place.mrt_station, round(minutes)))
    assert far == []


def test_changi_village_is_not_given_the_airport_station_across_the_airfield() -> None:
    kb, travel = real()
    village = kb.places["changi-village-hawker-centre"]
    assert station_minutes(travel, village) <= STATION_MAX_MIN


def test_every_verify_note_is_dated() -> None:
    kb, _ = real()
    undated = [
        p.id
        for p in kb.places.values()
        if "verif" in p.source.lower() and not DATED.search(p.source)
    ]
    assert undated == []


def test_every_record_s_source_carries_a_date() -> None:
    """The audit covers every record: a dated source, or the date since which it is unverified."""
    kb, _ = real()
    undated = [p.id for p in kb.places.values() if not DATED.search(p.source)]
    assert undated == []
    unverified = [p for p in kb.places.values() if "unverified" in p.source.lower()]
    assert all(re.search(r"unverified since 20\d\d-\d\d-\d\d", p.source) for p in unverified)


def test_every_closure_note_is_dated() -> None:
    kb, _ = real()
    undated = [
        p.id for p in kb.places.values() if p.closure_note and not DATED.search(p.closure_note)
    ]
    assert undated == []


def test_a_place_inside_another_is_open_only_while_its_host_is() -> None:
    kb, _ = real()
    outside = [
        (place.id, day)
        for place in kb.places.values()
        if place.inside is not None
        for day in WEEKDAYS
        for a, b in place.hours.on_weekday(day)
        if not any(x <= a and b <= y for x, y in kb.places[place.inside].hours.on_weekday(day))
    ]
    assert outside == []


def test_food_behind_a_park_s_gates_is_inside_a_paid_park() -> None:
    kb, _ = real()
    gated = [f for f in kb.food if f.ticketed]
    assert {f.inside for f in gated} >= {"universal-studios-singapore", "singapore-zoo"}
    for food in gated:
        host = kb.attraction(food.inside or "")
        assert host is not None and host.price_adult_sgd > 0, food.id


def test_every_record_and_link_has_a_source_and_an_as_of_date() -> None:
    kb, _ = real()
    for place in kb.places.values():
        assert place.source.strip() and place.as_of.year >= 2025, place.id
    for ticket in kb.tickets:
        assert ticket.source.strip() and DATED.search(ticket.source), ticket.id
    for ferry in kb.mrt.ferries:
        assert ferry.source.strip() and DATED.search(ferry.source), ferry.id
    for line in kb.mrt.lines:
        if line.kind != "mrt":
            assert DATED.search(line.fare_note), line.code
    for station in kb.mrt.stations:
        if station.opened is not None:
            assert station.opening_note, station.id


def test_sentosa_and_mandai_have_food_so_meals_stay_where_the_day_is() -> None:
    kb, travel = real()
    sentosa = [f.id for f in kb.food if travel.landmass(f.id) == "sentosa"]
    mandai = [f.id for f in kb.food if f.area == "Mandai"]
    assert len(sentosa) >= 2 and len(mandai) >= 2


def test_the_knowledge_base_loads_in_the_same_order_every_time() -> None:
    first = load_knowledge_base()
    load_knowledge_base.cache_clear()
    second = load_knowledge_base()
    assert [p.id for p in first.places.values()] == [p.id for p in second.places.values()]
    assert first.model_dump() == second.model_dump()
