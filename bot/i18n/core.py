"""Texts of the conversation: commands, errors, the intake, planning and edits."""

from __future__ import annotations

from bot.i18n.lang import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "start": {
        "en": (
            "Hi {name}! I'm bundletrip, a Singapore travel professional in your chat. "
            'Tell me about your trip — e.g. "4 days from 12 March, two adults and a 6-year-old, '
            'we love food, about S$1,500 each" — or send /plan and I will ask.\n'
            "Only Singapore for now; other destinations later."
        ),
        "ko": (
            "안녕하세요 {name}님! 싱가포르 여행 전문가 bundletrip입니다. "
            '여행 계획을 말씀해 주세요 — 예: "3월 12일부터 3박 4일, 어른 2명, 맛집 위주, '
            '1인당 150만원" — 또는 /plan 을 보내 주시면 차례로 여쭤볼게요.\n'
            "지금은 싱가포르만 안내합니다. 다른 여행지는 곧 추가됩니다."
        ),
    },
    "help": {
        "en": (
            "What I can do:\n"
            "/plan — start or resume planning a trip\n"
            "/reset — start a new trip (the old one goes to /history)\n"
            "/history — past trips of this chat\n"
            "/attraction N|name — details of one place\n"
            "/attractions [area|style] — the catalogue\n"
            "/usage — today's requests and the daily limit\n"
            "/lang en|ko — language\n"
            "/forget — delete everything stored about you\n"
            'After a plan: "make day 2 lighter", "swap Night Safari for Jewel", '
            '"remove Haw Par Villa", "export calendar".\n'
            "AI-assisted answers may be inaccurate; hours and prices can change."
        ),
        "ko": (
            "이런 걸 할 수 있어요:\n"
            "/plan — 여행 계획 시작 또는 이어서\n"
            "/reset — 새 여행 시작 (이전 여행은 /history 에 보관)\n"
            "/history — 이 대화의 지난 여행\n"
            "/attraction 번호|이름 — 관광지 정보\n"
            "/attractions [지역|스타일] — 관광지 목록\n"
            "/usage — 오늘 사용량과 하루 한도\n"
            "/lang en|ko — 언어 설정\n"
            "/forget — 저장된 내 정보 모두 삭제\n"
            '계획 후에는 "2일차 여유롭게", "나이트 사파리를 주얼로 바꿔줘", '
            '"하우파빌라 빼줘", "캘린더로 내보내기" 처럼 말씀하세요.\n'
            "AI가 만든 답변은 부정확할 수 있고, 운영 시간과 가격은 바뀔 수 있습니다."
        ),
    },
    "unknown_command": {
        "en": "I don't know the command /{command}. Send /help for the list.",
        "ko": "/{command} 명령은 없어요. /help 로 목록을 확인하세요.",
    },
    "lang_set": {"en": "Language set to English.", "ko": "언어를 한국어로 설정했어요."},
    "lang_usage": {
        "en": "Use /lang en or /lang ko.",
        "ko": "/lang en 또는 /lang ko 로 설정하세요.",
    },
    "usage": {
        "en": "Today ({day}): {used} of {limit} requests used.",
        "ko": "오늘({day}) 요청 {limit}회 중 {used}회를 사용했어요.",
    },
    "usage_tokens": {
        "en": "Smart mode today: {tokens} tokens, about US${cost}.",
        "ko": "오늘 스마트 모드: {tokens} 토큰, 약 US${cost}.",
    },
    "quota_reached": {
        "en": (
            "You've reached today's limit of {limit} requests. It resets at midnight "
            "Singapore time — see you tomorrow! Commands like /help and /usage still work."
        ),
        "ko": (
            "오늘 요청 한도({limit}회)를 모두 사용했어요. 싱가포르 시간 자정에 초기화됩니다. "
            "/help, /usage 같은 명령은 계속 쓸 수 있어요."
        ),
    },
    "too_long": {
        "en": "That message is {length} characters; please keep it under {limit} and send again.",
        "ko": "메시지가 {length}자예요. {limit}자 이내로 줄여서 다시 보내 주세요.",
    },
    "storage_down": {
        "en": "I can't reach my memory right now — please try again in a moment.",
        "ko": "지금 저장소에 연결할 수 없어요. 잠시 후 다시 시도해 주세요.",
    },
    "busy": {
        "en": "I'm still working on the previous message in this chat — try again in a moment.",
        "ko": "이 대화의 이전 메시지를 처리 중이에요. 잠시 후 다시 보내 주세요.",
    },
    "apology": {
        "en": "Sorry, something went wrong on my side. Please try again.",
        "ko": "죄송해요, 처리 중 문제가 생겼어요. 다시 시도해 주세요.",
    },
    "reset_done": {
        "en": "Started a new trip. The previous one is in /history. Tell me about the new one!",
        "ko": "새 여행을 시작했어요. 이전 여행은 /history 에 있어요. 새 여행 계획을 말씀해 주세요!",
    },
    "reset_nothing": {
        "en": "Nothing to reset yet — tell me about your trip or send /plan.",
        "ko": "아직 초기화할 여행이 없어요. 여행 계획을 말씀하시거나 /plan 을 보내 주세요.",
    },
    "history_empty": {
        "en": "No past trips in this chat yet.",
        "ko": "이 대화에는 아직 지난 여행이 없어요.",
    },
    "history_head": {"en": "Trips in this chat:", "ko": "이 대화의 여행:"},
    "history_current": {"en": "(current)", "ko": "(진행 중)"},
    "history_people": {"en": "{n} people", "ko": "{n}명"},
    "history_draft": {"en": "(draft)", "ko": "(작성 중)"},
    "traveller": {"en": "traveller", "ko": "여행자"},
    "forget_done": {
        "en": (
            "Done: I deleted your profile, your private conversations and trips, and removed "
            "your messages from group trips ({count} records)."
        ),
        "ko": (
            "삭제했어요: 프로필, 개인 대화와 여행, 그룹 여행 속 내 메시지 "
            "({count}건)를 모두 지웠어요."
        ),
    },
    # intake
    "ask_dates": {
        "en": (
            'When do you travel? e.g. "12 March, 4 days", "3 nights from 2027-03-12" '
            'or "12–15 March".'
        ),
        "ko": '언제 여행하세요? 예: "3월 12일부터 3박 4일", "2027-03-12부터 4일".',
    },
    "ask_length": {
        "en": "Arriving {start}. How many days?",
        "ko": "{start} 도착이시군요. 며칠 머무르세요?",
    },
    "ask_party": {
        "en": 'Who is coming? Tap one or type it, e.g. "2 adults and a 6-year-old".',
        "ko": '누구와 함께 가세요? 고르시거나 "어른 2명, 6살 아이 1명"처럼 적어 주세요.',
    },
    "ask_styles": {
        "en": "Pick travel styles (several allowed), then Done.",
        "ko": "여행 스타일을 고르세요 (여러 개 가능). 다 고르면 완료를 누르세요.",
    },
    "ask_transport": {
        "en": "How will you get around? (several allowed), then Done.",
        "ko": "이동 수단을 고르세요 (여러 개 가능). 다 고르면 완료를 누르세요.",
    },
    "ask_budget": {
        "en": 'Budget per person for the whole trip? Tap one or type e.g. "S$1500" or "150만원".',
        "ko": '1인당 전체 예산은요? 고르시거나 "150만원", "S$1500"처럼 적어 주세요.',
    },
    "ask_pace": {"en": "What pace do you like?", "ko": "어떤 일정 강도가 좋으세요?"},
    "ask_travellers": {"en": "Who travels?", "ko": "여행자 구성은요?"},
    "summary_head": {"en": "Here is your trip:", "ko": "여행 정보를 정리했어요:"},
    "summary_confirm": {
        "en": "Plan it? Or tap what to change — or just tell me.",
        "ko": "이대로 계획할까요? 바꿀 항목을 누르거나 말씀해 주세요.",
    },
    "defaults_assumed": {
        "en": "Assumed (change any time): {items}",
        "ko": "기본값으로 가정했어요 (언제든 변경 가능): {items}",
    },
    "confirmed": {
        "en": "Confirmed. Trip request:\n{summary}",
        "ko": "확정했어요. 여행 요청:\n{summary}",
    },
    "glad_to_help": {
        "en": "Happy to help you plan it! 🇸🇬",
        "ko": "좋아요, 싱가포르 여행 같이 계획해 봐요! 🇸🇬",
    },
    "not_understood": {
        "en": (
            "I couldn't find trip details in that. Tell me dates and who is coming, "
            'e.g. "4 days from 12 March, 2 adults" — or send /help.'
        ),
        "ko": (
            '여행 정보를 찾지 못했어요. 날짜와 인원을 알려 주세요. 예: "3월 12일부터 4일, '
            '어른 2명" — 또는 /help 를 보내 주세요.'
        ),
    },
    "intake_started_by_other": {
        "en": "{name} is setting up this trip; reply to me or mention me to join in.",
        "ko": "{name}님이 여행을 설정 중이에요. 참여하려면 저에게 답장하거나 멘션해 주세요.",
    },
    # validation problems
    "problem_return_before_departure": {
        "en": "The return date is before the departure date — please check the dates.",
        "ko": "돌아오는 날이 출발일보다 빨라요. 날짜를 확인해 주세요.",
    },
    "problem_too_long": {
        "en": "That's {value} days; I plan trips of at most 14 days.",
        "ko": "{value}일이에요. 여행은 최대 14일까지 계획할 수 있어요.",
    },
    "problem_in_past": {
        "en": "{value} is in the past — which upcoming date do you mean?",
        "ko": "{value}은(는) 이미 지난 날짜예요. 앞으로의 날짜를 알려 주세요.",
    },
    "problem_too_many_people": {
        "en": "{value} people is more than I can plan for (1–20).",
        "ko": "{value}명은 너무 많아요. 1~20명까지 계획할 수 있어요.",
    },
    "problem_no_people": {
        "en": "A trip needs at least one traveller (1–20).",
        "ko": "여행자는 최소 1명이어야 해요 (1~20명).",
    },
    "problem_no_adult": {
        "en": "Children need at least one adult with them.",
        "ko": "아이와 함께할 어른이 최소 1명 필요해요.",
    },
    "problem_bad_budget": {
        "en": 'The budget must be more than zero (e.g. S$800, US$600 or "100만원").',
        "ko": "예산은 0보다 커야 해요 (예: 100만원, S$800, US$600).",
    },
    "problem_bad_date": {
        "en": '"{value}" is not a real date — please check it.',
        "ko": '"{value}"은(는) 존재하지 않는 날짜예요. 확인해 주세요.',
    },
    # planning and edits
    "smart_mode_off": {
        "en": "(Smart mode is unavailable right now; answering in offline mode.)",
        "ko": "(지금은 스마트 모드를 쓸 수 없어 오프라인 모드로 답해요.)",
    },
    # the smart (LLM) brain
    "brain.frame": {
        "en": "Here is the plan from the planner, checked against opening hours and travel times:",
        "ko": "운영 시간과 이동 시간을 확인한 플래너의 일정입니다:",
    },
    "brain.own_plan": {
        "en": (
            'I can only show plans made and checked by the planner. Say "plan it" '
            "when the details are right, or tell me what to change."
        ),
        "ko": (
            "플래너가 만들고 검증한 일정만 보여 드릴 수 있어요. 내용이 맞으면 "
            '"계획 세워줘"라고 하시거나, 바꿀 점을 말씀해 주세요.'
        ),
    },
    "brain.rounds": {
        "en": "I could not finish that in one go. Could you say it again more simply?",
        "ko": "한 번에 처리하지 못했어요. 조금 더 간단히 다시 말씀해 주시겠어요?",
    },
    "brain.private": {
        "en": "I can't share my instructions, but I'm glad to help with your Singapore trip.",
        "ko": "제 지침은 알려 드릴 수 없지만, 싱가포르 여행 계획은 기꺼이 도와드릴게요.",
    },
    "planned_not_understood": {
        "en": (
            'I didn\'t catch that. You can say "make day 2 lighter", "swap Night Safari for '
            'Jewel", "remove Haw Par Villa", "add Singapore Zoo to day 3", "regenerate day 1", '
            '"export calendar" — or change the trip, e.g. "make it 5 days".'
        ),
        "ko": (
            '잘 이해하지 못했어요. "2일차 여유롭게", "나이트 사파리 대신 주얼", "하우파빌라 빼줘", '
            '"3일차에 싱가포르 동물원 추가", "1일차 다시 짜줘", "캘린더로 내보내기" 또는 '
            '"5일로 바꿔줘"처럼 말씀해 주세요.'
        ),
    },
    "plan_exists": {
        "en": "This is your current plan. Tell me what to change, or /reset for a new trip.",
        "ko": "현재 계획이에요. 바꿀 부분을 말씀하시거나 새 여행은 /reset 을 보내 주세요.",
    },
    "no_plan_yet": {
        "en": "There is no plan yet — tell me about your trip or send /plan.",
        "ko": "아직 계획이 없어요. 여행 정보를 말씀하시거나 /plan 을 보내 주세요.",
    },
    "ics_ready": {
        "en": "Here is your plan as a calendar file (.ics) — open it to add every stop.",
        "ko": "계획을 캘린더 파일(.ics)로 보내 드려요. 열면 모든 일정이 추가돼요.",
    },
    "planning": {
        "en": "🧭 Planning — checking opening hours, travel times and your budget…",
        "ko": "🧭 계획 중 — 운영 시간, 이동 시간, 예산을 확인하고 있어요…",
    },
    "ics_caption": {"en": "bundletrip plan", "ko": "bundletrip 여행 일정"},
    "map_hotel": {"en": "Hotel", "ko": "호텔"},
    "map_overview": {"en": "Trip overview · {n} days", "ko": "전체 일정 · {n}일"},
    "map_stops_count": {"en": "{n} stops", "ko": "{n}곳"},
    "map_day_caption": {"en": "{day} · {n} stops", "ko": "{day} · {n}곳"},
    "map_stops_button": {"en": "📍 Stops · day {day}", "ko": "📍 {day}일차 장소"},
    "map_stops_prompt": {
        "en": "Tap for a day's stops as places to open in your maps app:",
        "ko": "날짜를 누르면 그날 장소를 지도 앱에서 열 수 있게 보내 드려요:",
    },
    "map_no_plan": {
        "en": "That day is not in the current plan any more. Send /plan to see the plan.",
        "ko": "그 날짜는 현재 일정에 없습니다. /plan 으로 일정을 확인하세요.",
    },
    "map_saved": {"en": "🗺️ map: {value}", "ko": "🗺️ 지도: {value}"},
    "stale_button": {
        "en": "That button belongs to an older message. Here is where we are now — /plan.",
        "ko": "이전 메시지의 버튼이에요. 현재 상태는 /plan 으로 확인하세요.",
    },
    "btn_ics": {"en": "📅 Export .ics", "ko": "📅 캘린더(.ics)"},
    "btn_lighter": {"en": "Day {n}: lighter", "ko": "{n}일차 여유롭게"},
    "btn_fuller": {"en": "Day {n}: fuller", "ko": "{n}일차 알차게"},
    "btn_regen": {"en": "Day {n}: new ideas", "ko": "{n}일차 새로 짜기"},
    "which_day": {
        "en": 'Which day? e.g. "make day 2 lighter".',
        "ko": '몇 일차인가요? 예: "2일차 여유롭게".',
    },
    "changes_head": {"en": "✏️ What changed:", "ko": "✏️ 바뀐 점:"},
    "change_removed": {
        "en": "➖ Removed {place} (day {day})",
        "ko": "➖ {place} 뺐어요 ({day}일차)",
    },
    "change_snack_removed": {
        "en": "➖ Removed the afternoon snack at {place} (day {day})",
        "ko": "➖ {place} 오후 간식 뺐어요 ({day}일차)",
    },
    "change_added": {
        "en": "➕ Added {place} (day {day}, {time})",
        "ko": "➕ {place} 넣었어요 ({day}일차, {time})",
    },
    "change_moved": {
        "en": "↔️ Moved {place}: day {a} → day {b}",
        "ko": "↔️ {place} 옮겼어요: {a}일차 → {b}일차",
    },
    "change_times": {"en": "🕒 Times shifted on day {day}", "ko": "🕒 {day}일차 시간이 바뀌었어요"},
    "change_days_swapped": {
        "en": "🔀 Days {a} and {b} traded places",
        "ko": "🔀 {a}일차와 {b}일차 일정을 맞바꿨어요",
    },
    "change_start": {
        "en": "⏰ Day {day} now starts at {now} (was {was})",
        "ko": "⏰ {day}일차는 이제 {now}에 시작해요 (전에는 {was})",
    },
    "change_cost": {
        "en": "💵 Cost per person: {before} → {after}",
        "ko": "💵 1인 비용: {before} → {after}",
    },
    "change_none": {"en": "Nothing in the plan changed.", "ko": "계획은 그대로예요."},
    "whole_plan_hint": {
        "en": "The whole plan: tap 📋 or send /plan.",
        "ko": "전체 계획: 📋 버튼을 누르거나 /plan 을 보내세요.",
    },
    "saved_to": {"en": "saved to {path}", "ko": "{path}에 저장했어요"},
    "btn_whole_plan": {"en": "📋 Whole plan", "ko": "📋 전체 계획"},
    "which_place": {
        "en": "Which one do you mean? {value}",
        "ko": "어느 곳을 말씀하시는 건가요? {value}",
    },
    "unknown_place": {
        "en": (
            'I don\'t know a place called "{value}". Try /attractions to browse, '
            "or /attraction with a name or number."
        ),
        "ko": '"{value}"(이)라는 장소를 찾지 못했어요. /attractions 로 목록을 보거나 '
        "/attraction 이름 또는 번호로 찾아보세요.",
    },
    "not_in_plan": {
        "en": '{value} is not in your plan. To add it, say "add {value} to day 2".',
        "ko": '{value}은(는) 계획에 없어요. 추가하려면 "2일차에 {value} 추가"라고 말씀해 주세요.',
    },
    "none_in_plan": {
        "en": 'Your plan has no "{value}" to change. Send /plan to see the whole plan.',
        "ko": '계획에 "{value}"은(는) 없어요. 전체 일정은 /plan 으로 볼 수 있어요.',
    },
    "already_planned": {
        "en": "{value} is already in your plan.",
        "ko": "{value}은(는) 이미 계획에 있어요.",
    },
    "no_such_day": {
        "en": "The plan has no day {value}.",
        "ko": "계획에 {value}일차가 없어요.",
    },
    "still_planning": {
        "en": (
            "Still planning — it is taking longer than usual. Your plan keeps being made and "
            "I will post it here as soon as it is ready."
        ),
        "ko": (
            "아직 계획 중이에요. 평소보다 오래 걸리고 있어요. 계획은 계속 만들어지고 있고, "
            "준비되는 대로 여기에 올려 드릴게요."
        ),
    },
    "plan_job_failed": {
        "en": "Sorry, planning this trip failed several times. Try changing the request a little.",
        "ko": "죄송해요, 이 여행의 계획이 여러 번 실패했어요. 요청을 조금 바꿔 보세요.",
    },
    "plan_failed_check": {
        "en": (
            "I couldn't make a plan that passes my own checks (hours, travel times, budget). "
            "Try fewer must-sees, another pace or other dates."
        ),
        "ko": (
            "운영 시간·이동 시간·예산 검사를 통과하는 계획을 만들지 못했어요. "
            "필수 방문지를 줄이거나 일정 강도나 날짜를 바꿔 보세요."
        ),
    },
    "edit_not_understood": {
        "en": "I couldn't apply that change; the plan stays as it was.",
        "ko": "그 변경은 적용하지 못했어요. 계획은 그대로예요.",
    },
}
