"""The planner's assumption lines ("hotel near City Hall (default)") in Korean.

The planner states its assumptions in English (they are stored with the plan and read by the
language model); a Korean reply shows each through these patterns, gettext style with the English
as the key. A line no pattern knows is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.i18n.lang import Lang

_KO_ASSUMPTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (r"^hotel near (.+) \(default\)$", r"숙소: \1 근처 (기본값)"),
        (r"^hotel near (.+)$", r"숙소: \1 근처"),
        (r"^getting around by (.+)$", r"이동: \1"),
        (r"^relaxed pace$", "여유로운 일정"),
        (r"^normal pace$", "보통 일정"),
        (r"^packed pace$", "알찬 일정"),
        (r"^arrive at Changi at (\d\d:\d\d)$", r"\1 창이 공항 도착"),
        (r"^landing at (\d\d:\d\d): to the hotel to sleep, day 1 starts at (\d\d:\d\d)$",
         r"\1 도착: 먼저 숙소에서 쉬고 1일차는 \2에 시작"),
        (r"^flight out at (\d\d:\d\d); at Changi 2\.5 hours before$",
         r"\1 출발 항공편: 2시간 30분 전 창이 공항 도착"),
        (r"^day 1 starts at the hotel \(no arrival time given\)$",
         "1일차는 숙소에서 시작 (도착 시간 미입력)"),
        (r"^the last day ends at the hotel \(no departure time given\)$",
         "마지막 날은 숙소에서 마무리 (출발 시간 미입력)"),
        (r"^no budget limit$", "예산 제한 없음"),
        (r"^places unsuitable for children are left out$", "아이에게 맞지 않는 곳은 제외"),
        (r"^walks of at most (\d+) min; longer legs by MRT or taxi$",
         r"도보는 한 번에 최대 \1분, 더 먼 곳은 MRT나 택시로"),
        (r"^with a young child: back at the hotel by about 21:30$",
         "어린 자녀와 함께: 밤 9시 30분쯤까지 숙소로 귀가"),
        (r"^with seniors: one sight fewer a day, time to rest$",
         "어르신과 함께: 하루 일정 하나 줄이고 쉬는 시간 확보"),
        (r"^lunch 11:30–14:00 and dinner 18:00–20:30 at hawker centres and food streets$",
         "점심 11:30–14:00, 저녁 18:00–20:30 호커 센터·푸드 스트리트에서"),
        (r"^prices per person; MRT fares are adult card fares$",
         "가격은 1인 기준, MRT 요금은 성인 카드 요금"),
        (r"^assumed: (.+)$", r"가정: \1"),
    )
)  # fmt: skip
_KO_WORDS = {
    "public transport (MRT and walking)": "대중교통 (MRT와 도보)", "taxi": "택시",
    "Grab": "그랩", "rental car": "렌터카", " or ": " 또는 ",
}  # fmt: skip


def assumption(text: str, lang: Lang, names: Mapping[str, str] | None = None) -> str:
    """An assumption line in ``lang``; ``names`` gives the Korean of places it may name."""
    if lang != "ko":
        return text
    for pattern, template in _KO_ASSUMPTIONS:
        if pattern.match(text):
            out = pattern.sub(template, text)
            for en, ko in _KO_WORDS.items():
                out = out.replace(en, ko)
            for en, ko in sorted((names or {}).items(), key=lambda kv: -len(kv[0])):
                out = re.sub(rf"(?<![A-Za-z]){re.escape(en)}(?![A-Za-z])", ko, out)
            return out
    return text
