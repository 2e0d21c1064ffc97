"""Months and parts of months said without a day: "in April", "mid-May 2027", "4월 말".

A traveller who names only a month has not silently asked for "two weeks from today": the trip
starts in that month, on a day read from the part named (early → the 1st, mid → the 15th, late →
the 21st, the end → late enough to end on the month's last day), and the reply says it assumed
the day. Pure: ``today`` is passed in.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
MONTH_RE = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)

# The part of a month, in words → how the start day is chosen.
_PART = (
    r"(?P<part>early|the\s+beginning\s+of|beginning\s+of|the\s+start\s+of|start\s+of|mid|"
    r"the\s+middle\s+of|middle\s+of|late|the\s+end\s+of|end\s+of)"
)
# A month named alone needs a word that makes it a time ("may" is also a verb, "Jan" a name).
_LEAD = r"(?P<lead>in|next|this|coming|during|for|around|sometime\s+in|over)"
_EN_MONTH = re.compile(
    rf"\b(?:{_PART}[\s-]*)?(?:{_LEAD}\s+)?{MONTH_RE}\b(?!\s*\d{{1,2}}\b)(?:\s*,?\s*(?P<year>20\d\d))?"
)
_EN_NEXT_MONTH = re.compile(rf"\b(?:{_PART}[\s-]*)?(?P<which>next|this)\s+month\b")
_KO_MONTH = re.compile(
    r"(?:(?P<year>20\d\d)\s*년\s*)?(?<!\d)(?P<month>\d{1,2})\s*월(?!\s*\d)"
    r"\s*(?P<part>초순|초|상순|중순|하순|말|끝)?"
)
_KO_NEXT_MONTH = re.compile(
    r"(?P<which>다음\s*달|담달|내달|이번\s*달)\s*(?P<part>초순|초|상순|중순|하순|말|끝)?"
)
_FULL_NAMES = {"january", "february", "march", "april", "june", "july", "august", "september",
               "october", "november", "december"}  # fmt: skip


def month_start(low: str, today: date, days: int | None) -> date | None:
    """The start day meant by a month said without a day, or ``None`` if no month is named."""
    for m in _EN_MONTH.finditer(low):
        name = m.group(3)
        if not (m.group("part") or m.group("year") or _led(m.group("lead"), name)):
            continue  # "may", "jan": only with a word that makes them a month
        month = MONTHS[name[:3] if name[:4] != "sept" else "sep"]
        year = int(m.group("year")) if m.group("year") else None
        return _day_in(year, month, _part(m.group("part")), today, days)
    if nm := _EN_NEXT_MONTH.search(low):
        first = _first_of(today, 1 if nm.group("which") == "next" else 0)
        return _day_in(first.year, first.month, _part(nm.group("part")), today, days)
    if (ko := _KO_MONTH.search(low)) and 1 <= int(ko.group("month")) <= 12:
        year = int(ko.group("year")) if ko.group("year") else None
        return _day_in(year, int(ko.group("month")), _part(ko.group("part")), today, days)
    if kn := _KO_NEXT_MONTH.search(low):
        first = _first_of(today, 0 if "이번" in kn.group("which") else 1)
        return _day_in(first.year, first.month, _part(kn.group("part")), today, days)
    return None


def _led(lead: str | None, name: str) -> bool:
    """A month's name is a time: a full name, or after "in"/"next"/… ("this may be" is not)."""
    if name == "may":
        return lead is not None and lead not in ("this", "for")
    return lead is not None or name in _FULL_NAMES


def _part(word: str | None) -> str:
    """early, mid, late or end, from English or Korean words (none: the month's start)."""
    word = " ".join((word or "").split())
    if word.startswith(("mid", "the middle", "중순")):
        return "mid"
    if word in ("late", "하순"):
        return "late"
    if word.endswith("end of") or word in ("말", "끝"):
        return "end"
    return "early"


def _first_of(today: date, months_ahead: int) -> date:
    month0 = today.month - 1 + months_ahead
    return date(today.year + month0 // 12, month0 % 12 + 1, 1)


def _day_in(year: int | None, month: int, part: str, today: date, days: int | None) -> date:
    """The day of ``part`` of ``month``; without a year, the next such month that is not over."""
    for y in [year] if year else [today.year, today.year + 1]:
        last = calendar.monthrange(y, month)[1]
        day = {"early": 1, "mid": 15, "late": 21}.get(part) or max(21, last - (days or 3) + 1)
        value = date(y, month, day)
        if year or value >= today:
            return value
        if (y, month) == (today.year, today.month) and today + timedelta(days=1) <= date(
            y, month, last
        ):
            return today + timedelta(days=1)  # "in December" said on 10 December
    return date(today.year + 1, month, 1)
