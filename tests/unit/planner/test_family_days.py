"""Days a local friend would plan for a family: not three museums (or three temples) in one day
for a six-year-old. Run on the real knowledge base, as a family would get them."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from bot.planner.itinerary import Itinerary
from bot.planner.kb import load_knowledge_base
from bot.planner.service import Infeasible, plan_trip, travel_model
from bot.planner.stops import quiet_kind
from bot.trip import Party, TravelStyle, TripRequest

KB = load_knowledge_base()
TRAVEL = travel_model(KB)
FRIDAY = date(2027, 3, 12)


def plan(days: int, party: Party, **fields: object) -> Itinerary:
    end = FRIDAY + timedelta(days=days - 1)
    result = plan_trip(
        TripRequest(start_date=FRIDAY, end_date=end, party=party, **fields), KB, travel=TRAVEL
    )
    assert not isinstance(result, Infeasible), result.message_en
    return result


def most_of_one_kind(it: Itinerary, skip: frozenset[str] = frozenset()) -> int:
    """The most sights of one quiet kind (museums, places of worship) on any day."""
    most = 0
    for day in it.days:
        kinds = Counter(
            quiet_kind(a)
            for item in day.items
            if item.kind in ("visit", "show") and item.place_id not in skip
            and (a := KB.attraction(item.place_id or "")) is not None
        )  # fmt: skip
        kinds.pop("", None)
        most = max(most, *kinds.values(), 0)
    return most


@pytest.mark.parametrize(
    ("days", "styles"),
    [
        (4, [TravelStyle.FOOD]),
        (3, [TravelStyle.CITY]),
        (5, []),
        (2, [TravelStyle.CITY, TravelStyle.VALUE]),
    ],
)
def test_a_day_with_a_young_child_holds_one_museum_and_one_temple_at_most(
    days: int, styles: list[TravelStyle]
) -> None:
    family = Party(adults=2, children=1, child_ages=(6,))
    assert most_of_one_kind(plan(days, family, styles=styles)) <= 1


def test_older_children_get_two_of_a_kind_a_day_at_most() -> None:
    family = Party(adults=2, children=2, child_ages=(10, 12))
    assert most_of_one_kind(plan(3, family, styles=[TravelStyle.CITY])) <= 2


def test_museums_the_family_asked_for_are_all_kept_on_a_one_day_trip() -> None:
    wished = ["national-museum-of-singapore", "artscience-museum"]
    family = Party(adults=2, children=1, child_ages=(6,))
    it = plan(1, family, must_see=wished)
    planned = {i.place_id for d in it.days for i in d.items}
    assert set(wished) <= planned
    assert most_of_one_kind(it, skip=frozenset(wished)) <= 1
