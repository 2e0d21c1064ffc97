"""When: dates written out (ISO, "12 March", "3월 12일", "3/12"), relative ones ("next Friday",
"다음 주 금요일", "over Chinese New Year") and the trip's length ("4 days", "3박 4일").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.i18n import has_hangul
from bot.intake.patch import NUM, TripPatch, make_date, num, words_said
from bot.intake.periods import MONTH_RE, MONTHS, month_start
from bot.trip import (
    TripProblem,
)

_ISO = re.compile(r"\b(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|~|until|till|through|thru)\s*(?:the\s+)?"
    rf"(\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?:of\s+)?{MONTH_RE}\b(?:,?\s*(20\d\d))?"
)
_MONTH_DAY = re.compile(
    rf"\b{MONTH_RE}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|~)\s*(\d{{1,2}})(?:st|nd|rd|th)?)?\b(?:,?\s*(20\d\d))?"
)
_KO_DATE = re.compile(
    r"(?:(20\d\d)\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일?"
    r"(?:\s*(?:부터|~|-|–)\s*(?:(\d{1,2})\s*월\s*)?(\d{1,2})\s*일)?"
)


def parse_dates(low: str, today: date, patch: TripPatch) -> None:
    found = [
        *_written_dates(low, today, patch),
        *_korean_dates(low, today, patch),
        *_day_words(low, today),
    ]
    if len(found) == 1 and (end := _end_day_of(low, found[0])) is not None:
        found.append(end)  # "from 12 March ... flying out on the 15th"
    if found:
        patch.start_date = found[0]
        if len(found) > 1 and found[-1] != found[0]:
            patch.end_date = found[-1]


def _written_dates(low: str, today: date, patch: TripPatch) -> list[date]:
    """ISO dates, "12 March (to 15 March)" and "March 12(-15)", in the order written."""
    found: list[date] = []
    for m in _ISO.finditer(low):
        value = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), today, patch)
        if value:
            found.append(value)
    for m in _DAY_MONTH.finditer(low):
        year = int(m.group(4)) if m.group(4) else None
        month = MONTHS[m.group(3)[:3] if m.group(3)[:4] != "sept" else "sep"]
        _append_range(found, year, month, int(m.group(1)), m.group(2), today, patch)
    for m in _MONTH_DAY.finditer(low):
        year = int(m.group(4)) if m.group(4) else None
        month = MONTHS[m.group(1)[:3]]
        _append_range(found, year, month, int(m.group(2)), m.group(3), today, patch)
    return found


def _korean_dates(low: str, today: date, patch: TripPatch) -> list[date]:
    """Korean month/day ("3/12부터") and "3월 12일(~15일)" dates, in the order written."""
    found: list[date] = []
    if has_hangul(low):  # Korean writes month/day: "3/12부터"
        for m in re.finditer(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])", low):
            if 1 <= int(m.group(1)) <= 12:
                value = make_date(None, int(m.group(1)), int(m.group(2)), today, patch)
                if value:
                    found.append(value)
    for m in _KO_DATE.finditer(low):
        found += _korean_date(m, low, today, patch)
    return found


def _korean_date(m: re.Match[str], low: str, today: date, patch: TripPatch) -> list[date]:
    """The start (and end, for a range) of one "3월 12일" match; a length goes to ``patch``."""
    year = int(m.group(1)) if m.group(1) else None
    month = int(m.group(2))
    start = make_date(year, month, int(m.group(3)), today, patch) if 1 <= month <= 12 else None
    if start is None:
        if not 1 <= month <= 12:
            patch.problems.append(TripProblem(code="bad_date", value=f"{month}월"))
        return []
    if not m.group(5):
        return [start]
    end_day = int(m.group(5))
    ranged = bool(re.search(r"[~\-–]|까지", m.group(0) + low[m.end() : m.end() + 3]))
    if not m.group(4) and (end_day < start.day or not ranged):
        # "3월 12일부터 3일" is three days from the 12th, not a range back to the 3rd
        patch.days = patch.days or end_day
        return [start]
    end_month = int(m.group(4)) if m.group(4) else month
    end = make_date(start.year, end_month, end_day, start, patch)
    return [start, end] if end else [start]


def _day_words(low: str, today: date) -> list[date]:
    """Days named relative to today: "tomorrow", "내일", "모레", "today", "오늘"."""
    words = (("tomorrow", 1), ("내일", 1), ("모레", 2), ("today", 0), ("오늘", 0))
    return [today + timedelta(days=offset) for word, offset in words if words_said(low, (word,))]


def _end_day_of(low: str, start: date) -> date | None:
    """A later day of the start's month said as the way back ("back on the 15th", "15일까지")."""
    end_match = next(
        (
            e
            for e in re.finditer(
                r"\b(?:until|till|til|to|through|thru|on|back)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b"
                r"|(?<![\d월])(\d{1,2})\s*일\s*"
                r"(?:까지|[^,.\d]{0,8}\d{0,2}[^,.\d]{0,6}(?:출발|귀국|돌아))",
                low,
            )
            if int(e.group(1) or e.group(2)) > start.day
        ),
        None,
    )
    if end_match is None:
        return None
    end_day = int(end_match.group(1) or end_match.group(2))
    if end_day <= start.day:
        return None
    try:
        return start.replace(day=end_day)
    except ValueError:
        return None


WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
KO_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
# Chinese New Year's first day (Ministry of Manpower public holidays; as of 2026-11).
LUNAR_NEW_YEAR = {2027: date(2027, 2, 6), 2028: date(2028, 1, 26)}
# Good Friday, a public holiday in Singapore (Easter Sunday 28 March 2027, 16 April 2028: the
# Gregorian Easter computus; Ministry of Manpower lists Good Friday; as of 2026-11).
GOOD_FRIDAY = {2027: date(2027, 3, 26), 2028: date(2028, 4, 14)}
_FULL_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_ABBR_DAY = r"(mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)"


def _next_weekday(today: date, weekday: int, *, after: bool = True) -> date:
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead or (7 if after else 0))


def _add_month(today: date, months: int, day: int, patch: TripPatch) -> date | None:
    month0 = today.month - 1 + months
    year, month = today.year + month0 // 12, month0 % 12 + 1
    try:
        return date(year, month, day)
    except ValueError:
        patch.problems.append(TripProblem(code="bad_date", value=f"{day}/{month}"))
        return None


def parse_relative_dates(low: str, today: date, patch: TripPatch) -> None:
    """Dates said relative to today, in both languages ("next Friday", "다음달 10일")."""
    if patch.start_date is not None:
        return
    start = _relative_start(low, today, patch)
    if start is not None:
        patch.start_date = start
        patch.assumptions.append(("assume_date", start.isoformat()))
    elif (start := month_start(low, today, patch.days)) is not None:
        patch.start_date = start  # "in April": a day of it, said as assumed
        patch.assumptions.append(("assume_month_day", start.isoformat()))
        patch.start_from_month = True
        patch.change_said = bool(_CHANGE_WORDS.search(low))


_CHANGE_WORDS = re.compile(
    r"\b(?:move|change|shift|push|postpone|reschedule|instead|actually|rather|switch|make it)\b"
    r"|바꿔|바꾸|변경|미뤄|옮겨|대신|말고"
)


