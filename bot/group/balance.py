"""Planning a group's trip fairly: which wishes the plan keeps when not all of them fit.

When not every wish fits (a must-see cannot be placed, or a member's cap is exceeded), wishes are
dropped one at a time, *fairest first*: the drop that keeps the worst-served member best served
(then the most wishes kept in all) is tried first, and a few such candidates are planned before
falling back on the place the planner named. When that leaves a member with nothing, the plan is
grown instead: :func:`cover` searches for one wish of every member that plans together, then the
other wishes are added, the worst-served member's first; the better plan wins. A member never
loses everything while another keeps everything when a plan exists that serves both. The work is
bounded by a count of plans, never by the clock, so the same group gets the same plan. What is
fair (the merged request, the ranking, the report per member) is in :mod:`bot.group.fairness`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.i18n import both
from bot.planner.explain import Infeasible
from bot.planner.itinerary import Itinerary
from bot.planner.kb import Attraction, KnowledgeBase
from bot.planning import PlanOutcome
from bot.trip import TripRequest

from .fairness import (
    FairOutcome,
    Reason,
    all_wishes,
    fraction,
    merged_request,
    rank_drops,
    standing,
    unserved,
)
from .ledger import GroupLedger, MemberWishes
from .money import over_caps
from .names import safe_name

TRIES_PER_DROP = 3  # fairest candidates planned before falling back on the planner's hint
GROW_PLANS = 40  # plans the growing pass may make on top of the dropping pass's
GREEDY_PLANS = 12  # of which kept for adding the wishes beyond one per member
PlanFn = Callable[[TripRequest], Awaitable[PlanOutcome]]
MoveFn = Callable[[Itinerary, str, int], Awaitable[PlanOutcome]]  # place to a day (1-based)


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

    Wishes are first dropped one at a time, fairest first. When that leaves a member with none
    of their wishes, the plan is grown instead: one wish of each member first (the most
    constrained member first), then the others, the worst-served member's first — and the
    better of the two is kept. With ``move``, a wish planned on a day its member is away is
    moved to a day they are there (when the planner and every cap allow it).
    """
    attempt = Attempts(plan, request, ledger, kb)
    result = await _drop_fairly(attempt, request, ledger, kb, max_plans)
    if result.outcome.itinerary is None or unserved(result, ledger) or _lost_pinned(result, ledger):
        grown = await _grow(attempt, request, ledger, kb, attempt.count + GROW_PLANS)
        if standing(grown, ledger) > standing(result, ledger):
            result = grown
    if move is not None and result.outcome.itinerary is not None:
        moved = await _to_present_days(result.outcome.itinerary, ledger, move, kb)
        result.outcome = PlanOutcome(itinerary=moved)
    result.plans = attempt.count
    return result


def _lost_pinned(result: FairOutcome, ledger: GroupLedger) -> bool:
    """Tell whether the plan dropped a place the group voted to keep."""
    return any(p in result.dropped for p in ledger.pinned)


class Attempts:
    """Plans of the merged request for a set of kept wishes, each planned once and counted."""

    def __init__(
        self, plan: PlanFn, request: TripRequest, ledger: GroupLedger, kb: KnowledgeBase
    ) -> None:
        self.plan, self.request, self.ledger, self.kb = plan, request, ledger, kb
        self.cache: dict[tuple[str, ...], PlanOutcome] = {}
        self.count = 0

    async def __call__(self, keep: list[str]) -> PlanOutcome:
        key = tuple(keep)
        if key not in self.cache:
            self.count += 1
            outcome = await self.plan(merged_request(self.request, self.ledger, keep))
            if outcome.itinerary is not None:
                over = over_caps(outcome.itinerary, self.ledger, self.kb)
                if over:
                    outcome = PlanOutcome(infeasible=_over_cap(over, self.ledger))
            self.cache[key] = outcome
        return self.cache[key]


async def _drop_fairly(
    attempt: Attempts, request: TripRequest, ledger: GroupLedger, kb: KnowledgeBase, limit: int
) -> FairOutcome:
    """Drop one wish at a time, the fairest drop first, until a plan exists."""
    result = FairOutcome(PlanOutcome())
    keep = all_wishes(request, ledger)
    outcome = await attempt(keep)
    while outcome.itinerary is None and keep and attempt.count < limit:
        reason = _reason(outcome)
        if reason is None:
            break
        ranked = rank_drops(keep, ledger, _hint(outcome, kb, keep), kb)
        chosen: str | None = None
        for victim in ranked[:TRIES_PER_DROP]:
            if attempt.count >= limit:
                break
            trial = await attempt([p for p in keep if p != victim])
            if trial.itinerary is not None:
                chosen = victim
                break
        if chosen is None:
            hint = _hint(outcome, kb, keep)  # a place the group voted to keep is not the fallback
            hinted = [p for p in ranked if p in hint and p not in ledger.pinned]
            chosen = (hinted or ranked)[0]
        keep = [p for p in keep if p != chosen]
        result.dropped[chosen] = reason
        outcome = await attempt(keep)
    result.outcome = outcome
    return result


