"""Ticket prices per person category, with combined tickets at their cheapest valid use.

One home for "what does this visit cost": the assembler writes item costs with it, the checker
re-derives them with it and the renderer shows them per category (adult / child / senior) with
it, so a mixed group never sees an averaged price.

A day's visits are priced together. A :class:`~bot.planner.kb.CombinedTicket` admits to up to
``choose`` of its ``members`` on one day (a park hopper: any 2 of 4 parks) or, without
``choose``, to all of them (the Flower Dome + Cloud Forest ticket). For each person category
separately, :func:`day_prices` finds the cheapest way to cover the day's visits with single and
combined tickets (an exact search: a day has a handful of ticketed visits); a combined ticket is
charged on its first member's item and the others cost nothing, and single tickets win ties.
A place visited twice in one day (a park left for lunch inside it and entered again) is charged
once. Each category may end up with a different grouping: ``Price.ticket`` names the adults'
combined ticket and ``Price.child_ticket`` the children's where it differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import Literal

from bot.planner.kb import Attraction, CombinedTicket, KnowledgeBase

Category = Literal["adult", "child", "senior"]
CATEGORIES: tuple[Category, ...] = ("adult", "child", "senior")


@dataclass(frozen=True, slots=True)
class Price:
    """One visit's ticket price per person category; ``ticket`` names a combined ticket."""

    adult: float
    child: float
    senior: float | None = None
    ticket: str | None = None  # the combined ticket this visit is covered by (adults)
    child_ticket: str | None = None  # ... for children, when their cheapest grouping differs

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


def _amount(price: Price | CombinedTicket | Attraction, category: Category) -> float:
    """One category's price; a senior without a senior rate pays the adult price."""
    if isinstance(price, Price):
        adult, child, senior = price.adult, price.child, price.senior
    else:
        adult, child, senior = price.price_adult_sgd, price.price_child_sgd, price.price_senior_sgd
    if category == "adult":
        return adult
    if category == "child":
        return child
    return adult if senior is None else senior


Group = tuple[tuple[int, ...], str | None]  # visit positions, ticket id (None: a single ticket)


def _cheapest(
    kb: KnowledgeBase, ids: tuple[str, ...], category: Category
) -> tuple[float, tuple[Group, ...]]:
    """The cheapest grouping of the visits ``ids`` (distinct attractions) for one category."""
    singles = [_amount(single_price(_attraction(kb, pid)), category) for pid in ids]
    options: list[tuple[CombinedTicket, frozenset[int]]] = []
    for ticket in kb.tickets:
        present = frozenset(i for i, pid in enumerate(ids) if pid in ticket.members)
        if len(present) >= 2:
            options.append((ticket, present))

    @cache
    def best(mask: frozenset[int]) -> tuple[float, tuple[Group, ...]]:
        if not mask:
            return 0.0, ()
        first = min(mask)
        cost, groups = best(mask - {first})
        found = (round(cost + singles[first], 2), (((first,), None), *groups))
        for ticket, present in options:
            if first not in present:
                continue
            others = sorted((present & mask) - {first})
            most = (ticket.choose or len(ticket.members)) - 1
            for size in range(1, min(most, len(others)) + 1):
                for chosen in combinations(others, size):
                    rest_cost, rest = best(mask - {first, *chosen})
                    total = round(rest_cost + _amount(ticket, category), 2)
                    if total < found[0]:
                        found = (total, (((first, *chosen), ticket.id), *rest))
        return found

    return best(frozenset(range(len(ids))))


def _attraction(kb: KnowledgeBase, place_id: str) -> Attraction:
    place = kb.attraction(place_id)
    if place is None:
        raise KeyError(place_id)
    return place


def day_prices(kb: KnowledgeBase, place_ids: Sequence[str | None]) -> list[Price | None]:
    """Prices of one day's visits in order (``None`` for ids that are not attractions)."""
    first_at: dict[str, int] = {}
    for pos, pid in enumerate(place_ids):
        if pid is not None and kb.attraction(pid) is not None:
            first_at.setdefault(pid, pos)
    ids = tuple(first_at)
    amounts: dict[Category, list[float]] = {}
    labels: dict[Category, list[str | None]] = {c: [None] * len(ids) for c in CATEGORIES}
    for category in CATEGORIES:
        amounts[category] = [0.0] * len(ids)
        for members, ticket_id in _cheapest(kb, ids, category)[1]:
            lead = members[0]
            combined = next((t for t in kb.tickets if t.id == ticket_id), None)
            amounts[category][lead] = _amount(
                combined if combined is not None else _attraction(kb, ids[lead]), category
            )
            for member in members:
                labels[category][member] = ticket_id
    out: list[Price | None] = [None] * len(place_ids)
    for index, pid in enumerate(ids):
        place = _attraction(kb, pid)
        label, child_label = labels["adult"][index], labels["child"][index]
        senior = amounts["senior"][index] if _has_senior(kb, place, label) else None
        out[first_at[pid]] = Price(
            amounts["adult"][index],
            amounts["child"][index],
            senior,
            label,
            child_label if child_label != label else None,
        )
    for pos, pid in enumerate(place_ids):  # a second visit the same day: already paid
        if pid in first_at and first_at[pid] != pos:
            earlier = out[first_at[pid]]
            senior = None if earlier is None or earlier.senior is None else 0.0
            if earlier is not None:
                out[pos] = Price(0.0, 0.0, senior, earlier.ticket, earlier.child_ticket)
    return out


def _has_senior(kb: KnowledgeBase, place: Attraction, ticket_id: str | None) -> bool:
    """Whether a senior rate is known for how this visit is paid."""
    ticket = next((t for t in kb.tickets if t.id == ticket_id), None)
    if ticket is not None:
        return ticket.price_senior_sgd is not None
    return place.price_senior_sgd is not None
