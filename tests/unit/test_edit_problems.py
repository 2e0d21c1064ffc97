"""Edits in words that cannot be done as said get the true reason, not "unknown place"."""

from __future__ import annotations

from datetime import date

import pytest

from bot.intake.understand import parse_edit
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.trip import TripRequest

# A family's plan: three museums on day 1, Sentosa on day 2, Mandai on day 3.
PLAN = (
    ("mint-museum-of-toys", "national-museum-of-singapore", "artscience-museum"),
    ("universal-studios-singapore", "palawan-beach"),
    ("river-wonders", "singapore-zoo"),
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _plan() -> Itinerary:
    days = [
        Day(
            date=date(2027, 3, 12 + n),
            items=[
                Item(start=f"{h:02d}:00", end=f"{h:02d}:50", kind="visit", place_id=pid, name=pid)
                for h, pid in enumerate(ids, start=9)
            ],
        )
        for n, ids in enumerate(PLAN)
    ]
    return Itinerary(request=TripRequest(), days=days)


@pytest.mark.parametrize(
    "text",
    ["swap the museum for the zoo", "replace the toy museum with the zoo", "박물관 대신 동물원"],
)
def test_a_swap_for_a_place_already_planned_says_so(text: str, kb: KnowledgeBase) -> None:
    op = parse_edit(text, _plan(), kb)
    assert op is not None
    assert (op.problem, op.value) == ("already_planned", "singapore-zoo")


@pytest.mark.parametrize("text", ["drop the temple on day 2", "remove the temple"])
def test_removing_a_kind_of_place_the_plan_lacks_says_the_plan_has_none(
    text: str, kb: KnowledgeBase
) -> None:
    op = parse_edit(text, _plan(), kb)
    assert op is not None
    assert (op.problem, op.value) == ("none_in_plan", "temple")


@pytest.mark.parametrize(
    ("text", "words"),
    [("swap the flibber for the zoo", "flibber"), ("remove the flibberjig", "flibberjig")],
)
def test_unknown_words_are_the_words_reported(text: str, words: str, kb: KnowledgeBase) -> None:
    op = parse_edit(text, _plan(), kb)
    assert op is not None
    assert (op.problem, op.value) == ("unknown_place", words)


def test_the_toy_museum_is_the_mint_museum(kb: KnowledgeBase) -> None:
    op = parse_edit("remove the toy museum", _plan(), kb)
    assert op is not None and op.place_id == "mint-museum-of-toys"
