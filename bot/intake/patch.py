"""What one message says about a trip (:class:`TripPatch`), and the small readers every part of
the parser (:mod:`bot.intake.parse`) shares: numbers in words, English and Korean; dates without
a year; words said as whole words.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date

from bot.i18n import has_hangul
from bot.intake.speaker import Speaker
from bot.trip import (
    Money,
    Pace,
    Transport,
    Travellers,
    TravelStyle,
    TripProblem,
)

WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "single": 1, "couple": 2,
}  # fmt: skip
KO_NUMBERS = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5,
    "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
}  # fmt: skip
NUM = r"(\d{1,3}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
KONUM = r"(\d{1,3}|" + "|".join(sorted(KO_NUMBERS, key=len, reverse=True)) + r")"


@dataclass
class TripPatch:
    """What one message says about the trip; ``None`` / empty means "not mentioned"."""

    start_date: date | None = None
    end_date: date | None = None
    days: int | None = None
    adults: int | None = None
    children: int | None = None
    child_ages: list[int] = field(default_factory=list)
    travellers: Travellers | None = None
    transport: list[Transport] = field(default_factory=list)
    styles: list[TravelStyle] = field(default_factory=list)
    budget: Money | None = None
    budget_is_total: bool = False
    budget_per_day: bool = False  # "S$200 a day" whose days this message does not say
    # The start read from a month alone ("in April"): it sets a trip's first dates, but changes
    # dates already set only when the words say so ("move it to April", not "weather in March?")
    start_from_month: bool = False
    change_said: bool = False
    pace: Pace | None = None
    hotel_area: str | None = None
    arrival_time: str | None = None
    departure_time: str | None = None
    must_see: list[str] = field(default_factory=list)  # place ids (filled with the KB's help)
    avoid: list[str] = field(default_factory=list)  # place ids
    avoid_kinds: list[str] = field(default_factory=list)  # "no museums": AVOID_KIND_TAGS keys
    seniors: int | None = None
    interests: list[str] = field(default_factory=list)  # KB tags ("zoo", "nightlife" …)
    max_walk_minutes: int | None = None
    mobility: list[str] = field(default_factory=list)
    # What the speaker says of themselves ("I'm 67", "bringing my 6-year-old"): a group member's
    # own ticket category and party (bot/intake/speaker.py).
    speaker: Speaker = field(default_factory=Speaker)
    # What was read with an assumption, as (i18n key, value): "my parents" → 2 adults.
    assumptions: list[tuple[str, str]] = field(default_factory=list)
    problems: list[TripProblem] = field(default_factory=list)

    def for_dates_set(self) -> TripPatch:
        """This patch for a trip whose dates are set: a month said alone ("the weather in
        March?") no longer moves them, unless the words ask for a change ("move it to April")."""
        if not self.start_from_month or self.change_said:
            return self
        kept = [a for a in self.assumptions if a[0] != "assume_month_day"]
        return dataclasses.replace(self, start_date=None, start_from_month=False, assumptions=kept)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.start_date, self.end_date, self.days, self.adults is not None,
                self.children is not None, self.travellers, self.transport, self.styles,
                self.budget, self.pace, self.hotel_area, self.arrival_time,
                self.departure_time, self.must_see, self.avoid, self.avoid_kinds, self.problems,
                self.interests, self.max_walk_minutes, self.mobility,
            )
        )  # fmt: skip


def num(token: str) -> int:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return WORD_NUMBERS.get(token) or KO_NUMBERS.get(token, 0)


def make_date(year: int | None, month: int, day: int, today: date, patch: TripPatch) -> date | None:
    """Build a date; without a year, the next such date on or after today."""
    candidates = [year] if year else [today.year, today.year + 1]
    for y in candidates:
        try:
            value = date(y, month, day)
        except ValueError:
            patch.problems.append(TripProblem(code="bad_date", value=f"{day}/{month}"))
            return None
        if year or value >= today:
            return value
    return None


def words_said(text: str, words: tuple[str, ...]) -> bool:
    for word in words:
        if has_hangul(word):
            if word in text:
                return True
        elif re.search(rf"(?<![a-z]){re.escape(word)}(?:s|es)?(?![a-z])", text):  # gardens
            return True
    return False
