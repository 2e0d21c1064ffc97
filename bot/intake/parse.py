"""Offline free-text parsing of trip details, in English and Korean.

``parse_trip_text("4 days from 12 March, 2 adults and a 6-year-old, love food, S$1500 each",
today)`` returns a :class:`TripPatch`: only what the text says, so it can be merged into a request
that already holds earlier answers. Impossible values (31 February, zero people, a zero budget)
come back as problems, never as exceptions. Pure: ``today`` is passed in.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import cast

from bot.intake.periods import MONTH_RE, MONTHS, month_start
from bot.intake.speaker import Speaker, parse_speaker
from bot.planner.kb import hhmm, minutes
from bot.trip import (
    MAX_PEOPLE,
    Currency,
    Money,
    Pace,
    Party,
    Transport,
    Travellers,
    TravelStyle,
    TripProblem,
)

_MONTH = MONTH_RE
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
_NUM = r"(\d{1,3}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
_KONUM = r"(\d{1,3}|" + "|".join(sorted(KO_NUMBERS, key=len, reverse=True)) + r")"

STYLE_WORDS: dict[TravelStyle, tuple[str, ...]] = {
    TravelStyle.FOOD: ("food", "eat", "hawker", "foodie", "cuisine", "seafood", "chilli crab",
                       "dim sum", "해산물", "칠리크랩", "칠리 크랩", "맛집", "음식", "먹방",
                       "미식", "호커", "먹거리"),
    TravelStyle.NATURE: ("nature", "park", "hike", "hiking", "garden", "wildlife", "outdoor",
                         "자연", "공원", "정원", "트레킹", "산책", "동물"),
    TravelStyle.CITY: ("city", "sightseeing", "museum", "culture", "history", "heritage",
                       "architecture", "관광", "시내", "도시", "박물관", "문화", "역사", "명소"),
    TravelStyle.LUXURY: ("luxury", "luxurious", "fancy", "splurge", "premium", "럭셔리",
                         "고급", "호캉스"),
    TravelStyle.VALUE: ("value", "cheap", "budget-friendly", "affordable", "backpack",
                        "backpacking", "backpacker", "tight budget", "low budget", "on a budget",
                        "shoestring", "not too expensive", "inexpensive",
                        "가성비", "저렴", "알뜰"),
    TravelStyle.FAMILY: ("kids", "children", "child", "family", "toddler", "키즈", "가족",
                         "아이와", "아이랑", "아이들"),
}  # fmt: skip
TRANSPORT_WORDS: dict[Transport, tuple[str, ...]] = {
    Transport.PUBLIC: ("mrt", "public transport", "subway", "metro", "bus", "train",
                       "대중교통", "지하철", "버스"),
    Transport.TAXI: ("taxi", "cab", "택시"),
    Transport.GRAB: ("grab", "uber", "ride-hailing", "그랩", "우버"),
    Transport.CAR: ("rental car", "rent a car", "car rental", "drive", "driving",
                    "렌터카", "렌트카", "자동차"),
}  # fmt: skip
PACE_WORDS: dict[Pace, tuple[str, ...]] = {
    Pace.RELAXED: ("relaxed", "relaxing", "slow", "easy", "chill", "leisurely", "여유",
                   "느긋", "천천히", "널널"),
    Pace.PACKED: ("packed", "busy", "intense", "as much as possible", "빡빡", "알차게",
                  "최대한 많이", "강행군"),
}  # fmt: skip
TRAVELLER_WORDS: dict[Travellers, tuple[str, ...]] = {
    Travellers.MIXED: ("mixed", "혼성", "남녀"),
    Travellers.MALE: ("all male", "guys", "men only", "male", "남자끼리", "남성", "남자"),
    Travellers.FEMALE: ("all female", "girls", "women only", "female", "여자끼리", "여성",
                        "여자"),
}  # fmt: skip
HOTEL_AREAS = {
    "marina bay": "marina-bay", "marina": "marina-bay", "city hall": "city-hall",
    "orchard": "orchard", "chinatown": "chinatown", "bugis": "bugis", "sentosa": "sentosa",
    "little india": "little-india", "마리나": "marina-bay", "오차드": "orchard",
    "차이나타운": "chinatown", "부기스": "bugis", "센토사": "sentosa", "시청": "city-hall",
}  # fmt: skip


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


def _num(token: str) -> int:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return WORD_NUMBERS.get(token) or KO_NUMBERS.get(token, 0)


def _make_date(
    year: int | None, month: int, day: int, today: date, patch: TripPatch
) -> date | None:
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


def _words(text: str, words: tuple[str, ...]) -> bool:
    for word in words:
        if re.search(r"[\uac00-\ud7a3]", word):
            if word in text:
                return True
        elif re.search(rf"(?<![a-z]){re.escape(word)}(?:s|es)?(?![a-z])", text):  # gardens
            return True
    return False


def parse_trip_text(text: str, today: date) -> TripPatch:
    """Extract trip details from ``text`` (English or Korean)."""
    patch = TripPatch()
    low = " ".join(text.lower().split())
    _parse_dates(low, today, patch)
    _parse_length(low, patch)
    _parse_relative_dates(low, today, patch)
    _parse_party(low, patch)
    _parse_budget(low, patch)
    _parse_times(low, patch)
    _parse_ko_times(low, patch)
    _parse_layover(low, patch)
    patch.styles = _styles(low)
    _parse_interests(low, patch)
    _parse_avoid_kinds(low, patch)
    _parse_mobility(low, patch)
    patch.speaker = parse_speaker(low)
    if patch.children == 0 and re.search(
        r"\b(?:0|no|zero|without)\s+(?:kids?|child(?:ren)?)\b", low
    ):
        patch.styles = [s for s in patch.styles if s != TravelStyle.FAMILY]
    patch.transport = [
        m for m, words in TRANSPORT_WORDS.items()
        if any(_words(low, (w,)) and not _refused(w, low) for w in words)
    ]  # fmt: skip
    patch.pace = next((p for p, words in PACE_WORDS.items() if _words(low, words)), None)
    patch.travellers = next((g for g, w in TRAVELLER_WORDS.items() if _words(low, w)), None)
    patch.hotel_area = next(
        (
            area
            for name, area in HOTEL_AREAS.items()
            if re.search(
                rf"(stay(?:ing)?|hotel|hostel|airbnb|accommodation|guesthouse|based)[^.,;]*\b{name}\b"
                rf"|{name}\S*\s*(?:에\s*있는\s*)?(호텔|숙소|호스텔|게스트하우스|에어비앤비)",
                low,
            )
        ),
        None,
    )
    return patch


_ISO = re.compile(r"\b(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|~|until|till|through|thru)\s*(?:the\s+)?"
    rf"(\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s*(20\d\d))?"
)
_MONTH_DAY = re.compile(
    rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|~)\s*(\d{{1,2}})(?:st|nd|rd|th)?)?\b(?:,?\s*(20\d\d))?"
)
_KO_DATE = re.compile(
    r"(?:(20\d\d)\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일?"
    r"(?:\s*(?:부터|~|-|–)\s*(?:(\d{1,2})\s*월\s*)?(\d{1,2})\s*일)?"
)


def _parse_dates(low: str, today: date, patch: TripPatch) -> None:
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
        value = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), today, patch)
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
    if re.search(r"[\uac00-\ud7a3]", low):  # Korean writes month/day: "3/12부터"
        for m in re.finditer(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])", low):
            if 1 <= int(m.group(1)) <= 12:
                value = _make_date(None, int(m.group(1)), int(m.group(2)), today, patch)
                if value:
                    found.append(value)
    for m in _KO_DATE.finditer(low):
        found += _korean_date(m, low, today, patch)
    return found


def _korean_date(m: re.Match[str], low: str, today: date, patch: TripPatch) -> list[date]:
    """The start (and end, for a range) of one "3월 12일" match; a length goes to ``patch``."""
    year = int(m.group(1)) if m.group(1) else None
    month = int(m.group(2))
    start = _make_date(year, month, int(m.group(3)), today, patch) if 1 <= month <= 12 else None
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
    end = _make_date(start.year, end_month, end_day, start, patch)
    return [start, end] if end else [start]


def _day_words(low: str, today: date) -> list[date]:
    """Days named relative to today: "tomorrow", "내일", "모레", "today", "오늘"."""
    words = (("tomorrow", 1), ("내일", 1), ("모레", 2), ("today", 0), ("오늘", 0))
    return [today + timedelta(days=offset) for word, offset in words if _words(low, (word,))]


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


def _parse_relative_dates(low: str, today: date, patch: TripPatch) -> None:
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
    m = re.search(rf"\bin\s+{_NUM}\s+(weeks?|days?|months?)\b", low) or re.search(
        r"(\d{1,2}|한|두|세|네)\s*(주|일|달|개월)\s*(?:후|뒤|있다가)", low
    )
    if m:
        return _after(today, _num(m.group(1)), m.group(2), patch)
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
    start = _make_date(year, month, day, today, patch)
    if start is None:
        return
    found.append(start)
    if end_day:
        end_month = month if int(end_day) >= day else month % 12 + 1
        end = _make_date(start.year if end_month >= month else start.year + 1, end_month,
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


def _parse_length(low: str, patch: TripPatch) -> None:
    if patch.days is not None:
        return  # already said with the dates ("3월 12일부터 3일")
    if patch.end_date is None and re.search(
        rf"(?:\d|day|\)|{_MONTH})\s*,?\s*only\b"
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
                    rf"(?<!\bin )\b{_NUM}[\s-]*(?:days?|dayz|day trip)\b"
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
        patch.days = _num(m.group(1))
        return
    m = re.search(rf"\b{_NUM}[\s-]*(?:nights?|nites?|nts)\b", low) or re.search(
        r"(\d{1,2})\s*박", low
    )
    if m:
        patch.days = _num(m.group(1)) + 1
        return
    if re.search(r"\b(a|one)\s+week\b|일주일", low):
        patch.days = 7
    elif re.search(r"\bweekend\b|주말", low):
        patch.days = 2


SENIOR_AGE = 60  # the usual senior price category of Singapore attractions
ADULT_AGE = 18
_SENIOR_WORDS = (
    r"(?:seniors?|senior citizens?|elderly|pensioners?|retirees?|grandparents?|old(?:er)? folks"
    r"|oaps?)"
)
_PARENTS = re.compile(
    r"\b(?:my|our|with)\s+(?:(?:elderly|old|aging|ageing|retired|older)\s+)?parents\b"
    r"|\b(?:mum|mom|mam) and dad\b|부모님"
    r"|엄마\s*(?:랑|와|하고)?\s*아빠|아빠\s*(?:랑|와|하고)?\s*엄마"
)
_ELDERLY = re.compile(
    r"\b(?:elderly|aging|ageing|retired|old) (?:parents|mum|mom|dad|folks)\b|연로|나이\s*드신|고령|"
    r"[6-9]0대"
)
_WITH_PARENTS = re.compile(
    r"\bwith (?:my|our) (?:(?:elderly|old|aging|ageing|retired|older) )?parents\b"
    r"|\b(?:me|i) and my (?:(?:elderly|old) )?parents\b|부모님\s*(?:을|를)?\s*모시고"
    r"|부모님\s*(?:과|와|이랑|랑|하고)\s*(?:같이|함께|저|나)"
)
_GRANDPARENT = re.compile(
    r"\b(?:grandma|grandmother|granny|grandpa|grandfather|nana|할머니|할아버지|외할머니|외할아버지)"
)


def _stated_ages(low: str) -> list[int]:
    """Every age the text states ("7 years old", "(7, 9)", "one of us is 67", "70대")."""
    ages = [
        int(a)
        for a in re.findall(r"\b(\d{1,2})[\s-]*(?:(?:years?|yrs?)[\s-]*old|yo\b|y\.o\.)", low)
    ]
    ages += [int(a) for a in re.findall(r"(\d{1,2})\s*(?:살|세)", low)]
    not_age = r"(?!\d|\s*(?:days?|nights?|d\b|n\b|adults?|kids?|child|people|pax|박|일|명))"
    for m in re.finditer(
        rf"\b(?:aged?|ages)\s+(\d{{1,2}}{not_age}(?:\s*(?:,|and|&)\s*\d{{1,2}}{not_age})*)", low
    ):
        ages += [int(a) for a in re.findall(r"\d{1,2}", m.group(1))]
    for m in re.finditer(
        r"(?:kids?|kiddos?|kiddies|children|boys?|girls?|sons?|daughters?|teens?|teenagers?|"
        r"little ones|아이들?|애들|아들|딸|"
        r"아이\s*둘|아이\s*셋|아이\s*\d)\s*(?:\(\s*"
        r"((?:\d{1,2}\s*(?:,|and|&|와|과|\s)?\s*)+)\)"
        r"|:\s*(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})+)\b)",  # "(3 kids: 2, 7 and 12)"
        low,
    ):
        ages += [int(a) for a in re.findall(r"\d{1,2}", m.group(1) or m.group(2))]
    ages += [
        int(a) for a in re.findall(r"\(\s*(\d{2})\s*(?:살|세|yo)?\s*\)", low) if int(a) >= ADULT_AGE
    ]
    for m in re.finditer(
        r"\b(one|both|each|all|two)\s+(?:of (?:us|them)\s+)?(?:is|are|aged?)?\s*(\d{2})\b"
        r"(?!\s*(?:days?|nights?|adults?))",
        low,
    ):
        ages += [int(m.group(2))] * (1 if m.group(1) == "one" else 2)
    for m in re.finditer(r"\bin (?:our|their|his|her|the) ([6-9])0s\b|(?<!\d)([6-9])0대", low):
        everyone = re.search(rf"\b{_NUM}\s+of us\b[^.]{{0,20}}\ball\b", low)  # "3 of us, all in"
        many = _num(everyone.group(1)) if everyone else 0
        ages += [int(m.group(1) or m.group(2)) * 10] * (
            many or (2 if re.search(r"\b(?:our|their)\b|두\s*분|둘\s*다", low) else 1)
        )
    return ages


def _kid_count(low: str, kid_ages: list[int]) -> int:
    """How many children the text counts, or implies by ages or by "our son"."""
    kids = _sum(rf"\b{_NUM}\s+(?:kids?|kiddos?|kiddies|children|child|sons?|daughters?"
                rf"|toddlers?|babies|baby|teens?|teenagers?|infants?|little ones|littles)\b",
                low)  # fmt: skip
    kids += _sum(  # "kids: 1" as in a form; "kids: 2, 7 and 12" are ages
        r"\b(?:kids?|children)\s*[:=]\s*(\d{1,2})\b"
        r"(?!\s*(?:,|and|&)\s*\d{1,2}\b(?!\s*(?:days?|nights?|d\b|n\b)))",
        low,
    )
    kids += _sum(
        rf"(?:아이|어린이|아동|애기|아기|아가|유아|자녀|소인|아들|딸|꼬마|애)\s*{_KONUM}"
        r"(?:\s*(?:명|인)|(?=\s*(?:[(,.!)]|$|\s)))",
        low,
    )
    if kids == 0 and kid_ages:
        kids = len(kid_ages)
    elif kids == 0 and re.search(
        r"\b(?:a|one|my|our|the)\s+(?:kid|kiddo|child|son|daughter|toddler|baby|infant)\b|"
        r"\b(?:baby|infant|toddler)\b|"
        r"(?:아이|아들|딸|애기)(?:와|랑|하고|도|\s)",
        low,
    ):
        kids = 1
    return kids


_PEOPLE_ASSUMED = ("assume_parents", "assume_couple", "assume_family")


def _parse_party(low: str, patch: TripPatch) -> None:
    adults = _sum(rf"\b{_NUM}\s+(?:adults?|adlts?|grown[- ]ups?|grownups)\b", low)
    adults += 2 * _sum(rf"\b{_NUM}\s+(?:couples|married couples|pairs of)\b", low)  # "two couples"
    adults += 2 * _sum(rf"(?:커플|부부)\s*{_KONUM}\s*(?:쌍|팀)", low)
    adults += _sum(r"\badults?\s*[:=]\s*(\d{1,2})\b", low)  # "adults: 2" as in a form
    adults += _sum(rf"(?:어른|성인|대인)\s*{_KONUM}\s*(?:명|인)?", low)
    seniors = _sum(rf"\b{_NUM}\s+{_SENIOR_WORDS}\b", low)
    seniors += _sum(rf"(?:어르신|노인|시니어|경로)\s*{_KONUM}\s*(?:명|분|인)", low)
    ages = _stated_ages(low)
    kid_ages = [a for a in ages if a < ADULT_AGE]
    senior_ages = [a for a in ages if a >= SENIOR_AGE]
    kids = _kid_count(low, kid_ages)
    adults += seniors
    counted = adults > 0  # said as a number ("2 adults", "어른 2명"), not read from people named
    if adults == 0:
        adults, named_seniors = _people_named(low, kids, patch)
        seniors = max(seniors, named_seniors)
    else:  # "2 adults + grandma (78)": relatives named on top of a count
        extra = len(_GRANDPARENT.findall(low))
        adults, seniors = adults + extra, seniors + extra
    family = re.search(rf"\bfamily of {_NUM}\b|(\d)\s*인\s*가족|가족\s*{_KONUM}\s*명", low)
    if family and (adults == 0 or adults + kids < _num(next(g for g in family.groups() if g))):
        size = _num(next(g for g in family.groups() if g))  # "my family of 5": not just "me"
        if kids == 0:
            adults = min(2, size)
            kids = max(0, size - adults)
        else:
            adults = max(1, size - kids)
        patch.assumptions.append(("assume_family", f"{adults}-{kids}"))
    total = _total_people(low)
    if total is not None and total > adults + kids and not re.search(r"\badults?\b|어른|성인", low):
        adults = total - kids  # "4 of us", "여자 친구들 4명": the count wins over the words
        patch.assumptions = [a for a in patch.assumptions if a[0] not in _PEOPLE_ASSUMED]
    if (
        kids and adults <= 1 and not counted and re.search(r"\bfamily\b|가족", low)
        and not re.search(r"\bsingle (?:mom|mum|dad|parent)|\bsolo\b|just me|혼자|싱글", low)
    ):  # "family trip with our 2 kids", "가족 여행, 아이 셋": the parents  # fmt: skip
        adults = 2
        patch.assumptions = [a for a in patch.assumptions if a[0] != "assume_parents"]
        patch.assumptions.append(("assume_family", f"{adults}-{kids}"))
    if kids and adults == 0:  # a valid party is never refused: someone brings the children
        adults = 1
        patch.assumptions.append(("assume_one_adult", "1"))
    seniors = max(seniors, min(len(senior_ages), adults))
    if adults or kids:
        patch.adults = adults
        patch.children = kids
        patch.child_ages = kid_ages[:kids]
        patch.seniors = min(seniors, adults) or None
    total = _total_people(low)
    if total is not None and not (adults or kids):
        patch.adults, patch.children = total, 0
    for value in (patch.adults or 0) + (patch.children or 0), total or 0:
        if value > MAX_PEOPLE:
            patch.problems.append(TripProblem(code="too_many_people", value=value))
            break


_PARTNER = re.compile(
    r"\b(?:wife|husband|hubby|partner|girlfriend|boyfriend|gf|bf|fianc[eé]e?|spouse|missus)\b"
    r"|남편|아내|와이프|신랑|여친|남친|여자\s*친구(?!들)|남자\s*친구(?!들)"
)
# "a couple of days / museums" is a count of those, not two travellers ("a couple of us" is).
_COUPLE = re.compile(
    r"\b(?:couple(?!\s+(?:of\s+|more\s+)(?!us\b))|honeymoon\w*|two of us|the 2 of us|both of us"
    r"|just us two)\b"
    r"|부부|커플|신혼|둘이서|둘이|(?<!\d)2인(?!분|당)"
)
_TWO_OF_US = re.compile(r"\b(?:two of us|the 2 of us|both of us|just us two)\b|둘이서|둘이")
_SINGLE_PARENT = re.compile(
    r"\b(?:father|dad|daddy|mother|mum|mom|mommy|mummy|father-in-law|mother-in-law)\b"
    r"|아버지|어머니|아버님|어머님|장모님|장인어른|장인|시어머니|시아버지|엄마|아빠"
)
_ROLE = {
    "father": "dad", "dad": "dad", "daddy": "dad", "아버지": "dad", "아버님": "dad", "아빠": "dad",
    "mother": "mum", "mum": "mum", "mom": "mum", "mommy": "mum", "mummy": "mum",
    "어머니": "mum", "어머님": "mum", "엄마": "mum", "장인": "fil", "장인어른": "fil",
    "father-in-law": "fil", "장모님": "mil", "mother-in-law": "mil", "시어머니": "mil2",
    "시아버지": "fil2",
}  # fmt: skip
_PARENTS_2 = re.compile(
    r"\bparents(?:-in-law)?\b|\bin-?laws\b|\b(?:mum|mom|mam) and dad\b|\bdad and (?:mum|mom)\b"
    r"|부모님|시부모님|장인\s*장모|엄마\s*(?:랑|와|하고|,)?\s*아빠|아빠\s*(?:랑|와|하고|,)?\s*엄마"
)
_SPEAKER = re.compile(
    r"\b(?:me|i|i'm|im|my|we|our|us|myself)\b|(?<![가-힣])(?:저|제가|나|저희|우리|저랑|나랑)(?![가-힣])"
    r"|모시고|혼자|저\s*혼자"
    # "부모님이랑 가요", "아빠와 함께": "with …" says the speaker comes too ("부모님과 아이" lists)
    r"|(?:부모님|엄마|아빠|어머니|아버지|어머님|아버님)\s*(?:이랑|랑|과|와|하고)"
    r"(?=\s*(?:같이|함께|여행|가|갈|놀러|싱가포르|\d|$|[,.!~]))"
)
_SOLO = re.compile(
    r"\b(solo|alone|just me|by myself|only me|business trip|work trip|backpacking|conference)\b"
    r"|혼자|나홀로|1인\s*여행|출장"
)


def _people_named(low: str, kids: int, patch: TripPatch) -> tuple[int, int]:
    """Adults and seniors counted from the people named ("me, my wife and my dad" → 3)."""
    if _COUPLE.search(low) and not _PARENTS_2.search(low) and not _SINGLE_PARENT.search(low):
        return 2, 0
    if re.search(r"\bsingle (?:mom|mum|dad|father|mother|parent)\b|싱글\s*(?:맘|대디)|한부모", low):
        return 1, 0  # the speaker is the parent
    count = seniors = 0
    rest = low
    if _PARENTS_2.search(rest):
        count += 2
        if _ELDERLY.search(rest) or re.search(r"in their [6-9]0s|both (?:over )?[6-9]\d", rest):
            seniors += 2
        rest = _PARENTS_2.sub(" ", rest)
    roles = {_ROLE.get(w.replace(" ", ""), w) for w in _SINGLE_PARENT.findall(rest)}
    parents = 0 if _PARENTS_2.search(low) else len(roles)
    count += parents
    grand = len(_GRANDPARENT.findall(rest))
    if re.search(r"\bgrandparents\b|조부모", rest):
        grand = max(grand, 2)
    count += grand
    seniors += grand
    partner = bool(_PARTNER.search(low)) or bool(_COUPLE.search(low))
    count += 2 if _COUPLE.search(low) else int(partner)
    speaker = partner or bool(_SPEAKER.search(low)) or bool(_SOLO.search(low))
    if speaker and not _COUPLE.search(low) and (count or kids or _SOLO.search(low)):
        count += 1
    if count > 2 and not kids and _TWO_OF_US.search(low):
        count = 2  # "엄마랑 둘이", "just mum and me, the two of us": the pair is all
    if count and (parents or grand or _PARENTS_2.search(low)):
        patch.assumptions.append(("assume_parents", str(count)))
    elif count == 2 and partner and not _COUPLE.search(low):
        patch.assumptions.append(("assume_couple", "2"))
    return count, seniors


def _sum(pattern: str, low: str) -> int:
    return sum(_num(m.group(1)) for m in re.finditer(pattern, low))


def _total_people(low: str) -> int | None:
    m = re.search(
        rf"\b(?:me|i)\s+(?:and|&|\+|with)\s+(?:my\s+)?{_NUM}\s+(?:friends|mates|buddies|pals|colleagues|coworkers|others)\b",
        low,
    )
    if m is not None:
        return _num(m.group(1)) + 1
    m = (
        re.search(
            rf"\b{_NUM}\s+(?:people|persons|pax|friends|mates|travell?ers|of us|guys|girls)\b", low
        )
        or re.search(rf"\bwe(?:'re| are)\s+{_NUM}\b", low)
        or re.search(rf"(?:친구|일행|가족|총)?\s*{_KONUM}\s*명(?!\s*(?:이하|이상))", low)
        or re.search(  # "셋이서", "넷이 가요", "다섯이에요"
            r"(?<![가-힣])(둘|셋|넷|다섯|여섯|일곱|여덟)\s*이(?:서만|서|에요|예요|요)?(?![가-힣])",
            low,
        )
        or re.search(r"\b(\d{1,3})\s*(?:people|pax)\b", low)
        or re.search(  # "20대 여자 둘", "친구 셋"
            r"(?:여자|남자|친구|동기|동료|자매|형제)\s*(둘|셋|넷|다섯|여섯)(?:이서?|이요)?(?![가-힣])",
            low,
        )
    )
    if m is None:
        return None
    return _num(m.group(1))


_SGD = r"(?:s\$|sgd\s*\$?|sg\$|싱가포르\s*달러|싱달러|싱가폴\s*달러)"
_USD = r"(?:us\$|usd\s*\$?|u\.s\.\s*\$|미국\s*달러|미화)"
_AMOUNT = r"(?<![\d,])(\d[\d,]{0,14}(?:\.\d{1,2})?)"  # bounded: no quadratic scans


_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,4}(?:\.\d{1,2})?)\s*k\b")
_MONEY_WORDS = re.compile(r"\$|\bsgd\b|\busd\b|dollar|budget|\beach\b|per person|예산|달러")


def _thousands(low: str) -> str:
    """ "2k", "$1.5k" as money: the thousands written out (only where money is talked about)."""
    if not _MONEY_WORDS.search(low):
        return low
    return _THOUSANDS.sub(lambda m: str(int(Decimal(m.group(1)) * 1000)), low)


def _parse_budget(low: str, patch: TripPatch) -> None:
    low = _thousands(low)
    amount: Decimal | None = None
    currency = "SGD"
    patterns: list[tuple[str, str, Decimal]] = [
        (rf"{_AMOUNT}\s*만\s*원", "KRW", Decimal(10000)),
        (rf"₩\s*{_AMOUNT}", "KRW", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:원|krw|won)\b", "KRW", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:million|m)\s*(?:won|krw)\b", "KRW", Decimal(1_000_000)),
        (rf"krw\s*{_AMOUNT}", "KRW", Decimal(1)),
        (rf"{_USD}\s*{_AMOUNT}", "USD", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:usd|us dollars?|미국\s*달러|불)\b", "USD", Decimal(1)),
        (rf"{_SGD}\s*{_AMOUNT}", "SGD", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:sgd|singapore dollars?|싱가포르\s*달러|싱달러)", "SGD", Decimal(1)),
        (rf"\${_AMOUNT}", "SGD", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:dollars?|달러)", "SGD", Decimal(1)),
        (rf"budget\s*(?:of|is|:)?\s*(?:about|around|~)?\s*{_AMOUNT}", "SGD", Decimal(1)),
        (rf"예산\s*(?:은|는|:)?\s*(?:약|대략)?\s*{_AMOUNT}", "SGD", Decimal(1)),
    ]
    per_day = False
    for pattern, cur, factor in patterns:
        m = re.search(pattern, low)
        if m:
            try:
                amount = Decimal(m.group(1).replace(",", "")) * factor
            except InvalidOperation:
                continue
            currency = cur
            if pattern.startswith("\\$") or "dollars?|달러" in pattern:
                patch.assumptions.append(("assume_sgd", str(amount)))
            per_day = bool(_PER_DAY.match(low, m.end()) or _PER_DAY_BEFORE.search(low[: m.start()]))
            break
    if amount is None:
        if re.search(r"\bno budget\b|unlimited|예산\s*(?:없|무제한|상관)", low):
            patch.budget = None
        return
    if amount <= 0:
        patch.problems.append(TripProblem(code="bad_budget"))
        return
    if per_day and (days := _days_said(patch)) is not None:
        patch.assumptions.append(("assume_per_day", f"{amount:f} {currency} × {days}"))
        amount *= days
    else:
        patch.budget_per_day = per_day
    patch.budget = Money(amount=amount, currency=cast(Currency, currency))
    patch.budget_is_total = bool(
        re.search(r"\b(in total|total|altogether|for all of us|for everyone)\b|총|전체|합쳐서", low)
    ) and not re.search(r"\b(each|per person|pp|a head)\b|1인당|인당|한\s*명당", low)


# "S$200 a day", "200/day", "하루 20만원", "1일 20만원": an amount for each day of the trip.
_PER_DAY = re.compile(
    r"\s*(?:sgd|usd|krw|dollars?|won|원)?\s*(?:/|per|a|an|each|every)\s*(?:day|d)\b"
    r"|\s*(?:sgd|usd|krw|dollars?|won|원)?\s*(?:daily|per diem)\b"
    r"|\s*(?:씩\s*)?(?:/\s*)?(?:하루|(?<!\d)1일|일)(?:에|당)"
)
_PER_DAY_BEFORE = re.compile(
    r"(?:\bdaily(?: budget)?|하루(?:에)?|(?<!\d)1일|일당|하루\s*예산은?)\s*(?:of|:)?\s*\S{0,4}$"
)


def _days_said(patch: TripPatch) -> int | None:
    """The trip's length this message gives, if any."""
    if patch.days is not None:
        return patch.days
    if patch.start_date is not None and patch.end_date is not None:
        return (patch.end_date - patch.start_date).days + 1
    return None


