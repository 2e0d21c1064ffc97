"""The message catalogue: every text a user reads, in English and Korean side by side.

One registry, :data:`MESSAGES`, gathers the areas' tables (one module per area: ``core``
conversation texts, ``labels``, ``suggestions`` …); :func:`t` renders a key in a language. A key
may live in one area only, a missing key or placeholder is an error (``KeyError``), and the tests
check that every message has both languages with the same placeholders and that a Korean
conversation shows none of the English texts.

This package is a leaf: it imports nothing else of ``bot``, so every layer, the planner
included, may use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.i18n.assumptions import ASSUMED_WORDS, ASSUMPTIONS
from bot.i18n.catalogue import CATALOGUE
from bot.i18n.core import TEXTS
from bot.i18n.group import GROUP
from bot.i18n.labels import LABELS
from bot.i18n.lang import LANGS, Lang, has_hangul, pick_language
from bot.i18n.plan import PLAN
from bot.i18n.platforms import PLATFORMS
from bot.i18n.refusals import REFUSALS
from bot.i18n.suggestions import SUGGESTIONS

Message = Mapping[Lang, str]

__all__ = [
    "LANGS",
    "MESSAGES",
    "Bilingual",
    "InBoth",
    "Lang",
    "Message",
    "both",
    "has_hangul",
    "pick_language",
    "suggest",
    "suggestion",
    "t",
]


def _merge(*areas: Mapping[str, Message]) -> dict[str, Message]:
    merged: dict[str, Message] = {}
    for area in areas:
        for key, message in area.items():
            if key in merged:
                raise ValueError(f"message {key!r} is defined twice")
            merged[key] = message
    return merged


MESSAGES: dict[str, Message] = _merge(
    TEXTS,
    LABELS,
    SUGGESTIONS,
    PLAN,
    CATALOGUE,
    GROUP,
    REFUSALS,
    PLATFORMS,
    ASSUMPTIONS,
    ASSUMED_WORDS,
)

# The planner stores its suggestions in English; the Korean of each fixed phrase.
_SUGGESTIONS_KO = {m["en"].lower(): m["ko"] for m in SUGGESTIONS.values() if "{" not in m["en"]}


def t(lang: str, key: str, **values: object) -> str:
    """Render message ``key`` in ``lang``; a missing key or placeholder raises ``KeyError``."""
    return MESSAGES[key]["ko" if lang == "ko" else "en"].format(**values)


@runtime_checkable
class Bilingual(Protocol):
    """A value written in both languages, such as a place's names."""

    @property
    def en(self) -> str: ...

    @property
    def ko(self) -> str: ...


@dataclass(frozen=True)
class InBoth:
    """A value given in both languages, for :func:`both`."""

    en: str
    ko: str


def both(key: str, **values: object) -> tuple[str, str]:
    """Message ``key`` in English and in Korean (for results that carry both languages).

    A :class:`Bilingual` value (a place's names, :class:`InBoth`) is shown in each language.
    """

    def pick(lang: Lang) -> dict[str, object]:
        return {
            k: (v.ko if lang == "ko" else v.en) if isinstance(v, Bilingual) else v
            for k, v in values.items()
        }

    return t("en", key, **pick("en")), t("ko", key, **pick("ko"))


def suggest(key: str, **values: object) -> str:
    """A planner suggestion as the planner stores it: the English of ``suggest.<key>``."""
    return t("en", f"suggest.{key}", **values)


def suggestion(phrase: str, lang: str) -> str | None:
    """A fixed planner suggestion ("raise the budget") in ``lang``; ``None`` if not catalogued."""
    if lang != "ko":
        return phrase
    return _SUGGESTIONS_KO.get(phrase.strip().lower())
