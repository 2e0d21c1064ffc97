"""The core's pictures: maps for the days an edit changed, stop buttons, venues in visit order."""

from __future__ import annotations

from bot.messages import FinalMessage, VenueReply
from bot.pictures import changed_days, pictures_for, stop_venues
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase


def test_a_new_plan_gets_every_day_and_the_overview_with_a_stops_button_per_day(
    two_days: Itinerary, kb: KnowledgeBase
) -> None:
    reply = pictures_for(two_days, kb, "en", changed_days(two_days, None))
    assert reply is not None
    assert [p.day for p in reply.pictures] == [None, 1, 2]
    assert reply.pictures[0].button is None
    assert [p.button.data for p in reply.pictures[1:] if p.button] == ["m:stops:1", "m:stops:2"]
    assert (
        reply.pictures[1].caption.startswith("Day 1 · ") and "5 stops" in reply.pictures[1].caption
    )


def test_an_edit_redraws_only_the_day_it_changed(two_days: Itinerary, kb: KnowledgeBase) -> None:
    day2 = two_days.days[1]
    edited = two_days.model_copy(
        update={"days": [two_days.days[0], day2.model_copy(update={"items": day2.items[:-2]})]}
    )
    assert changed_days(edited, two_days) == [2]
    reply = pictures_for(edited, kb, "ko", changed_days(edited, two_days))
    assert reply is not None and [p.day for p in reply.pictures] == [2]
    assert reply.pictures[0].caption.startswith("2일차")
    assert changed_days(two_days, two_days) == [1, 2]  # shown again unchanged: every day


def test_the_stops_button_gives_venues_in_visit_order_and_a_stale_one_says_so(
    two_days: Itinerary, kb: KnowledgeBase
) -> None:
    venues = stop_venues(two_days, "m:stops:2", kb, "en")
    assert isinstance(venues, VenueReply)
    visits = [i for i in two_days.days[1].items if i.kind != "transit"]
    assert [(v.lat, v.lon) for v in venues.venues] == [(i.lat, i.lon) for i in visits]
    for bad in ("m:stops:9", "m:stops:x", "m:stops:0"):
        stale = stop_venues(two_days, bad, kb, "ko")
        assert isinstance(stale, FinalMessage) and "/plan" in stale.text
    assert isinstance(stop_venues(None, "m:stops:1", kb, "en"), FinalMessage)
