"""Offline free-text parsing of trip details, in English and Korean.

``parse_trip_text("4 days from 12 March, 2 adults and a 6-year-old, love food, S$1500 each",
today)`` returns a :class:`TripPatch`: only what the text says, so it can be merged into a request
that already holds earlier answers. Impossible values (31 February, zero people, a zero budget)
come back as problems, never as exceptions. Pure: ``today`` is passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import cast

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
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
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
_NUM = r"(\d{1,3}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
_KONUM = r"(\d{1,3}|" + "|".join(sorted(KO_NUMBERS, key=len, reverse=True)) + r")"

STYLE_WORDS: dict[TravelStyle, tuple[str, ...]] = {
    TravelStyle.FOOD: ("food", "eat", "hawker", "foodie", "cuisine", "맛집", "음식", "먹방",
                       "미식", "호커", "먹거리"),
    TravelStyle.NATURE: ("nature", "park", "hike", "hiking", "garden", "wildlife", "outdoor",
                         "자연", "공원", "정원", "트레킹", "산책", "동물"),
    TravelStyle.CITY: ("city", "sightseeing", "museum", "culture", "history", "heritage",
                       "architecture", "관광", "시내", "도시", "박물관", "문화", "역사", "명소"),
    TravelStyle.LUXURY: ("luxury", "luxurious", "fancy", "splurge", "premium", "럭셔리",
                         "고급", "호캉스"),
    TravelStyle.VALUE: ("value", "cheap", "budget-friendly", "affordable", "backpack",
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
    pace: Pace | None = None
    hotel_area: str | None = None
    arrival_time: str | None = None
    departure_time: str | None = None
    must_see: list[str] = field(default_factory=list)  # place ids (filled with the KB's help)
    avoid: list[str] = field(default_factory=list)  # place ids
    problems: list[TripProblem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.start_date, self.end_date, self.days, self.adults is not None,
                self.children is not None, self.travellers, self.transport, self.styles,
                self.budget, self.pace, self.hotel_area, self.arrival_time,
                self.departure_time, self.must_see, self.avoid, self.problems,
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
        elif re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text):
            return True
    return False


def parse_trip_text(text: str, today: date) -> TripPatch:
    """Extract trip details from ``text`` (English or Korean)."""
    patch = TripPatch()
    low = " ".join(text.lower().split())
    _parse_dates(low, today, patch)
    _parse_length(low, patch)
    _parse_party(low, patch)
    _parse_budget(low, patch)
    _parse_times(low, patch)
    _parse_ko_times(low, patch)
    patch.styles = [s for s, words in STYLE_WORDS.items() if _words(low, words)]
    if patch.children == 0 and re.search(
        r"\b(?:0|no|zero|without)\s+(?:kids?|child(?:ren)?)\b", low
    ):
        patch.styles = [s for s in patch.styles if s != TravelStyle.FAMILY]
    patch.transport = [m for m, words in TRANSPORT_WORDS.items() if _words(low, words)]
    patch.pace = next((p for p, words in PACE_WORDS.items() if _words(low, words)), None)
    patch.travellers = next((g for g, w in TRAVELLER_WORDS.items() if _words(low, w)), None)
    patch.hotel_area = next(
        (
            area
            for name, area in HOTEL_AREAS.items()
            if re.search(rf"(stay(?:ing)?|hotel)[^.,;]*\b{name}\b|{name}\S*\s*(호텔|숙소)", low)
        ),
        None,
    )
    return patch


_ISO = re.compile(r"\b(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|~)\s*(\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s*(20\d\d))?"
)
_MONTH_DAY = re.compile(
    rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|~)\s*(\d{{1,2}})(?:st|nd|rd|th)?)?\b(?:,?\s*(20\d\d))?"
)
_KO_DATE = re.compile(
    r"(?:(20\d\d)\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일?"
    r"(?:\s*(?:부터|~|-|–)\s*(?:(\d{1,2})\s*월\s*)?(\d{1,2})\s*일)?"
)


def _parse_dates(low: str, today: date, patch: TripPatch) -> None:
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
    for m in _KO_DATE.finditer(low):
        year = int(m.group(1)) if m.group(1) else None
        month = int(m.group(2))
        start = _make_date(year, month, int(m.group(3)), today, patch) if 1 <= month <= 12 else None
        if start is None:
            if not 1 <= month <= 12:
                patch.problems.append(TripProblem(code="bad_date", value=f"{month}월"))
            continue
        found.append(start)
        if m.group(5):
            end_day = int(m.group(5))
            if not m.group(4) and end_day < start.day:
                # "3월 12일부터 3일" is three days from the 12th, not a range back to the 3rd
                patch.days = patch.days or end_day
                continue
            end_month = int(m.group(4)) if m.group(4) else month
            end = _make_date(start.year, end_month, end_day, start, patch)
            if end:
                found.append(end)
    for word, offset in (("tomorrow", 1), ("내일", 1), ("모레", 2), ("today", 0), ("오늘", 0)):
        if _words(low, (word,)):
            found.append(today + timedelta(days=offset))
    if found:
        patch.start_date = found[0]
        if len(found) > 1 and found[-1] != found[0]:
            patch.end_date = found[-1]


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


def _parse_length(low: str, patch: TripPatch) -> None:
    if patch.days is not None:
        return  # already said with the dates ("3월 12일부터 3일")
    m = re.search(r"(\d{1,2})\s*박\s*(\d{1,2})\s*일", low)
    if m:
        patch.days = int(m.group(2))
        return
    m = re.search(rf"\b{_NUM}[\s-]*(?:days?|day trip)\b", low) or re.search(
        r"(\d{1,2})\s*일\s*(?:간|동안|일정|여행|짜리)", low
    )
    if m:
        patch.days = _num(m.group(1))
        return
    m = re.search(rf"\b{_NUM}[\s-]*nights?\b", low) or re.search(r"(\d{1,2})\s*박", low)
    if m:
        patch.days = _num(m.group(1)) + 1
        return
    if re.search(r"\b(a|one)\s+week\b|일주일", low):
        patch.days = 7
    elif re.search(r"\bweekend\b|주말", low):
        patch.days = 2
    elif re.search(r"(?<![\d월])(\d{1,2})\s*일(?!\s*(?:부터|~|-|까지))", low) and "월" not in low:
        patch.days = int(m.group(1)) if (m := re.search(r"(\d{1,2})\s*일", low)) else None


def _parse_party(low: str, patch: TripPatch) -> None:
    adults = _sum(rf"\b{_NUM}\s+(?:adults?|grown[- ]ups?|grownups)\b", low)
    adults += _sum(rf"(?:어른|성인|대인)\s*{_KONUM}\s*(?:명|인)?", low)
    ages = [int(a) for a in re.findall(r"\b(\d{1,2})[\s-]*(?:years?|yrs?|yo)[\s-]*old\b", low)]
    ages += [int(a) for a in re.findall(r"(\d{1,2})\s*(?:살|세)", low)]
    for m in re.finditer(r"\baged?\s+((?:\d{1,2}(?:\s*(?:,|and|&)\s*)?)+)", low):
        ages += [int(a) for a in re.findall(r"\d{1,2}", m.group(1))]
    kids = _sum(rf"\b{_NUM}\s+(?:kids?|children|child|sons?|daughters?|toddlers?|babies|baby)\b",
                low)  # fmt: skip
    kids += _sum(rf"(?:아이|어린이|아동|애기|자녀|소인)\s*{_KONUM}\s*(?:명|인)", low)
    if kids == 0 and ages:
        kids = len(ages)
    elif kids == 0 and re.search(r"\b(?:a|one|my|our)\s+(?:kid|child|son|daughter)\b", low):
        kids = 1
    if adults == 0:
        adults = _party_phrases(low)
    if adults or kids:
        patch.adults = adults
        patch.children = kids
        patch.child_ages = [a for a in ages if a < 18][:kids]
    total = _total_people(low)
    if total is not None and not (adults or kids):
        patch.adults, patch.children = total, 0
    for value in (patch.adults or 0) + (patch.children or 0), total or 0:
        if value > MAX_PEOPLE:
            patch.problems.append(TripProblem(code="too_many_people", value=value))
            break


def _sum(pattern: str, low: str) -> int:
    return sum(_num(m.group(1)) for m in re.finditer(pattern, low))


def _party_phrases(low: str) -> int:
    if re.search(r"\b(solo|alone|just me|by myself|myself)\b|혼자|나홀로|1인\s*여행", low):
        return 1
    if re.search(r"\b(couple|honeymoon|my (?:wife|husband|partner|girlfriend|boyfriend))\b"
                 r"|부부|커플|신혼|둘이서|둘이|2인", low):  # fmt: skip
        return 2
    m = re.search(rf"\bfamily of {_NUM}\b", low)
    if m:
        return max(1, min(2, _num(m.group(1))))
    return 0


def _total_people(low: str) -> int | None:
    m = (
        re.search(rf"\b{_NUM}\s+(?:people|persons|pax|friends|travell?ers|of us|guys|girls)\b", low)
        or re.search(rf"\bwe(?:'re| are)\s+{_NUM}\b", low)
        or re.search(rf"(?:친구|일행|가족|총)?\s*{_KONUM}\s*명(?!\s*(?:이하|이상))", low)
        or re.search(r"\b(\d{1,3})\s*(?:people|pax)\b", low)
    )
    if m is None:
        return None
    return _num(m.group(1))


_SGD = r"(?:s\$|sgd\s*\$?|sg\$|싱가포르\s*달러|싱달러|싱가폴\s*달러)"
_USD = r"(?:us\$|usd\s*\$?|u\.s\.\s*\$|미국\s*달러|미화)"
_AMOUNT = r"(?<![\d,])(\d[\d,]{0,14}(?:\.\d{1,2})?)"  # bounded: no quadratic scans


def _parse_budget(low: str, patch: TripPatch) -> None:
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
    for pattern, cur, factor in patterns:
        m = re.search(pattern, low)
        if m:
            try:
                amount = Decimal(m.group(1).replace(",", "")) * factor
            except InvalidOperation:
                continue
            currency = cur
            break
    if amount is None:
        if re.search(r"\bno budget\b|unlimited|예산\s*(?:없|무제한|상관)", low):
            patch.budget = None
        return
    if amount <= 0:
        patch.problems.append(TripProblem(code="bad_budget"))
        return
    patch.budget = Money(amount=amount, currency=cast(Currency, currency))
    patch.budget_is_total = bool(
        re.search(r"\b(in total|total|altogether|for all of us|for everyone)\b|총|전체|합쳐서", low)
    ) and not re.search(r"\b(each|per person|pp|a head)\b|1인당|인당|한\s*명당", low)


_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?"


def _parse_times(low: str, patch: TripPatch) -> None:
    m = re.search(rf"\b(?:arriv\w*|land\w*)\s+(?:at\s+|around\s+)?{_CLOCK}", low)
    if m:
        patch.arrival_time = _clock(m.group(1), m.group(2), m.group(3))
    m = re.search(rf"\b(?:depart\w*|leav\w*|fly\w* (?:out|home|back)|flight home)\s+"
                  rf"(?:at\s+|around\s+)?{_CLOCK}", low)  # fmt: skip
    if m:
        patch.departure_time = _clock(m.group(1), m.group(2), m.group(3))


_KO_CLOCK = r"(오전|오후|저녁|밤|아침)?\s*(\d{1,2})\s*(?:시|:)\s*(?:(\d{1,2})\s*분?)?\s*(?:에\s*)?"


def _parse_ko_times(low: str, patch: TripPatch) -> None:
    m = re.search(_KO_CLOCK + r"(?:도착|착륙)", low)
    if m and patch.arrival_time is None:
        patch.arrival_time = _clock(m.group(2), m.group(3), _ko_ampm(m.group(1)))
    m = re.search(_KO_CLOCK + r"(?:출발|출국|비행기|항공편)", low)
    if m and patch.departure_time is None:
        patch.departure_time = _clock(m.group(2), m.group(3), _ko_ampm(m.group(1)))


def _ko_ampm(word: str | None) -> str | None:
    if word in ("오후", "저녁", "밤"):
        return "pm"
    return "am" if word in ("오전", "아침") else None


def _clock(hours: str, mins: str | None, ampm: str | None) -> str | None:
    h, mm = int(hours), int(mins or 0)
    if ampm == "pm" and h < 12:
        h += 12
    if ampm == "am" and h == 12:
        h = 0
    if not (0 <= h <= 23 and 0 <= mm <= 59):
        return None
    return f"{h:02d}:{mm:02d}"


def party_from_patch(patch: TripPatch) -> Party | None:
    """Build the party when the patch names one."""
    if patch.adults is None and patch.children is None:
        return None
    adults, children = patch.adults or 0, patch.children or 0
    if adults > MAX_PEOPLE or children > MAX_PEOPLE or adults + children > MAX_PEOPLE:
        return None  # reported as a problem by the parser
    return Party(adults=adults, children=children, child_ages=tuple(patch.child_ages))
