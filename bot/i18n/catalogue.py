"""Texts of the attraction catalogue (/attraction, /attractions)."""

from __future__ import annotations

from bot.i18n.lang import Lang

CATALOGUE: dict[str, dict[Lang, str]] = {
    "catalogue.hint": {
        "en": "Which one? Send /attraction with a number or a name, e.g. /attraction 12.",
        "ko": "어느 곳인가요? /attraction 번호 또는 이름으로 보내 주세요. 예: /attraction 12",
    },
    "catalogue.many": {"en": "Several places match:", "ko": "여러 곳이 찾아졌어요:"},
    "catalogue.no_match": {
        "en": 'No place matches "{q}". Try /attractions to browse.',
        "ko": '"{q}"와(과) 맞는 장소가 없어요. /attractions 로 목록을 보세요.',
    },
    "catalogue.today": {"en": "🕘 Today: {hours}", "ko": "🕘 오늘: {hours}"},
    "catalogue.closed": {"en": "closed today", "ko": "오늘 휴무"},
    "catalogue.last_entry": {"en": "last entry {time}", "ko": "입장 마감 {time}"},
    "catalogue.price": {
        "en": "💵 Adult {adult} · Child {child}",
        "ko": "💵 성인 {adult} · 어린이 {child}",
    },
    "catalogue.free": {"en": "💵 Free entry", "ko": "💵 무료 입장"},
    "catalogue.free_word": {"en": "free", "ko": "무료"},
    "catalogue.mrt": {
        "en": "🚇 Nearest MRT: {station} ({codes}), {walk} min walk",
        "ko": "🚇 가까운 MRT: {station} ({codes}), 도보 {walk}분",
    },
    "catalogue.address": {"en": "📍 {address}", "ko": "📍 {address}"},
    "catalogue.link": {"en": "🔗 {url}", "ko": "🔗 {url}"},
    "catalogue.styles": {"en": "🏷️ {styles}", "ko": "🏷️ {styles}"},
    "catalogue.list_title": {
        "en": "📚 Attractions{what} — page {page}/{pages}",
        "ko": "📚 관광지{what} — {page}/{pages}쪽",
    },
    "catalogue.list_hint": {
        "en": "Send a number or a name to see an attraction.",
        "ko": "번호나 이름을 보내면 자세히 알려 드립니다.",
    },
    "catalogue.none": {
        "en": "No attractions match “{query}”.",
        "ko": "“{query}”에 맞는 관광지가 없습니다.",
    },
    "catalogue.shows": {"en": "🎭 Shows at {times}", "ko": "🎭 공연 시간 {times}"},
    "catalogue.appointment": {
        "en": "📅 By appointment or booked tour only — not a walk-in visit",
        "ko": "📅 예약 또는 가이드 투어로만 방문 가능 — 자유 입장 불가",
    },
    "catalogue.timed": {"en": "🎟️ Book a time slot ahead", "ko": "🎟️ 입장 시간 사전 예약 필요"},
    "catalogue.senior": {"en": "💵 Senior {price}", "ko": "💵 경로 {price}"},
    "catalogue.style.nature": {"en": "nature", "ko": "자연"},
    "catalogue.style.city": {"en": "city sightseeing", "ko": "도시 관광"},
    "catalogue.style.food": {"en": "food", "ko": "음식"},
    "catalogue.style.luxury": {"en": "luxury", "ko": "럭셔리"},
    "catalogue.style.value": {"en": "value for money", "ko": "가성비"},
    "catalogue.style.family": {"en": "with children", "ko": "아이와 함께"},
}
