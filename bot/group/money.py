"""Cost per member of a group plan.

A member pays for the days they are present: their own ticket category (members speaking in chat
are adults, so the adult price the itinerary carries per person), their own meals, and their share
of each taxi or car ride on those days, split among the party members riding that day (the
itinerary's taxi cost is per person for the whole party; the fare is re-split among riders).
Public transport and walking cost each rider their own fare. Pure; amounts in S$.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.planner.itinerary import Itinerary

from .ledger import GroupLedger

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


def member_costs(itinerary: Itinerary, ledger: GroupLedger) -> GroupCosts:
    """Split the plan's costs between the ledger's members (and the rest of the party)."""
    party = itinerary.request.party.size if itinerary.request.party else len(ledger.members)
    party = max(party, len(ledger.members), 1)
    costs = {m.user_id: MemberCost(m.user_id) for m in ledger.members}
    fares = 0.0
    for number, day in enumerate(itinerary.days, start=1):
        present = [m for m in ledger.members if m.present(number)]
        riders = max(1, party - (len(ledger.members) - len(present)))
        for item in day.items:
            shared = item.kind == "transit" and item.mode in _SHARED_MODES
            fare = item.cost_sgd * party if shared else 0.0
            fares += fare
            for member in present:
                cost = costs[member.user_id]
                if shared:
                    cost.transport += fare / riders
                    cost.shared_rides += fare / riders
                elif item.kind == "transit":
                    cost.transport += item.cost_sgd
                elif item.kind == "meal":
                    cost.food += item.cost_sgd
                else:
                    cost.tickets += item.cost_sgd
        for member in present:
            costs[member.user_id].days.append(number)
    others = max(0, party - len(ledger.members))
    return GroupCosts(
        members=[_rounded(c) for c in costs.values()],
        others=others,
        other_each=round(itinerary.totals.per_person_sgd, 2),
        ride_fares=round(fares, 2),
    )


def _rounded(cost: MemberCost) -> MemberCost:
    cost.tickets = round(cost.tickets, 2)
    cost.food = round(cost.food, 2)
    cost.transport = round(cost.transport, 2)
    cost.shared_rides = round(cost.shared_rides, 2)
    return cost


def over_caps(itinerary: Itinerary, ledger: GroupLedger) -> dict[str, float]:
    """Members whose share exceeds their personal cap, with the amount over (S$)."""
    out: dict[str, float] = {}
    for cost in member_costs(itinerary, ledger).members:
        member = ledger.member(cost.user_id)
        if member is not None and member.budget_sgd is not None and cost.total > member.budget_sgd:
            out[cost.user_id] = round(cost.total - member.budget_sgd, 2)
    return out
