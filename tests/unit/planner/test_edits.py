"""Edits re-solve only the affected day(s); the rest of the plan stays pinned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.planner import edits
from bot.planner.checker import check_itinerary
from bot.planner.itinerary import Day, Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planner.service import Infeasible
from bot.planner.travel import TravelModel
from bot.trip import TripRequest

Plan = Callable[[TripRequest], Itinerary | Infeasible]


@pytest.fixture
def trip(plan: Plan, make_request: Callable[..., TripRequest]) -> Itinerary:
    result = plan(make_request(days=3))
    assert isinstance(result, Itinerary)
    return result


@pytest.fixture
def deps(kb: KnowledgeBase, travel: TravelModel) -> dict[str, Any]:
    return {"kb": kb, "travel": travel}


def visits(day: Day) -> list[str]:
    return [i.place_id for i in day.items if i.kind in ("visit", "show") and i.place_id]


def edited(result: Itinerary | Infeasible, before: Itinerary, kb: KnowledgeBase) -> Itinerary:
    assert isinstance(result, Itinerary), result
    assert result.version == before.version + 1
    travel = TravelModel(kb)
    assert check_itinerary(result, kb, travel) == []
    return result


def unused(trip: Itinerary, kb: KnowledgeBase, day: int, prefer: list[str]) -> str:
    """A place the plan does not hold: one of ``prefer``, else the first of the catalogue."""
    planned = {p for d in trip.days for p in visits(d)}
    return next(p for p in [*prefer, *(a.id for a in kb.attractions)] if p not in planned)


def test_edit_keeps_other_days_pinned(
    trip: Itinerary, kb: KnowledgeBase, deps: dict[str, Any]
) -> None:
    old = visits(trip.days[1])[0]
    new = unused(trip, kb, 1, ["singapore-flyer", "sea-aquarium", "clarke-quay", "jewel-changi"])
    after = edited(edits.swap(trip, old, new, **deps), trip, kb)
    assert after.days[0] == trip.days[0]
    assert after.days[2] == trip.days[2]
    assert new in visits(after.days[1]) and old not in visits(after.days[1])
    assert old in after.request.avoid


def test_remove_takes_the_place_out_and_keeps_it_out(
    trip: Itinerary, kb: KnowledgeBase, deps: dict[str, Any]
) -> None:
    gone = visits(trip.days[0])[0]
    after = edited(edits.remove(trip, gone, **deps), trip, kb)
    assert gone not in {p for d in after.days for p in visits(d)}
    assert after.days[1:] == trip.days[1:]
    regenerated = edits.regenerate_day(after, 0, **deps)
    assert isinstance(regenerated, Itinerary)
    assert gone not in visits(regenerated.days[0])


def test_add_puts_a_new_place_on_the_chosen_day(
    trip: Itinerary, kb: KnowledgeBase, deps: dict[str, Any]
) -> None:
    new = unused(trip, kb, 2, ["merlion-park", "clarke-quay", "singapore-flyer", "jewel-changi"])
    after = edited(edits.add(trip, new, 2, **deps), trip, kb)
    assert new in visits(after.days[2])
    assert after.days[:2] == trip.days[:2]
    assert new in after.request.must_see  # the wish outlives this plan


def test_a_swap_avoids_the_old_place_and_wants_the_new_one(
    trip: Itinerary, kb: KnowledgeBase, deps: dict[str, Any]
) -> None:
    old = visits(trip.days[0])[0]
    new = unused(trip, kb, 0, ["merlion-park", "clarke-quay", "singapore-flyer", "jewel-changi"])
    after = edited(edits.swap(trip, old, new, **deps), trip, kb)
    assert old in after.request.avoid and new in after.request.must_see


def test_add_refuses_a_place_already_planned(trip: Itinerary, deps: dict[str, Any]) -> None:
    planned = visits(trip.days[0])[0]
    result = edits.add(trip, planned, 1, **deps)
    assert isinstance(result, Infeasible) and "already on day 1" in result.message_en


def test_move_changes_only_the_two_days(
    trip: Itinerary, kb: KnowledgeBase, deps: dict[str, Any]
) -> None:
    place = visits(trip.days[0])[-1]
    after = edited(edits.move(trip, place, 2, **deps), trip, kb)
    assert place in visits(after.days[2]) and place not in visits(after.days[0])
    assert after.days[1] == trip.days[1]


def test_lighter_drops_one_visit(trip: Itinerary, kb: KnowledgeBase, deps: dict[str, Any]) -> None:
    after = edited(edits.lighter(trip, 1, **deps), trip, kb)
    assert len(visits(after.days[1])) == len(visits(trip.days[1])) - 1
    assert set(visits(after.days[1])) < set(visits(trip.days[1]))


def test_fuller_adds_without_dropping(
    plan: Plan, make_request: Callable[..., TripRequest], kb: KnowledgeBase, deps: dict[str, Any]
) -> None:
    from bot.trip import Pace

    light = plan(make_request(days=2, pace=Pace.RELAXED))
    assert isinstance(light, Itinerary)
    before = edits.lighter(light, 0, **deps)
    assert isinstance(before, Itinerary)
    after = edited(edits.fuller(before, 0, **deps), before, kb)
    assert set(visits(before.days[0])) < set(visits(after.days[0]))


def test_regenerate_day_finds_different_places(
    trip: Itinerary, kb: KnowledgeBase, deps: dict[str, Any]
) -> None:
    after = edited(edits.regenerate_day(trip, 2, **deps), trip, kb)
    assert not set(visits(after.days[2])) & set(visits(trip.days[2]))
    assert after.days[:2] == trip.days[:2]


def test_edit_on_a_missing_day_is_refused(trip: Itinerary, deps: dict[str, Any]) -> None:
    result = edits.lighter(trip, 9, **deps)
    assert isinstance(result, Infeasible) and result.constraint == "edit"
