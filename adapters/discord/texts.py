"""Texts only the Discord adapter shows (the core's texts live in :mod:`bot.i18n`)."""

from __future__ import annotations

from bot.i18n import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "thread_opened": {
        "en": "Your trip continues in {thread} — just write there.",
        "ko": "여행 계획은 {thread} 에서 이어가요. 거기에 편하게 적어 주세요.",
    },
    "thread_name": {"en": "Trip of {name}", "ko": "{name}님의 여행"},
    "choose": {"en": "Choose…", "ko": "선택하세요…"},
    "choose_more": {"en": "More options…", "ko": "다른 선택지…"},
}


def text(lang: Lang, key: str, **values: object) -> str:
    """Render adapter text ``key`` in ``lang``; a missing placeholder raises ``KeyError``."""
    return TEXTS[key][lang].format(**values)
