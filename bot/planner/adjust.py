"""Edits to a day's pace and timing, with the rest of the plan pinned.

"Start later on day 2", "more time at the Zoo", "less walking", "add the Flyer to the evening of
day 3". Like :mod:`bot.planner.edits`, each returns a new itinerary (``version + 1``) or an
explained :class:`~bot.planner.explain.Infeasible`. What the traveller said is kept in the
request (``late_starts``, ``long_visits``, ``max_walk_minutes``), so a later re-plan keeps it.
"""

from __future__ import annotations

import dataclasses

from bot.i18n import InBoth, both, suggest, t
from bot.planner.edits import (
    check_index,
    check_new,
    context_of,
    day_of,
    not_planned,
    refused,
    resolve_day,
    visits_of,
    wished,
    with_days,
)
from bot.planner.explain import Infeasible
from bot.planner.itinerary import Day, Itinerary
from bot.planner.kb import KnowledgeBase, hhmm, minutes
from bot.planner.service import PlanResult
from bot.planner.stops import PARTS_OF_DAY, day_bounds, longer_visit, usual_duration
from bot.planner.travel import TravelModel

LATER_BY_MIN = 60  # "start later" without a time: an hour later than the day starts now
LESS_WALKING_MIN = 10  # "less walking" with no limit yet: walks of at most this long
MIN_WALK_LIMIT = 5


def start_later(
    it: Itinerary,
    day_index: int,
    at: str | None = None,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Start day ``day_index`` no earlier than ``at`` ("HH:MM"; default an hour later)."""
    problem = check_index(it, day_index)
    if problem is not None:
        return problem
    day = it.days[day_index]
    now = minutes(day.items[0].start) if day.items else None
    start = minutes(at) if at else (now or 9 * 60) + LATER_BY_MIN
    if start >= 20 * 60:
        return refused(*both("refusal.start_too_late", day=day_index + 1, time=hhmm(start)))
    late = {**it.request.late_starts, day.date.isoformat(): hhmm(start)}
    return _resolve(it, day_index, {"late_starts": late}, kb, travel)


def more_time(
    it: Itinerary,
    place_id: str,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Give a planned place a longer visit (its day is re-made around it)."""
    index = day_of(it, place_id)
    if index is None:
        return not_planned(place_id)
    ctx = context_of(it, kb, travel)
    place = ctx.kb.attraction(place_id)
    if place is None or longer_visit(ctx, place) <= usual_duration(ctx, place):
        name = place.names if place is not None else place_id
        return refused(*both("refusal.longest_visit", name=name))
    longer = [*it.request.long_visits, place_id]
    return _resolve(it, index, {"long_visits": longer}, kb, travel, required=[place_id])


def less_walking(
    it: Itinerary,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Shorten the longest walks of the whole trip (longer legs become rides)."""
    walks = [
        minutes(i.end) - minutes(i.start)
        for d in it.days
        for i in d.items
        if i.kind == "transit" and i.mode == "walk"
    ]
    current = it.request.walk_limit() or max(walks, default=LESS_WALKING_MIN + 5)
    limit = max(MIN_WALK_LIMIT, min(LESS_WALKING_MIN, current - 5))
    if current <= MIN_WALK_LIMIT:
        return refused(*both("refusal.shortest_walks"))
    new = it.model_copy(
        update={"request": it.request.model_copy(update={"max_walk_minutes": limit})}
    )
    ctx = context_of(new, kb, travel)
    days: dict[int, Day] = {}
    for index, day in enumerate(new.days):
        keep = visits_of(day)
        pinned = new.model_copy(update={"days": [days.get(i, d) for i, d in enumerate(new.days)]})
        again = resolve_day(ctx, pinned, index, keep, max_visits=len(keep))
        if isinstance(again, Infeasible):
            return again
        days[index] = again
    return with_days(ctx, new, days)


def add_at(
    it: Itinerary,
    place_id: str,
    day_index: int,
    part: str,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Add a place to the morning, afternoon or evening of a day."""
    ctx = context_of(it, kb, travel)
    problem = check_new(ctx, it, place_id) or check_index(it, day_index)
    if problem is not None:
        return problem
    window = PARTS_OF_DAY[part]
    ctx = dataclasses.replace(ctx, at_part={place_id: window})
    keep = visits_of(it.days[day_index])
    day = resolve_day(ctx, it, day_index, keep, [place_id], max_visits=len(keep) + 1)
    if isinstance(day, Infeasible):
        place = ctx.kb.places[place_id]
        return refused(
            *both(
                "refusal.not_in_part",
                name=place.names,
                part=InBoth(part, t("ko", f"plan.{part}")),
                day=day_index + 1,
            ),
            [suggest("try_another_day"), suggest("remove_something_from_that_day")],
        )
    return with_days(ctx, it, {day_index: day}, **wished(it, want=place_id))


def _resolve(
    it: Itinerary,
    index: int,
    change: dict[str, object],
    kb: KnowledgeBase | None,
    travel: TravelModel | None,
    *,
    required: list[str] | None = None,
) -> PlanResult:
    """Re-make one day under a changed request, keeping its places where they still fit."""
    new = it.model_copy(update={"request": it.request.model_copy(update=change)})
    ctx = context_of(new, kb, travel)
    keep = visits_of(it.days[index])
    must = [p for p in keep if p in ctx.must_see or p in (required or [])]
    if day_bounds(ctx, index).start_window[0] > day_bounds(ctx, index).end_window[1]:
        return refused(*both("refusal.no_time"))
    day = resolve_day(ctx, new, index, keep, must, max_visits=len(keep))
    if isinstance(day, Infeasible):
        return day
    return with_days(ctx, new, {index: day})
