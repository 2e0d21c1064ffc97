"""Trip options picked in a form (Discord's ``/plan`` options) as a sentence in the parser's words.

A platform whose command has typed options — days, dates, party, styles, budget, transport, a
note — hands them to :func:`options_sentence`; the sentence goes through the one request parser
(:mod:`bot.intake.request`) like any message, so a form and a typed message are understood by the
same rules. A transport is written as the parser's own first word for it, a style as its value
(a word of the parser's too); the budget's wording is here (``tests/unit/test_trip_options.py``
parses every option back).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.intake.parse import TRANSPORT_WORDS
from bot.trip import Currency, Transport

# A budget in the budget reader's words for each currency.
BUDGET_SAID: dict[Currency, str] = {
    "SGD": "S${:,} each",
    "USD": "US${:,} each",
    "KRW": "{:,} won each",
}


@dataclass(frozen=True)
class TripOptions:
    """What a form may say of a trip; every field is optional. ``styles`` are
    :class:`~bot.trip.TravelStyle` values, ``transport`` a :class:`~bot.trip.Transport` value."""

    days: int | None = None
    start: str | None = None  # as typed ("12 March", "2027-03-12", "3월 12일")
    end: str | None = None
    styles: Sequence[str] = ()
    adults: int | None = None
    children: int | None = None
    budget: int | None = None  # per person, for the whole trip
    currency: str = "SGD"  # a Currency; another reads as SGD
    transport: str | None = None
    note: str | None = None  # free text, read as a message is


def options_sentence(options: TripOptions) -> str:
    """The options as one sentence the request parser reads; empty when none is set."""
    pieces: list[str] = []
    if options.days:
        pieces.append(f"{options.days} day" + ("s" if options.days != 1 else ""))
    dates = " ".join(
        f"{word} {value.strip()}"
        for word, value in (("from", options.start), ("to", options.end))
        if value and value.strip()
    )
    pieces += [dates] if dates else []
    if options.adults:
        pieces.append(f"{options.adults} adult" + ("s" if options.adults != 1 else ""))
    if options.children:
        pieces.append(f"{options.children} child" + ("ren" if options.children != 1 else ""))
    pieces += [s for s in dict.fromkeys(options.styles) if s]
    if options.budget:
        said = next((f for c, f in BUDGET_SAID.items() if c == options.currency), None)
        pieces.append((said or BUDGET_SAID["SGD"]).format(options.budget))
    if options.transport:
        mode = next((m for m in Transport if m.value == options.transport), None)
        pieces.append(TRANSPORT_WORDS[mode][0] if mode is not None else options.transport)
    if options.note and options.note.strip():
        pieces.append(options.note.strip())
    return ", ".join(pieces)
