"""Geographic bundles: nearby attractions grouped to fill one block of a day."""

from __future__ import annotations

from bot.planner.bundles import MAX_SIZE, WIDE_RADIUS_KM, area_name, make_bundles, pick_bundles
from bot.planner.geo import Point, haversine_km
from bot.planner.kb import KnowledgeBase


def test_every_attraction_is_in_exactly_one_bundle(kb: KnowledgeBase) -> None:
    bundles = make_bundles(kb.attractions, lambda a: 1.0)
    ids = [p for b in bundles for p in b.place_ids]
    assert sorted(ids) == sorted(a.id for a in kb.attractions)


def test_bundles_hold_up_to_five_places_near_their_seed(kb: KnowledgeBase) -> None:
    for bundle in make_bundles(kb.attractions, lambda a: 1.0):
        assert 1 <= len(bundle.place_ids) <= MAX_SIZE
        seed = kb.places[bundle.place_ids[0]]
        for pid in bundle.place_ids:
            place = kb.places[pid]
            distance = haversine_km(Point(seed.lat, seed.lon), Point(place.lat, place.lon))
            assert distance <= WIDE_RADIUS_KM


def test_zoo_and_night_safari_share_a_bundle(kb: KnowledgeBase) -> None:
    bundles = make_bundles(kb.attractions, lambda a: 1.0)
    zoo = next(b for b in bundles if "singapore-zoo" in b.place_ids)
    assert "night-safari" in zoo.place_ids
    assert zoo.evening


def test_a_day_takes_at_most_three_bundles(kb: KnowledgeBase) -> None:
    bundles = make_bundles(kb.attractions, lambda a: 1.0)
    chosen = pick_bundles(bundles, lambda b: 10.0, Point(1.2931, 103.8520), 5)
    assert len(chosen) == 3


def test_area_names_are_readable() -> None:
    assert area_name("marina-bay") == "Marina Bay"
    assert area_name("Chinatown") == "Chinatown"
