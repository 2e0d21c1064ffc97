"""The planner's entry point: a complete trip request in, an itinerary or an explained "no" out.

Days are planned in order. Each day gets its must-see places (assigned beforehand to the day
with the least load where they are open), then the best nearby bundles for its morning,
afternoon and evening; the day's solver picks and orders a small candidate set from those (see
:mod:`bot.planner.scheduler`). Attractions are never repeated across days; a food place used on
an earlier day may be used again when it is clearly the nearest (variety is a soft preference).
The budget (per person, whole trip) caps each day's ticket spend after reserving food and
transport; if even the cheapest possible trip exceeds it, the answer is :class:`Infeasible`
with the shortfall.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.planner import explain
from bot.planner.assemble import active_minutes, build_day, totals
from bot.planner.bundles import Bundle, make_bundles, pick_bundles
from bot.planner.explain import Infeasible
from bot.planner.geo import Point, haversine_km
from bot.planner.itinerary import Day, Itinerary
from bot.planner.kb import Attraction, KnowledgeBase, load_knowledge_base
from bot.planner.scheduler import plan_route
from bot.planner.stops import (
    TripContext,
    attraction_stop,
    build_spec,
    day_bounds,
    day_is_possible,
    make_context,
)
from bot.planner.travel import TravelModel
from bot.trip import TripRequest

__all__ = ["Infeasible", "PlanResult", "plan_trip", "travel_model"]

MAX_CANDIDATES = 14
TRIP_TIME_BUDGET_MS = 360  # solver time for a whole trip, shared by its days
TIME_LIMIT_MS = (20, 150)  # per day: floor and ceiling

_TRAVEL_MODELS: dict[tuple[int, int], tuple[KnowledgeBase, TravelModel]] = {}


PlanResult = Itinerary | Infeasible


def travel_model(kb: KnowledgeBase, on: date | None = None) -> TravelModel:
    """Return the (cached) travel model of ``kb`` with the stations open on ``on``."""
    key = (id(kb), len(kb.mrt.open_on(on).stations))  # stations only ever open, never close
    cached = _TRAVEL_MODELS.get(key)
    if cached is None or cached[0] is not kb:
        cached = (kb, TravelModel(kb, on))
        _TRAVEL_MODELS[key] = cached
    return cached[1]


def plan_trip(
    request: TripRequest,
    kb: KnowledgeBase | None = None,
    *,
    travel: TravelModel | None = None,
    solver_ms: int = TRIP_TIME_BUDGET_MS,
) -> PlanResult:
    """Plan a complete trip request (``solver_ms``: solver time for the whole trip)."""
    kb = kb or load_knowledge_base()
    travel = travel or travel_model(kb, request.start_date)
    if not request.dates() or request.party is None or request.party.size == 0:
        return explain.incomplete(request)
    ctx = make_context(request, kb, travel)
    problem = explain.check_request(ctx)
    if problem is not None:
        return problem
    allowance = explain.ticket_allowance(ctx)
    if isinstance(allowance, Infeasible):
        return allowance
    plan = _plan(ctx, allowance, solver_ms)
    for _ in range(2):
        if isinstance(plan, Infeasible) or explain.over_budget(ctx, plan) <= 0:
            return plan
        allowance = (allowance or 0.0) - explain.over_budget(ctx, plan) - 1.0
        plan = _plan(ctx, allowance, solver_ms * 2 // 5)
    if isinstance(plan, Infeasible) or explain.over_budget(ctx, plan) <= 0:
        return plan
    return explain.budget_infeasible(ctx, explain.over_budget(ctx, plan), plan)


@dataclass
class Progress:
    """What the days planned so far used: attractions, food places, ticket money."""

    used: set[str] = field(default_factory=set)
    food: set[str] = field(default_factory=set)
    spent: float = 0.0
    days: list[Day] = field(default_factory=list)
    active: list[int] = field(default_factory=list)


def _plan(ctx: TripContext, allowance: float | None, solver_ms: int) -> Itinerary | Infeasible:
    must_days = assign_must_see(ctx)
    bundles = make_bundles(ctx.eligible, ctx.value)
    share = solver_ms // len(ctx.dates)
    limit = max(TIME_LIMIT_MS[0], min(TIME_LIMIT_MS[1], share))
    progress = Progress()
    for index in range(len(ctx.dates)):
        cap = None
        if allowance is not None:
            left_days = len(ctx.dates) - index
            cap = (allowance - progress.spent - _future_must_see(ctx, must_days, index)) / left_days
            cap += sum(ctx.ticket(a) for a in must_days.get(index, []))
        day = plan_day(ctx, index, bundles, must_days.get(index, []), progress, cap, limit)
        progress.days.append(day)
        progress.active.append(active_minutes(day))
    missing = sorted(ctx.must_see - progress.used)
    if missing:
        return explain.must_see_missing(ctx, missing)
    return Itinerary(
        request=ctx.request,
        days=progress.days,
        totals=totals(ctx, progress.days, progress.active),
        assumptions=explain.assumptions(ctx),
        data_as_of=explain.data_as_of(ctx.kb),
    )


def _future_must_see(ctx: TripContext, must_days: dict[int, list[Attraction]], index: int) -> float:
    return sum(ctx.ticket(a) for d, items in must_days.items() if d > index for a in items)


def plan_day(
    ctx: TripContext,
    index: int,
    bundles: Sequence[Bundle],
    must: Sequence[Attraction],
    progress: Progress,
    cap: float | None,
    limit: int,
) -> Day:
    """Plan day ``index`` with the places not used yet; record what it used in ``progress``."""
    candidates, chosen = day_candidates(ctx, index, bundles, must, progress.used)
    spec = build_spec(
        ctx, index, candidates, eaten=progress.food, ticket_cap=cap, time_limit_ms=limit
    )
    route = plan_route(spec, ctx.travel) if day_is_possible(ctx, day_bounds(ctx, index)) else None
    if route is None:
        return Day(date=spec.day, start_place=str(spec.start), end_place=str(spec.end))
    for timed in route.stops:
        (progress.food if timed.stop.kind == "meal" else progress.used).add(timed.stop.place_id)
        progress.spent += timed.stop.ticket_cents / 100
    return build_day(ctx, spec, route, chosen)


def day_candidates(
    ctx: TripContext,
    index: int,
    bundles: Sequence[Bundle],
    must: Sequence[Attraction],
    used: set[str],
) -> tuple[list[Attraction], list[Bundle]]:
    """The day's candidate attractions (must-see first) and the bundles they came from."""
    day = ctx.dates[index]
    by_id = {a.id: a for a in ctx.eligible}
    future_must = ctx.must_see - {a.id for a in must}
    open_ids = {
        a.id
        for a in ctx.eligible
        if a.id not in used and a.id not in future_must and attraction_stop(ctx, a, day)
    }
    today = [
        Bundle(b.area, kept, b.center, b.evening)
        for b in bundles
        if (kept := tuple(p for p in b.place_ids if p in open_ids))
    ]
    required = [b for b in today if {a.id for a in must} & set(b.place_ids)]
    start = ctx.travel.point(day_bounds(ctx, index).start)
    chosen = pick_bundles(
        today, lambda b: _bundle_score(ctx, b), start, ctx.pace.bundles_per_day, required
    )
    ids: list[str] = list(
        dict.fromkeys([*(a.id for a in must), *(p for b in chosen for p in b.place_ids)])
    )
    if len(ids) < MAX_CANDIDATES:
        centre = chosen[0].center if chosen else start
        extra = sorted(open_ids - set(ids), key=lambda p: (_km(ctx, p, centre), p))
        ids.extend(extra[: MAX_CANDIDATES - len(ids)])
    ranked = [*ids[: len(must)], *sorted(ids[len(must) :], key=lambda p: -ctx.values[p])]
    return [by_id[p] for p in ranked[: max(MAX_CANDIDATES, len(must))]], chosen


