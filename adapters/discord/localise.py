"""Korean texts of the slash commands, synced as Discord's command localisations.

The commands are written in English, with the texts to translate marked as ``locale_str``. At sync
discord.py asks the tree's translator for every locale; :class:`KoreanTranslator` answers for
``ko`` from the tables below (gettext style: the English text is the key) and with ``None`` for
the rest, so the payload carries ``ko`` in ``name_localizations`` / ``description_localizations``
and English stays the default.

Command names stay English: they are what people type in every language and what ``/help``
mentions. Option names, descriptions and choice names are localised. Discord always sends the
default (English) names back in an interaction, so the handlers never see the Korean ones.
A text missing from a table falls back to English; the integration tests require each one.
"""

from __future__ import annotations

from collections.abc import Mapping

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where
from discord.app_commands import locale_str

from bot.i18n import t
from bot.trip import Transport, TravelStyle

DESCRIPTIONS: dict[str, str] = {
    # commands
    "Plan a Singapore trip (every option is optional)": (
        "싱가포르 여행 일정 짜기 (옵션은 모두 선택)"
    ),
    "Details of one place: its number or name": "장소 한 곳의 자세한 정보: 번호나 이름으로",
    "Start a new trip (the old one goes to /history)": (
        "새 여행 시작 (이전 여행은 /history 에 남아요)"
    ),
    "Delete everything stored about you": "나에 대해 저장된 정보를 모두 삭제",
    "Today's requests and the daily limit": "오늘 사용한 요청 수와 하루 한도",
    "Past trips of this conversation": "이 대화의 지난 여행들",
    "Language of the replies": "답변 언어",
    "What bundletrip can do": "bundletrip 이 할 수 있는 일",
    "Trip members, their wishes and how the plan serves them": (
        "여행 멤버와 각자의 바람, 일정이 이를 얼마나 담았는지"
    ),
    "Who pays what": "누가 얼마를 내나요",
    # options
    "How many days": "여행 일수",
    "First day, e.g. 12 March or 2027-03-12": "첫날, 예: 3월 12일 또는 2027-03-12",
    "Last day": "마지막 날",
    "A travel style": "여행 스타일",
    "Another travel style": "다른 여행 스타일",
    "Adults": "성인 인원",
    "Children": "어린이 인원",
    "Budget per person": "1인당 예산",
    "Currency of the budget (default S$)": "예산 통화 (기본 S$)",
    "How you get around": "이동 수단",
    "Anything else, in your words": "그 밖의 바람을 자유롭게",
    "A number or a name": "번호 또는 이름",
    "English or Korean": "영어 또는 한국어",
}

# Discord's rule for option names: lowercase, ^[-_\p{L}\p{N}]{1,32}$ (Hangul has no case).
OPTION_NAMES: dict[str, str] = {
    "days": "일수",
    "start": "시작일",
    "end": "종료일",
    "style": "여행스타일",
    "style2": "여행스타일2",
    "adults": "성인",
    "children": "어린이",
    "budget": "예산",
    "currency": "통화",
    "transport": "교통수단",
    "note": "메모",
    "query": "장소",
    "language": "언어",
}

CHOICE_NAMES: dict[str, str] = {
    **{t("en", f"style.{s}"): t("ko", f"style.{s}") for s in TravelStyle},
    **{t("en", f"transport.{m}"): t("ko", f"transport.{m}") for m in Transport},
    "S$ (SGD)": "싱가포르 달러 S$ (SGD)",
    "₩ (KRW)": "원 ₩ (KRW)",
    "US$ (USD)": "미국 달러 US$ (USD)",
    "English": "영어",
    "한국어": "한국어",
}

_TABLES: dict[Where, Mapping[str, str]] = {
    Where.command_description: DESCRIPTIONS,
    Where.parameter_description: DESCRIPTIONS,
    Where.parameter_name: OPTION_NAMES,
    Where.choice_name: CHOICE_NAMES,
}


def localisable(**texts: str) -> dict[str, locale_str]:
    """Mark option descriptions for translation (for ``app_commands.describe``)."""
    return {option: locale_str(text) for option, text in texts.items()}


def localisable_names(*options: str) -> dict[str, locale_str]:
    """Mark option names for translation, unchanged in English (for ``app_commands.rename``)."""
    return {option: locale_str(option) for option in options}


class KoreanTranslator(app_commands.Translator):
    """Korean for the ``ko`` locale; ``None`` (Discord shows the English default) otherwise."""

    async def translate(
        self,
        string: locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is not discord.Locale.korean:
            return None
        table = _TABLES.get(context.location)
        return table.get(string.message) if table is not None else None
