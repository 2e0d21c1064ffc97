"""A day's meals stay in the part of town the day is spent in (real knowledge base).

A Civic District day for a family of food lovers went to lunch at Tekka Centre in Little India
(an MRT ride after the river cruise), on to a snack at Albert Centre, and back by MRT to the
river: each food stop looked on the way, because the other was one of its neighbours, and an
MRT ride of a few minutes hid that the day left its part of town for two and a half hours
while Hong Lim and Lau Pa Sat were a walk away. The bench's requests showed the same on many
days: a Marina Bay day lunching at Albert Centre between Gardens by the Bay and the Merlion.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import pairwise

from bench import plan_digest
from bench.bench_planner import food_runs, random_request
from bot.planner.geo import Point, haversine_km
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import load_knowledge_base, minutes
from bot.planner.regions import kb_region_map, main_regions
from bot.planner.service import plan_trip, travel_model
from bot.trip import Money, Party, TravelStyle, TripRequest

KB = load_knowledge_base()
TRAVEL = travel_model(KB)
FAR_KM = 1.5  # food stops in a row that add more than this to the way between two stops ...
NEAR_KM = 0.8  # ... while a food place open then would add at most this (a short walk)


def _point(item: Item) -> Point:
    assert item.lat is not None and item.lon is not None
    return Point(item.lat, item.lon)


def _added_km(a: Point, via: list[Point], b: Point) -> float:
    """Kilometres (as the crow flies) the way from ``a`` to ``b`` grows by going through ``via``."""
    return sum(haversine_km(x, y) for x, y in pairwise([a, *via, b])) - haversine_km(a, b)


def far_food(day: Day) -> list[tuple[str, ...]]:
    """The food stops in a row (a meal, or lunch then a snack) between two stops of ``day`` that
    take the way more than :data:`FAR_KM` out of its path while a food place open for the first
    of them would take it at most :data:`NEAR_KM` out: each as the ids of the stop before, the
    food stops and the stop after."""
    out = []
    for before, run, after in food_runs(day):
        a, b = _point(before), _point(after)
        if _added_km(a, [_point(i) for i in run], b) > FAR_KM:
            first = run[0]
            start, finish = minutes(first.start), minutes(first.end)
            near = [
                f.id
                for f in KB.food
                if not f.ticketed
                and any(lo <= start and finish <= hi for lo, hi in f.open_intervals(day.date))
                and _added_km(a, [Point(f.lat, f.lon)], b) <= NEAR_KM
            ]
            if near:
                out.append(tuple(str(i.place_id) for i in [before, *run, after]))
    return out


def requests() -> list[TripRequest]:
    """The determinism test's varied requests (four seeds) and the bench's random ones."""
    out = [r for seed in plan_digest.SPREAD_SEEDS for r in plan_digest.spread(KB, 12, seed)]
    rng = random.Random(42)
    for k in range(60):
        out.append(random_request(rng, rng.randint(1, 5), KB, 1 + k % 2 if k % 3 == 0 else 0))
    return out


@cache
def plans() -> tuple[Itinerary, ...]:
    out = []
    for request in requests():
        result = plan_trip(request, KB, travel=TRAVEL)
        if isinstance(result, Itinerary):
            out.append(result)
    return tuple(out)


def test_meals_are_not_a_trip_out_of_the_days_part_of_town_while_food_is_near() -> None:
    """At most one in a hundred food stops between two stops leaves the way by more than
    :data:`FAR_KM` while food a short walk off it is open (the code before: 25 of 381)."""
    found = [(str(day.date), run) for it in plans() for day in it.days for run in far_food(day)]
    runs = sum(1 for it in plans() for day in it.days for _ in food_runs(day))
    assert len(plans()) > 80 and runs > 300  # over many plans and meals, not a few
    assert len(found) <= runs // 100, found


def test_variety_stays_a_food_lover_eats_at_different_hawker_centres() -> None:
    """Food near the day's sights first does not mean one food centre every day: a food
    lover's trip eats at many places, a place twice only now and then."""
    lovers = [it for it in plans() if TravelStyle.FOOD in it.request.styles]
    assert len(lovers) >= 5
    for it in lovers:
        eaten = [i.place_id for d in it.days for i in d.items if i.kind == "meal"]
        assert len(set(eaten)) >= 0.75 * len(eaten), eaten


FAMILY_OF_FOOD_LOVERS = TripRequest(
    start_date=date(2027, 3, 12),
    end_date=date(2027, 3, 15),
    party=Party(adults=2, children=1, child_ages=(6,)),
    styles=[TravelStyle.FOOD],
    interests=["hawker"],
    budget=Money(amount=Decimal(1500)),
)


def test_the_civic_district_day_eats_by_the_river_not_in_little_india() -> None:
    it = plan_trip(FAMILY_OF_FOOD_LOVERS, KB, travel=TRAVEL)
    assert isinstance(it, Itinerary)
    rmap = kb_region_map(KB)
    regions = main_regions(it, rmap)
    civic = [d for d, region in zip(it.days, regions, strict=True) if region == "civic"]
    assert civic, regions
    for day in civic:
        food = [i.place_id for i in day.items if i.kind == "meal"]
        assert all(rmap.of[str(f)] != "bugis" for f in food), food
        assert far_food(day) == []


def test_a_day_in_little_india_still_eats_there() -> None:
    """The rule is about the way, not about a list of places: a day spent in Little India
    lunches or dines at one of its own food centres, on the way between its sights."""
    request = TripRequest(
        start_date=date(2027, 3, 12),
        end_date=date(2027, 3, 12),
        party=Party(adults=2),
        styles=[TravelStyle.FOOD],
        must_see=["little-india", "sri-veeramakaliamman-temple", "sri-srinivasa-perumal-temple"],
    )
    it = plan_trip(request, KB, travel=TRAVEL)
    assert isinstance(it, Itinerary)
    food = {i.place_id for d in it.days for i in d.items if i.kind == "meal"}
    assert food & {"tekka-centre", "berseh-food-centre"}, food
