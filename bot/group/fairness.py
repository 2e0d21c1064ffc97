"""What is fair for a whole group: the merged request, the order wishes are dropped in, and what
each member gets.

The merged request is the shared request plus every member's wishes: must-see places of anyone
(an explicit wish beats another member's "avoid"), the avoided places nobody wishes for, every
style, a relaxed pace when a member's mobility is limited, and a budget no higher than any
member's cap (scaled to the days they are present; each member's real share is checked after).
A wish of a member present on some days only may go on those days only (``must_see_days``).

Planning with these (which wishes to keep when not all fit) is :mod:`bot.group.balance`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.planner.itinerary import Itinerary
from bot.planner.kb import Attraction, KnowledgeBase
from bot.planning import PlanOutcome, style_days
from bot.trip import MAX_PEOPLE, Money, Pace, Party, Transport, TravelStyle, TripRequest

from .ledger import GroupLedger, MemberWishes

Reason = Literal["no_fit", "budget", "absent", "avoided", "voted"]


@dataclass
class FairOutcome:
    """The planner's outcome for the merged request, and the wishes dropped on the way."""

    outcome: PlanOutcome
    dropped: dict[str, Reason] = field(default_factory=dict)
    plans: int = 0


@dataclass(frozen=True)
class MemberReport:
    """How one member's wishes fare in a plan: places wished, places avoided, styles."""

    member: MemberWishes
    wished: tuple[str, ...]
    served: tuple[str, ...]
    missed: tuple[tuple[str, Reason, int], ...]  # place, why, day (for "absent")
    clashes: tuple[str, ...] = ()  # planned places this member avoids
    styles: tuple[tuple[TravelStyle, int], ...] = ()  # each style, days of theirs serving it
    days: int = 0  # the plan's days this member is there (0: no plan)


def all_wishes(request: TripRequest, ledger: GroupLedger) -> list[str]:
    """Every wished place, in the order first wished (the shared request's first), and the
    places the group voted to keep."""
    out = list(dict.fromkeys(request.must_see))
    for member in ledger.members:
        out += [p for p in member.must_see if p not in out]
    out += [p for p in ledger.pinned if p not in out]  # a free day's area the group voted for
    return [p for p in out if p not in ledger.vetoed]  # the group voted these out


def merged_request(request: TripRequest, ledger: GroupLedger, keep: list[str]) -> TripRequest:
    """The shared request with every member's wishes; ``keep``: the wished places kept."""
    avoided = list(
        dict.fromkeys(
            [*request.avoid, *(p for m in ledger.members for p in m.avoid), *ledger.vetoed]
        )
    )
    styles = list(dict.fromkeys([*request.styles, *(s for m in ledger.members for s in m.styles)]))
    update: dict[str, object] = {
        "must_see": list(keep),
        "avoid": [p for p in avoided if p not in keep],
        "styles": styles,
    }
    party = _party(request, ledger)
    if party is not None:
        update["party"] = party
    days = _wish_days(request, ledger, keep)
    days |= {p: d for p, d in ledger.wish_days.items() if p in keep}  # the group voted the day
    if days:
        update["must_see_days"] = days
    cap = _group_cap(request, ledger)
    if cap is not None:
        update["budget"] = Money(amount=cap, currency="SGD")
    if any(m.mobility for m in ledger.members):
        update["pace"] = Pace.RELAXED
        if Transport.TAXI not in request.transport and Transport.CAR not in request.transport:
            update["transport"] = [*request.transport, Transport.TAXI]
    return request.model_copy(update=update)


def _wish_days(request: TripRequest, ledger: GroupLedger, keep: list[str]) -> dict[str, list[int]]:
    """The days each kept wish may go on: those its wishers are there (any day if one of them
    always is)."""
    total = request.days or 0
    out: dict[str, list[int]] = {}
    for place in keep:
        wishers = [m for m in ledger.members if place in m.must_see]
        if not total or not wishers:
            continue
        if any(not m.days for m in wishers):
            continue
        days = sorted({d for m in wishers for d in m.days if 1 <= d <= total})
        if days and len(days) < total:
            out[place] = days
    return out


def _party(request: TripRequest, ledger: GroupLedger) -> Party | None:
    """The party with the members' own categories: the children they bring and the members who
    are children or seniors (``None``: the request's party as it is)."""
    brought = [age for m in ledger.members for age in m.children]
    young = sum(1 for m in ledger.members if m.category == "child")
    old = sum(1 for m in ledger.members if m.category == "senior")
    if not brought and not young and not old:
        return None
    base = request.party or Party(adults=max(1, len(ledger.members)))
    children = max(base.children, len(brought) + young)
    adults = max(1, base.adults - young)
    if adults + children > MAX_PEOPLE:
        children = MAX_PEOPLE - adults
    known = tuple(a for a in brought if a is not None)
    ages = base.child_ages if children == base.children else known[:children]
    seniors = min(adults, max(base.seniors, old))
    return Party(adults=adults, children=children, child_ages=ages, seniors=seniors)


