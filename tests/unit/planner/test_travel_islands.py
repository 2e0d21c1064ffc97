"""The travel model on the real network: islands, ferries, the Sentosa links, Mandai's shuttle,
no walking across water, and MRT stations that only count once they are open."""

from __future__ import annotations

from datetime import date

import pytest

from bot.planner.checker import check_itinerary
from bot.planner.geo import Point, haversine_km
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import load_knowledge_base, minutes
from bot.planner.render import render_itinerary
from bot.planner.service import plan_trip, travel_model
from bot.planner.travel import TravelModel
from bot.trip import Party, Transport, TripRequest
from tests.support.planner import real

PUBLIC = frozenset({Transport.PUBLIC})
TAXI = frozenset({Transport.TAXI})
EVERY_MODE_SET = [PUBLIC, TAXI, PUBLIC | TAXI, frozenset({Transport.CAR})]
NOON = 12 * 60
SENTOSA = ["fort-siloso", "wings-of-time", "siloso-beach", "universal-studios-singapore"]
MANDAI = ["singapore-zoo", "night-safari", "river-wonders", "bird-paradise"]


def km(a: str, b: str) -> float:
    kb = real()[0]
    pa, pb = kb.places[a], kb.places[b]
    return haversine_km(Point(pa.lat, pa.lon), Point(pb.lat, pb.lon))


@pytest.mark.parametrize("modes", EVERY_MODE_SET)
def test_labrador_park_to_fort_siloso_is_never_a_walk(modes: frozenset[Transport]) -> None:
    _, travel = real()
    leg = travel.leg("labrador-nature-reserve", "fort-siloso", modes, NOON)
    assert leg.mode != "walk"
    # on foot the only way is round by the Boardwalk, far longer than the straight line
    walk = travel.walk_km("labrador-nature-reserve", "fort-siloso")
    assert walk is not None and walk > 2 * km("labrador-nature-reserve", "fort-siloso")


def test_the_boardwalk_from_vivocity_is_a_walk_onto_sentosa() -> None:
    _, travel = real()
    leg = travel.leg("vivocity", "resorts-world-sentosa", PUBLIC, NOON)
    assert leg.mode == "walk" and leg.minutes <= 20


@pytest.mark.parametrize("place", SENTOSA)
def test_sentosa_is_reached_by_the_sentosa_express_not_on_foot_from_harbourfront(
    place: str,
) -> None:
    kb, travel = real()
    leg = travel.leg("chinatown-heritage-centre", place, PUBLIC, NOON)
    assert leg.mode == "sentosa_express", leg
    assert "mrt" in leg.via
    assert kb.places[place].mrt_station in {"resorts-world", "imbiah", "beach"}


@pytest.mark.parametrize("place", MANDAI)
def test_no_mrt_goes_to_mandai_the_last_leg_is_a_shuttle_or_bus(place: str) -> None:
    _, travel = real()
    leg = travel.leg("orchard-road", place, PUBLIC, NOON)
    assert leg.mode in ("shuttle", "bus"), leg
    assert leg.via[-1] in ("shuttle", "bus")
    assert travel.leg("orchard-road", place, TAXI, NOON).mode == "taxi"


def test_mandai_parks_have_their_own_pins_bird_paradise_is_not_on_river_wonders() -> None:
    assert km("bird-paradise", "river-wonders") > 0.3
    assert km("wings-of-time", "siloso-beach") < 0.8


@pytest.mark.parametrize("modes", EVERY_MODE_SET)
def test_pulau_ubin_is_reached_by_the_changi_point_ferry(modes: frozenset[Transport]) -> None:
    kb, travel = real()
    leg = travel.leg("gardens-by-the-bay", "pulau-ubin", modes, 9 * 60)
    assert leg.mode == "ferry" and leg.via[-1] == "ferry"
    ferry = next(f for f in kb.mrt.ferries if f.island == "pulau-ubin")
    assert "Changi Point" in ferry.mainland_pier.name
    to_pier = travel.leg(
        "gardens-by-the-bay", Point(ferry.mainland_pier.lat, ferry.mainland_pier.lon), modes, 9 * 60
    )
    assert leg.minutes >= to_pier.minutes + ferry.minutes
    assert kb.places["pulau-ubin"].mrt_station != "tanah-merah"


def test_kusu_island_is_reached_by_ferry_from_marina_south_pier() -> None:
    kb, travel = real()
    leg = travel.leg("marina-bay-sands", "kusu-island", PUBLIC, 9 * 60)
    assert leg.mode == "ferry"
    ferry = next(f for f in kb.mrt.ferries if f.island == "kusu-island")
    assert ferry.mainland_pier.name == "Marina South Pier"


