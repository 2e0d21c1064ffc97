"""Planning from one sentence: every gap filled with a stated default, never a question."""

from __future__ import annotations

from datetime import date

import pytest

from bot.one_sentence import plan_one_sentence, sentence_language
from bot.planner.kb import load_knowledge_base
from bot.planning import Planner

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def planner() -> Planner:
    return Planner(load_knowledge_base())


def test_a_full_sentence_gives_a_checked_plan_with_its_summary(planner: Planner) -> None:
    result = plan_one_sentence("3 days from 2027-03-12, 2 adults, food", None, TODAY, planner)
    assert result.itinerary is not None and not result.failure
    assert [d.date for d in result.itinerary.days] == [
        date(2027, 3, 12), date(2027, 3, 13), date(2027, 3, 14),
    ]  # fmt: skip
    assert "Day 1" in result.text and result.summary
    assert planner.check(result.itinerary) == []


def test_missing_details_are_assumed_and_said(planner: Planner) -> None:
    result = plan_one_sentence("2 days from 2027-03-12", None, TODAY, planner)
    assert result.itinerary is not None
    assert result.assumed and set(result.assumed) <= set(result.itinerary.assumptions)


def test_a_korean_sentence_is_answered_in_korean(planner: Planner) -> None:
    result = plan_one_sentence("2027년 3월 12일부터 2일, 어른 2명", None, TODAY, planner)
    assert result.language == "ko"
    assert result.itinerary is not None and "1일차" in result.text


def test_a_past_date_comes_back_as_the_reason_not_a_plan(planner: Planner) -> None:
    result = plan_one_sentence("3 days from 2020-03-12, 2 adults", None, TODAY, planner)
    assert result.itinerary is None and result.failure and result.text == ""


def test_the_language_asked_for_wins_over_the_script() -> None:
    assert sentence_language("3일 여행", "en") == "en"
    assert sentence_language("3일 여행", None) == "ko"
    assert sentence_language("3 days", None) == "en"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("3 days from 12 March 2027, 2 adults, the zoo is a must", "Singapore Zoo (Mandai)"),
        ("2027년 3월 12일부터 3일, 어른 2명, 동물원 꼭 가고 싶어요", "싱가포르 동물원 (만다이)"),
    ],
)
def test_the_summary_names_must_sees_in_the_travellers_language(
    planner: Planner, text: str, name: str
) -> None:
    result = plan_one_sentence(text, None, TODAY, planner)
    assert name in result.summary and "singapore-zoo" not in result.summary
