"""Planner benchmark: speed for 1/3/5/7-day trips and plan quality on random requests.

Run with ``python -m bench.bench_planner`` (writes ``bench/results/planner.md``). Quality:

- travel share: minutes in transit over active minutes, per plan (target <= 20%);
- route optimality: for days with at most 6 stops, the planner's travel minutes against the best
  order found by exhaustive search over the same stops and time windows (target within 10%);
- must-see satisfaction: requests naming 1-2 must-see places that come back with all of them;
- checker pass rate: plans with no violation from ``bot.planner.checker``.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise, permutations
from pathlib import Path

from bot.planner import service
from bot.planner.checker import check_itinerary
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.planner.scheduler import DayRoute, DaySpec, Stop, plan_route, simulate
from bot.planner.travel import TravelModel
from bot.trip import Money, Pace, Party, Transport, TravelStyle, TripRequest

RUNS = 50
DAY_COUNTS = (1, 3, 5, 7)
MAX_EXHAUSTIVE_STOPS = 6
OUT = Path(__file__).parent / "results" / "planner.md"


def random_request(rng: random.Random, days: int, kb: KnowledgeBase, must: int = 0) -> TripRequest:
    """A plausible random request (seeded) of ``days`` days."""
    start = date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
    ids = sorted(a.id for a in kb.attractions)
    return TripRequest(
        start_date=start,
        end_date=start + timedelta(days=days - 1),
        party=Party(adults=rng.randint(1, 4), children=rng.choice([0, 0, 0, 1, 2])),
        styles=rng.sample(list(TravelStyle), rng.randint(0, 3)),
        pace=rng.choice(list(Pace)),
        transport=rng.sample(list(Transport), rng.randint(1, 2)),
        budget=rng.choice([None, None, Money(amount=Decimal(rng.randint(150, 3000)))]),
        must_see=rng.sample(ids, must),
        arrival_time=rng.choice([None, "08:00", "10:30", "15:00"]),
        departure_time=rng.choice([None, "12:00", "18:00", "23:30"]),
    )


@dataclass
class Recorder:
    """Captures each day's solver input and route while the planner runs."""

    days: list[tuple[DaySpec, DayRoute | None]] = field(default_factory=list)

    def __call__(self, spec: DaySpec, travel: TravelModel) -> DayRoute | None:
        route = plan_route(spec, travel)
        self.days.append((spec, route))
        return route


def route_minutes(spec: DaySpec, stops: tuple[Stop, ...] | list[Stop], travel: TravelModel) -> int:
    points = [spec.start, *(s.place_id for s in stops), spec.end]
    return sum(
        travel.max_minutes(a, b, spec.modes, party_size=spec.party_size)
        for a, b in pairwise(points)
        if a != b
    )


def optimum_ratio(spec: DaySpec, route: DayRoute, travel: TravelModel) -> float | None:
    stops = [t.stop for t in route.stops]
    if not stops or len(stops) > MAX_EXHAUSTIVE_STOPS:
        return None
    best = min(
        (
            route_minutes(spec, order, travel)
            for order in permutations(stops)
            if simulate(spec, list(order), travel) is not None
        ),
        default=None,
    )
    got = route_minutes(spec, stops, travel)
    return None if not best else got / best


def timing(kb: KnowledgeBase, travel: TravelModel) -> list[str]:
    rows = ["| days | median s | p95 s | max s |", "|---|---|---|---|"]
    for days in DAY_COUNTS:
        rng = random.Random(days)
        times = []
        for _ in range(RUNS):
            request = random_request(rng, days, kb)
            start = time.perf_counter()
            service.plan_trip(request, kb, travel=travel)
            times.append(time.perf_counter() - start)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        rows.append(f"| {days} | {statistics.median(times):.3f} | {p95:.3f} | {times[-1]:.3f} |")
    return rows


def quality(kb: KnowledgeBase, travel: TravelModel) -> list[str]:
    rng = random.Random(42)
    recorder = Recorder()
    service.plan_route = recorder  # type: ignore[assignment]
    shares, ratios, passed, plans, infeasible = [], [], 0, 0, 0
    must_ok = must_total = 0
    try:
        for k in range(RUNS * 2):
            must = 1 + k % 2 if k % 3 == 0 else 0
            request = random_request(rng, rng.randint(1, 5), kb, must)
            recorder.days.clear()
            result = service.plan_trip(request, kb, travel=travel)
            if must:
                must_total += 1
            if not isinstance(result, Itinerary):
                infeasible += 1
                continue
            plans += 1
            planned = {i.place_id for d in result.days for i in d.items}
            must_ok += bool(must) and set(request.must_see) <= planned
            passed += check_itinerary(result, kb, travel) == []
            if result.totals.active_minutes:
                shares.append(result.totals.travel_minutes / result.totals.active_minutes)
            for spec, route in recorder.days:
                ratio = optimum_ratio(spec, route, travel) if route else None
                if ratio is not None:
                    ratios.append(ratio)
    finally:
        service.plan_route = plan_route
    within = sum(r <= 1.10 for r in ratios) / max(1, len(ratios))
    return [
        f"- requests: {RUNS * 2}; itineraries: {plans}; explained infeasible: {infeasible}",
        f"- travel share of active time: mean {statistics.mean(shares):.1%}, "
        f"p95 {sorted(shares)[int(0.95 * (len(shares) - 1))]:.1%} (target <= 20%)",
        f"- route vs exhaustive optimum ({len(ratios)} days with <= {MAX_EXHAUSTIVE_STOPS} stops): "
        f"mean ratio {statistics.mean(ratios):.3f}, within 10%: {within:.1%} (travel minutes "
        "only; the solver also prices idle time, so it may travel a little more for a fuller day)",
        f"- must-see satisfaction: {must_ok}/{must_total} requests naming must-see places "
        "(the rest came back as explained infeasibility or without them)",
        f"- checker pass rate: {passed}/{plans} ({passed / max(1, plans):.1%})",
    ]


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return [
        f"- date: {date.today().isoformat()}",
        f"- CPU: {cpu}; nproc: {nproc or os.cpu_count()}",
        f"- Python {platform.python_version()}; OR-Tools solver time per trip "
        f"{service.TRIP_TIME_BUDGET_MS} ms shared by its days",
    ]


def main() -> None:
    kb = load_knowledge_base()
    travel = service.travel_model(kb)
    lines = [
        "# Planner benchmark",
        "",
        "`python -m bench.bench_planner` — knowledge base: "
        f"{len(kb.attractions)} attractions, {len(kb.food)} food places, "
        f"{len(kb.mrt.stations)} MRT stations.",
        "",
        "## Machine",
        *machine(),
        "",
        f"## Planning time ({RUNS} random requests each)",
        *timing(kb, travel),
        "",
        "## Quality",
        *quality(kb, travel),
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