def _km(ctx: TripContext, place_id: str, at: Point) -> float:
    place = ctx.kb.places[place_id]
    return haversine_km(at, Point(place.lat, place.lon))


def _bundle_score(ctx: TripContext, bundle: Bundle) -> float:
    values = sorted((ctx.values[p] for p in bundle.place_ids), reverse=True)
    return sum(values[:3])


def assign_must_see(ctx: TripContext) -> dict[int, list[Attraction]]:
    """Give each must-see place the least-loaded day on which it can be visited."""
    load = [0] * len(ctx.dates)
    out: dict[int, list[Attraction]] = {}
    musts = [a for a in ctx.eligible if a.id in ctx.must_see]
    options = {a.id: _possible_days(ctx, a) for a in musts}
    for a in sorted(musts, key=lambda a: (len(options[a.id]), a.id)):
        if not options[a.id]:
            continue
        best = min(options[a.id], key=lambda d: (load[d], _partial(ctx, d), d))
        load[best] += attraction_stop(ctx, a, ctx.dates[best]).duration  # type: ignore[union-attr]
        out.setdefault(best, []).append(a)
    return out


def _possible_days(ctx: TripContext, a: Attraction) -> list[int]:
    days = []
    for i, day in enumerate(ctx.dates):
        stop = attraction_stop(ctx, a, day)
        bounds = day_bounds(ctx, i)
        if stop is not None and stop.windows[-1][1] >= bounds.start_window[0]:
            if stop.windows[0][0] + stop.duration <= bounds.end_window[1]:
                days.append(i)
    return days


def _partial(ctx: TripContext, index: int) -> int:
    return int(day_bounds(ctx, index).start != ctx.hotel.id) + int(
        day_bounds(ctx, index).end != ctx.hotel.id
    )
