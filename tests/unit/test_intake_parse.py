"""Free text becomes trip fields, in English and Korean; impossible values become problems."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.intake.parse import parse_trip_text
from bot.trip import Pace, Transport, Travellers, TravelStyle

TODAY = date(2026, 11, 27)


def test_the_brief_example_in_english_is_fully_understood() -> None:
    text = "4 days from 12 March, two adults and a 6-year-old, we love food, about S$1,500 each"
    patch = parse_trip_text(text, TODAY)
    assert patch.start_date == date(2027, 3, 12)
    assert patch.days == 4
    assert (patch.adults, patch.children, patch.child_ages) == (2, 1, [6])
    assert patch.styles == [TravelStyle.FOOD]
    assert patch.budget is not None
    assert (patch.budget.amount, patch.budget.currency) == (Decimal(1500), "SGD")
    assert not patch.budget_is_total


def test_the_brief_example_in_korean_is_fully_understood() -> None:
    patch = parse_trip_text("3월 12일부터 3박 4일, 어른 2명, 맛집 위주, 1인당 150만원", TODAY)
    assert patch.start_date == date(2027, 3, 12)
    assert patch.days == 4
    assert (patch.adults, patch.children) == (2, 0)
    assert patch.styles == [TravelStyle.FOOD]
    assert patch.budget is not None
    assert (patch.budget.amount, patch.budget.currency) == (Decimal(1_500_000), "KRW")


def test_a_date_range_sets_both_ends() -> None:
    patch = parse_trip_text("12-15 March, solo", TODAY)
    assert (patch.start_date, patch.end_date) == (date(2027, 3, 12), date(2027, 3, 15))
    assert patch.adults == 1


def test_a_date_without_year_is_the_next_one() -> None:
    assert parse_trip_text("from 30 November", TODAY).start_date == date(2026, 11, 30)
    assert parse_trip_text("from 1 November", TODAY).start_date == date(2027, 11, 1)


def test_korean_range_with_numerals_and_grab() -> None:
    patch = parse_trip_text("어른 두 명 아이 한 명, 12월 24일~27일, 그랩", TODAY)
    assert (patch.start_date, patch.end_date) == (date(2026, 12, 24), date(2026, 12, 27))
    assert (patch.adults, patch.children) == (2, 1)
    assert patch.transport == [Transport.GRAB]


def test_total_budget_in_usd_is_marked_total() -> None:
    patch = parse_trip_text("budget 2000 usd total for the two of us", TODAY)
    assert patch.budget is not None and patch.budget.currency == "USD"
    assert patch.budget_is_total


def test_nights_count_as_days_plus_one() -> None:
    assert parse_trip_text("3 nights in March", TODAY).days == 4
    assert parse_trip_text("2박", TODAY).days == 3


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31 February for 3 days", "bad_date"),
        ("we are 25 people", "too_many_people"),
        ("budget S$0", "bad_budget"),
        ("13월 40일", "bad_date"),
    ],
)
def test_impossible_values_become_problems(text: str, code: str) -> None:
    assert code in {p.code for p in parse_trip_text(text, TODAY).problems}


def test_pace_transport_travellers_hotel_and_flight_times() -> None:
    text = "all female, relaxed, taxi and mrt, staying in Orchard, arrive 10am, depart at 9pm"
    patch = parse_trip_text(text, TODAY)
    assert patch.pace == Pace.RELAXED
    assert set(patch.transport) == {Transport.TAXI, Transport.PUBLIC}
    assert patch.travellers == Travellers.FEMALE
    assert patch.hotel_area == "orchard"
    assert (patch.arrival_time, patch.departure_time) == ("10:00", "21:00")


def test_small_talk_is_empty() -> None:
    assert parse_trip_text("hello there! 😀 <b>hi</b>", TODAY).empty


@given(st.text(max_size=400))
def test_any_text_parses_without_error(text: str) -> None:
    parse_trip_text(text, TODAY)


def test_zero_children_is_not_the_family_style() -> None:
    patch = parse_trip_text("2 adults, 0 children, food", TODAY)
    assert TravelStyle.FAMILY not in patch.styles
    assert TravelStyle.FAMILY in parse_trip_text("travelling with children", TODAY).styles


def test_korean_days_after_a_start_date_are_a_length_not_a_range() -> None:
    patch = parse_trip_text("3월 12일부터 3일, 어른 2명", TODAY)
    assert (patch.start_date, patch.end_date, patch.days) == (date(2027, 3, 12), None, 3)
    ranged = parse_trip_text("3월 12일부터 15일까지", TODAY)
    assert ranged.end_date == date(2027, 3, 15)


def test_korean_arrival_and_departure_times() -> None:
    patch = parse_trip_text("오전 10시 도착, 마지막 날 오후 9시 30분 출발", TODAY)
    assert (patch.arrival_time, patch.departure_time) == ("10:00", "21:30")


@pytest.mark.parametrize(
    ("text", "styles"),
    [
        ("2 days, food and gardens", {TravelStyle.FOOD, TravelStyle.NATURE}),
        ("we like parks and museums", {TravelStyle.NATURE, TravelStyle.CITY}),
        ("hikes, please, and fancy dinners", {TravelStyle.NATURE, TravelStyle.LUXURY}),
    ],
)
def test_a_style_word_is_heard_in_the_plural_too(text: str, styles: set[TravelStyle]) -> None:
    assert set(parse_trip_text(text, TODAY).styles) == styles


@pytest.mark.parametrize(
    ("text", "modes"),
    [
        ("we don't drive, 3 days from 12 March", []),
        ("no taxi please, we take the MRT", [Transport.PUBLIC]),
        ("택시는 싫어요, 대중교통으로", [Transport.PUBLIC]),
        ("we'll rent a car", [Transport.CAR]),
    ],
)
def test_a_way_of_getting_around_said_as_unwanted_is_not_chosen(
    text: str, modes: list[Transport]
) -> None:
    assert parse_trip_text(text, TODAY).transport == modes


def test_a_hostel_in_an_area_is_where_they_stay() -> None:
    patch = parse_trip_text("backpacking, hostel in Chinatown, 3 days from 1 Feb", TODAY)
    assert patch.hotel_area == "chinatown" and TravelStyle.VALUE in patch.styles


@pytest.mark.parametrize(
    "text",
    [
        "a couple of days with friends from 12 March",
        "3 days, a couple of museums and lots of food",
        "a couple more days in Sentosa",
        "치킨 2인분 먹고 싶어요",
    ],
)
def test_a_couple_of_things_is_not_a_party_of_two(text: str) -> None:
    patch = parse_trip_text(text, TODAY)
    assert patch.adults is None and patch.children is None


@pytest.mark.parametrize(
    ("text", "adults"),
    [("우리 셋이서 3월 12일부터 3일", 3), ("넷이 가요", 4), ("we are a couple, 3 days", 2)],
)
def test_a_party_counted_in_words_is_read(text: str, adults: int) -> None:
    assert parse_trip_text(text, TODAY).adults == adults
