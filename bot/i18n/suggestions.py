"""The planner's suggestions ("raise the budget"): it stores them in English, written from these
entries (``t("en", "suggest.…")``), and a Korean reply shows them in Korean
(:func:`bot.i18n.suggestion`)."""

from __future__ import annotations

from bot.i18n.lang import Lang

SUGGESTIONS: dict[str, dict[Lang, str]] = {
    "suggest.check_the_dates": {"en": "check the dates", "ko": "날짜 확인하기"},
    "suggest.set_the_number_of_people": {"en": "set the number of people", "ko": "인원 정하기"},
    "suggest.add_an_adult": {"en": "add an adult", "ko": "어른 추가하기"},
    "suggest.check_the_arrival_and_departure_times": {
        "en": "check the arrival and departure times",
        "ko": "도착·출발 시간 확인하기",
    },
    "suggest.add_a_day": {"en": "add a day", "ko": "하루 늘리기"},
    "suggest.choose_a_faster_pace": {"en": "choose a faster pace", "ko": "더 빡빡한 일정 고르기"},
    "suggest.choose_a_packed_pace": {"en": "choose a packed pace", "ko": "빡빡한 일정 고르기"},
    "suggest.switch_to_mrt": {"en": "switch to MRT", "ko": "MRT로 바꾸기"},
    "suggest.raise_the_budget": {"en": "raise the budget", "ko": "예산 늘리기"},
    "suggest.shorten_the_trip": {"en": "shorten the trip", "ko": "여행 기간 줄이기"},
    "suggest.try_another_day": {"en": "try another day", "ko": "다른 날 시도하기"},
    "suggest.remove_something_from_that_day": {
        "en": "remove something from that day",
        "ko": "그날 일정 하나 빼기",
    },
    "suggest.remove_something_first": {"en": "remove something first", "ko": "먼저 일정 하나 빼기"},
    "suggest.try_fewer_must_sees": {"en": "try fewer must-sees", "ko": "필수 방문지 줄이기"},
    "suggest.choose_a_relaxed_pace": {"en": "choose a relaxed pace", "ko": "여유로운 일정 고르기"},
    "suggest.add_transport": {"en": "add transport", "ko": "교통수단 추가하기"},
    "suggest.add_it_instead": {"en": "add it instead", "ko": "대신 추가하기"},
    "suggest.change_the_dates": {"en": "change the dates", "ko": "날짜 바꾸기"},
    "suggest.pick_another_day": {"en": "pick another day", "ko": "다른 날 고르기"},
    "suggest.drop": {"en": "drop {place}", "ko": "{place} 빼기"},
    "suggest.move": {"en": "move {place}", "ko": "{place} 옮기기"},
}
