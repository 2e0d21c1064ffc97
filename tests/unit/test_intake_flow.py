"""Intake asks only for what is missing and essential, validates, and states its defaults."""

from __future__ import annotations

from datetime import date

from bot.intake.flow import apply_choice, apply_defaults, apply_patch, next_prompt
from bot.intake.parse import parse_trip_text
from bot.trip import Transport, TravelStyle, TripRequest

TODAY = date(2026, 11, 27)


def merged(*texts: str) -> tuple[TripRequest, list[str]]:
    request, codes = TripRequest(), list[str]()
    for text in texts:
        request, problems = apply_patch(request, parse_trip_text(text, TODAY), TODAY)
        codes += [p.code for p in problems]
    return request, codes


def test_dates_are_asked_first_then_party_then_confirmation() -> None:
    request, _ = merged("we love food")
    assert next_prompt(request, "en").awaiting == "dates"
    request, _ = merged("we love food", "12 March for 4 days")
    assert next_prompt(request, "en").awaiting == "party"
    request, _ = merged("we love food", "12 March for 4 days", "2 adults")
    prompt = next_prompt(request, "en")
    assert prompt.awaiting == "confirm"
    assert prompt.choices is not None and prompt.choices.options[0].data == "i:go"
    assert "Public transport" in prompt.text  # the default is stated


def test_a_length_said_before_the_start_date_is_kept() -> None:
    request, _ = merged("3박 4일", "3월 12일")
    assert (request.start_date, request.end_date) == (date(2027, 3, 12), date(2027, 3, 15))


def test_a_start_date_alone_offers_trip_lengths_as_buttons() -> None:
    request, _ = merged("from 12 March")
    prompt = next_prompt(request, "en")
    assert prompt.choices is not None
    request, _ = apply_choice(request, prompt.choices.options[1].data, TODAY)
    assert request.days == 3


def test_return_before_departure_is_refused_and_dates_asked_again() -> None:
    request, codes = merged("from 2027-03-15 to 2027-03-12, 2 adults")
    assert codes == ["return_before_departure"]
    assert request.start_date is None
    assert next_prompt(request, "en").awaiting == "dates"


def test_past_dates_and_long_trips_are_refused() -> None:
    assert merged("2025-01-05 for 3 days")[1] == ["in_past"]
    assert merged("2027-01-01 to 2027-02-01")[1] == ["too_long"]


def test_a_total_budget_is_split_per_person() -> None:
    request, _ = merged("2 adults", "S$3000 in total")
    assert request.budget is not None and int(request.budget.amount) == 1500


def test_children_add_the_family_style() -> None:
    request, _ = merged("2 adults and 2 kids")
    assert TravelStyle.FAMILY in request.styles


def test_toggling_transport_never_leaves_none() -> None:
    request = TripRequest()
    request, reopen = apply_choice(request, "i:tr:public", TODAY)
    assert request.transport == [Transport.PUBLIC] and reopen == "transport"
    request, _ = apply_choice(request, "i:tr:taxi", TODAY)
    assert request.transport == [Transport.PUBLIC, Transport.TAXI]


def test_one_shot_defaults_are_stated() -> None:
    request, assumed = apply_defaults(TripRequest(), TODAY)
    assert request.days == 3 and request.party is not None and assumed


def test_a_length_the_traveller_gave_is_not_listed_as_assumed() -> None:
    request, _ = merged("5 days, 2 adults")
    request, assumed = apply_defaults(request, TODAY)
    assert request.days == 5
    assert not any("5 days" in text for text in assumed), assumed
    _, assumed = apply_defaults(TripRequest(), TODAY)
    assert "3 days" in assumed


def test_a_one_day_trip_reads_1_day_in_both_languages() -> None:
    request, _ = merged("2027-02-02 only, solo")
    assert "(1 day)" in next_prompt(request, "en").text
    assert "(1일)" in next_prompt(request, "ko").text


def test_a_month_named_without_a_day_starts_the_trip_in_it_and_says_so() -> None:
    patch = parse_trip_text("5 days next April, 2 adults", TODAY)
    assert patch.start_date == date(2027, 4, 1)
    assert patch.assumptions == [("assume_month_day", "2027-04-01")]
    request, _ = apply_patch(TripRequest(), patch, TODAY)
    assert request.end_date == date(2027, 4, 5)
    assert parse_trip_text("this may be silly: 2 adults", TODAY).start_date is None
