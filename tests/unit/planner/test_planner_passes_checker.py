"""Every plan the planner produces passes the independent checker (or is explained)."""

from __future__ import annotations

from hypothesis import given, settings
from test_planner_properties import KB, TRAVEL, requests

from bot.planner.checker import check_itinerary
from bot.planner.itinerary import Itinerary
from bot.planner.service import Infeasible, plan_trip
from bot.trip import TripRequest


@settings(max_examples=500, deadline=None)
@given(request=requests(max_days=4))
def test_every_plan_passes_the_checker(request: TripRequest) -> None:
    result = plan_trip(request, KB, travel=TRAVEL)
    if isinstance(result, Infeasible):
        assert result.message_en
        return
    assert isinstance(result, Itinerary)
    assert check_itinerary(result, KB, TRAVEL) == []
