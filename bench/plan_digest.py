"""Plan digest: every outcome of a large, varied, seeded set of plans and edits, hashed.

Run with ``python -m bench.plan_digest [--out FILE] [--reverse] [--scale N]``. It plans the
requests of :func:`spread` (the determinism test's, with more seeds and more of them) and the
bench's random requests (1 to 7 days, with must-see places, walking limits, hotel areas
and interests), then makes a dozen kinds of edit on each plan (lighter, fuller, regenerate,
remove, swap, add, move, swap days, start later, more time, less walking, add in the evening).

It writes one line per outcome, ``label sha256-of-its-JSON``, to ``--out`` and prints the
count, one sha256 over all the lines and the CPU seconds (``time.process_time``) the planning
took. A pure performance change of the planner must leave the file byte-identical. With
``--reverse`` the requests are planned in the opposite order (the lines are still written in
the canonical order): the digest must not change either, so no cache carries state from one
plan into another.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from bench.bench_planner import random_request
from bot.planner import adjust, edits
from bot.planner.geo import HOTEL_AREAS
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.planner.service import PlanResult, plan_trip, travel_model
from bot.planner.travel import TravelModel
from bot.trip import Money, Pace, Party, Transport, TravelStyle, TripRequest

SPREAD_SEEDS = (20261130, 1, 2, 3)
SPREAD_COUNT = 12  # requests per seed (times --scale)
BENCH_DAYS = (1, 2, 3, 5, 7)
BENCH_COUNT = 6  # requests per day count (times --scale)

Case = tuple[str, TripRequest, TravelModel | None]


def spread(kb: KnowledgeBase, count: int = 10, seed: int = 20261130) -> list[TripRequest]:
    """Varied requests over ``kb`` (seeded): 1 to 5 days, children, styles, budgets, a
    must-see, arrival and departure times (tests/unit/planner/test_determinism.py plans them)."""
    rng = random.Random(seed)
    ids = sorted(a.id for a in kb.attractions)
    out = []
    for _ in range(count):
        start = date(2027, 1, 4) + timedelta(days=rng.randint(0, 300))
        days = rng.choice([1, 2, 3, 4, 5])
        out.append(
            TripRequest(
                start_date=start,
                end_date=start + timedelta(days=days - 1),
                party=Party(adults=rng.randint(1, 3), children=rng.choice([0, 0, 1])),
                styles=rng.sample(list(TravelStyle), rng.randint(0, 2)),
                pace=rng.choice(list(Pace)),
                transport=rng.sample(list(Transport), rng.randint(1, 2)),
                budget=rng.choice([None, Money(amount=Decimal(rng.randint(200, 2500)))]),
                must_see=rng.sample(ids, rng.choice([0, 1])),
                arrival_time=rng.choice([None, "10:30", "15:00"]),
                departure_time=rng.choice([None, "18:00", "23:30"]),
            )
        )
    return out


def cases(kb: KnowledgeBase, scale: int) -> list[Case]:
    """The requests, each with a label and the travel model to plan with (None: the service's
    own, of the request's dates)."""
    shared = travel_model(kb)
    out: list[Case] = []
    for seed in SPREAD_SEEDS:
        for k, request in enumerate(spread(kb, SPREAD_COUNT * scale, seed)):
            out.append((f"spread-{seed}-{k}", request, shared if k % 2 else None))
    rng = random.Random(7)
    hotels = sorted(HOTEL_AREAS)
    for days in BENCH_DAYS:
        for k in range(BENCH_COUNT * scale):
            request = random_request(rng, days, kb, must=k % 3)
            extra: dict[str, object] = {}
            if k % 4 == 1:
                extra["max_walk_minutes"] = rng.choice([5, 10, 15])
            if k % 3 == 2:
                extra["hotel_area"] = rng.choice(hotels)
            request = request.model_copy(update=extra)
            out.append((f"bench-{days}d-{k}", request, None if k % 2 else shared))
    return out


Edit = Callable[[Itinerary], PlanResult]


def edits_of(
    it: Itinerary, kb: KnowledgeBase, travel: TravelModel | None
) -> list[tuple[str, Edit]]:
    """The edits made on a plan, each with its label (all chosen from the plan, no randomness)."""
    last = len(it.days) - 1
    visits = [p for d in it.days for p in edits.visits_of(d)]
    planned = {i.place_id for d in it.days for i in d.items if i.place_id}
    others = [a.id for a in kb.attractions if a.id not in planned]
    start = it.days[0].date
    pick = others[(start - date(2027, 1, 1)).days % len(others)] if others else None
    out: list[tuple[str, Edit]] = [
        ("lighter", lambda i: edits.lighter(i, 0, kb=kb, travel=travel)),
        ("fuller", lambda i: edits.fuller(i, last, kb=kb, travel=travel)),
        ("regenerate", lambda i: edits.regenerate_day(i, 0, kb=kb, travel=travel)),
        ("later", lambda i: adjust.start_later(i, last, kb=kb, travel=travel)),
        ("less-walking", lambda i: adjust.less_walking(i, kb=kb, travel=travel)),
    ]
    if len(it.days) > 1:
        out.append(("swap-days", lambda i: edits.swap_days(i, 0, last, kb=kb, travel=travel)))
    if visits:
        first, final = visits[0], visits[-1]
        out += [
            ("remove", lambda i: edits.remove(i, first, kb=kb, travel=travel)),
            ("more-time", lambda i: adjust.more_time(i, first, kb=kb, travel=travel)),
            ("move", lambda i: edits.move(i, final, 0, kb=kb, travel=travel)),
        ]
        if pick is not None:
            out.append(("swap", lambda i: edits.swap(i, first, pick, kb=kb, travel=travel)))
    if pick is not None:
        out += [
            ("add", lambda i: edits.add(i, pick, kb=kb, travel=travel)),
            ("evening", lambda i: adjust.add_at(i, pick, last, "evening", kb=kb, travel=travel)),
        ]
    return out


def sha(result: PlanResult) -> str:
    return hashlib.sha256(result.model_dump_json().encode()).hexdigest()


def run(kb: KnowledgeBase, todo: list[Case]) -> dict[str, str]:
    """Plan every case and its edits; the sha256 of each outcome by label."""
    out: dict[str, str] = {}
    for label, request, travel in todo:
        result = plan_trip(request, kb, travel=travel)
        out[label] = sha(result)
        if isinstance(result, Itinerary):
            for name, edit in edits_of(result, kb, travel):
                out[f"{label}/{name}"] = sha(edit(result))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/plan_digest.txt"))
    parser.add_argument("--reverse", action="store_true", help="plan the requests in reverse")
    parser.add_argument("--scale", type=int, default=1, help="requests per seed, times this")
    args = parser.parse_args()
    kb = load_knowledge_base()
    todo = cases(kb, args.scale)
    order = list(reversed(todo)) if args.reverse else todo
    start = time.process_time()
    found = run(kb, order)
    cpu = time.process_time() - start
    canonical = run_order(todo, found)
    text = "".join(f"{label} {found[label]}\n" for label in canonical)
    args.out.write_text(text)
    total = hashlib.sha256(text.encode()).hexdigest()
    print(f"outcomes {len(found)} digest {total} cpu {cpu:.2f} s -> {args.out}")


def run_order(todo: list[Case], found: dict[str, str]) -> list[str]:
    """The labels in the canonical order: by case as listed, each plan before its edits."""
    rank = {label: k for k, (label, _, _) in enumerate(todo)}
    return sorted(found, key=lambda label: (rank[label.split("/")[0]], label))


if __name__ == "__main__":
    main()