_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?"


# A clock time that cannot be a date or a count: "14:30", "2pm", "2.30 pm", "10h", "noon".
_TIME = r"(\d{1,2})(?:[:.h](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?|\s*(am|pm|a\.m\.|p\.m\.))"
_ARRIVE = (
    r"\b(?:arriv\w*|land(?:s|ing|ed)?|get(?:ting)? in(?:to)?|gets in|touch(?:ing|es)? down|"
    r"fly(?:ing)? in(?:to)?|flight (?:gets in|lands|arrives|in)|inbound)\b"
)
_DEPART = (
    r"\b(?:depart\w*|leav(?:e|es|ing)|fly(?:ing)? (?:out|home|back)|flights? (?:out|home|back)|"
    r"return flight|flight leaves|outbound|head(?:ing)? home|go(?:ing)? home)\b"
)


def _time_after(verb: str, low: str) -> str | None:
    """The clock time said with ``verb`` ("land at Changi at 14:30", "our 2pm landing")."""
    m = re.search(rf"{verb}[^.;!?\n]{{0,40}}?(?<![\d:.])(?:at|around|about|by|@|~)?\s*{_TIME}", low)
    if m is None:
        m = re.search(rf"{_TIME}\s*(?:flight\s+)?(?:{verb})", low)
        if m is None:
            return None
    hours, mins = m.group(1), m.group(2)
    ampm = (m.group(3) or m.group(4) or "").replace(".", "") or None
    return _clock(hours, mins, ampm)


