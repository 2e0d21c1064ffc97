"""Day alternatives: a poll on where a day is spent when members' wishes point to two areas."""

from __future__ import annotations

from datetime import date

import pytest

from bot.group.areas import area_labels, area_poll, area_question
from bot.group.balance import plan_fairly
from bot.group.fairness import FairOutcome, report
from bot.group.ledger import GroupLedger
from bot.group.polls import drop_poll, record_vote, settle
from bot.group.render import Places
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import Planner, day_areas
from bot.trip import Party, TripRequest

START = date(2027, 3, 12)


def _longest(kb: KnowledgeBase, area: str, count: int = 2) -> list[str]:
    """The area's longest paid attractions: a group wishing for them fills a day there."""
    of = _areas(kb)
    found = [a for a in kb.attractions if of.get(a.id) == area and a.price_adult_sgd > 0]
    found.sort(key=lambda a: (-a.duration_min, a.id))
    return [a.id for a in found[:count]]


def _areas(kb: KnowledgeBase) -> dict[str, str]:
    empty = Itinerary(request=_request(1), days=[])
    return dict(day_areas(kb, empty).of)


def _request(days: int) -> TripRequest:
    end = date.fromordinal(START.toordinal() + days - 1)
    return TripRequest(start_date=START, end_date=end, party=Party(adults=2))


def _group(kb: KnowledgeBase, first: str, second: str) -> GroupLedger:
    ledger = GroupLedger()
    ledger.join("a", "Ann", "en").must_see = _longest(kb, first)
    ledger.join("b", "Ben", "en").must_see = _longest(kb, second)
    return ledger


async def _plan(kb: KnowledgeBase, ledger: GroupLedger, days: int) -> FairOutcome:
    planner = Planner(kb)
    fair = await plan_fairly(planner.plan_async, _request(days), ledger, kb)
    assert fair.outcome.itinerary is not None
    assert planner.check(fair.outcome.itinerary) == []
    return fair


def _main(kb: KnowledgeBase, fair: FairOutcome, day: int) -> str | None:
    assert fair.outcome.itinerary is not None
    return day_areas(kb, fair.outcome.itinerary).days[day - 1]


PAIRS = [("sentosa", "mandai"), ("mandai", "marina-bay"), ("west", "east"), ("changi", "sentosa")]


@pytest.mark.parametrize(("first", "second"), PAIRS)
async def test_wishes_in_two_areas_for_one_day_are_put_to_a_vote_and_the_winner_is_planned(
    kb: KnowledgeBase, first: str, second: str
) -> None:
    ledger = _group(kb, first, second)
    fair = await _plan(kb, ledger, 1)
    current = _main(kb, fair, 1)
    poll = area_poll(fair, ledger, kb, 0.0, 3600)
    assert poll is not None and poll.topic == "area"
    other = second if current == first else first
    assert poll.options == [f"1:{current}", f"1:{other}"]
    assert set(poll.places[1]) == {p for m in ledger.members for p in m.must_see if p in
                                   _longest(kb, other)}  # fmt: skip
    question = area_question(poll, "en")
    assert question.startswith("Day 1: ") and "A tie keeps the current plan" in question
    ledger.polls.append(poll)
    record_vote(poll, "a", 1)
    record_vote(poll, "b", 1)
    assert settle(poll, ledger, 1) == f"1:{other}" and not poll.open

    again = await _plan(kb, ledger, 1)
    assert _main(kb, again, 1) == other  # the day follows the vote
    assert again.outcome.itinerary is not None
    planned = {i.place_id for d in again.outcome.itinerary.days for i in d.items}
    assert planned & set(poll.places[1])  # the winning area's wishes are planned
    assert not planned & set(poll.places[0])  # one day: the other area's wishes were voted out
    assert area_poll(again, ledger, kb, 0.0, 3600) is None  # the group has decided
    assert drop_poll(again, ledger, kb, 0.0) is None  # nor asked again place by place


async def test_a_tie_keeps_the_current_area(kb: KnowledgeBase) -> None:
    ledger = _group(kb, "sentosa", "mandai")
    fair = await _plan(kb, ledger, 1)
    poll = area_poll(fair, ledger, kb, 0.0, 3600)
    assert poll is not None
    ledger.polls.append(poll)
    record_vote(poll, "a", 0)
    record_vote(poll, "b", 1)
    assert settle(poll, ledger, 1) == poll.options[0]
    assert ledger.pinned == [] and ledger.vetoed == [] and ledger.wish_days == {}


async def test_a_longer_trip_moves_the_losing_areas_wishes_to_another_day(
    kb: KnowledgeBase,
) -> None:
    ledger = _group(kb, "sentosa", "mandai")
    fair = await _plan(kb, ledger, 1)
    poll = area_poll(fair, ledger, kb, 0.0, 3600)
    assert poll is not None
    record_vote(poll, "a", 1)
    record_vote(poll, "b", 1)
    settle(poll, ledger, 3)
    assert all(ledger.wish_days[p] == [2, 3] for p in poll.places[0])
    assert ledger.vetoed == []


async def test_one_wished_place_per_area_is_a_drop_poll_not_an_area_poll(
    kb: KnowledgeBase,
) -> None:
    ledger = GroupLedger()
    ledger.join("a", "Ann", "en").must_see = _longest(kb, "sentosa", 1)
    ledger.join("b", "Ben", "en").must_see = _longest(kb, "mandai", 1)
    fair = await _plan(kb, ledger, 1)
    if all(r.served for r in report(fair, ledger)):
        pytest.fail("both wishes fit one day: pick longer places")
    assert area_poll(fair, ledger, kb, 0.0, 3600) is None
    assert drop_poll(fair, ledger, kb, 0.0) is not None


async def test_the_options_name_each_area_and_its_wishes_in_korean(kb: KnowledgeBase) -> None:
    ledger = _group(kb, "sentosa", "mandai")
    fair = await _plan(kb, ledger, 1)
    poll = area_poll(fair, ledger, kb, 0.0, 3600)
    assert poll is not None
    labels = area_labels(poll, "ko", Places(kb, "ko"))
    assert {labels[0].split(" — ")[0], labels[1].split(" — ")[0]} == {"센토사·하버프런트", "만다이"}
    assert all(len(label) <= 100 for label in labels)
    assert area_question(poll, "ko").startswith("1일차: ")