def test_changi_village_is_reached_by_bus_not_from_across_the_airfield() -> None:
    kb, travel = real()
    village = kb.places["changi-village-hawker-centre"]
    assert village.mrt_station != "changi-airport"
    leg = travel.leg("bugis-street", "changi-village-hawker-centre", PUBLIC, NOON)
    assert "bus" in leg.via


def test_the_checker_refuses_a_walk_across_the_water() -> None:
    kb, travel = real()
    day = date(2026, 12, 8)
    hop = Item(
        start="10:00",
        end="10:40",
        kind="transit",
        name="Walk to Pulau Ubin",
        mode="walk",
        from_id="changi-village-hawker-centre",
        to_id="pulau-ubin",
    )
    it = Itinerary(
        request=TripRequest(start_date=day, end_date=day, party=Party(adults=1)),
        days=[Day(date=day, items=[hop])],
    )
    assert "impossible_leg" in {v.code for v in check_itinerary(it, kb, travel)}


def test_circle_line_stage_6_is_used_only_once_it_opens() -> None:
    kb = load_knowledge_base()
    before, after = TravelModel(kb, on=date(2026, 6, 1)), TravelModel(kb, on=date(2026, 9, 1))
    assert "keppel" not in before.rides and "keppel" in after.rides
    assert (
        after.rides["harbourfront"]["marina-bay"].minutes
        < before.rides["harbourfront"]["marina-bay"].minutes
    )


def test_stations_announced_after_the_data_date_are_not_relied_on() -> None:
    kb = load_knowledge_base()
    later = TravelModel(kb, on=date(2027, 6, 1))
    assert kb.stations["sungei-bedok"].opened is not None
    assert "sungei-bedok" not in later.rides  # announced for 2026 H2, not yet confirmed


def test_a_trip_before_an_opening_is_planned_without_the_new_stations() -> None:
    kb = load_knowledge_base()
    day = date(2026, 5, 5)  # before Circle Line stage 6 opens
    assert "keppel" not in travel_model(kb, day).rides
    assert "keppel" in travel_model(kb, date(2026, 12, 1)).rides
    request = TripRequest(
        start_date=day,
        end_date=day,
        party=Party(adults=1),
        hotel_area="sentosa",
        must_see=["red-dot-design-museum", "haw-par-villa"],
    )
    it = plan_trip(request, kb)
    assert isinstance(it, Itinerary)
    then = TravelModel(kb, on=day)
    modes = frozenset(request.transport)
    for item in (i for d in it.days for i in d.items if i.kind == "transit"):
        start = minutes(item.start)
        assert item.from_id and item.to_id
        # every leg is timed on the network of the trip's date
        assert minutes(item.end) - start == then.leg(item.from_id, item.to_id, modes, start).minutes


def test_the_new_circle_line_link_shortens_a_leg_once_open() -> None:
    kb = load_knowledge_base()
    then, now = TravelModel(kb, on=date(2026, 5, 5)), TravelModel(kb)
    a, b = "red-dot-design-museum", "haw-par-villa"
    assert now.leg(a, b, PUBLIC, NOON).minutes < then.leg(a, b, PUBLIC, NOON).minutes


def test_the_rendered_plan_names_the_sentosa_express_and_the_ferry() -> None:
    kb, travel = real()
    day = date(2026, 12, 8)
    request = TripRequest(
        start_date=day, end_date=day, party=Party(adults=2), must_see=["fort-siloso"]
    )
    it = plan_trip(request, kb, travel=travel)
    assert isinstance(it, Itinerary)
    text = render_itinerary(it, kb, "en")
    modes = {i.mode for d in it.days for i in d.items if i.kind == "transit"}
    assert modes & {"sentosa_express", "walk", "taxi"}
    if "sentosa_express" in modes:
        assert "Sentosa Express" in text
    assert check_itinerary(it, kb, travel) == []


def test_the_sentosa_express_charges_on_the_way_in_only() -> None:
    _, travel = real()
    into = travel.leg("food-republic-vivocity", "wings-of-time", PUBLIC, 19 * 60)
    out = travel.leg("wings-of-time", "food-republic-vivocity", PUBLIC, 21 * 60)
    assert into.mode == out.mode == "sentosa_express"
    assert into.cost_sgd == 4.0 and out.cost_sgd == 0.0


@pytest.mark.parametrize("place", ["skyline-luge-sentosa", "fort-siloso", "siloso-beach"])
def test_the_cable_car_is_known_but_never_a_costly_shortcut(place: str) -> None:
    kb, travel = real()
    assert any(line.kind == "cable_car" for line in kb.mrt.lines)
    for start in ("orchard-road", "singapore-cable-car-mount-faber", "chinatown-heritage-centre"):
        assert "cable_car" not in travel.leg(start, place, PUBLIC, NOON).via