# A flight said by the part of the day ("arrive on the 12th in the morning"): a time in it,
# stated as assumed. Arrivals early in the part, departures late in it.
_PART_TIMES = {"morning": ("09:00", "11:00"), "afternoon": ("14:00", "16:00"),
               "evening": ("19:00", "20:00"), "night": ("22:00", "23:00")}  # fmt: skip
_PART_WORDS = {"morning": r"morning|아침|오전", "afternoon": r"afternoon|오후|낮",
               "evening": r"evening|저녁", "night": r"night|밤"}  # fmt: skip
_LAYOVER = re.compile(
    r"\b(\d{1,2})[\s-]*(?:hours?|hrs?|h)\b[\s-]*(?:long\s+)?(?:layover|stopover|transit)\b"
    r"|(\d{1,2})\s*시간\s*(?:레이오버|경유|환승|스탑오버)"
)


def _part_time(verb: str, low: str, which: int) -> tuple[str, str] | None:
    """The part of the day said with ``verb`` → (its time, the part's name)."""
    for part, words in _PART_WORDS.items():
        if re.search(
            rf"{verb}[^.;!?\n,]{{0,30}}?\b(?:in the |this |that |the )?(?:{words})\b", low
        ):
            return _PART_TIMES[part][which], part
    return None


def _parse_times(low: str, patch: TripPatch) -> None:
    low = re.sub(r"\bnoon\b|midday", "12:00", low)
    patch.arrival_time = _time_after(_ARRIVE, low)
    patch.departure_time = _time_after(_DEPART, low)
    for field_name, verb, which in (("arrival_time", _ARRIVE, 0), ("departure_time", _DEPART, 1)):
        if getattr(patch, field_name) is None and (said := _part_time(verb, low, which)):
            setattr(patch, field_name, said[0])
            key = "assume_arrival_part" if which == 0 else "assume_departure_part"
            patch.assumptions.append((key, f"{said[0]} ({said[1]})"))


