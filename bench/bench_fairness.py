"""Fairness benchmark: 100 generated groups of 2–6 members with conflicting wishes.

Run with ``python -m bench.bench_fairness`` (writes ``bench/results/fairness.md``). Each group
(seeded) has a 1–3 day trip and members who each wish for 1–3 places drawn from a small pool of
popular, far-apart attractions (so wishes collide), some with a personal cap, some present on some
days only. Two ways of planning are compared, both through the real planner and checker:

- **fair** — :func:`bot.group.fairness.plan_fairly`: drop the wish whose loss keeps the
  worst-served member best served, and move a wish to a day its member is there;
- **naive** — drop what the planner names (or the last wish said) until a plan exists.

Figures, over groups where a plan exists: the share of members with at least one wish served
(goal 100%), the mean share of each member's wishes served, and the spread (best-served member's
share minus worst-served member's share, averaged over groups).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.machine import RESULTS, machine_line
from bot.group.fairness import FairOutcome, all_wishes, merged_request, plan_fairly, report
from bot.group.ledger import GroupLedger
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.planning import EditOp, Planner, PlanOutcome
from bot.trip import Party, TripRequest

GROUPS = 100
SEED = 12
OUT = RESULTS / "fairness.md"
POOL_SIZE = 18  # popular places the wishes are drawn from: small, so wishes collide


@dataclass
class Tally:
    """Figures of one way of planning over every group."""

    groups_planned: int = 0
    members: int = 0
    members_served: int = 0
    fractions: list[float] = field(default_factory=list)
    spreads: list[float] = field(default_factory=list)
    plans: list[int] = field(default_factory=list)
    seconds: float = 0.0
    worst_zero_while_full: int = 0  # groups where one member got nothing and another everything

    def add(self, fair: FairOutcome, ledger: GroupLedger) -> None:
        self.plans.append(fair.plans)
        if fair.outcome.itinerary is None:
            return
        self.groups_planned += 1
        shares = []
        for rep in report(fair, ledger):
            if not rep.wished:
                continue
            share = len(rep.served) / len(rep.wished)
            shares.append(share)
            self.members += 1
            self.members_served += 1 if rep.served else 0
        if shares:
            self.fractions.extend(shares)
            self.spreads.append(max(shares) - min(shares))
            if min(shares) == 0 and max(shares) == 1:
                self.worst_zero_while_full += 1


def pool(kb: KnowledgeBase) -> list[str]:
    """Popular paid attractions across the island (wishes collide on time and money)."""
    paid = sorted((a for a in kb.attractions if a.price_adult_sgd >= 20), key=lambda a: a.id)
    return [a.id for a in paid][:POOL_SIZE]


def make_group(rng: random.Random, places: list[str]) -> tuple[TripRequest, GroupLedger]:
    """One seeded group: a short trip and 2–6 members with their own wishes."""
    days = rng.randint(1, 3)
    start = date(2027, 3, 1) + timedelta(days=rng.randint(0, 200))
    size = rng.randint(2, 6)
    request = TripRequest(
        start_date=start, end_date=start + timedelta(days=days - 1), party=Party(adults=size)
    )
    ledger = GroupLedger()
    for index in range(size):
        member = ledger.join(f"bench:{index}", f"m{index}", "en")
        member.must_see = rng.sample(places, rng.randint(1, 3))
        if rng.random() < 0.25:
            member.budget_sgd = rng.choice([150, 250, 400, 600]) * days
        if days > 1 and rng.random() < 0.2:
            first = rng.randint(1, days)
            member.days = list(range(first, days + 1))
    return request, ledger


async def plan_naively(
    plan: Callable[[TripRequest], Awaitable[PlanOutcome]],
    request: TripRequest,
    ledger: GroupLedger,
    kb: KnowledgeBase,
    max_plans: int = 24,
) -> FairOutcome:
    """Drop what the planner names (else the last wish said) until a plan exists."""
    keep = all_wishes(request, ledger)
    result = FairOutcome(PlanOutcome())
    while True:
        result.plans += 1
        outcome = await plan(merged_request(request, ledger, keep))
        if outcome.itinerary is not None or not keep or result.plans >= max_plans:
            result.outcome = outcome
            return result
        text = outcome.infeasible.message_en if outcome.infeasible else ""
        named = [p for p in keep if kb.places[p].names.en in text]
        victim = named[0] if named else keep[-1]
        keep = [p for p in keep if p != victim]
        result.dropped[victim] = "no_fit"


async def run() -> tuple[Tally, Tally]:
    kb = load_knowledge_base()
    planner = Planner(kb)
    places = pool(kb)
    rng = random.Random(SEED)
    fair, naive = Tally(), Tally()

    async def move(itinerary: Itinerary, place: str, day: int) -> PlanOutcome:
        return await planner.edit_async(itinerary, EditOp("move", day=day, place_id=place))

    for _ in range(GROUPS):
        request, ledger = make_group(rng, places)
        started = time.perf_counter()
        fair.add(await plan_fairly(planner.plan_async, request, ledger, kb, move=move), ledger)
        fair.seconds += time.perf_counter() - started
        started = time.perf_counter()
        naive.add(await plan_naively(planner.plan_async, request, ledger, kb), ledger)
        naive.seconds += time.perf_counter() - started
    return fair, naive


def _row(name: str, tally: Tally) -> str:
    served = tally.members_served / tally.members if tally.members else 0.0
    mean = statistics.fmean(tally.fractions) if tally.fractions else 0.0
    spread = statistics.fmean(tally.spreads) if tally.spreads else 0.0
    plans = statistics.fmean(tally.plans) if tally.plans else 0.0
    return (
        f"| {name} | {tally.groups_planned}/{GROUPS} | {served:.1%} ({tally.members_served}/"
        f"{tally.members}) | {mean:.1%} | {spread:.2f} | {tally.worst_zero_while_full} | "
        f"{plans:.1f} | {tally.seconds / GROUPS:.2f} s |"
    )


def main() -> None:
    fair, naive = asyncio.run(run())
    lines = [
        "# Fairness of group plans",
        "",
        f"Machine: {machine_line()}",
        "",
        f"{GROUPS} groups (seed {SEED}) of 2–6 members, 1–3 day trips; each member wishes for 1–3 "
        f"of {POOL_SIZE} popular paid attractions; ~25% have a personal cap, ~20% join late. "
        "Produced by `python -m bench.bench_fairness`.",
        "",
        "| planning | groups with a plan | members with ≥1 wish served | mean share of wishes "
        "served | spread (best − worst member) | groups: one member 0%, another 100% | plans "
        "per group | time per group |",
        "|---|---|---|---|---|---|---|---|",
        _row("fair (bot.group.fairness)", fair),
        _row("naive (drop what the planner names)", naive),
        "",
        "Members with ≥1 wish served counts members of groups that got a plan. A member can stay "
        "at 0% when none of their wishes fits even alone (a place closed on every trip day, or "
        "over their own cap). The planner's search is bounded by work, not time "
        "(`bot/planner/search.py`), so these figures are the same on every run.",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