def _relative_start(low: str, today: date, patch: TripPatch) -> date | None:
    ordinal = r"(\d{1,2})(?:st|nd|rd|th)?"
    for months, word in ((1, r"next month|다음\s*달|담달"), (0, r"this month|이번\s*달")):
        m = (
            re.search(rf"(?:{word})\s*,?\s*(?:on\s+)?the\s+{ordinal}", low)
            or re.search(rf"(?:{word})\s*,?\s*(?:on\s+)?(\d{{1,2}})(?:st|nd|rd|th|\s*일)", low)
            or re.search(rf"\b(?:the\s+)?{ordinal}\s+(?:of\s+)?(?:{word})", low)
        )
        if m:
            return _add_month(today, months, int(m.group(1)), patch)
    named = _named_weekday(low, today)
    if named is not None:
        return named
    if re.search(r"\bthis weekend\b|이번\s*주말", low):
        patch.days = patch.days or 2
        return _next_weekday(today, 5, after=False)
    if re.search(r"\bnext weekend\b|다음\s*주말|담주\s*주말", low):
        patch.days = patch.days or 2
        return today - timedelta(days=today.weekday()) + timedelta(days=12)
    m = re.search(rf"\bin\s+{NUM}\s+(weeks?|days?|months?)\b", low) or re.search(
        r"(\d{1,2}|한|두|세|네)\s*(주|일|달|개월)\s*(?:후|뒤|있다가)", low
    )
    if m:
        return _after(today, num(m.group(1)), m.group(2), patch)
    if re.search(r"\bnext week\b|다음\s*주|담주", low):
        return _next_weekday(today, 0)
    return _holiday_start(low, today, patch)


def _holiday_start(low: str, today: date, patch: TripPatch) -> date | None:
    """The start of a holiday named ("over Christmas", "Easter weekend", "설날"), 3 days long
    unless a length was said."""
    if re.search(r"christmas|xmas|크리스마스|성탄", low):
        patch.days = patch.days or 3
        return _on_or_after(today, 12, 24)
    if re.search(
        r"(?<!chinese )(?<!lunar )new year'?s?(?: eve| day)?\b"
        r"|countdown|연말|새해|신정|12월\s*31일",
        low,
    ):
        patch.days = patch.days or 3
        return _on_or_after(today, 12, 30)
    if re.search(r"\beaster\b|good friday|부활절", low):
        upcoming = [d for d in GOOD_FRIDAY.values() if d >= today]
        if upcoming:
            if patch.days is None or (patch.days == 2 and re.search(r"\bweekend\b", low)):
                patch.days = 3  # the long weekend: Good Friday to Easter Sunday
            return upcoming[0]
    if re.search(r"chinese new year|lunar new year|\bcny\b|설날|구정|춘절", low):
        upcoming = [d for d in LUNAR_NEW_YEAR.values() if d > today]
        if upcoming:
            patch.days = patch.days or 3
            return upcoming[0] - timedelta(days=1)
    return None


def _named_weekday(low: str, today: date) -> date | None:
    """The day meant by a weekday's name ("next Friday", "다음주 금요일"), if one is named."""
    m = re.search(r"(이번\s*주|다음\s*주|담주|다다음\s*주)?\s*([월화수목금토일])요일", low)
    if m:
        weekday = KO_WEEKDAYS[m.group(2)]
        week = m.group(1) or ""
        if "다다음" in week:
            return today - timedelta(days=today.weekday()) + timedelta(days=14 + weekday)
        if "다음" in week or "담" in week:
            return today - timedelta(days=today.weekday()) + timedelta(days=7 + weekday)
        return _next_weekday(today, weekday)
    m = re.search(rf"\b(?:(this|next|coming|on)\s+)?{_FULL_DAY}\b", low) or re.search(
        rf"\b(this|next|coming|on)\s+{_ABBR_DAY}\b", low
    )
    if m:
        weekday = WEEKDAYS[m.group(2)[:4] if m.group(2)[:4] in WEEKDAYS else m.group(2)[:3]]
        return _next_weekday(today, weekday)
    return None


def _after(today: date, n: int, unit: str, patch: TripPatch) -> date | None:
    """The day ``n`` weeks, months or days after today ("in 2 weeks", "3일 후")."""
    if unit.startswith(("week", "주")):
        return today + timedelta(weeks=n)
    if unit.startswith(("month", "달", "개월")):
        last = calendar.monthrange(
            today.year + (today.month - 1 + n) // 12, (today.month - 1 + n) % 12 + 1
        )[1]
        return _add_month(today, n, min(today.day, last), patch)
    return today + timedelta(days=n)