def _parse_layover(low: str, patch: TripPatch) -> None:
    """ "A 9-hour layover", "10시간 경유": one day, back at Changi that many hours after landing."""
    if (m := _LAYOVER.search(low)) is None:
        return
    patch.days = 1
    hours = int(m.group(1) or m.group(2))
    if patch.arrival_time is not None and patch.departure_time is None:
        end = minutes(patch.arrival_time) + hours * 60
        if end < 24 * 60:
            patch.departure_time = hhmm(end)


_KO_CLOCK = (
    r"(오전|오후|저녁|밤|아침|새벽)?\s*(\d{1,2})\s*(?:시|:)\s*(?:(\d{1,2})\s*분?|(반))?"
    r"\s*(?:에\s*|쯤\s*|경\s*)?"
)
_KO_ARRIVE = r"(?:도착|착륙|떨어지|들어가|들어와|입국)"
_KO_DEPART = r"(?:출발|출국|떠나|귀국|(?:돌아오는|돌아가는|나가는|귀국)\s*(?:비행기|항공편|편))"


def _ko_time(verb: str, low: str) -> str | None:
    m = re.search(_KO_CLOCK + r"[\uac00-\ud7a3\s]{0,12}?" + verb, low)
    if m is None:
        m = re.search(  # "도착 (시간은) (2월 5일) 새벽 2시"
            verb
            + r"\S*\s*(?:시간\S*\s*)?(?:은|는)?\s*(?:\d{1,2}\s*월\s*\d{1,2}\s*일\s*,?\s*)?"
            + _KO_CLOCK,
            low,
        )
    if m is None:
        return None
    mins = "30" if m.group(4) else m.group(3)
    return _clock(m.group(2), mins, _ko_ampm(m.group(1)))


