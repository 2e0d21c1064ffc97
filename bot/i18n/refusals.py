"""Why there is no (new) plan: the planner's refusals and infeasibility explanations, which it
carries in both languages (``Infeasible.message_en`` / ``message_ko``)."""

from __future__ import annotations

from bot.i18n.lang import Lang

REFUSALS: dict[str, dict[Lang, str]] = {
    "refusal.no_dates": {
        "en": "The trip has no valid dates (the return is before the departure?).",
        "ko": "여행 날짜가 올바르지 않습니다 (귀국일이 출발일보다 앞선가요?).",
    },
    "refusal.nobody": {"en": "The trip has nobody travelling.", "ko": "여행 인원이 없습니다."},
    "refusal.no_adult": {
        "en": "Children cannot travel without an adult.",
        "ko": "어린이만으로는 여행 계획을 세울 수 없습니다. 성인이 함께해야 합니다.",
    },
    "refusal.flight_times": {
        "en": "The flight times leave no time to get between Changi and the hotel.",
        "ko": "항공편 시간 때문에 창이 공항과 호텔 사이를 이동할 시간이 없습니다.",
    },
    "refusal.unknown_attraction": {
        "en": "I do not know the attraction {pid!r}.",
        "ko": "{pid!r} 관광지를 찾을 수 없습니다.",
    },
    "refusal.must_and_avoid": {
        "en": "{name} is both a must-see and a place to avoid.",
        "ko": "{name}이(가) 꼭 볼 곳과 피할 곳에 모두 있습니다.",
    },
    "refusal.appointment_only": {
        "en": (
            "{name} is visited by appointment or booked tour only, so I cannot plan it as a "
            "walk-in: book it directly and tell me the time."
        ),
        "ko": (
            "{name}은(는) 예약 또는 가이드 투어로만 방문할 수 있어 "
            "자유 방문으로 넣을 수 없습니다. 직접 예약한 뒤 시간을 알려 주세요."
        ),
    },
    "refusal.no_children": {
        "en": "{name} does not admit children.",
        "ko": "{name}은(는) 어린이 입장이 안 됩니다.",
    },
    "refusal.needs_a_child": {
        "en": "{name} admits adults only when they come with a child (12 or under).",
        "ko": "{name}은(는) 어른만으로는 입장할 수 없고 12세 이하 아이와 함께여야 합니다.",
    },
    "refusal.closed_all_trip": {
        "en": "{name} is closed on every day of the trip.",
        "ko": "{name}은(는) 여행 기간 내내 휴무입니다.",
    },
    "refusal.could_not_fit": {
        "en": "Could not fit {names} into the trip.",
        "ko": "{names}을(를) 일정에 넣을 수 없습니다.",
    },
    "refusal.cheapest_over_budget": {
        "en": (
            "The cheapest possible plan costs about S${minimum:.0f} per person, "
            "S${amount:.0f} over the budget of S${budget}."
        ),
        "ko": (
            "가장 저렴한 일정도 1인당 약 S${minimum:.0f}로, 예산 S${budget}보다 "
            "S${amount:.0f} 많습니다."
        ),
    },
    "refusal.leanest_over_budget": {
        "en": (
            "Even the leanest plan costs S${cost:.0f} per person, "
            "S${over:.0f} over the budget of S${budget}."
        ),
        "ko": "가장 알뜰한 일정도 1인당 S${cost:.0f}로, 예산 S${budget}보다 S${over:.0f} 많습니다.",
    },
    # edits
    "refusal.does_not_fit_day": {
        "en": "{names} does not fit on day {day}.",
        "ko": "{day}일차에 {names}을(를) 넣을 수 없습니다.",
    },
    "refusal.the_day": {"en": "the day", "ko": "그날 일정"},  # {names} above, when none is named
    "refusal.nothing_to_drop": {
        "en": "Day {day} has nothing left to drop.",
        "ko": "{day}일차에는 더 뺄 일정이 없습니다.",
    },
    "refusal.no_room": {
        "en": "Day {day} has no room for more.",
        "ko": "{day}일차에는 더 넣을 여유가 없습니다.",
    },
    "refusal.unknown_place": {
        "en": "I do not know {pid!r}.",
        "ko": "{pid!r}을(를) 찾을 수 없습니다.",
    },
    "refusal.excluded": {
        "en": "{name} is excluded by the request (avoided or not for children).",
        "ko": "{name}은(는) 요청 조건(제외 또는 어린이 부적합)으로 빠져 있습니다.",
    },
    "refusal.already_on_day": {
        "en": "{name} is already on day {day}.",
        "ko": "{name}은(는) 이미 {day}일차에 있습니다.",
    },
    "refusal.no_such_day": {"en": "The trip has no day {day}.", "ko": "{day}일차는 없습니다."},
    "refusal.not_in_plan": {
        "en": "{name} is not in the plan.",
        "ko": "{name}은(는) 일정에 없습니다.",
    },
    # adjustments
    "refusal.start_too_late": {
        "en": "Starting day {day} at {time} leaves no day to plan.",
        "ko": "{day}일차를 {time}에 시작하면 일정을 짤 시간이 없습니다.",
    },
    "refusal.longest_visit": {
        "en": "{name} already has its longest usual visit.",
        "ko": "{name}은(는) 이미 가장 길게 잡혀 있습니다.",
    },
    "refusal.shortest_walks": {
        "en": "The walks are already as short as I can make them.",
        "ko": "도보 이동은 이미 가장 짧게 잡혀 있습니다.",
    },
    "refusal.not_in_part": {
        "en": "{name} does not fit into the {part} of day {day}.",
        "ko": "{day}일차 {part}에는 {name}을(를) 넣을 수 없습니다.",
    },
    "refusal.no_time": {
        "en": "That leaves no time on that day.",
        "ko": "그날은 시간이 남지 않습니다.",
    },
}
