"""Cost per member of a group plan.

A member pays for the days they are present, for themselves and the children they bring: the
tickets of their own category (adult, child, student or senior — see
:attr:`~bot.group.ledger.MemberWishes.category`; per-category prices and combined tickets from
:mod:`bot.planner.pricing`), their meals, and their share of each taxi or car ride on those
days, split among the people riding that day (the itinerary's taxi cost is per person for the
whole party; the fare is re-split among riders). Public transport and walking cost each rider
their own fare. Pure; amounts in S$.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.planner.itinerary import Day, Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planner.pricing import Price, day_prices

from .ledger import CHILD_MAX_AGE, GroupLedger, MemberWishes

_SHARED_MODES = ("taxi", "car")


@dataclass
class MemberCost:
    """What one member pays, by kind (S$)."""

    user_id: str
    tickets: float = 0.0
    food: float = 0.0
    transport: float = 0.0  # own fares plus their share of shared rides
    shared_rides: float = 0.0  # the part of ``transport`` that is a share of a taxi / car
    days: list[int] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(self.tickets + self.food + self.transport, 2)


@dataclass
class GroupCosts:
    """Cost per member, the others in the party, and the shared rides."""

    members: list[MemberCost]
    others: int  # travellers in the party who never spoke to the bot
    other_each: float  # what each of them pays (every day, per-person figures)
    ride_fares: float  # taxi / car fares of the whole trip (whole vehicle)

    @property
    def total(self) -> float:
        return round(sum(m.total for m in self.members) + self.others * self.other_each, 2)


def member_costs(itinerary: Itinerary, ledger: GroupLedger, kb: KnowledgeBase) -> GroupCosts:
    """Split the plan's costs between the ledger's members (and the rest of the party)."""
    heads = sum(m.heads for m in ledger.members)
    party = itinerary.request.party.size if itinerary.request.party else heads
    party = max(party, heads, 1)
    costs = {m.user_id: MemberCost(m.user_id) for m in ledger.members}
    fares = 0.0
    for number, day in enumerate(itinerary.days, start=1):
        present = [m for m in ledger.members if m.present(number)]
        riders = max(1, party - sum(m.heads for m in ledger.members if m not in present))
        prices = _prices(day, kb)
        for index, item in enumerate(day.items):
            shared = item.kind == "transit" and item.mode in _SHARED_MODES
            fare = item.cost_sgd * party if shared else 0.0
            fares += fare
            for member in present:
                cost = costs[member.user_id]
                if shared:
                    cost.transport += fare / riders * member.heads
                    cost.shared_rides += fare / riders * member.heads
                elif item.kind == "transit":
                    cost.transport += item.cost_sgd * member.heads
                elif item.kind == "meal":
                    cost.food += item.cost_sgd * member.heads
                elif index in prices:
                    cost.tickets += party_ticket(prices[index], member)
                else:
                    cost.tickets += item.cost_sgd * member.heads
        for member in present:
            costs[member.user_id].days.append(number)
    others = max(0, party - heads)
    return GroupCosts(
        members=[_rounded(c) for c in costs.values()],
        others=others,
        other_each=round(itinerary.totals.per_person_sgd, 2),
        ride_fares=round(fares, 2),
    )


def _prices(day: Day, kb: KnowledgeBase) -> dict[int, Price]:
    """Each visit's ticket per category, by item index (combined tickets charged once)."""
    visits = [(i, item) for i, item in enumerate(day.items) if item.kind in ("visit", "show")]
    found = day_prices(kb, [item.place_id for _, item in visits])
    return {i: price for (i, _), price in zip(visits, found, strict=True) if price is not None}


def party_ticket(price: Price, member: MemberWishes) -> float:
    """What ``member`` pays at one gate: their own ticket and those of the children they bring."""
    category = member.category
    if category == "child":
        own = price.child
    elif category == "senior" and price.senior is not None:
        own = price.senior
    else:
        own = price.adult  # adults, students (no student rates known), seniors without a rate
    kids = sum(price.child if age is None or age <= CHILD_MAX_AGE else price.adult
               for age in member.children)  # fmt: skip
    return own + kids


def _rounded(cost: MemberCost) -> MemberCost:
    cost.tickets = round(cost.tickets, 2)
    cost.food = round(cost.food, 2)
    cost.transport = round(cost.transport, 2)
    cost.shared_rides = round(cost.shared_rides, 2)
    return cost


def over_caps(itinerary: Itinerary, ledger: GroupLedger, kb: KnowledgeBase) -> dict[str, float]:
    """Members whose share exceeds their personal cap, with the amount over (S$)."""
    out: dict[str, float] = {}
    for cost in member_costs(itinerary, ledger, kb).members:
        member = ledger.member(cost.user_id)
        if member is not None and member.budget_sgd is not None and cost.total > member.budget_sgd:
            out[cost.user_id] = round(cost.total - member.budget_sgd, 2)
    return out
