"""Ticket prices per person category, with combined tickets charged once a day.

One home for "what does this visit cost": the assembler writes item costs with it, the checker
re-derives them with it and the renderer shows them per category (adult / child / senior) with
it, so a mixed group never sees an averaged price. A :class:`~bot.planner.kb.CombinedTicket`
whose members are visited on the same day is charged on its first member's item (the others
cost nothing) when it is cheaper than the single tickets it replaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.planner.kb import Attraction, CombinedTicket, KnowledgeBase


@dataclass(frozen=True, slots=True)
class Price:
    """One visit's ticket price per person category; ``ticket`` names a combined ticket."""

    adult: float
    child: float
    senior: float | None = None
    ticket: str | None = None  # the combined ticket this visit is covered by

    def average(self, adults: int, children: int) -> float:
        """Mean price per person over a party (what per-person totals add up)."""
        people = max(1, adults + children)
        if adults + children == 0:
            return self.adult
        return round((adults * self.adult + children * self.child) / people, 2)

    @property
    def free(self) -> bool:
        return self.adult == 0 and self.child == 0


FREE = Price(0.0, 0.0)


def single_price(place: Attraction) -> Price:
    """The attraction's own ticket."""
    return Price(place.price_adult_sgd, place.price_child_sgd, place.price_senior_sgd)


def day_prices(kb: KnowledgeBase, place_ids: Sequence[str | None]) -> list[Price | None]:
    """Prices of one day's visits in order (``None`` for ids that are not attractions)."""
    singles: list[Price | None] = []
    for pid in place_ids:
        place = kb.attraction(pid or "")
        singles.append(single_price(place) if place is not None else None)
    out = list(singles)
    claimed: set[int] = set()
    for ticket in kb.tickets:
        members = [
            i for i, pid in enumerate(place_ids) if pid in ticket.members and i not in claimed
        ]
        if len({place_ids[i] for i in members}) < 2:
            continue
        covered = [singles[i] for i in members if singles[i] is not None]
        if sum(p.adult for p in covered if p) <= ticket.price_adult_sgd:
            continue
        first, *rest = members
        out[first] = _combined(ticket)
        for i in rest:
            out[i] = Price(
                0.0, 0.0, 0.0 if ticket.price_senior_sgd is not None else None, ticket.id
            )
        claimed.update(members)
    return out


def _combined(ticket: CombinedTicket) -> Price:
    return Price(ticket.price_adult_sgd, ticket.price_child_sgd, ticket.price_senior_sgd, ticket.id)