def _parse_ko_times(low: str, patch: TripPatch) -> None:
    patch.arrival_time = patch.arrival_time or _ko_time(_KO_ARRIVE, low)
    patch.departure_time = patch.departure_time or _ko_time(_KO_DEPART, low)
    landed = re.search(_KO_ARRIVE, low)
    if patch.departure_time is None and landed is not None:
        # "3월 12일 밤 10시 도착, 3월 15일 아침 7시 비행기": the flight said after landing goes home
        flights = list(re.finditer(_KO_CLOCK + r"\s*(?:비행기|항공편|편)", low[landed.end() :]))
        if flights:
            m = flights[-1]
            mins = "30" if m.group(4) else m.group(3)
            patch.departure_time = _clock(m.group(2), mins, _ko_ampm(m.group(1)))


def _ko_ampm(word: str | None) -> str | None:
    if word in ("오후", "저녁", "밤"):
        return "pm"
    return "am" if word in ("오전", "아침", "새벽") else None


def _clock(hours: str, mins: str | None, ampm: str | None) -> str | None:
    h, mm = int(hours), int(mins or 0)
    if ampm == "pm" and h < 12:
        h += 12
    if ampm == "am" and h == 12:
        h = 0
    if not (0 <= h <= 23 and 0 <= mm <= 59):
        return None
    return f"{h:02d}:{mm:02d}"


