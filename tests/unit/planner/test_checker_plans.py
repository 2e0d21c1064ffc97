"""The scheduler's own plans pass the checker, and render and export cleanly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from icalendar import Calendar

from bot.planner.checker import check_itinerary
from bot.planner.ics import itinerary_to_ics
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.planner.render import day_header, render_itinerary
from bot.planner.service import plan_trip
from bot.planner.travel import TravelModel
from bot.trip import Money, Party, Transport, TravelStyle, TripRequest

REQUESTS = {
    "three days by MRT": TripRequest(
        start_date=date(2026, 3, 2), end_date=date(2026, 3, 4), party=Party(adults=2)
    ),
    "family by taxi on a budget": TripRequest(
        start_date=date(2026, 3, 6),
        end_date=date(2026, 3, 8),
        party=Party(adults=2, children=1, child_ages=(7,)),
        transport=[Transport.TAXI],
        styles=[TravelStyle.FAMILY],
        budget=Money(amount=Decimal(500)),
    ),
    "short stay between flights": TripRequest(
        start_date=date(2026, 3, 6),
        end_date=date(2026, 3, 7),
        party=Party(adults=1),
        arrival_time="13:00",
        departure_time="20:00",
    ),
}


def plan(request: TripRequest, kb: KnowledgeBase, travel: TravelModel) -> Itinerary:
    result = plan_trip(request, kb, travel=travel)
    assert isinstance(result, Itinerary), result
    return result


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_scheduled_plans_pass_the_checker(
    name: str, kb: KnowledgeBase, travel: TravelModel
) -> None:
    it = plan(REQUESTS[name], kb, travel)
    assert check_itinerary(it, kb, travel) == []


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_scheduled_plans_render_and_export(
    name: str, kb: KnowledgeBase, travel: TravelModel
) -> None:
    it = plan(REQUESTS[name], kb, travel)
    for lang in ("en", "ko"):
        text = render_itinerary(it, kb, lang)
        assert all(day_header(i, d.date, lang) in text for i, d in enumerate(it.days))
    events = Calendar.from_ical(itinerary_to_ics(it, kb, "en")).walk("VEVENT")
    assert len(events) == sum(1 for d in it.days for i in d.items if i.kind != "transit")


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_plans_on_the_real_data_pass_the_checker(name: str) -> None:
    kb = load_knowledge_base()
    travel = TravelModel(kb)
    it = plan(REQUESTS[name], kb, travel)
    assert check_itinerary(it, kb, travel) == []