def _group_cap(request: TripRequest, ledger: GroupLedger) -> int | None:
    days = request.days or 1
    caps: list[float] = []
    shared = request.budget_sgd()
    if shared is not None:
        caps.append(float(shared))
    for member in ledger.members:
        if member.budget_sgd is not None:
            present = sum(1 for d in range(1, days + 1) if member.present(d)) or days
            caps.append(member.budget_sgd * days / present)
    return max(1, int(min(caps))) if caps else None


def unserved(result: FairOutcome, ledger: GroupLedger) -> bool:
    """Tell whether a member with wishes has none of them served."""
    return any(r.wished and not r.served for r in report(result, ledger))


def standing(result: FairOutcome, ledger: GroupLedger) -> tuple[int, int, int, float, int]:
    """How well a plan serves the group: a plan at all, the places the group voted to keep,
    members served, the worst-served member's share, wishes served in all (greater is better)."""
    itinerary = result.outcome.itinerary
    if itinerary is None:
        return (0, 0, 0, 0.0, 0)
    planned = {i.place_id for d in itinerary.days for i in d.items if i.place_id}
    kept = sum(1 for p in ledger.pinned if p in planned)
    reports = [r for r in report(result, ledger) if r.wished]
    served = sum(1 for r in reports if r.served)
    worst = min((len(r.served) / len(r.wished) for r in reports), default=1.0)
    return (1, kept, served, worst, sum(len(r.served) for r in reports))


def rank_drops(
    keep: list[str], ledger: GroupLedger, hint: set[str], kb: KnowledgeBase
) -> list[str]:
    """Wished places in the order they should be dropped: fairest drop first."""
    wanting = [m for m in ledger.members if m.must_see]
    places = kb.places

    def score(victim: str) -> tuple[int, float, int, int, int, float, int]:
        left = [p for p in keep if p != victim]
        fractions = [fraction(m, left) for m in wanting] or [1.0]
        harmed = sum(1 for m in wanting if victim in m.must_see)
        place = places.get(victim)
        price = place.price_adult_sgd if isinstance(place, Attraction) else 0.0
        return (
            1 if victim in ledger.pinned else 0,  # the group voted to keep it: dropped last
            -min(fractions),
            harmed,
            0 if victim in hint else 1,
            -sum(len([p for p in m.must_see if p in left]) for m in wanting),
            -price,
            -keep.index(victim),
        )

    return sorted(keep, key=score)


def fraction(member: MemberWishes, kept: list[str]) -> float:
    return sum(1 for p in member.must_see if p in kept) / len(member.must_see)


def report(
    outcome: FairOutcome, ledger: GroupLedger, kb: KnowledgeBase | None = None
) -> list[MemberReport]:
    """What the plan does for each member's wishes (with ``kb``: their styles too)."""
    itinerary = outcome.outcome.itinerary
    day_of: dict[str, int] = {}
    if itinerary is not None:
        for number, planned in enumerate(itinerary.days, start=1):
            for item in planned.items:
                if item.place_id and item.kind != "transit":
                    day_of.setdefault(item.place_id, number)
    out: list[MemberReport] = []
    for member in ledger.members:
        served: list[str] = []
        missed: list[tuple[str, Reason, int]] = []
        for place in member.must_see:
            day = day_of.get(place)
            if day is not None and member.present(day):
                served.append(place)
            elif day is not None:
                missed.append((place, "absent", day))
            elif place in ledger.vetoed:
                missed.append((place, "voted", 0))
            else:
                missed.append((place, outcome.dropped.get(place, "no_fit"), 0))
        clashes = tuple(p for p in member.avoid if p in day_of)
        present = (
            [d for d in range(1, len(itinerary.days) + 1) if member.present(d)] if itinerary else []
        )
        styles = _styles(member, itinerary, present, kb)
        out.append(
            MemberReport(
                member, tuple(member.must_see), tuple(served), tuple(missed), clashes, styles,
                len(present),
            )
        )  # fmt: skip
    return out


def _styles(
    member: MemberWishes, itinerary: Itinerary | None, present: list[int], kb: KnowledgeBase | None
) -> tuple[tuple[TravelStyle, int], ...]:
    """Each of the member's styles and how many of their days serve it."""
    if itinerary is None or kb is None:
        return ()
    return tuple(
        (s, sum(1 for d in style_days(kb, itinerary, s) if d in present)) for s in member.styles
    )