# Words travellers use for what they like → (KB tags for the planner to weigh, coarse styles).
INTEREST_WORDS: tuple[tuple[tuple[str, ...], tuple[TravelStyle, ...], str], ...] = (
    (("zoo", "wildlife", "bird-park"), (TravelStyle.NATURE,),
     r"animals?|zoos?|wildlife|safari|birds?|pandas?|animal lovers?|동물|사파리|새\s*공원|판다"),
    (("nightlife", "bar"), (TravelStyle.CITY,),
     r"night\s*life|bars?|pubs?|clubs?|clubbing|cocktails?|drinks|rooftop|party|술집|바\b|클럽|"
     r"칵테일|루프탑|밤문화|나이트\s*라이프|술\s*(?:마시|한\s*잔|먹)|한잔|맥주|와인"),
    (("shopping", "mall", "market"), (TravelStyle.CITY,),
     r"shop(?:ping|aholics?)?|malls?|souvenirs?|markets?|쇼핑|몰|기념품|시장"),
    (("hawker",), (TravelStyle.FOOD,),
     r"foodies?|hawkers?|street food|local food|eat(?:s|ing)?|food|맛집|먹방|호커|길거리\s*음식|"
     r"현지\s*음식|먹으러|먹는\s*거"),
    (("photo-spot", "viewpoint"), (TravelStyle.CITY,),
     r"photo(?:graphy|s|grapher)?|instagram(?:mable)?|insta|pictures?|views?|skyline|sunsets?|"
     r"사진|인스타|포토|전망|뷰|노을|일몰|야경"),
    (("history", "heritage", "museum"), (TravelStyle.CITY,),
     r"history|historic(?:al)?|heritage|museums?|culture|cultural|war|temples?|역사|박물관|문화|유적|"
     r"사원|전쟁"),
    (("art",), (TravelStyle.CITY,),
     r"art|arts|galler(?:y|ies)|design|architecture|미술|갤러리|예술|전시|건축"),
    (("theme-park", "rides"), (), r"theme\s*parks?|rides?|roller\s*coasters?|thrills?|universal|"
     r"water\s*parks?|놀이\s*공원|놀이기구|테마\s*파크|롤러코스터|워터파크"),
    (("beach",), (TravelStyle.NATURE,),
     r"beach(?:es)?|swim(?:ming)?|sea|islands?|해변|바다|비치|수영"),
    (("hiking", "walk", "nature-reserve"), (TravelStyle.NATURE,),
     r"hik(?:e|es|ing)|trek(?:king)?|trails?|nature walks?|rainforest|등산|트레킹|하이킹|"
     r"산책로|숲"),
    (("indoor",), (),
     r"rain(?:y)?(?: day)?|indoor|air[- ]?con(?:ditioned)?|too hot|heat|"
     r"비\s*오|우천|실내|에어컨|더위"),
    (("kids",), (TravelStyle.FAMILY,),
     r"kid[- ]friendly|for (?:the )?kids|playgrounds?|키즈|놀이터"),
)  # fmt: skip


