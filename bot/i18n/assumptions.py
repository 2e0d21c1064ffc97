"""The planner's assumption lines ("hotel near City Hall (default)"), both languages side by side.

The planner states its assumptions in English (they are stored with the plan and read by the
language model), written from these entries; a Korean reply shows each through the entry whose
English it matches (gettext style: the English is the key), the values it holds carried over. A
line no entry knows is shown as it is.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

from bot.i18n.lang import Lang

# In the order a line is tried: a more specific entry before one that would match it too.
ASSUMPTIONS: dict[str, dict[Lang, str]] = {
    "assume.hotel_default": {
        "en": "hotel near {hotel} (default)", "ko": "숙소: {hotel} 근처 (기본값)",
    },
    "assume.hotel": {"en": "hotel near {hotel}", "ko": "숙소: {hotel} 근처"},
    "assume.getting_around": {"en": "getting around by {modes}", "ko": "이동: {modes}"},
    "assume.pace.relaxed": {"en": "relaxed pace", "ko": "여유로운 일정"},
    "assume.pace.normal": {"en": "normal pace", "ko": "보통 일정"},
    "assume.pace.packed": {"en": "packed pace", "ko": "알찬 일정"},
    "assume.arrival": {"en": "arrive at Changi at {time}", "ko": "{time} 창이 공항 도착"},
    "assume.night_landing": {
        "en": "landing at {time}: to the hotel to sleep, day 1 starts at {start}",
        "ko": "{time} 도착: 먼저 숙소에서 쉬고 1일차는 {start}에 시작",
    },
    "assume.departure": {
        "en": "flight out at {time}; at Changi 2.5 hours before",
        "ko": "{time} 출발 항공편: 2시간 30분 전 창이 공항 도착",
    },
    "assume.no_arrival": {
        "en": "day 1 starts at the hotel (no arrival time given)",
        "ko": "1일차는 숙소에서 시작 (도착 시간 미입력)",
    },
    "assume.no_departure": {
        "en": "the last day ends at the hotel (no departure time given)",
        "ko": "마지막 날은 숙소에서 마무리 (출발 시간 미입력)",
    },
    "assume.no_budget": {"en": "no budget limit", "ko": "예산 제한 없음"},
    "assume.children": {
        "en": "places unsuitable for children are left out",
        "ko": "아이에게 맞지 않는 곳은 제외",
    },
    "assume.walk_limit": {
        "en": "walks of at most {minutes} min; longer legs by MRT or taxi",
        "ko": "도보는 한 번에 최대 {minutes}분, 더 먼 곳은 MRT나 택시로",
    },
    "assume.young_child": {
        "en": "with a young child: back at the hotel by about 21:30",
        "ko": "어린 자녀와 함께: 밤 9시 30분쯤까지 숙소로 귀가",
    },
    "assume.seniors": {
        "en": "with seniors: one sight fewer a day, time to rest",
        "ko": "어르신과 함께: 하루 일정 하나 줄이고 쉬는 시간 확보",
    },
    "assume.meals": {
        "en": "lunch 11:30–14:00 and dinner 18:00–20:30 at hawker centres and food streets",
        "ko": "점심 11:30–14:00, 저녁 18:00–20:30 호커 센터·푸드 스트리트에서",
    },
    "assume.prices": {
        "en": "prices per person; MRT fares are adult card fares",
        "ko": "가격은 1인 기준, MRT 요금은 성인 카드 요금",
    },
    "assume.assumed": {"en": "assumed: {what}", "ko": "가정: {what}"},
}  # fmt: skip
# The words inside a line's values ("getting around by taxi or Grab"), replaced in this order.
ASSUMED_WORDS: dict[str, dict[Lang, str]] = {
    "assume.mode.public": {
        "en": "public transport (MRT and walking)", "ko": "대중교통 (MRT와 도보)",
    },
    "assume.mode.taxi": {"en": "taxi", "ko": "택시"},
    "assume.mode.grab": {"en": "Grab", "ko": "그랩"},
    "assume.mode.car": {"en": "rental car", "ko": "렌터카"},
    "assume.or": {"en": " or ", "ko": " 또는 "},
}  # fmt: skip


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching what ``template`` renders, each value a named group."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(f"(?P<{field}>.+)")
    return re.compile("^" + "".join(parts) + "$")


_PATTERNS = tuple((_pattern(m["en"]), m["ko"]) for m in ASSUMPTIONS.values())
_KO_WORDS = tuple((m["en"], m["ko"]) for m in ASSUMED_WORDS.values())


def assumption(text: str, lang: Lang, names: Mapping[str, str] | None = None) -> str:
    """An assumption line in ``lang``; ``names`` gives the Korean of places it may name."""
    if lang != "ko":
        return text
    for pattern, template in _PATTERNS:
        match = pattern.match(text)
        if match:
            out = template.format(**match.groupdict())
            for en, ko in _KO_WORDS:
                out = out.replace(en, ko)
            for en, ko in sorted((names or {}).items(), key=lambda kv: -len(kv[0])):
                out = re.sub(rf"(?<![A-Za-z]){re.escape(en)}(?![A-Za-z])", ko, out)
            return out
    return text
