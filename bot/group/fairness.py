"""A plan for the whole group: the merged request, fair dropping, and what each member gets.

The merged request is the shared request plus every member's wishes: must-see places of anyone
(an explicit wish beats another member's "avoid"), the avoided places nobody wishes for, every
style, a relaxed pace when a member's mobility is limited, and a budget no higher than any
member's cap (scaled to the days they are present; each member's real share is checked after).

When not every wish fits (a must-see cannot be placed, or a member's cap is exceeded), wishes are
dropped one at a time, *fairest first*: the drop that keeps the worst-served member best served
(then the most wishes kept in all) is tried first, and a few such candidates are planned before
falling back on the place the planner named. A member never loses everything while another keeps
everything when a plan exists that serves both. The work is bounded by a count of plans, never by
the clock, so the same group gets the same plan.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from bot.i18n import both
from bot.planner.explain import Infeasible
from bot.planner.itinerary import Itinerary
from bot.planner.kb import Attraction, KnowledgeBase
from bot.planning import PlanOutcome
from bot.trip import Money, Pace, Transport, TripRequest

from .ledger import GroupLedger, MemberWishes
from .money import over_caps
from .names import safe_name

TRIES_PER_DROP = 3  # fairest candidates planned before falling back on the planner's hint
Reason = Literal["no_fit", "budget", "absent", "avoided", "voted"]
PlanFn = Callable[[TripRequest], Awaitable[PlanOutcome]]
MoveFn = Callable[[Itinerary, str, int], Awaitable[PlanOutcome]]  # place to a day (1-based)


@dataclass
class FairOutcome:
    """The planner's outcome for the merged request, and the wishes dropped on the way."""

    outcome: PlanOutcome
    dropped: dict[str, Reason] = field(default_factory=dict)
    plans: int = 0


@dataclass(frozen=True)
class MemberReport:
    """How one member's place wishes fare in a plan."""

    member: MemberWishes
    wished: tuple[str, ...]
    served: tuple[str, ...]
    missed: tuple[tuple[str, Reason, int], ...]  # place, why, day (for "absent")


def all_wishes(request: TripRequest, ledger: GroupLedger) -> list[str]:
    """Every wished place, in the order first wished (the shared request's first)."""
    out = list(dict.fromkeys(request.must_see))
    for member in ledger.members:
        out += [p for p in member.must_see if p not in out]
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
    cap = _group_cap(request, ledger)
    if cap is not None:
        update["budget"] = Money(amount=cap, currency="SGD")
    if any(m.mobility for m in ledger.members):
        update["pace"] = Pace.RELAXED
        if Transport.TAXI not in request.transport and Transport.CAR not in request.transport:
            update["transport"] = [*request.transport, Transport.TAXI]
    return request.model_copy(update=update)


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


async def plan_fairly(
    plan: PlanFn,
    request: TripRequest,
    ledger: GroupLedger,
    kb: KnowledgeBase,
    *,
    max_plans: int = 24,
    move: MoveFn | None = None,
) -> FairOutcome:
    """Plan the merged request, dropping wishes fairly until a plan fits every cap.

    With ``move``, a wish planned on a day its member is away is moved to a day they are there
    (when the planner and every cap allow it).
    """
    cache: dict[tuple[str, ...], PlanOutcome] = {}
    result = FairOutcome(PlanOutcome())

    async def attempt(keep: list[str]) -> PlanOutcome:
        key = tuple(keep)
        if key not in cache:
            result.plans += 1
            outcome = await plan(merged_request(request, ledger, keep))
            if outcome.itinerary is not None:
                over = over_caps(outcome.itinerary, ledger)
                if over:
                    outcome = PlanOutcome(infeasible=_over_cap(over, ledger))
            cache[key] = outcome
        return cache[key]

    keep = all_wishes(request, ledger)
    outcome = await attempt(keep)
    while outcome.itinerary is None and keep and result.plans < max_plans:
        reason = _reason(outcome)
        if reason is None:
            break
        ranked = rank_drops(keep, ledger, _hint(outcome, kb, keep), kb)
        chosen: str | None = None
        for victim in ranked[:TRIES_PER_DROP]:
            if result.plans >= max_plans:
                break
            trial = await attempt([p for p in keep if p != victim])
            if trial.itinerary is not None:
                chosen = victim
                break
        if chosen is None:
            hinted = [p for p in ranked if p in _hint(outcome, kb, keep)]
            chosen = (hinted or ranked)[0]
        keep = [p for p in keep if p != chosen]
        result.dropped[chosen] = reason
        outcome = await attempt(keep)
    if move is not None and outcome.itinerary is not None:
        outcome = PlanOutcome(itinerary=await _to_present_days(outcome.itinerary, ledger, move))
    result.outcome = outcome
    return result


async def _to_present_days(itinerary: Itinerary, ledger: GroupLedger, move: MoveFn) -> Itinerary:
    """Move each wish planned on a day its member is away to a day they are there."""
    for member in ledger.members:
        if not member.days:
            continue
        for place in member.must_see:
            day = _day_of(itinerary, place)
            if day is None or member.present(day):
                continue
            for target in (d for d in member.days if d <= len(itinerary.days)):
                moved = await move(itinerary, place, target)
                if moved.itinerary is not None and not over_caps(moved.itinerary, ledger):
                    itinerary = moved.itinerary
                    break
    return itinerary


def _day_of(itinerary: Itinerary, place: str) -> int | None:
    return next(
        (n for n, d in enumerate(itinerary.days, start=1) for i in d.items if i.place_id == place),
        None,
    )


def _over_cap(over: dict[str, float], ledger: GroupLedger) -> Infeasible:
    user, amount = max(over.items(), key=lambda kv: (kv[1], kv[0]))
    member = ledger.member(user)
    name = safe_name(member.name if member else "")
    en, ko = both("group.over_cap", amount=amount, name=name, cap=_cap(member))
    return Infeasible(constraint="budget", amount=amount, message_en=en, message_ko=ko)


def _cap(member: MemberWishes | None) -> int:
    return member.budget_sgd or 0 if member is not None else 0


def _reason(outcome: PlanOutcome) -> Reason | None:
    if outcome.infeasible is None:
        return None
    if outcome.infeasible.constraint == "must_see":
        return "no_fit"
    if outcome.infeasible.constraint == "budget":
        return "budget"
    return None


def _hint(outcome: PlanOutcome, kb: KnowledgeBase, keep: list[str]) -> set[str]:
    """The kept places the planner's explanation names (it could not fit them)."""
    if outcome.infeasible is None or outcome.infeasible.constraint != "must_see":
        return set()
    text = outcome.infeasible.message_en
    return {p for p in keep if p in kb.places and kb.places[p].names.en in text}


def rank_drops(
    keep: list[str], ledger: GroupLedger, hint: set[str], kb: KnowledgeBase
) -> list[str]:
    """Wished places in the order they should be dropped: fairest drop first."""
    wanting = [m for m in ledger.members if m.must_see]
    places = kb.places

    def score(victim: str) -> tuple[int, float, int, int, int, float, int]:
        left = [p for p in keep if p != victim]
        fractions = [_fraction(m, left) for m in wanting] or [1.0]
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


def _fraction(member: MemberWishes, kept: list[str]) -> float:
    return sum(1 for p in member.must_see if p in kept) / len(member.must_see)


def report(outcome: FairOutcome, ledger: GroupLedger) -> list[MemberReport]:
    """What the plan does for each member's place wishes."""
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
        out.append(MemberReport(member, tuple(member.must_see), tuple(served), tuple(missed)))
    return out