def _negated(pattern: str, low: str) -> bool:
    """Whether the words of ``pattern`` are said as unwanted ("no museums", "박물관은 별로")."""
    return bool(
        re.search(
            rf"\b(?:no|not|hate|don'?t (?:like|want|care for)|skip|without)\s+(?:\w+\s+)?"
            rf"(?:{pattern})\b"
            rf"|(?:{pattern})\S*\s*(?:은|는|이|가|도)?\s*(?:별로|싫|빼|말고|제외|안\s*(?:좋|가|봐|볼)"
            rf"|관심\s*없|노노)",
            low,
        )
    )


def _refused(word: str, low: str) -> bool:
    """Whether a way of getting around is said as not wanted ("we don't drive", "택시는 싫어요")."""
    w = re.escape(word)
    return bool(
        re.search(
            rf"\b(?:don'?t|do not|won'?t|will not|can'?t|cannot|not|no|without|never|avoid)\s+"
            rf"(?:\w+\s+)?{w}|{w}\S*\s*(?:은|는|이|가|도)?\s*(?:안|못|싫|없|말고|빼)",
            low,
        )
    )


def _styles(low: str) -> list[TravelStyle]:
    """The coarse styles whose words the text says, and not as unwanted ("no museums")."""
    out = []
    for style, words in STYLE_WORDS.items():
        said = [w for w in words if _words(low, (w,))]
        if any(not _negated(re.escape(w) + r"(?:s|es)?", low) for w in said):
            out.append(style)
    return out


