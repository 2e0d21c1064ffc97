"""The planner's entry point: a complete trip request in, an itinerary or an explained "no" out.

Days are planned in order. Must-see places are given their days first (one region's together,
see :mod:`bot.planner.days`); each day then chooses the part of town it is spent in and a small
candidate set from there, and the day's search picks and orders stops from it (see
:mod:`bot.planner.scheduler`). Attractions are never repeated across days; a food place used on
an earlier day may be used again when it is clearly the nearest (variety is a soft preference).
The budget (per person, whole trip) caps each day's ticket spend after reserving food and
transport; if even the cheapest possible trip exceeds it, the answer is :class:`Infeasible`
with the shortfall.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.planner import explain
from bot.planner.assemble import active_minutes, build_day, totals
from bot.planner.days import assign_must_see, crowded, plan_for_day
from bot.planner.explain import Infeasible
from bot.planner.itinerary import Day, Itinerary
from bot.planner.kb import Attraction, KnowledgeBase, load_knowledge_base
from bot.planner.scheduler import plan_route
from bot.planner.stops import TripContext, build_spec, day_bounds, day_is_possible, make_context
from bot.planner.travel import TravelModel
from bot.trip import TripRequest

__all__ = ["Infeasible", "PlanResult", "plan_trip", "travel_model"]


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
) -> PlanResult:
    """Plan a complete trip request; the same request and data give the same plan."""
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
    plan = _plan(ctx, allowance)
    for _ in range(2):
        if isinstance(plan, Infeasible) or explain.over_budget(ctx, plan) <= 0:
            return plan
        allowance = (allowance or 0.0) - explain.over_budget(ctx, plan) - 1.0
        plan = _plan(ctx, allowance)
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
    regions: list[str] = field(default_factory=list)  # each day's main region


def _plan(ctx: TripContext, allowance: float | None) -> Itinerary | Infeasible:
    must_days = assign_must_see(ctx)
    progress = Progress()
    for index in range(len(ctx.dates)):
        cap = None
        if allowance is not None:
            left_days = len(ctx.dates) - index
            cap = (allowance - progress.spent - _future_must_see(ctx, must_days, index)) / left_days
            cap += sum(ctx.ticket(a) for a in must_days.get(index, []))
        day = plan_day(ctx, index, must_days.get(index, []), progress, cap)
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
    must: Sequence[Attraction],
    progress: Progress,
    cap: float | None,
) -> Day:
    """Plan day ``index`` with the places not used yet; record what it used in ``progress``."""
    plan = plan_for_day(ctx, index, must, progress.used, progress.regions)
    progress.regions.append(plan.regions[0])
    day_ctx = dataclasses.replace(ctx, short=crowded(ctx, must)) if must else ctx
    spec = build_spec(day_ctx, index, plan.candidates, eaten=progress.food, ticket_cap=cap)
    possible = day_is_possible(ctx, day_bounds(ctx, index))
    route = plan_route(spec, ctx.travel) if possible else None
    if route is None:
        return Day(date=spec.day, start_place=str(spec.start), end_place=str(spec.end))
    for timed in route.stops:
        (progress.food if timed.stop.kind == "meal" else progress.used).add(timed.stop.place_id)
        progress.spent += timed.stop.ticket_cents / 100
    return build_day(day_ctx, spec, route)
