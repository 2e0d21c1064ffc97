"""The catalogue, in chat: ``/attraction N|name``, ``/attractions [area|style] [page]``, and the
look-up behind a platform's autocomplete (:func:`attraction_suggestions`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import Lang, t
from bot.intake.places import PlaceIndex
from bot.messages import Choice, Choices, FinalMessage, ReplyEvent
from bot.planner.catalogue import describe_attraction, list_attractions
from bot.planner.kb import Attraction, KnowledgeBase
from bot.planner.render import place_label

if TYPE_CHECKING:
    from bot.commands import CommandHandler
    from bot.tools import TripTools


class AttractionCommand:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    async def __call__(self, args: str, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
        query = args.strip()[:100]
        if not query:
            return [FinalMessage(t(lang, "catalogue.hint"), language=lang)]
        match = PlaceIndex.for_kb(self.kb).lookup(query)
        places = [p for p in (*match.places, *match.candidates) if isinstance(p, Attraction)]
        if not places:
            return [FinalMessage(t(lang, "catalogue.no_match", q=query), language=lang)]
        if len(places) > 1:  # ambiguous, or a group such as "the domes": ask, with buttons
            shown = places[:10]
            lines = [t(lang, "catalogue.many"), *(f"• {place_label(a, lang)}" for a in shown)]
            buttons = tuple(
                Choice(a.names.of(lang), f"c:/attraction {a.number or a.id}") for a in shown
            )
            return [FinalMessage("\n".join(lines), choices=Choices(buttons), language=lang)]
        page = describe_attraction(places[0], self.kb, lang, tools.today)
        return [FinalMessage(page, language=lang)]


class AttractionsCommand:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    async def __call__(self, args: str, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
        words = args.strip()[:100].split()
        page = 1
        if words and words[-1].isdigit():
            page = int(words.pop())
        query = " ".join(words) or None
        text, pages = list_attractions(self.kb, lang, query, page)
        buttons: list[Choice] = []
        prefix = f"/attractions {query} " if query else "/attractions "
        if page > 1:
            buttons.append(Choice("◀", f"c:{prefix}{page - 1}"))
        if page < pages:
            buttons.append(Choice("▶", f"c:{prefix}{page + 1}"))
        choices = Choices(tuple(buttons)) if buttons else None
        return [FinalMessage(text, choices=choices, language=lang)]


def catalogue_commands(kb: KnowledgeBase) -> dict[str, CommandHandler]:
    """The catalogue's command handlers, keyed by command name."""
    return {"attraction": AttractionCommand(kb), "attractions": AttractionsCommand(kb)}


def attraction_suggestions(kb: KnowledgeBase, prefix: str, limit: int) -> list[Attraction]:
    """Attractions whose number or any name (English, Korean, aliases) fits what was typed."""
    return PlaceIndex.for_kb(kb).complete(prefix, limit)
