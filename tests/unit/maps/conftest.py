"""Itineraries for the map tests, built from the real knowledge base by position, not by id.

The places are chosen by where they are (nearest to an anchor), so the tests keep working when
the data files gain or rename places.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

import pytest

from bot.planner.geo import ANCHORS, Point, haversine_km
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase, hhmm, load_knowledge_base
from bot.trip import TripRequest


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def near(
    kb: KnowledgeBase,
    anchor: str,
    n: int,
    *,
    food: bool = False,
    besides: Sequence[Attraction | FoodPlace] = (),
) -> list[Attraction | FoodPlace]:
    """The ``n`` places nearest to an anchor, 150 m apart, from it and from ``besides`` (the
    day's other places: a food court inside a mall is not drawn on the mall's marker)."""
    at = ANCHORS[anchor].point
    pool: Sequence[Attraction | FoodPlace] = kb.food if food else kb.attractions
    ranked = sorted(pool, key=lambda p: (haversine_km(at, Point(p.lat, p.lon)), p.id))
    chosen: list[Attraction | FoodPlace] = []
    taken = [at, *(Point(p.lat, p.lon) for p in besides)]  # the hotel's marker too
    for place in ranked:
        here = Point(place.lat, place.lon)
        if all(haversine_km(here, other) > 0.15 for other in taken):
            chosen.append(place)
            taken.append(here)
        if len(chosen) == n:
            break
    return chosen


def day_of(
    places: Sequence[Attraction | FoodPlace], modes: Sequence[str], *, hotel: str, when: date
) -> Day:
    """A day: hotel → places (a meal for food places) → hotel, legs in ``modes`` order."""
    items: list[Item] = []
    clock = 9 * 60
    stops: list[str] = [hotel, *(p.id for p in places), hotel]
    by_id = {p.id: p for p in places}
    for i, (a, b) in enumerate(pairwise(stops)):
        items.append(
            Item(start=hhmm(clock), end=hhmm(clock + 15), kind="transit", name=f"to {b}",
                 mode=modes[i % len(modes)], from_id=a, to_id=b)
        )  # fmt: skip
        clock += 15
        place = by_id.get(b)
        if place is not None:
            kind = "meal" if isinstance(place, FoodPlace) else "visit"
            items.append(
                Item(
                    start=hhmm(clock),
                    end=hhmm(clock + 60),
                    kind=kind,
                    place_id=place.id,
                    name=place.names.en,
                    lat=place.lat,
                    lon=place.lon,
                )
            )
            clock += 60
    return Day(date=when, items=items, start_place=hotel, end_place=hotel)


def itinerary_of(*days: Day) -> Itinerary:
    return Itinerary(request=TripRequest(), days=list(days))


@pytest.fixture(scope="session")
def marina_day(kb: KnowledgeBase) -> Itinerary:
    """Four sights and a meal around Marina Bay, walking, from a Marina Bay hotel."""
    sights = near(kb, "marina-bay", 4)
    places = [*sights, *near(kb, "marina-bay", 1, food=True, besides=sights)]
    return itinerary_of(day_of(places, ["walk"], hotel="marina-bay", when=date(2027, 3, 12)))


@pytest.fixture(scope="session")
def two_days(kb: KnowledgeBase, marina_day: Itinerary) -> Itinerary:
    """Marina Bay on foot, then Sentosa and Orchard by MRT and taxi from the same hotel."""
    sentosa = near(kb, "sentosa", 3)
    second = [*sentosa, *near(kb, "orchard", 1, food=True, besides=sentosa)]
    day2 = day_of(second, ["mrt", "walk", "walk", "taxi", "mrt"], hotel="marina-bay",
                  when=date(2027, 3, 13))  # fmt: skip
    return itinerary_of(marina_day.days[0], day2)
