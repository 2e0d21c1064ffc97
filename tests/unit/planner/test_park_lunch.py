"""A theme park or zoo day has lunch inside the park, at a real venue behind its gates, and
the checker holds the plan to it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.planner.checker import check_itinerary
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import FoodPlace
from bot.planner.render import render_itinerary
from bot.planner.service import plan_trip
from bot.planner.stops import day_bounds, make_context, meal_stops
from bot.trip import Party, TripRequest
from tests.support.planner import real

TUESDAY = date(2026, 12, 8)
SATURDAY = date(2027, 3, 6)
FAMILY = Party(adults=2, children=1, child_ages=(8,))


def plan(day: date, must: tuple[str, ...]) -> Itinerary:
    kb, travel = real()
    request = TripRequest(start_date=day, end_date=day, party=FAMILY, must_see=list(must))
    result = plan_trip(request, kb, travel=travel)
    assert isinstance(result, Itinerary), result
    return result


def stops(it: Itinerary) -> list[Item]:
    return [i for i in it.days[0].items if i.kind != "transit"]


@pytest.mark.parametrize("day", [TUESDAY, SATURDAY])
@pytest.mark.parametrize("park", ["universal-studios-singapore", "singapore-zoo", "river-wonders"])
def test_a_must_see_park_day_has_lunch_inside_the_park(park: str, day: date) -> None:
    kb, travel = real()
    it = plan(day, (park,))
    items = stops(it)
    lunch = next(i for i in items if i.kind == "meal" and i.note == "lunch")
    food = kb.places[lunch.place_id or ""]
    assert isinstance(food, FoodPlace) and food.ticketed and food.inside == park
    pos = items.index(lunch)
    assert items[pos - 1].place_id == park and items[pos + 1].place_id == park
    assert items[pos - 1].end == lunch.start and lunch.end == items[pos + 1].start
    assert check_itinerary(it, kb, travel) == []


def test_the_park_s_ticket_is_charged_once_for_both_parts_of_the_visit() -> None:
    it = plan(TUESDAY, ("universal-studios-singapore",))
    parts = [i for i in stops(it) if i.place_id == "universal-studios-singapore"]
    assert len(parts) == 2
    assert parts[0].cost_sgd > 0 and parts[1].cost_sgd == 0


def test_restaurants_behind_the_gates_are_never_a_meal_on_their_own() -> None:
    kb, travel = real()
    request = TripRequest(start_date=TUESDAY, end_date=TUESDAY, party=FAMILY)
    ctx = make_context(request, kb, travel)
    bounds = day_bounds(ctx, 0)
    gated = {f.id for f in kb.food if f.ticketed}
    near = [travel.point("universal-studios-singapore"), travel.point("singapore-zoo")]
    offered = {s.place_id for s in meal_stops(ctx, TUESDAY, bounds, near)}
    assert gated and not offered & gated


def meal_item(place_id: str, start: str, end: str, kind: str = "meal") -> Item:
    place = real()[0].places[place_id]
    return Item(
        start=start,
        end=end,
        kind=kind,
        place_id=place_id,
        name=place.names.en,
        lat=place.lat,
        lon=place.lon,
        note="lunch" if kind == "meal" else "",
    )


def one_day(items: list[Item]) -> Itinerary:
    request = TripRequest(start_date=TUESDAY, end_date=TUESDAY, party=Party(adults=1))
    return Itinerary(request=request, days=[Day(date=TUESDAY, items=items)])


def codes(it: Itinerary) -> set[str]:
    kb, travel = real()
    return {v.code for v in check_itinerary(it, kb, travel)}


def test_the_checker_refuses_a_meal_behind_the_gates_without_the_park() -> None:
    alone = one_day([meal_item("discovery-food-court-uss", "12:00", "13:00")])
    assert "gated_meal" in codes(alone)


def test_the_checker_counts_a_visit_split_by_lunch_inside_as_one_visit() -> None:
    uss = "universal-studios-singapore"
    split = one_day(
        [
            meal_item(uss, "10:00", "13:00", kind="visit"),
            meal_item("discovery-food-court-uss", "13:00", "14:00"),
            meal_item(uss, "14:00", "17:00", kind="visit"),
        ]
    )
    found = codes(split)
    assert not found & {"repeat", "dwell", "missing_transit", "gated_meal", "last_entry"}
    too_short = one_day([*split.days[0].items[:2], meal_item(uss, "14:00", "14:30", kind="visit")])
    assert "dwell" in codes(too_short)  # 3 h 30 in all, the park needs 6 h
    outside = one_day(
        [
            meal_item(uss, "10:00", "13:00", kind="visit"),
            meal_item("malaysian-food-street-rws", "13:10", "14:00"),
            meal_item(uss, "14:10", "17:00", kind="visit"),
        ]
    )
    assert "repeat" in codes(outside)  # left the park for lunch: a second visit


@pytest.mark.parametrize(("lang", "word"), [("en", "continued after lunch inside"), ("ko", "계속")])
def test_the_rest_of_the_visit_reads_as_continued_not_as_a_free_second_visit(
    lang: str, word: str
) -> None:
    kb, _ = real()
    it = plan(TUESDAY, ("universal-studios-singapore",))
    text = render_itinerary(it, kb, lang)  # type: ignore[arg-type]
    rest = [line for line in text.splitlines() if word in line]
    assert len(rest) == 1 and ("Universal" in rest[0] or "유니버설" in rest[0])
