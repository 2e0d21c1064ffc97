"""Fairness benchmark: 100 generated groups of 2–6 members with conflicting wishes.

Run with ``python -m bench.bench_fairness`` (writes ``bench/results/fairness.md``). Each group
(seeded) has a 1–3 day trip and members who each wish for 1–3 places drawn from a small pool of
popular, far-apart attractions (so wishes collide), some with a personal cap, some present on some
days only. Two ways of planning are compared, both through the real planner and checker:

- **fair** — :func:`bot.group.balance.plan_fairly`: drop the wish whose loss keeps the
  worst-served member best served, and move a wish to a day its member is there;
- **naive** — drop what the planner names (or the last wish said) until a plan exists.

Figures, over groups where a plan exists: the share of members with at least one wish served
(goal 100%), the mean share of each member's wishes served, and the spread (best-served member's
share minus worst-served member's share, averaged over groups).

Where a member is left with none of their wishes, the bench tries to prove that no fair plan
exists: :func:`bot.group.balance.cover` searches every combination of one wish per member
through the real planner (a combination that does not plan is not extended). A group where every
combination fails is *not feasible* and listed with its reason; the goal is then measured over
the feasible groups — and the figure over all groups is shown too.
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
from bot.group.balance import Attempts, cover, plan_fairly
from bot.group.fairness import FairOutcome, all_wishes, merged_request, report
from bot.group.ledger import GroupLedger
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.planning import EditOp, Planner, PlanOutcome
from bot.trip import Party, TripRequest

GROUPS = 100
SEED = 12
OUT = RESULTS / "fairness.md"
POOL_SIZE = 18  # popular places the wishes are drawn from: small, so wishes collide
PROOF_PLANS = 2000  # plans the proof of infeasibility may make for one group (never reached)


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
    feasible_members: int = 0  # members of groups where a fair plan exists
    feasible_served: int = 0

    def add(self, fair: FairOutcome, ledger: GroupLedger, feasible: bool) -> None:
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
            if feasible:
                self.feasible_members += 1
                self.feasible_served += 1 if rep.served else 0
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


@dataclass
class Proof:
    """Groups where no fair plan exists (every combination tried), with the reason."""

    infeasible: list[str] = field(default_factory=list)
    cut: int = 0  # searches stopped by PROOF_PLANS (counted as feasible: no proof)
    plans: int = 0


async def no_fair_plan(
    planner: Planner, request: TripRequest, ledger: GroupLedger, kb: KnowledgeBase
) -> tuple[bool, int, bool]:
    """(whether no plan serves every member — proven by trying, plans made, search cut)."""
    attempt = Attempts(planner.plan_async, request, ledger, kb)
    found = await cover(attempt, ledger, all_wishes(request, ledger), kb, PROOF_PLANS)
    return found.places is None and found.exhaustive, attempt.count, not found.exhaustive


async def why_not(
    planner: Planner, request: TripRequest, ledger: GroupLedger, fair: FairOutcome,
    kb: KnowledgeBase,
) -> str:  # fmt: skip
    """Each unserved member's wishes, and what stops each one."""
    days = request.days or 1
    parts = []
    for rep in report(fair, ledger):
        if not rep.wished or rep.served:
            continue
        said = []
        for place in rep.wished:
            alone = await planner.plan_async(merged_request(request, ledger, [place]))
            name = kb.places[place].names.en
            if alone.infeasible is not None:
                said.append(alone.infeasible.message_en.rstrip("."))
            else:
                said.append(
                    f"{name} fits alone, but not with one wish of each other member "
                    f"in {days} day{'s' if days > 1 else ''}"
                )
        parts.append(f"{rep.member.name}: " + "; ".join(said))
    return " · ".join(parts)


async def run() -> tuple[Tally, Tally, Proof]:
    kb = load_knowledge_base()
    planner = Planner(kb)
    places = pool(kb)
    rng = random.Random(SEED)
    fair, naive, proof = Tally(), Tally(), Proof()

    async def move(itinerary: Itinerary, place: str, day: int) -> PlanOutcome:
        return await planner.edit_async(itinerary, EditOp("move", day=day, place_id=place))

    for number in range(GROUPS):
        request, ledger = make_group(rng, places)
        started = time.perf_counter()
        outcome = await plan_fairly(planner.plan_async, request, ledger, kb, move=move)
        fair.seconds += time.perf_counter() - started
        feasible = True
        if any(r.wished and not r.served for r in report(outcome, ledger)):
            impossible, plans, cut = await no_fair_plan(planner, request, ledger, kb)
            proof.plans += plans
            proof.cut += cut
            if impossible:
                feasible = False
                reason = await why_not(planner, request, ledger, outcome, kb)
                proof.infeasible.append(
                    f"group {number + 1} ({len(ledger.members)} members, {request.days} "
                    f"day{'s' if (request.days or 1) > 1 else ''}): {reason}"
                )
        fair.add(outcome, ledger, feasible)
        started = time.perf_counter()
        naive.add(await plan_naively(planner.plan_async, request, ledger, kb), ledger, feasible)
        naive.seconds += time.perf_counter() - started
    return fair, naive, proof


def _row(name: str, tally: Tally) -> str:
    served = tally.members_served / tally.members if tally.members else 0.0
    feasible = tally.feasible_served / tally.feasible_members if tally.feasible_members else 0.0
    mean = statistics.fmean(tally.fractions) if tally.fractions else 0.0
    spread = statistics.fmean(tally.spreads) if tally.spreads else 0.0
    plans = statistics.fmean(tally.plans) if tally.plans else 0.0
    return (
        f"| {name} | {tally.groups_planned}/{GROUPS} | {feasible:.1%} ({tally.feasible_served}/"
        f"{tally.feasible_members}) | {served:.1%} ({tally.members_served}/{tally.members}) | "
        f"{mean:.1%} | {spread:.2f} | {tally.worst_zero_while_full} | {plans:.1f} | "
        f"{tally.seconds / GROUPS:.2f} s |"
    )


def main() -> None:
    fair, naive, proof = asyncio.run(run())
    lines = [
        "# Fairness of group plans",
        "",
        f"Machine: {machine_line()}",
        "",
        f"{GROUPS} groups (seed {SEED}) of 2–6 members, 1–3 day trips; each member wishes for 1–3 "
        f"of {POOL_SIZE} popular paid attractions; ~25% have a personal cap, ~20% join late. "
        "Produced by `python -m bench.bench_fairness`.",
        "",
        "| planning | groups with a plan | members with ≥1 wish served, where a fair plan exists "
        "(goal 100%) | members with ≥1 wish served, all groups | mean share of wishes served | "
        "spread (best − worst member) | groups: one member 0%, another 100% | plans per group | "
        "time per group |",
        "|---|---|---|---|---|---|---|---|---|",
        _row("fair (bot.group.balance)", fair),
        _row("naive (drop what the planner names)", naive),
        "",
        f"Not feasible — no combination of one wish per member plans together (every combination "
        f"tried through the real planner, {proof.plans} plans; searches stopped unfinished: "
        f"{proof.cut}):",
        "",
        *(f"- {line}" for line in proof.infeasible),
        *(["- none"] if not proof.infeasible else []),
        "",
        "Members with ≥1 wish served counts members of groups that got a plan. The spread is the "
        "best-served member's share of their wishes minus the worst-served member's, averaged "
        "over groups. The planner's search is bounded by work, not time "
        "(`bot/planner/search.py`), so these figures are the same on every run.",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
