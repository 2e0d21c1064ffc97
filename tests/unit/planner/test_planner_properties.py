"""Random requests: every answer is a well-formed itinerary or an explained infeasibility."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.planner.geo import HOTEL_AREAS
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, minutes
from bot.planner.service import Infeasible, plan_trip
from bot.planner.travel import TravelModel
from bot.trip import Money, Pace, Party, Transport, TravelStyle, TripRequest
from tests.unit.planner.conftest import fixture_attractions, fixture_kb

KB = fixture_kb()
TRAVEL = TravelModel(KB)
PLACE_IDS = sorted(a.id for a in fixture_attractions())
TIMES = st.builds(
    lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30, 45])
)


@st.composite
def requests(draw: st.DrawFn, max_days: int = 5) -> TripRequest:
    start = draw(st.dates(date(2025, 1, 1), date(2026, 12, 31)))
    days = draw(st.integers(1, max_days))
    adults = draw(st.integers(0, 4))
    children = draw(st.integers(0 if adults else 1, 3))
    currency = draw(st.sampled_from(["SGD", "USD", "KRW"]))
    scale = {"SGD": 1, "USD": 1, "KRW": 1000}[currency]
    budget = draw(
        st.none()
        | st.integers(20, 3000).map(lambda v: Money(amount=Decimal(v * scale), currency=currency))
    )
    return TripRequest(
        start_date=start,
        end_date=start + timedelta(days=days - 1),
        party=Party(adults=adults, children=children),
        styles=draw(st.lists(st.sampled_from(list(TravelStyle)), max_size=3, unique=True)),
        pace=draw(st.sampled_from(list(Pace))),
        transport=draw(
            st.lists(st.sampled_from(list(Transport)), min_size=1, max_size=3, unique=True)
        ),
        budget=budget,
        must_see=draw(st.lists(st.sampled_from(PLACE_IDS), max_size=2, unique=True)),
        avoid=draw(st.lists(st.sampled_from(PLACE_IDS), max_size=3, unique=True)),
        arrival_time=draw(st.none() | TIMES),
        departure_time=draw(st.none() | TIMES),
        hotel_area=draw(st.none() | st.sampled_from(HOTEL_AREAS)),
    )


def assert_well_formed(result: Itinerary | Infeasible, request: TripRequest) -> None:
    if isinstance(result, Infeasible):
        assert result.message_en and result.message_ko
        return
    assert len(result.days) == request.days
    for day in result.days:
        previous_end = 0
        for item in day.items:
            start, end = minutes(item.start), minutes(item.end)
            assert previous_end <= start <= end, (day.date, item)
            previous_end = end
    planned = [i.place_id for d in result.days for i in d.items if i.kind in ("visit", "show")]
    assert len(planned) == len(set(planned))
    assert not set(planned) & set(request.avoid)


def test_random_requests_give_ordered_plans_or_explanations(
    kb: KnowledgeBase, travel: TravelModel
) -> None:
    plans = 0

    @settings(max_examples=60, deadline=None, derandomize=True, database=None)
    @given(request=requests())
    def check(request: TripRequest) -> None:
        nonlocal plans
        result = plan_trip(request, kb, travel=travel)
        assert_well_formed(result, request)
        plans += isinstance(result, Itinerary)

    check()
    assert plans >= 10  # not vacuous: most valid requests get a plan
