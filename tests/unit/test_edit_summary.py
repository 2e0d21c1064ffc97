"""The words an edit is answered with say what changed, the day's new start included."""

from __future__ import annotations

from datetime import date

import pytest

from bot.edit_summary import describe_changes
from bot.planner.itinerary import Itinerary
from bot.planner.kb import load_knowledge_base
from bot.planning import EditOp, Planner
from bot.trip import Party, TripRequest


@pytest.fixture(scope="module")
def planner() -> Planner:
    return Planner(load_knowledge_base())


@pytest.fixture(scope="module")
def before(planner: Planner) -> Itinerary:
    """Three days for two adults."""
    request = TripRequest(
        start_date=date(2027, 3, 12), end_date=date(2027, 3, 14), party=Party(adults=2)
    )
    plan = planner.plan(request).itinerary
    assert plan is not None
    return plan


def test_a_later_start_says_when_the_day_now_starts_in_both_languages(
    planner: Planner, before: Itinerary
) -> None:
    after = planner.edit(before, EditOp("later", day=3, value="11:00")).itinerary
    assert after is not None
    was = next(i.start for i in before.days[2].items if i.kind != "transit")
    now = next(i.start for i in after.days[2].items if i.kind != "transit")
    assert now >= "11:00" > was
    text, days = describe_changes(before, after, planner.kb, "en")
    assert f"Day 3 now starts at {now} (was {was})" in text and days == [2]
    text, _ = describe_changes(before, after, planner.kb, "ko")
    assert f"3일차는 이제 {now}에 시작해요 (전에는 {was})" in text


def test_two_days_swapped_trade_their_places_and_say_so(
    planner: Planner, before: Itinerary
) -> None:
    after = planner.edit(before, EditOp("swap_days", day=1, value="2")).itinerary
    assert after is not None and planner.check(after) == []

    def sights(it: Itinerary, n: int) -> set[str]:
        return {i.place_id for i in it.days[n].items if i.kind in ("visit", "show") and i.place_id}

    assert sights(after, 0) <= sights(before, 1) and sights(after, 1) <= sights(before, 0)
    assert sights(after, 2) == sights(before, 2)
    text, _ = describe_changes(before, after, planner.kb, "en")
    assert "Days 1 and 2 traded places" in text
