"""Meal candidates and the solver: variety is a preference, never a reason to cross town."""

from __future__ import annotations

from collections.abc import Callable

from bot.planner.kb import KnowledgeBase
from bot.planner.scheduler import Stop, solve_day
from bot.planner.service import Progress, plan_day
from bot.planner.stops import build_spec, day_bounds, make_context, meal_stops
from bot.planner.travel import TravelModel
from bot.trip import TripRequest

Make = Callable[..., TripRequest]


def lunch_near_the_zoo(
    kb: KnowledgeBase, travel: TravelModel, make_request: Make, eaten: set[str]
) -> list[Stop]:
    ctx = make_context(make_request(days=1), kb, travel)
    near = [travel.point("singapore-zoo")]
    stops = meal_stops(ctx, ctx.dates[0], day_bounds(ctx, 0), near, eaten)
    return [s for s in stops if s.slot == "lunch"]


def test_a_food_place_eaten_at_before_stays_a_candidate_at_a_small_cost(
    kb: KnowledgeBase, travel: TravelModel, make_request: Make
) -> None:
    fresh = lunch_near_the_zoo(kb, travel, make_request, set())
    nearest = fresh[0].place_id
    assert nearest == "ah-meng-restaurant"  # the only lunch within 10 km
    again = lunch_near_the_zoo(kb, travel, make_request, {nearest})
    by_id = {s.place_id: s for s in again}
    assert nearest in by_id and by_id[nearest].visit_cost > 0
    assert all(s.visit_cost == 0 for s in again if s.place_id != nearest)


def test_a_place_offered_for_lunch_and_dinner_is_served_once(
    kb: KnowledgeBase, travel: TravelModel, make_request: Make
) -> None:
    ctx = make_context(make_request(days=1), kb, travel)
    spec = build_spec(ctx, 0, [kb.attractions[0]])
    slots: dict[str, set[str]] = {}
    for stop in spec.stops:
        if stop.slot:
            slots.setdefault(stop.slot, set()).add(stop.place_id)
    assert slots["lunch"] & slots["dinner"]  # the same nearby places serve both meals
    meals = [s.place_id for s in solve_day(spec, travel) if s.kind == "meal"]
    assert len(meals) == len(set(meals)) == 2


def test_dinner_between_the_zoo_and_night_safari_stays_in_mandai_even_if_eaten_there_before(
    kb: KnowledgeBase, travel: TravelModel, make_request: Make
) -> None:
    must = ["singapore-zoo", "night-safari"]
    ctx = make_context(make_request(days=1, must_see=must), kb, travel)
    musts = [a for a in ctx.eligible if a.id in must]
    progress = Progress(food={"ah-meng-restaurant", "ulu-ulu-safari-restaurant"})
    day = plan_day(ctx, 0, musts, progress, None)
    order = [i.place_id for i in day.items if i.kind != "transit"]
    dinner = next(i.place_id for i in day.items if i.kind == "meal" and i.start >= "17:00")
    assert "night-safari" in order
    assert order.index("night-safari") == order.index(dinner) + 1
    assert dinner == "ulu-ulu-safari-restaurant"  # not a trip into town and back
