"""Plan quality a traveller notices, on the real knowledge base: full mornings, meals on the way,
and must-see pairs that fit."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import pytest

from bot.i18n import t
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import FoodPlace, KnowledgeBase, load_knowledge_base, minutes
from bot.planner.render import BLOCK_ICON, render_itinerary
from bot.planner.service import plan_trip
from bot.planner.stops import LONG_VISIT_MIN, TWO_MEALS_KINDS, duration, make_context
from bot.planner.travel import TravelModel
from bot.trip import Money, Pace, Party, Transport, TravelStyle, TripRequest
from tests.support.planner import real

LATEST_FIRST_STOP = 11 * 60
MAX_MEAL_DETOUR_MIN = 20
BARE_HEADERS = {f"{icon} {t('en', 'plan.' + block)}" for block, icon in BLOCK_ICON.items()}

FAMILY_FOOD_TRIP = TripRequest(  # "4 days from 12 March 2027, two adults and a 6-year-old, ..."
    start_date=date(2027, 3, 12),
    end_date=date(2027, 3, 15),
    party=Party(adults=2, children=1, child_ages=(6,)),
    styles=[TravelStyle.FOOD],
    budget=Money(amount=Decimal(1500)),
)


def normal_pace_requests(count: int, seed: int) -> list[TripRequest]:
    """Seeded normal-pace trips starting and ending at the hotel (no flights on those days)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        start = date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
        out.append(
            TripRequest(
                start_date=start,
                end_date=start + timedelta(days=rng.randint(2, 5) - 1),
                party=Party(adults=rng.randint(1, 4), children=rng.choice([0, 0, 1])),
                styles=rng.sample(list(TravelStyle), rng.randint(0, 3)),
                pace=Pace.NORMAL,
                transport=rng.sample(list(Transport), rng.randint(1, 2)),
            )
        )
    return out


REQUESTS = [FAMILY_FOOD_TRIP, *normal_pace_requests(8, seed=11)]


@cache
def planned(index: int) -> Itinerary:
    kb, travel = real()
    result = plan_trip(REQUESTS[index], kb, travel=travel)
    assert isinstance(result, Itinerary), result
    return result


def first_stop(day: Day) -> int:
    return min(minutes(i.start) for i in day.items if i.kind != "transit")


@pytest.mark.parametrize("index", range(len(REQUESTS)))
def test_normal_pace_days_start_their_first_stop_by_eleven(index: int) -> None:
    late = [
        (str(day.date), first_stop(day))
        for day in planned(index).days
        if day.items and first_stop(day) > LATEST_FIRST_STOP
    ]
    assert late == []


def meal_detours(it: Itinerary, day: Day, kb: KnowledgeBase, travel: TravelModel) -> list[int]:
    """For each meal, its detour in minutes beyond the best food place open for that meal."""
    modes = frozenset(it.request.transport) or frozenset({Transport.PUBLIC})
    size = it.request.party.size if it.request.party else 1
    places: list[tuple[str, Item | None]] = [(day.start_place, None)]
    places += [(i.place_id or "", i) for i in day.items if i.kind != "transit"]
    places.append((day.end_place, None))
    out = []
    for (before, _), (here, item), (after, _) in zip(places, places[1:], places[2:], strict=False):
        if item is None or item.kind != "meal":
            continue
        start, end = minutes(item.start), minutes(item.end)
        other_meals = {i.place_id for i in day.items if i.kind == "meal"} - {here}

        def detour(food: str, a: str = before, b: str = after) -> int:
            return travel.max_minutes(a, food, modes, party_size=size) + travel.max_minutes(
                food, b, modes, party_size=size
            )

        open_food = [
            f.id
            for f in kb.food
            if f.id not in other_meals
            and any(lo <= start and end <= hi for lo, hi in f.open_intervals(day.date))
        ]
        out.append(detour(here) - min(detour(f) for f in open_food))
    return out


@pytest.mark.parametrize("index", range(len(REQUESTS)))
def test_meals_are_taken_near_the_route_not_across_town(index: int) -> None:
    kb, travel = real()
    it = planned(index)
    detours = {str(d.date): meal_detours(it, d, kb, travel) for d in it.days}
    assert all(x <= MAX_MEAL_DETOUR_MIN for xs in detours.values() for x in xs), detours


def test_food_places_may_repeat_across_days_and_within_one_only_at_many_stalls() -> None:
    """Lunch and dinner at one place only in a street of restaurants (Kampong Glam), a different
    restaurant each time, at a cost (the search pays 90 minutes for it): never twice a day at
    one hawker centre, food court or restaurant, and on few days."""
    kb, _ = real()
    repeated = 0
    for index in range(len(REQUESTS)):
        for day in planned(index).days:
            meals = [i.place_id for i in day.items if i.kind == "meal" and i.note != "snack"]
            assert len(meals) == 2
            if len(set(meals)) == 1:
                repeated += 1
                food = kb.places[meals[0] or ""]
                assert isinstance(food, FoodPlace) and food.kind in TWO_MEALS_KINDS, food
    assert repeated <= 2, repeated


def test_sentosa_island_and_raffles_hotel_fit_in_two_relaxed_days() -> None:
    kb, travel = real()
    request = TripRequest(
        start_date=date(2026, 6, 12),
        end_date=date(2026, 6, 13),
        party=Party(adults=2),
        styles=[TravelStyle.NATURE],
        pace=Pace.RELAXED,
        transport=[Transport.GRAB],
        must_see=["sentosa-island", "raffles-hotel"],
        arrival_time="08:00",
        departure_time="23:30",
    )
    result = plan_trip(request, kb, travel=travel)
    assert isinstance(result, Itinerary), result
    visited = {i.place_id for d in result.days for i in d.items}
    assert {"sentosa-island", "raffles-hotel"} <= visited


@pytest.mark.parametrize("pace", list(Pace))
def test_no_visit_is_stretched_too_long_to_sit_between_lunch_and_dinner(pace: Pace) -> None:
    kb, travel = real()
    request = FAMILY_FOOD_TRIP.model_copy(update={"pace": pace, "party": Party(adults=2)})
    ctx = make_context(request, kb, travel)
    longest = {a.id: max(a.duration_min, LONG_VISIT_MIN) for a in ctx.eligible}
    too_long = [
        a.id for a in ctx.eligible if not a.duration_min <= duration(ctx, a) <= longest[a.id]
    ]
    assert too_long == []


@pytest.mark.parametrize("index", range(len(REQUESTS)))
def test_every_block_header_names_its_area(index: int) -> None:
    kb, _ = real()
    text = render_itinerary(planned(index), kb, "en")
    bare = [line for line in text.splitlines() if line in BARE_HEADERS]
    assert bare == []


def test_a_market_that_is_also_a_food_place_is_not_visited_as_well() -> None:
    kb = load_knowledge_base()
    food_names = {f.names.en.lower() for f in kb.food}
    twins = {a.id for a in kb.attractions if a.names.en.lower() in food_names}
    assert twins  # Lau Pa Sat is both
    request = TripRequest(
        start_date=date(2027, 3, 15), end_date=date(2027, 3, 18), party=Party(adults=2),
        styles=[TravelStyle.FOOD, TravelStyle.CITY],
    )  # fmt: skip
    plan = plan_trip(request, kb)
    assert isinstance(plan, Itinerary)
    visited = {i.place_id for d in plan.days for i in d.items if i.kind == "visit"}
    assert not visited & twins
