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


def test_kinds_of_place_said_as_unwanted_are_skipped_and_shown() -> None:
    request, _ = merged("4 days from 12 March, 2 adults, no museums please, and skip shopping")
    assert request.avoid_kinds == ["museum", "shopping"]
    assert "Skip: museums, shopping" in next_prompt(request, "en").text
    request, _ = merged("3월 12일부터 3일, 어른 2명, 박물관은 별로예요")
    assert request.avoid_kinds == ["museum"]
    assert "뺄 곳: 박물관" in next_prompt(request, "ko").text
    request, _ = merged("no museums, 2 adults", "actually we'd like a museum or two")
    assert request.avoid_kinds == []


def test_a_budget_for_each_day_is_counted_for_every_day() -> None:
    request, _ = merged("solo, 3 nights from 3 March, budget SGD 200/day")
    assert request.budget is not None and request.budget.amount == 800
    request, _ = merged("4 days from 12 March, 2 adults", "S$150 a day each")
    assert request.budget is not None and request.budget.amount == 600
    request, _ = merged("3월 12일부터 3박4일 어른 2명, 1인당 하루 10만원")
    assert request.budget is not None and request.budget.amount == 400_000


def test_party_words_a_form_two_couples_and_a_family_size() -> None:
    request, _ = merged("we're two couples, 4 days from 12 March")
    assert request.party is not None and request.party.adults == 4
    request, _ = merged("10-day trip for my family of 5 (3 kids: 2, 7 and 12) from 20 Dec")
    assert request.requested_days == 10 or request.days == 10
    assert request.party is not None
    assert (request.party.adults, request.party.children) == (2, 3)
    request, _ = merged("adults: 2, kids: 1, 3 days from 12 March")
    assert request.party is not None
    assert (request.party.adults, request.party.children) == (2, 1)
