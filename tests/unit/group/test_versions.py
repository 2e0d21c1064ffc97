"""The pinned plan's version line says what changed, from the diff of the plan and the trip."""

from __future__ import annotations

from datetime import date, timedelta

from bot.group.ledger import GroupLedger, GroupPoll
from bot.group.versions import Snapshot, what_changed
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import area_name, day_areas
from bot.trip import Party, TripRequest

START = date(2027, 3, 12)


def _plan(*days: list[str], start: date = START) -> Itinerary:
    end = start + timedelta(days=len(days) - 1)
    request = TripRequest(start_date=start, end_date=end, party=Party(adults=2))
    out = []
    for n, places in enumerate(days):
        items = [
            Item(start=f"{10 + i:02d}:00", end=f"{10 + i:02d}:30", kind="visit", place_id=p, name=p)
            for i, p in enumerate(places)
        ]
        out.append(Day(date=start + timedelta(days=n), items=items))
    return Itinerary(request=request, days=out)


def _ledger(**wishes: list[str]) -> GroupLedger:
    ledger = GroupLedger()
    for user, places in wishes.items():
        ledger.join(user, user.title(), "en").must_see = list(places)
    return ledger


def test_a_swapped_wish_is_named_old_for_new(kb: KnowledgeBase) -> None:
    ledger = _ledger(ann=["night-safari"], bo=["jewel-changi-airport"])
    before = Snapshot(_plan(["jewel-changi-airport", "gardens-by-the-bay"]), ledger)
    after = _plan(["night-safari", "gardens-by-the-bay"])
    text = what_changed(before, after, ledger, "ann", kb, "en")
    assert text == "swapped Jewel Changi Airport & HSBC Rain Vortex for Night Safari"
    ko = what_changed(before, after, ledger, "ann", kb, "ko")
    assert ko.startswith("주얼") and "대신" in ko and "Night" not in ko


def test_only_wishes_are_named_when_a_wish_changed(kb: KnowledgeBase) -> None:
    ledger = _ledger(ann=["night-safari"])
    before = Snapshot(_plan(["gardens-by-the-bay", "jewel-changi-airport"]), ledger)
    after = _plan(["gardens-by-the-bay", "night-safari", "singapore-zoo"])
    assert what_changed(before, after, ledger, "ann", kb, "en") == "added Night Safari"


def test_a_closed_poll_is_marked_and_a_new_cap_comes_first(kb: KnowledgeBase) -> None:
    was = _ledger(ann=["night-safari"], bo=["singapore-zoo"])
    was.polls.append(GroupPoll(key="d1", options=["night-safari", "singapore-zoo"]))
    now = was.model_copy(deep=True)
    now.polls[0].open = False
    bo = now.member("bo")
    assert bo is not None
    bo.budget_sgd = 400
    before = Snapshot(_plan(["singapore-zoo"]), was)
    after = _plan(["night-safari"])
    text = what_changed(before, after, now, "bo", kb, "en")
    assert text == "budget cap S$400; swapped Singapore Zoo (Mandai) for Night Safari (poll)"


def test_new_dates_are_said(kb: KnowledgeBase) -> None:
    ledger = _ledger(ann=[])
    before = Snapshot(_plan(["gardens-by-the-bay"]), ledger)
    after = _plan(["gardens-by-the-bay"], start=date(2027, 3, 13))
    assert what_changed(before, after, ledger, "ann", kb, "en") == "dates 13 Mar – 13 Mar 2027"


def test_a_days_new_area_is_said_after_an_area_vote(kb: KnowledgeBase) -> None:
    was = _ledger(ann=["singapore-zoo"], bo=["universal-studios-singapore"])
    was.polls.append(GroupPoll(key="d1", topic="area", options=["1:a", "1:b"]))
    now = was.model_copy(deep=True)
    now.polls[0].open = False
    before = Snapshot(_plan(["universal-studios-singapore"]), was)
    after = _plan(["singapore-zoo"])
    area = day_areas(kb, after).days[0]
    assert area is not None and area != day_areas(kb, before.itinerary).days[0]  # type: ignore[arg-type]
    text = what_changed(before, after, now, "ann", kb, "en")
    assert text == f"Day 1: {area_name(area, 'en')} (poll)"


def test_nothing_to_say_without_a_difference(kb: KnowledgeBase) -> None:
    ledger = _ledger(ann=["night-safari"])
    plan = _plan(["night-safari"])
    assert what_changed(Snapshot(plan, ledger), plan, ledger, "ann", kb, "en") == ""
    assert what_changed(Snapshot(None, None), plan, ledger, "ann", kb, "en") == ""
