"""The travel model: walking, MRT, taxi and car legs between places."""

from __future__ import annotations

from bot.planner import travel as travel_module
from bot.planner.geo import Point, hotel_area
from bot.planner.kb import KnowledgeBase
from bot.planner.travel import TravelModel, mrt_fare, period
from bot.trip import Transport

PUBLIC = frozenset({Transport.PUBLIC})
TAXI = frozenset({Transport.TAXI})
NOON = 12 * 60


def test_nearby_places_are_walked(travel: TravelModel) -> None:
    leg = travel.leg("merlion-park", "national-gallery", PUBLIC, NOON)
    assert leg.mode == "walk"
    assert leg.cost_sgd == 0
    assert 5 <= leg.minutes <= 15


def test_distant_places_take_the_mrt_with_a_distance_fare(travel: TravelModel) -> None:
    leg = travel.leg("city-hall", "changi-airport", PUBLIC, NOON)
    assert leg.mode == "mrt"
    assert 30 <= leg.minutes <= 60
    assert 1.10 <= leg.cost_sgd <= 2.40


def test_taxi_is_slower_in_the_evening_peak(travel: TravelModel) -> None:
    peak = travel.leg("orchard-road", "gardens-by-the-bay", TAXI, 18 * 60)
    midday = travel.leg("orchard-road", "gardens-by-the-bay", TAXI, NOON)
    assert peak.mode == midday.mode == "taxi"
    assert peak.minutes > midday.minutes
    assert peak.cost_sgd > midday.cost_sgd


def test_taxi_fare_is_shared_by_the_party_four_to_a_car(travel: TravelModel) -> None:
    one = travel.leg("orchard-road", "singapore-zoo", TAXI, NOON, party_size=1)
    four = travel.leg("orchard-road", "singapore-zoo", TAXI, NOON, party_size=4)
    five = travel.leg("orchard-road", "singapore-zoo", TAXI, NOON, party_size=5)
    assert abs(four.cost_sgd - one.cost_sgd / 4) < 0.02
    assert abs(five.cost_sgd - one.cost_sgd * 2 / 5) < 0.02


def test_rental_car_pays_for_parking(travel: TravelModel) -> None:
    leg = travel.leg("orchard-road", "singapore-zoo", frozenset({Transport.CAR}), NOON)
    assert leg.mode == "car"
    assert leg.cost_sgd >= 4.0


def test_legs_accept_points_and_hotel_areas(travel: TravelModel) -> None:
    here = Point(1.2900, 103.8500)
    leg = travel.leg(here, hotel_area("orchard").id, PUBLIC, NOON)
    assert leg.minutes > 0
    assert travel.leg("marina-bay", "marina-bay", PUBLIC, NOON).minutes == 0


def test_worst_case_minutes_bound_every_time_of_day(travel: TravelModel) -> None:
    worst = travel.max_minutes("orchard-road", "singapore-zoo", TAXI | PUBLIC)
    for minute in range(0, 24 * 60, 30):
        assert travel.leg("orchard-road", "singapore-zoo", TAXI | PUBLIC, minute).minutes <= worst


def test_station_paths_are_precomputed_for_every_pair(travel: TravelModel) -> None:
    stations = list(travel.rides)
    assert all(set(travel.rides[s]) == set(stations) for s in stations)
    change = travel.rides["orchard"]["bayfront"]
    assert change.transfers >= 1


def test_unknown_place_is_a_key_error(travel: TravelModel) -> None:
    try:
        travel.leg("atlantis", "orchard-road", PUBLIC, NOON)
    except KeyError as exc:
        assert "atlantis" in str(exc)
    else:
        raise AssertionError("expected KeyError")


def test_fares_and_periods() -> None:
    assert mrt_fare(1.0) == 1.19
    assert mrt_fare(100.0) == 2.37
    assert period(8 * 60) == "peak"
    assert period(NOON) == "day"
    assert period(23 * 60) == "night"


def test_models_of_one_knowledge_base_share_what_they_work_out(kb: KnowledgeBase) -> None:
    first, second = TravelModel(kb), TravelModel(kb)
    assert first.rides is second.rides  # the network's rides are worked out once
    leg = first.leg("merlion-park", "national-gallery", PUBLIC, NOON)
    assert second.leg("merlion-park", "national-gallery", PUBLIC, NOON) is leg
    other = kb.model_copy()  # an equal knowledge base, but another object: its own tables
    assert TravelModel(other).rides is not first.rides
    assert TravelModel(other).rides == first.rides


def test_only_a_few_knowledge_bases_keep_their_tables(kb: KnowledgeBase) -> None:
    copies = [kb.model_copy() for _ in range(travel_module.MAX_SHARED_TABLES + 1)]
    first = TravelModel(copies[0])
    for copy in copies[1:]:
        TravelModel(copy)
    assert len(travel_module._SHARED) <= travel_module.MAX_SHARED_TABLES
    assert TravelModel(copies[0]).rides is not first.rides  # its tables were let go
    assert TravelModel(copies[-1]).rides is TravelModel(copies[-1]).rides