def _on_or_after(today: date, month: int, day: int) -> date:
    value = date(today.year, month, day)
    return value if value >= today else date(today.year + 1, month, day)


def _append_range(
    found: list[date],
    year: int | None,
    month: int,
    day: int,
    end_day: str | None,
    today: date,
    patch: TripPatch,
) -> None:
    start = make_date(year, month, day, today, patch)
    if start is None:
        return
    found.append(start)
    if end_day:
        end_month = month if int(end_day) >= day else month % 12 + 1
        end = make_date(start.year if end_month >= month else start.year + 1, end_month,
                         int(end_day), start, patch)  # fmt: skip
        if end:
            found.append(end)


def _ko_days(low: str) -> re.Match[str] | None:
    """A Korean trip length "4일", "4일간", "3일 동안" — not a date ("3월 12일"), not "10일 후"."""
    for m in re.finditer(r"(?<![\d/])(\d{1,2})\s*일(?:\s*(?:간|동안|일정|여행|짜리|코스))?", low):
        before = low[: m.start()].rstrip()
        after = low[m.end() : m.end() + 4]
        joined = before.endswith(("월", "년", "~", "-", "–"))
        if joined or re.match(r"\s*(?:부터|~|-|까지|후|뒤|차|째|에|날)", after):
            continue
        return m
    return None


_AMOUNT_BEFORE = re.compile(r"\d\s*(?:k|sgd|usd|krw|dollars?|bucks|won|원)?\s*$")


def parse_length(low: str, patch: TripPatch) -> None:
    if patch.days is not None:
        return  # already said with the dates ("3월 12일부터 3일")
    if patch.end_date is None and re.search(
        rf"(?:\d|day|\)|{MONTH_RE})\s*,?\s*only\b"
        r"|\bonly (?:on|for) (?:the|that|one|a|this|next|\d)"
        r"|\b(?:just|only) (?:the|that|one|a) day\b|(?<![0-9a-z][- ])\bday[- ]trip\b"
        r"|\b(?:one|a|1|single) (?:free|spare) day\b"
        r"|\b(?:a|one|our|my|single|the)[- ]day[- ]trip\b|\bsingle day\b"
        r"|당일|하루만|하루\s*(?:일정|여행|코스|동안)",
        low,
    ):
        patch.days = 1
        return
    m = re.search(r"(\d{1,2})\s*박\s*(\d{1,2})\s*일", low)
    if m:
        patch.days = int(m.group(2))
        return
    m = re.search(r"\b(\d{1,2})\s*d\s*(\d{1,2})\s*n\b|\b(\d{1,2})\s*n\s*(\d{1,2})\s*d\b", low)
    if m:  # "4D3N", "3n4d"
        patch.days = int(m.group(1) or m.group(4))
        return
    m = (
        next(  # "S$150 a day" is a budget, not a one-day trip
            (
                d
                for d in re.finditer(
                    rf"(?<!\bin )\b{NUM}[\s-]*(?:days?|dayz|day trip)\b"
                    r"(?!\s*(?:later|from now|away))",
                    low,
                )
                if not (d.group(1) in ("a", "an") and _AMOUNT_BEFORE.search(low[: d.start()]))
            ),
            None,
        )
        or _ko_days(low)
    )
    if m:
        patch.days = num(m.group(1))
        return
    m = re.search(rf"\b{NUM}[\s-]*(?:nights?|nites?|nts)\b", low) or re.search(
        r"(\d{1,2})\s*박", low
    )
    if m:
        patch.days = num(m.group(1)) + 1
        return
    if re.search(r"\b(a|one)\s+week\b|일주일", low):
        patch.days = 7
    elif re.search(r"\bweekend\b|주말", low):
        patch.days = 2
