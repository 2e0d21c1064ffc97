"""Planner benchmark: speed for 1/3/5/7-day trips and plan quality on random requests.

Run with ``python -m bench.bench_planner`` (writes ``bench/results/planner.md``). Quality:

- travel share: minutes in transit over active minutes, per plan (goal: mean <= 15%);
- regions per day (:mod:`bot.planner.regions`) and the minutes a meal adds to the way between the
  stops around it (goal: <= 10);
- route optimality: for days with at most 6 stops, the planner's travel minutes against the best
  order found by exhaustive search over the same stops and time windows (goal: 95% within 10%);
- must-see satisfaction, and style/interest service per day;
- checker pass rate: plans with no violation from ``bot.planner.checker``;
- speed in CPU time, and the same plan twice (determinism).
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise, permutations
from pathlib import Path
from unittest.mock import patch

from bot.planner import service
from bot.planner.checker import check_itinerary
from bot.planner.geo import CHANGI
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase, load_knowledge_base, minutes
from bot.planner.regions import region_map
from bot.planner.route_cost import route_cost
from bot.planner.scheduler import (
    DayRoute,
    DaySpec,
    Stop,
    day_problem,
    plan_route,
    simulate,
)
from bot.planner.travel import TravelModel
from bot.planner.value import interest_groups, meal_serves, serves
from bot.trip import Money, Pace, Party, Transport, TravelStyle, TripRequest

RUNS = 50
# interest tags as the request parser writes them
INTEREST_TAGS = ["zoo", "nightlife", "shopping", "hawker", "photo-spot", "history", "art",
                 "theme-park", "beach", "hiking"]  # fmt: skip
QUALITY_RUNS = 100
DAY_COUNTS = (1, 3, 5, 7)
MAX_EXHAUSTIVE_STOPS = 6
OUT = Path(__file__).parent / "results" / "planner.md"
NOTES = "## Notes"  # this heading and what follows it in OUT are kept when the bench rewrites OUT


def random_request(rng: random.Random, days: int, kb: KnowledgeBase, must: int = 0) -> TripRequest:
    """A plausible random request (seeded) of ``days`` days."""
    start = date(2027, 1, 4) + timedelta(days=rng.randint(0, 300))
    ids = sorted(a.id for a in kb.attractions)
    interests = rng.sample(INTEREST_TAGS, rng.choice([0, 0, 1, 2]))
    return TripRequest(
        interests=interests,
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

    # each day's spec and route, and the travel model it was planned with (the party's own:
    # a walking limit changes which legs are walked)
    days: list[tuple[DaySpec, DayRoute | None, TravelModel]] = field(default_factory=list)

    def __call__(self, spec: DaySpec, travel: TravelModel) -> DayRoute | None:
        route = plan_route(spec, travel)
        self.days.append((spec, route, travel))
        return route


def route_minutes(spec: DaySpec, stops: tuple[Stop, ...] | list[Stop], travel: TravelModel) -> int:
    points = [spec.start, *(s.place_id for s in stops), spec.end]
    return sum(
        travel.max_minutes(a, b, spec.modes, party_size=spec.party_size)
        for a, b in pairwise(points)
        if a != b
    )


def optimum_ratio(
    spec: DaySpec, route: DayRoute, travel: TravelModel
) -> tuple[float, float | None] | None:
    """The route's travel minutes over those of the best order of the same stops: of any order
    that fits the time windows, and of any order that is no worse a day apart from travel (no
    more waiting, heat after noon, lateness or water crossings by the solver's own weights)."""
    stops = [t.stop for t in route.stops]
    if not stops or len(stops) > MAX_EXHAUSTIVE_STOPS:
        return None
    problem = day_problem(spec, travel)
    node = {s: i + 2 for i, s in enumerate(spec.stops)}

    def rest(order: Sequence[Stop]) -> int | None:
        nodes = [node[s] for s in order]
        cost = route_cost(problem, nodes)
        if cost is None:
            return None
        legs = sum(problem.matrix[a][b] for a, b in pairwise([0, *nodes, 1]))
        return cost - problem.costs.travel * legs

    mine = rest(stops)
    best = fair = None
    for order in permutations(stops):
        if simulate(spec, list(order), travel) is None:
            continue
        minutes_ = route_minutes(spec, order, travel)
        best = minutes_ if best is None else min(best, minutes_)
        other = rest(order)
        if mine is not None and other is not None and other <= mine:
            fair = minutes_ if fair is None else min(fair, minutes_)
    got = route_minutes(spec, stops, travel)
    if not best:
        return None
    return got / best, (got / fair if fair else None)


def timing(kb: KnowledgeBase, travel: TravelModel) -> list[str]:
    """CPU time per plan (one core), and whether planning twice gives the same bytes."""
    rows = ["| days | median ms | p95 ms | max ms | same plan twice |", "|---|---|---|---|---|"]
    for days in DAY_COUNTS:
        rng = random.Random(days)
        times, same = [], 0
        for _ in range(RUNS):
            request = random_request(rng, days, kb)
            start = time.process_time()
            first = service.plan_trip(request, kb, travel=travel)
            times.append(time.process_time() - start)
            same += (
                first.model_dump_json()
                == service.plan_trip(request, kb, travel=travel).model_dump_json()
            )
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        rows.append(
            f"| {days} | {1000 * statistics.median(times):.0f} | {1000 * p95:.0f} | "
            f"{1000 * times[-1]:.0f} | {same}/{RUNS} |"
        )
    return rows


@dataclass
class Figures:
    """Quality figures over many plans."""

    shares: list[float] = field(default_factory=list)
    city_shares: list[float] = field(default_factory=list)  # without airport transfers
    ratios: list[float] = field(default_factory=list)
    fair_ratios: list[float] = field(default_factory=list)  # against orders no worse a day
    regions: list[int] = field(default_factory=list)
    detours: list[int] = field(default_factory=list)
    runs: list[tuple[int, int]] = field(default_factory=list)  # (minutes added, food stops)
    passed: int = 0
    plans: int = 0
    infeasible: int = 0
    must_ok: int = 0
    must_total: int = 0
    style_days: int = 0
    style_served: int = 0
    style_servable: int = 0  # (day, wish) pairs some candidate of the day could serve
    style_servable_served: int = 0
    style_missed: Counter[str] = field(default_factory=Counter)  # servable, not served, by wish


def meal_detours(result: Itinerary, kb: KnowledgeBase, travel: TravelModel) -> list[int]:
    """Minutes each meal adds to the way between the stops around it: the plan's own legs to
    and from the meal, less the direct leg at the same time of day."""
    return [d for day in result.days for d in day_meal_detours(result, day, travel)]


def day_meal_detours(result: Itinerary, day: Day, travel: TravelModel) -> list[int]:
    modes = frozenset(result.request.transport)
    size = result.request.party.size if result.request.party else 1
    out = []
    items = day.items
    for k, meal in enumerate(items):
        if meal.kind != "meal":
            continue
        before = next((i for i in reversed(items[:k]) if i.kind != "transit"), None)
        after = next((i for i in items[k + 1 :] if i.kind != "transit"), None)
        if before is None or after is None or not (before.place_id and after.place_id):
            continue
        legs = [i for i in items if i.kind == "transit" and before.start <= i.start <= after.start]
        via = sum(span(i) for i in legs)
        direct = travel.leg(
            before.place_id, after.place_id, modes, minutes(before.end), party_size=size
        ).minutes
        out.append(max(0, via - direct))
    return out


def day_food_runs(result: Itinerary, day: Day, travel: TravelModel) -> list[tuple[int, int]]:
    """For each run of food stops in a row (lunch, then a snack; one meal alone is a run of
    one) between two other stops: the minutes the run adds to the way between those stops (the
    plan's own legs through it, less the direct leg at the same time of day) and its stops.
    A run of one is :func:`day_meal_detours`'s meal; lunch and a snack across town side by side
    each look on the way from the other, and together leave the day's part of town."""
    modes = frozenset(result.request.transport)
    size = result.request.party.size if result.request.party else 1
    out = []
    for before, run, after in food_runs(day):
        if not (before.place_id and after.place_id):
            continue
        count = len(run)
        legs = [
            i for i in day.items if i.kind == "transit" and before.start <= i.start <= after.start
        ]
        via = sum(span(i) for i in legs)
        direct = travel.leg(
            before.place_id, after.place_id, modes, minutes(before.end), party_size=size
        ).minutes
        out.append((max(0, via - direct), count))
    return out


def food_runs(day: Day) -> Iterator[tuple[Item, list[Item], Item]]:
    """Each run of food stops in a row (a meal alone, or lunch then a snack) that has a stop
    before and after it, as (the stop before, the run, the stop after); transit legs skipped."""
    stops = [i for i in day.items if i.kind != "transit"]
    k = 0
    while k < len(stops):
        if stops[k].kind != "meal":
            k += 1
            continue
        end = k
        while end < len(stops) and stops[end].kind == "meal":
            end += 1
        if 0 < k and end < len(stops):
            yield stops[k - 1], stops[k:end], stops[end]
        k = end


def span(item: Item) -> int:
    return minutes(item.end) - minutes(item.start)


def style_service(
    result: Itinerary,
    kb: KnowledgeBase,
    ctx_children: int,
    specs: dict[date, DaySpec] | None = None,
    missed: Counter[str] | None = None,
) -> tuple[int, int, int, int]:
    """(days x wishes, of them served, of them servable, servable and served): a style or
    interest is served on a day when one of the day's visits serves it, or for "food" one of its
    meals is at a hawker centre, a food court or street of hawker stalls, or a famous stall. It
    is servable when one of the day's candidate stops (``specs``: the solver input of each day)
    serves it: the day's regions hold such a place, open that day."""
    wishes = {str(s) for s in result.request.styles} | set(
        interest_groups(result.request.interests)
    )
    days = served = servable = both = 0
    for day in result.days:
        if not any(i.kind in ("visit", "show") for i in day.items):
            continue
        got = _day_serves(result, kb, ctx_children, [i.place_id or "" for i in day.items])
        days += len(wishes)
        served += len(wishes & got)
        spec = (specs or {}).get(day.date)
        if spec is not None:
            could = _day_serves(result, kb, ctx_children, [s.place_id for s in spec.stops])
            servable += len(wishes & could)
            both += len(wishes & could & got)
            if missed is not None:
                missed.update(sorted((wishes & could) - got))
    return days, served, servable, both


def _day_serves(result: Itinerary, kb: KnowledgeBase, children: int, ids: list[str]) -> set[str]:
    got: set[str] = set()
    for place_id in ids:
        place = kb.places.get(place_id)
        if isinstance(place, Attraction):
            got |= serves(result.request, children, place)
        elif isinstance(place, FoodPlace):
            got |= meal_serves(result.request, place)
    return got


def quality(kb: KnowledgeBase, travel: TravelModel) -> tuple[list[str], Figures]:
    rng = random.Random(42)
    recorder = Recorder()
    patched = patch.object(service, "plan_route", recorder)  # record every day's route
    patched.start()
    f = Figures()
    rmap = region_map([*kb.attractions, *kb.food])
    try:
        for k in range(QUALITY_RUNS):
            must = 1 + k % 2 if k % 3 == 0 else 0
            request = random_request(rng, rng.randint(1, 5), kb, must)
            recorder.days.clear()
            result = service.plan_trip(request, kb, travel=travel)
            f.must_total += bool(must)
            if not isinstance(result, Itinerary):
                f.infeasible += 1
                continue
            f.plans += 1
            planned = {i.place_id for d in result.days for i in d.items}
            f.must_ok += bool(must) and set(request.must_see) <= planned
            f.passed += check_itinerary(result, kb, travel) == []
            if result.totals.active_minutes:
                f.shares.append(result.totals.travel_minutes / result.totals.active_minutes)
                airport = sum(
                    span(i)
                    for d in result.days
                    for i in d.items
                    if i.kind == "transit" and CHANGI in (i.from_id, i.to_id)
                )
                active = result.totals.active_minutes - airport
                if active > 0:
                    f.city_shares.append((result.totals.travel_minutes - airport) / active)
            for day in result.days:
                visits = {
                    rmap.of[i.place_id]
                    for i in day.items
                    if i.kind in ("visit", "show") and i.place_id
                }
                if visits:
                    f.regions.append(len(visits))
            party_travel = recorder.days[-1][2] if recorder.days else travel
            f.detours.extend(meal_detours(result, kb, party_travel))
            f.runs.extend(r for d in result.days for r in day_food_runs(result, d, party_travel))
            children = request.party.children if request.party else 0
            specs = {spec.day: spec for spec, _, _ in recorder.days}  # the last try of each day
            days, served, servable, both = style_service(
                result, kb, children, specs, f.style_missed
            )
            f.style_days += days
            f.style_served += served
            f.style_servable += servable
            f.style_servable_served += both
            for spec, route, used in recorder.days:
                ratio = optimum_ratio(spec, route, used) if route else None
                if ratio is not None:
                    f.ratios.append(ratio[0])
                    if ratio[1] is not None:
                        f.fair_ratios.append(ratio[1])
    finally:
        patched.stop()
    return report(f), f


def _p(values: list[float] | list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] if ordered else 0


def report(f: Figures) -> list[str]:
    within = sum(r <= 1.10 for r in f.ratios) / max(1, len(f.ratios))
    return [
        f"- requests: {QUALITY_RUNS}; itineraries: {f.plans}; explained infeasible: {f.infeasible}",
        f"- travel share of active time: mean {statistics.mean(f.shares):.1%}, "
        f"p95 {_p(f.shares, 0.95):.1%}; without the airport transfers of arrival and "
        f"departure days: mean {statistics.mean(f.city_shares):.1%}, "
        f"p95 {_p(f.city_shares, 0.95):.1%} (goal: mean <= 15%)",
        f"- regions per day (days with visits): mean {statistics.mean(f.regions):.2f}, "
        f"max {max(f.regions)}; days in one region: {f.regions.count(1) / len(f.regions):.0%}",
        f"- meal detour (minutes a meal adds to the way between the stops around it, by the "
        f"plan's own legs): median {_p(f.detours, 0.5):.0f}, p95 {_p(f.detours, 0.95):.0f}, "
        f"max {max(f.detours, default=0)}; over 10: {sum(d > 10 for d in f.detours)} of "
        f"{len(f.detours)} meals (goal: longest <= 10)",
        f"- food stops in a row (lunch, then a snack) as one detour between the stops around "
        f"them: {sum(n > 1 for _, n in f.runs)} runs of two or more of {len(f.runs)}; over 10 "
        f"minutes a food stop: {sum(m > 10 * n for m, n in f.runs)}; longest "
        f"{max((m for m, _ in f.runs), default=0)} min "
        f"({max(f.runs, default=(0, 0))[1]} food stop(s))",
        f"- route vs best order of the same stops ({len(f.ratios)} days with <= "
        f"{MAX_EXHAUSTIVE_STOPS} stops): mean ratio {statistics.mean(f.ratios):.3f}, "
        f"within 10%: {within:.1%} (goal: 95%). Against the best order that is no worse a day "
        f"apart from travel (no more waiting, midday heat outdoors, lateness or crossings; "
        f"{len(f.fair_ratios)} days): within 10%: "
        f"{sum(r <= 1.10 for r in f.fair_ratios) / max(1, len(f.fair_ratios)):.1%}. The orders "
        "that travel less still buy it with a long wait (lunch at opening time, then nothing) "
        "or an outdoor visit in the afternoon heat",
        f"- must-see satisfaction: {f.must_ok}/{f.must_total} requests naming must-see places "
        "(the rest came back as explained infeasibility)",
        f"- style and interest service: {f.style_served}/{f.style_days} (day, wish) pairs "
        f"({f.style_served / max(1, f.style_days):.0%}) have a visit serving the wish (or for "
        f"food, a hawker meal); of the {f.style_servable} pairs where a place serving the wish "
        "was open in the day's regions, "
        f"{f.style_servable_served / max(1, f.style_servable):.0%} were served; the "
        f"{f.style_servable - f.style_servable_served} missed by wish: "
        + (", ".join(f"{w} {n}" for w, n in sorted(f.style_missed.items())) or "none"),
        f"- checker pass rate: {f.passed}/{f.plans} ({f.passed / max(1, f.plans):.1%})",
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
        f"- Python {platform.python_version()}; search bounded by work (no clock): times are "
        "CPU seconds of one process (`time.process_time`), medians of noisy shared cores",
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
        f"## Planning time, CPU ({RUNS} random requests each; goal 5 days p95 <= 250 ms, "
        "7 days <= 350 ms)",
        *timing(kb, travel),
        "",
        "## Quality",
        *quality(kb, travel)[0],
        "",
    ]
    old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    if NOTES in old:
        lines.append(old[old.index(NOTES) :].rstrip("\n") + "\n")
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