async def _grow(
    attempt: Attempts, request: TripRequest, ledger: GroupLedger, kb: KnowledgeBase, limit: int
) -> FairOutcome:
    """Build the plan up: a wish of every member first, then the rest, worst-served first."""
    wishes = all_wishes(request, ledger)
    chosen: list[str] = []
    dropped: dict[str, Reason] = {}
    outcome = await attempt([])

    async def add(place: str) -> bool:
        nonlocal outcome
        trial = await attempt([p for p in wishes if p in chosen or p == place])
        if trial.itinerary is None:
            dropped[place] = _reason(trial) or "no_fit"
            return False
        chosen.append(place)
        outcome = trial
        return True

    for place in (p for p in wishes if p in ledger.pinned):
        await add(place)  # the group voted to keep these: first in
    wanting = [m for m in ledger.members if any(p in wishes for p in m.must_see)]
    found = await cover(attempt, ledger, wishes, kb, limit - GREEDY_PLANS, start=chosen)
    if found.places is not None:
        chosen[:] = found.places
        outcome = await attempt([p for p in wishes if p in chosen])
    for member in sorted(wanting, key=lambda m: sum(1 for p in m.must_see if p in wishes)):
        if any(p in chosen for p in member.must_see):
            continue
        for place in _first_choices(member, wishes, ledger, kb, dropped):
            if attempt.count >= limit or await add(place):
                break
    rest = [p for p in wishes if p not in chosen and p not in dropped]
    while rest and attempt.count < limit:
        place = min(rest, key=lambda p: _need(p, chosen, wanting, wishes))
        rest.remove(place)
        await add(place)
    for place in wishes:
        if place not in chosen:
            dropped.setdefault(place, "no_fit")
    return FairOutcome(outcome if outcome.itinerary is not None else PlanOutcome(), dropped)


@dataclass(frozen=True)
class Cover:
    """One wish of every member that plans together (``None``: none found), and whether every
    combination was tried (so ``None`` proves there is none)."""

    places: list[str] | None
    exhaustive: bool


async def cover(
    attempt: Attempts,
    ledger: GroupLedger,
    wishes: list[str],
    kb: KnowledgeBase,
    limit: int,
    start: list[str] | None = None,
) -> Cover:
    """Search for one wish of each member that the planner fits together (depth first, the
    member with fewest wishes first; a combination that does not plan is not extended, since
    adding a must-see never makes a plan possible), on top of ``start`` (wishes already in).
    Stops once ``limit`` plans were made."""
    wanting = [m for m in ledger.members if any(p in wishes for p in m.must_see)]
    order = sorted(wanting, key=lambda m: sum(1 for p in m.must_see if p in wishes))
    cut = False

    async def search(index: int, chosen: list[str]) -> list[str] | None:
        nonlocal cut
        if index == len(order):
            return chosen
        member = order[index]
        if any(p in chosen for p in member.must_see):
            return await search(index + 1, chosen)
        for place in _first_choices(member, wishes, ledger, kb, {}):
            keep = [p for p in wishes if p in chosen or p == place]
            if tuple(keep) not in attempt.cache and attempt.count >= limit:
                cut = True
                return None
            if (await attempt(keep)).itinerary is None:
                continue
            found = await search(index + 1, [*chosen, place])
            if found is not None or cut:
                return found
        return None

    places = await search(0, list(start or []))
    return Cover(places, exhaustive=not cut)


def _first_choices(
    member: MemberWishes,
    wishes: list[str],
    ledger: GroupLedger,
    kb: KnowledgeBase,
    failed: dict[str, Reason],
) -> list[str]:
    """A member's wishes to try first: shared by most members, then the cheapest."""

    def key(place: str) -> tuple[int, float, int]:
        found = kb.places.get(place)
        price = found.price_adult_sgd if isinstance(found, Attraction) else 0.0
        return (-sum(1 for m in ledger.members if place in m.must_see), price, wishes.index(place))

    return sorted((p for p in member.must_see if p in wishes and p not in failed), key=key)


def _need(
    place: str, chosen: list[str], wanting: list[MemberWishes], wishes: list[str]
) -> tuple[float, int, int]:
    """How much adding ``place`` helps: the worst-served of its wishers first, then sharing."""
    wishers = [m for m in wanting if place in m.must_see]
    worst = min((fraction(m, chosen) for m in wishers), default=1.0)
    return (worst, -len(wishers), wishes.index(place))


async def _to_present_days(
    itinerary: Itinerary, ledger: GroupLedger, move: MoveFn, kb: KnowledgeBase
) -> Itinerary:
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
                if moved.itinerary is not None and not over_caps(moved.itinerary, ledger, kb):
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
