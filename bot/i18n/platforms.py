"""Texts only a platform shows: Telegram's command menu, Discord's slash commands (their
descriptions, option and choice names, synced as Korean localisations), threads and menus."""

from __future__ import annotations

from bot.i18n.lang import Lang

PLATFORMS: dict[str, dict[Lang, str]] = {
    # the terminal (bundletrip chat / plan)
    "console.banner": {
        "en": "bundletrip — type your trip, /help for commands, /quit to leave.",
        "ko": "bundletrip — 여행 계획을 입력하세요. 명령 목록은 /help, 끝내려면 /quit.",
    },
    "console.group_hint": {
        "en": 'group chat: start a line with a name, e.g. "alice: I want the Night Safari".',
        "ko": '그룹 대화: 줄 앞에 이름을 쓰세요. 예: "alice: 나이트 사파리 가고 싶어요".',
    },
    "console.maps_not_saved": {
        "en": "cannot write maps to {folder}: {reason}",
        "ko": "{folder}에 지도를 저장할 수 없어요: {reason}",
    },
    "console.check_ok": {
        "en": "OK: the itinerary passes every check",
        "ko": "통과: 이 일정은 모든 검사를 통과했어요",
    },
    "console.check_unreadable": {
        "en": "cannot read {path}: {reason}",
        "ko": "{path} 파일을 읽을 수 없어요: {reason}",
    },
    "discord.thread_opened": {
        "en": "Your trip continues in {thread} — just write there.",
        "ko": "여행 계획은 {thread} 에서 이어가요. 거기에 편하게 적어 주세요.",
    },
    "discord.thread_name": {"en": "Trip of {name}", "ko": "{name}님의 여행"},
    "discord.choose": {"en": "Choose…", "ko": "선택하세요…"},
    "discord.choose_more": {"en": "More options…", "ko": "다른 선택지…"},
    "discord.command.plan": {
        "en": "Plan a Singapore trip (every option is optional)",
        "ko": "싱가포르 여행 일정 짜기 (옵션은 모두 선택)",
    },
    "discord.command.attraction": {
        "en": "Details of one place: its number or name",
        "ko": "장소 한 곳의 자세한 정보: 번호나 이름으로",
    },
    "discord.command.reset": {
        "en": "Start a new trip (the old one goes to /history)",
        "ko": "새 여행 시작 (이전 여행은 /history 에 남아요)",
    },
    "discord.command.forget": {
        "en": "Delete everything stored about you",
        "ko": "나에 대해 저장된 정보를 모두 삭제",
    },
    "discord.command.usage": {
        "en": "Today's requests and the daily limit",
        "ko": "오늘 사용한 요청 수와 하루 한도",
    },
    "discord.command.history": {
        "en": "Past trips of this conversation",
        "ko": "이 대화의 지난 여행들",
    },
    "discord.command.lang": {"en": "Language of the replies", "ko": "답변 언어"},
    "discord.command.help": {"en": "What bundletrip can do", "ko": "bundletrip 이 할 수 있는 일"},
    "discord.command.group": {
        "en": "Trip members, their wishes and how the plan serves them",
        "ko": "여행 멤버와 각자의 바람, 일정이 이를 얼마나 담았는지",
    },
    "discord.command.split": {"en": "Who pays what", "ko": "누가 얼마를 내나요"},
    "discord.option.days": {"en": "How many days", "ko": "여행 일수"},
    "discord.option.start": {
        "en": "First day, e.g. 12 March or 2027-03-12",
        "ko": "첫날, 예: 3월 12일 또는 2027-03-12",
    },
    "discord.option.end": {"en": "Last day", "ko": "마지막 날"},
    "discord.option.style": {"en": "A travel style", "ko": "여행 스타일"},
    "discord.option.style2": {"en": "Another travel style", "ko": "다른 여행 스타일"},
    "discord.option.adults": {"en": "Adults", "ko": "성인 인원"},
    "discord.option.children": {"en": "Children", "ko": "어린이 인원"},
    "discord.option.budget": {"en": "Budget per person", "ko": "1인당 예산"},
    "discord.option.currency": {
        "en": "Currency of the budget (default S$)",
        "ko": "예산 통화 (기본 S$)",
    },
    "discord.option.transport": {"en": "How you get around", "ko": "이동 수단"},
    "discord.option.note": {"en": "Anything else, in your words", "ko": "그 밖의 바람을 자유롭게"},
    "discord.option.query": {"en": "A number or a name", "ko": "번호 또는 이름"},
    "discord.option.language": {"en": "English or Korean", "ko": "영어 또는 한국어"},
    "discord.option_name.days": {"en": "days", "ko": "일수"},
    "discord.option_name.start": {"en": "start", "ko": "시작일"},
    "discord.option_name.end": {"en": "end", "ko": "종료일"},
    "discord.option_name.style": {"en": "style", "ko": "여행스타일"},
    "discord.option_name.style2": {"en": "style2", "ko": "여행스타일2"},
    "discord.option_name.adults": {"en": "adults", "ko": "성인"},
    "discord.option_name.children": {"en": "children", "ko": "어린이"},
    "discord.option_name.budget": {"en": "budget", "ko": "예산"},
    "discord.option_name.currency": {"en": "currency", "ko": "통화"},
    "discord.option_name.transport": {"en": "transport", "ko": "교통수단"},
    "discord.option_name.note": {"en": "note", "ko": "메모"},
    "discord.option_name.query": {"en": "query", "ko": "장소"},
    "discord.option_name.language": {"en": "language", "ko": "언어"},
    "discord.choice.sgd": {"en": "S$ (SGD)", "ko": "싱가포르 달러 S$ (SGD)"},
    "discord.choice.krw": {"en": "₩ (KRW)", "ko": "원 ₩ (KRW)"},
    "discord.choice.usd": {"en": "US$ (USD)", "ko": "미국 달러 US$ (USD)"},
    "discord.choice.english": {"en": "English", "ko": "영어"},
    "discord.choice.korean": {"en": "한국어", "ko": "한국어"},
    "telegram.menu.plan": {"en": "Plan a trip (or resume)", "ko": "여행 계획 시작 또는 이어서"},
    "telegram.menu.reset": {"en": "Start a new trip", "ko": "새 여행 시작"},
    "telegram.menu.history": {"en": "Past trips of this chat", "ko": "이 대화의 지난 여행"},
    "telegram.menu.attractions": {"en": "Browse attractions", "ko": "관광지 목록"},
    "telegram.menu.group": {"en": "Trip members and their wishes", "ko": "여행 멤버와 각자의 바람"},
    "telegram.menu.split": {"en": "Who pays what", "ko": "누가 얼마를 내나요"},
    "telegram.menu.usage": {"en": "Today's requests and limit", "ko": "오늘 사용량과 한도"},
    "telegram.menu.lang": {
        "en": "Language: /lang en or /lang ko",
        "ko": "언어: /lang en 또는 /lang ko",
    },
    "telegram.menu.forget": {
        "en": "Delete everything stored about you",
        "ko": "저장된 내 정보 모두 삭제",
    },
    "telegram.menu.help": {"en": "What I can do", "ko": "도움말"},
}
