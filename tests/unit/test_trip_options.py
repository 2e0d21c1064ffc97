"""A form's options (Discord's ``/plan``) reach the planner as chosen: every option, written as
:func:`bot.intake.options.options_sentence` writes it, is read back by the one request parser."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.intake.options import BUDGET_SAID, TripOptions, options_sentence
from bot.intake.patch import TripPatch
from bot.intake.request import parse_request
from bot.trip import Transport, TravelStyle

TODAY = date(2026, 11, 30)


def read(options: TripOptions) -> TripPatch:
    return parse_request(options_sentence(options), "en", TODAY).patch


def test_days_dates_and_party_are_read_back() -> None:
    patch = read(TripOptions(days=4, start="12 March", adults=2, children=1))
    assert (patch.days, patch.start_date, patch.adults, patch.children) == (
        4, date(2027, 3, 12), 2, 1,
    )  # fmt: skip
    both = read(TripOptions(start="2027-03-12", end="2027-03-15", adults=1))
    assert (both.start_date, both.end_date, both.adults) == (
        date(2027, 3, 12),
        date(2027, 3, 15),
        1,
    )


@pytest.mark.parametrize("style", list(TravelStyle))
def test_every_style_is_read_back(style: TravelStyle) -> None:
    assert style in read(TripOptions(styles=[style.value], adults=2)).styles


@pytest.mark.parametrize("mode", list(Transport))
def test_every_transport_is_read_back(mode: Transport) -> None:
    assert read(TripOptions(transport=mode.value, adults=2)).transport == [mode]


@pytest.mark.parametrize("currency", list(BUDGET_SAID))
def test_every_currency_is_read_back_per_person(currency: str) -> None:
    patch = read(TripOptions(budget=2_000_000 if currency == "KRW" else 1500, currency=currency))
    assert patch.budget is not None and patch.budget.currency == currency
    assert patch.budget.amount == Decimal(2_000_000 if currency == "KRW" else 1500)
    assert not patch.budget_is_total


def test_no_option_is_no_sentence_and_a_note_is_read_as_typed() -> None:
    assert options_sentence(TripOptions()) == ""
    assert read(TripOptions(note="we love hawker food", adults=2)).styles == [TravelStyle.FOOD]
