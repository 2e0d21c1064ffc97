"""One request parser for every path: chat, guided intake, ``bundletrip plan``, Discord ``/plan``.

``parse_request(text, lang, today)`` reads one message into a :class:`ParsedRequest`: the trip
fields (:func:`bot.intake.parse.parse_trip_text`), the must-see and avoid places (through the one
place index), names to ask about, and every assumption in the user's language. Pure: ``today``
and the knowledge base are passed in (the bundled KB by default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.intake.flow import assumption_texts
from bot.intake.parse import parse_trip_text
from bot.intake.patch import TripPatch
from bot.intake.places import PlaceMatch
from bot.intake.wishes import read_wishes
from bot.planner.kb import KnowledgeBase, load_knowledge_base

_BUDGET_LIKE = re.compile(
    r"\bbudget\b|예산|1인당|인당\s*\d|\b(?:s|sgd|usd|us|krw)?\d[\d,.]*\s*(?:each|pp|per person|"
    r"a head|per head|in total|total)\b|\bs\d{2,}",
    re.I,
)


@dataclass
class ParsedRequest:
    """What one message says about the trip, with what was assumed and what must be asked."""

    patch: TripPatch
    unsure: list[PlaceMatch] = field(default_factory=list)  # ambiguous place names: ask
    assumptions: list[str] = field(default_factory=list)  # in the user's language
    budget_unread: bool = False  # a budget-looking phrase whose amount could not be read


def parse_request(
    text: str, lang: str, today: date, kb: KnowledgeBase | None = None
) -> ParsedRequest:
    """Read a trip request in English or Korean (see the module docstring)."""
    kb = kb or load_knowledge_base()
    patch = parse_trip_text(text, today)
    wishes = read_wishes(text, kb)
    patch.must_see, patch.avoid = wishes.must_see, wishes.avoid
    return ParsedRequest(
        patch=patch,
        unsure=wishes.unsure,
        assumptions=assumption_texts(patch, lang),
        budget_unread=patch.budget is None and bool(_BUDGET_LIKE.search(text)),
    )