# Kinds of place, in the words travellers use when they do not want them (AVOID_KIND_TAGS keys).
AVOID_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("museum", r"museums?|박물관|뮤지엄"),
    ("shopping", r"shop(?:ping)?|malls?|쇼핑|몰"),
    ("temple", r"temples?|churches|mosques|religious (?:sites|places)|절|사원|사찰|성당|교회|종교"),
    ("zoo", r"zoos?|animals?|동물원|동물"),
    ("theme-park", r"theme\s*parks?|rides|놀이\s*공원|놀이기구|테마\s*파크"),
    ("beach", r"beach(?:es)?|해변|비치"),
    ("nightlife", r"night\s*life|bars|clubs|clubbing|drinking|술집|클럽|밤문화"),
    ("hiking", r"hik(?:e|es|ing)|trek(?:king)?|등산|트레킹|하이킹"),
    ("gallery", r"art galleries|galleries|art museums?|미술관|갤러리"),
    ("war-memorial", r"war (?:memorials?|sites?|history)|전쟁"),
)


def unwanted_kinds(low: str) -> list[str]:
    """The kinds of place said as unwanted: "no museums please", "쇼핑은 관심 없어요" (and not
    the ones merely near such words: "I hate theme parks, can we do museums?" wants museums)."""
    return [kind for kind, pattern in AVOID_KIND_WORDS if _negated(pattern, low)]


def _parse_avoid_kinds(low: str, patch: TripPatch) -> None:
    patch.avoid_kinds = unwanted_kinds(low)


def _parse_interests(low: str, patch: TripPatch) -> None:
    """The words of what travellers like → KB tags and the planner's coarse styles."""
    for tags, styles, pattern in INTEREST_WORDS:
        if re.search(rf"(?<![a-z])(?:{pattern})(?![a-z])", low) and not _negated(pattern, low):
            patch.interests += [t for t in tags if t not in patch.interests]
            patch.styles += [s for s in styles if s not in patch.styles]


# (why, the longest walk per leg in minutes, words)
MOBILITY_WORDS: tuple[tuple[str, int, str], ...] = (
    ("wheelchair", 10, r"wheel\s*chairs?|휠체어"),
    ("stroller", 15, r"strollers?|prams?|buggy|buggies|push\s*chairs?|유모차"),
    ("limited", 10,
     r"no long walks?|(?:not|no|without) (?:too |so )?(?:much|many|long) walk(?:ing|s)?|"
     r"can'?t walk (?:much|far|long|a lot)|bad (?:knees?|legs?|hips?|back)|limited mobility|"
     r"mobility (?:issues?|problems?)|walking (?:is )?(?:hard|difficult|tough)|less walking|"
     r"minimal walking|little walking|don'?t want to walk|walking sticks?|canes?|walkers?|"
     r"(?:오래|많이)\s*(?:못|안)\s*걸|많이\s*걷는\s*(?:건|것은?|거)\s*(?:힘들|어려|싫)|많이\s*걷(?:기|는\s*거)\s*(?:힘들|어려|싫)|걷기\s*(?:힘들|어려|싫)|"
     r"덜\s*걷|적게\s*걷|많이\s*안\s*걷|(?:많이|오래|너무)\s*(?:많이\s*)?걷지\s*(?:않|말|못)|걷는\s*(?:건|거|것)\s*최소|"
     r"무릎|거동이?\s*불편|다리가?\s*(?:불편|아프)|지팡이"),
)  # fmt: skip


def _parse_mobility(low: str, patch: TripPatch) -> None:
    for why, limit, pattern in MOBILITY_WORDS:
        if re.search(pattern, low):
            patch.mobility.append(why)
            patch.max_walk_minutes = min(patch.max_walk_minutes or limit, limit)


def party_from_patch(patch: TripPatch) -> Party | None:
    """Build the party when the patch names one."""
    if patch.adults is None and patch.children is None:
        return None
    adults, children = patch.adults or 0, patch.children or 0
    if adults > MAX_PEOPLE or children > MAX_PEOPLE or adults + children > MAX_PEOPLE:
        return None  # reported as a problem by the parser
    seniors = min(patch.seniors or 0, adults)
    return Party(
        adults=adults, children=children, child_ages=tuple(patch.child_ages), seniors=seniors
    )
