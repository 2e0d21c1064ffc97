"""Edits to an existing plan with the rest pinned: only the affected day(s) are solved again.

Each edit returns a new :class:`~bot.planner.itinerary.Itinerary` (``version + 1``) or an
:class:`~bot.planner.explain.Infeasible` saying why the edit cannot be made. Places on the other
days are never reused; a removed place is added to the request's ``avoid`` list so later edits
do not bring it back; an added or swapped-in place must appear on the re-solved day.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bot.i18n import Bilingual, InBoth, both, suggest
from bot.planner.assemble import active_minutes, build_day, totals
from bot.planner.days import plan_for_day
from bot.planner.explain import Infeasible
from bot.planner.itinerary import SNACK, Day, Itinerary
from bot.planner.kb import Attraction, KnowledgeBase, load_knowledge_base
from bot.planner.lighter import Outcome, choose, relief
from bot.planner.scheduler import plan_route
from bot.planner.service import PlanResult, travel_model
from bot.planner.stops import (
    MUST_SEE_VALUE,
    SNACK_VALUE,
    TripContext,
    attraction_stop,
    build_spec,
    make_context,
)
from bot.planner.travel import TravelModel

KEEP_VALUE = 2_000.0  # a place already planned stays unless a required one needs the room


def context_of(it: Itinerary, kb: KnowledgeBase | None, travel: TravelModel | None) -> TripContext:
    kb = kb or load_knowledge_base()
    return make_context(it.request, kb, travel or travel_model(kb, it.request.start_date))


def visits_of(day: Day) -> list[str]:
    return [i.place_id for i in day.items if i.kind in ("visit", "show") and i.place_id]


def day_of(it: Itinerary, place_id: str) -> int | None:
    return next((i for i, d in enumerate(it.days) if place_id in visits_of(d)), None)


def refused(en: str, ko: str, suggestions: Sequence[str] = ()) -> Infeasible:
    return Infeasible(
        constraint="edit", message_en=en, message_ko=ko, suggestions=list(suggestions)
    )


def _names(ctx: TripContext, place_id: str) -> Bilingual | str:
    """A place's names for a message, or its id when the place is unknown."""
    place = ctx.kb.places.get(place_id)
    return place.names if place is not None else place_id


def resolve_day(
    ctx: TripContext,
    it: Itinerary,
    index: int,
    keep: Sequence[str],
    required: Sequence[str] = (),
    *,
    pool: bool = False,
    exclude: Sequence[str] = (),
    max_visits: int | None = None,
    snack: bool = True,
) -> Day | Infeasible:
    """Solve day ``index`` again: ``required`` must appear, ``keep`` should, the pool may
    (and, unless ``snack`` is False, an afternoon snack if the trip has them)."""
    others = {p for i, d in enumerate(it.days) if i != index for p in visits_of(d)}
    food = {
        i.place_id for n, d in enumerate(it.days) if n != index for i in d.items if i.kind == "meal"
    }
    by_id = {a.id: a for a in ctx.eligible}
    wanted = [p for p in dict.fromkeys([*required, *keep]) if p in by_id and p not in others]
    values = dict(ctx.values)
    values.update({p: KEEP_VALUE for p in keep} | {p: float(MUST_SEE_VALUE) for p in required})
    ctx = dataclasses.replace(ctx, values=values)
    candidates: list[Attraction] = [by_id[p] for p in wanted]
    if pool:
        used = others | set(exclude) | set(wanted)
        candidates.extend(plan_for_day(ctx, index, [], used).candidates)
    spec = build_spec(
        ctx,
        index,
        candidates,
        eaten={p for p in food if p},
        max_visits=max_visits,
    )
    if not snack:
        spec = dataclasses.replace(spec, stops=tuple(s for s in spec.stops if s.slot != SNACK))
    route = plan_route(spec, ctx.travel)
    placed = {t.stop.place_id for t in route.stops} if route else set()
    missing = [p for p in required if p not in placed]
    if route is None or missing:
        the_day = both("refusal.the_day")
        names = InBoth(
            ", ".join(ctx.kb.places[p].names.en for p in missing) or the_day[0],
            ", ".join(ctx.kb.places[p].names.ko for p in missing) or the_day[1],
        )
        return refused(
            *both("refusal.does_not_fit_day", names=names, day=index + 1),
            [suggest("try_another_day"), suggest("remove_something_from_that_day")],
        )
    return build_day(ctx, spec, route)


def with_days(
    ctx: TripContext, it: Itinerary, new_days: dict[int, Day], **request: object
) -> Itinerary:
    days = [new_days.get(i, d) for i, d in enumerate(it.days)]
    req = it.request.model_copy(update=request) if request else it.request
    ctx = dataclasses.replace(ctx, request=req)
    return it.model_copy(
        update={
            "version": it.version + 1,
            "request": req,
            "days": days,
            "totals": totals(ctx, days, [active_minutes(d) for d in days]),
        }
    )


def wished(it: Itinerary, *, drop: str | None = None, want: str | None = None) -> dict[str, object]:
    """The request after an edit: a removed place is avoided, an added one is a must-see.

    So the wish outlives this plan: a re-plan (other dates, a bigger party) keeps it.
    """
    avoid = [p for p in it.request.avoid if p != want]
    must = [p for p in it.request.must_see if p != drop]
    if drop is not None and drop not in avoid:
        avoid.append(drop)
    if want is not None and want not in must:
        must.append(want)
    return {"avoid": avoid, "must_see": must}


def swap(
    it: Itinerary,
    old_place_id: str,
    new_place_id: str,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Replace one planned place with another on the same day."""
    ctx = context_of(it, kb, travel)
    index = day_of(it, old_place_id)
    problem = check_new(ctx, it, new_place_id) or check_planned(index, old_place_id)
    if problem is not None or index is None:
        return problem or not_planned(old_place_id)
    keep = [p for p in visits_of(it.days[index]) if p != old_place_id]
    day = resolve_day(ctx, it, index, keep, [new_place_id])
    if isinstance(day, Infeasible):
        return day
    return with_days(ctx, it, {index: day}, **wished(it, drop=old_place_id, want=new_place_id))


def remove(
    it: Itinerary,
    place_id: str,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Take a place out of the plan (and keep it out of later edits)."""
    ctx = context_of(it, kb, travel)
    index = day_of(it, place_id)
    if index is None:
        return not_planned(place_id)
    keep = [p for p in visits_of(it.days[index]) if p != place_id]
    day = resolve_day(ctx, it, index, keep, max_visits=len(keep))
    if isinstance(day, Infeasible):
        return day
    return with_days(ctx, it, {index: day}, **wished(it, drop=place_id))


def add(
    it: Itinerary,
    place_id: str,
    day_index: int | None = None,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Add a place on ``day_index`` (or the first day with room where it is open)."""
    ctx = context_of(it, kb, travel)
    problem = check_new(ctx, it, place_id) or check_index(it, day_index)
    if problem is not None:
        return problem
    days = [day_index] if day_index is not None else days_by_room(ctx, it, place_id)
    answer: Infeasible | None = None
    for index in days:
        keep = visits_of(it.days[index])
        day = resolve_day(ctx, it, index, keep, [place_id], max_visits=len(keep) + 1)
        if not isinstance(day, Infeasible):
            return with_days(ctx, it, {index: day}, **wished(it, want=place_id))
        answer = day
    return answer or refused(*both("refusal.closed_all_trip", name=_names(ctx, place_id)))


def move(
    it: Itinerary,
    place_id: str,
    to_day_index: int,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Move a planned place to another day."""
    ctx = context_of(it, kb, travel)
    source = day_of(it, place_id)
    problem = check_index(it, to_day_index)
    if source is None or problem is not None:
        return problem or not_planned(place_id)
    if source == to_day_index:
        return with_days(ctx, it, {})
    without = it.model_copy(
        update={"days": [d if i != source else Day(date=d.date) for i, d in enumerate(it.days)]}
    )
    target_keep = visits_of(it.days[to_day_index])
    target = resolve_day(
        ctx, without, to_day_index, target_keep, [place_id], max_visits=len(target_keep) + 1
    )
    if isinstance(target, Infeasible):
        return target
    keep = [p for p in visits_of(it.days[source]) if p != place_id]
    pinned = it.model_copy(
        update={"days": [target if i == to_day_index else d for i, d in enumerate(it.days)]}
    )
    rest = resolve_day(ctx, pinned, source, keep, max_visits=len(keep))
    if isinstance(rest, Infeasible):
        return rest
    return with_days(ctx, it, {source: rest, to_day_index: target}, **wished(it, want=place_id))


def swap_days(
    it: Itinerary,
    a: int,
    b: int,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Trade two days' places ("swap day 1 and day 2"): each day's visits are planned again on
    the other date, for its opening hours and its start and end; a place closed on its new date
    stays out (and the reply says it was removed)."""
    ctx = context_of(it, kb, travel)
    problem = check_index(it, a) or check_index(it, b)
    if problem is not None:
        return problem
    if a == b:
        return with_days(ctx, it, {})
    was_a, was_b = visits_of(it.days[a]), visits_of(it.days[b])
    blank = it.model_copy(
        update={"days": [Day(date=d.date) if i in (a, b) else d for i, d in enumerate(it.days)]}
    )
    new_a = resolve_day(ctx, blank, a, was_b, max_visits=max(1, len(was_b)))
    if isinstance(new_a, Infeasible):
        return new_a
    pinned = blank.model_copy(
        update={"days": [new_a if i == a else d for i, d in enumerate(blank.days)]}
    )
    new_b = resolve_day(ctx, pinned, b, was_a, max_visits=max(1, len(was_a)))
    if isinstance(new_b, Infeasible):
        return new_b
    return with_days(ctx, it, {a: new_a, b: new_b})


def open_day(
    it: Itinerary, day_index: int, kb: KnowledgeBase | None, travel: TravelModel | None
) -> tuple[TripContext, list[str]] | Infeasible:
    """The context and the day's visits for a one-day edit, or why the day cannot be edited."""
    problem = check_index(it, day_index)
    if problem is not None:
        return problem
    return context_of(it, kb, travel), visits_of(it.days[day_index])


def lighter(
    it: Itinerary,
    day_index: int,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Make the day lighter by an hour or more where it can: drop the stops (never a must-see,
    a lunch or a dinner, nor the day's last sight) that free the most time for the least value
    (the rule: :mod:`bot.planner.lighter`)."""
    opened = open_day(it, day_index, kb, travel)
    if isinstance(opened, Infeasible):
        return opened
    ctx, visits = opened[0], list(dict.fromkeys(opened[1]))  # a park with lunch inside: once
    was = it.days[day_index]
    snack = SNACK in meals_of(was)
    choices = [p for p in visits if p not in ctx.must_see] + ([SNACK] if snack else [])
    value = {p: ctx.values.get(p, 0.0) for p in visits} | {SNACK: float(SNACK_VALUE)}

    def attempt(drop: tuple[str, ...]) -> Outcome | None:
        keep = [p for p in visits if p not in drop]
        day = resolve_day(
            ctx,
            it,
            day_index,
            keep,
            [p for p in keep if p in ctx.must_see],
            max_visits=len(keep),
            snack=snack and SNACK not in drop,
        )
        if isinstance(day, Infeasible) or not meals_of(was) - {SNACK} <= meals_of(day):
            return None  # a lunch or a dinner the day had is never dropped
        now = visits_of(day)
        lost = [p for p in visits if p not in now]
        lost += [SNACK] if snack and SNACK not in meals_of(day) else []
        if (visits and not now) or any(p in ctx.must_see for p in lost):
            return None
        return Outcome(day, tuple(lost), sum(value[p] for p in lost), relief(was, day))

    chosen = choose(choices, value, len(visits), attempt) if choices else None
    if chosen is None:
        return refused(*both("refusal.nothing_to_drop", day=day_index + 1))
    return with_days(ctx, it, {day_index: chosen.day})


def meals_of(day: Day) -> set[str]:
    """The day's meal slots ("lunch", "dinner", "snack")."""
    return {i.note for i in day.items if i.kind == "meal" and i.note}


def fuller(
    it: Itinerary,
    day_index: int,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Add up to two nearby places to a day, keeping what is there."""
    opened = open_day(it, day_index, kb, travel)
    if isinstance(opened, Infeasible):
        return opened
    ctx, visits = opened
    day = resolve_day(ctx, it, day_index, visits, pool=True, max_visits=len(visits) + 2)
    if isinstance(day, Infeasible):
        return day
    if len(visits_of(day)) <= len(visits):
        return refused(
            *both("refusal.no_room", day=day_index + 1),
            [suggest("choose_a_packed_pace"), suggest("remove_something_first")],
        )
    return with_days(ctx, it, {day_index: day})


def regenerate_day(
    it: Itinerary,
    day_index: int,
    *,
    kb: KnowledgeBase | None = None,
    travel: TravelModel | None = None,
) -> PlanResult:
    """Plan a day afresh with different places (must-see places stay)."""
    opened = open_day(it, day_index, kb, travel)
    if isinstance(opened, Infeasible):
        return opened
    ctx, visits = opened
    must = [p for p in visits if p in ctx.must_see]
    fresh = [p for p in visits if p not in ctx.must_see]
    day = resolve_day(ctx, it, day_index, [], must, pool=True, exclude=fresh)
    if isinstance(day, Infeasible):
        return day
    return with_days(ctx, it, {day_index: day})


def days_by_room(ctx: TripContext, it: Itinerary, place_id: str) -> list[int]:
    place = ctx.kb.attraction(place_id)
    if place is None:
        return []
    open_days = [i for i, d in enumerate(it.days) if attraction_stop(ctx, place, d.date)]
    return sorted(open_days, key=lambda i: (len(visits_of(it.days[i])), i))


def check_new(ctx: TripContext, it: Itinerary, place_id: str) -> Infeasible | None:
    place = ctx.kb.attraction(place_id)
    if place is None:
        return refused(*both("refusal.unknown_place", pid=place_id))
    if place_id not in {a.id for a in ctx.eligible}:
        return refused(*both("refusal.excluded", name=place.names))
    day = day_of(it, place_id)
    if day is not None:
        return refused(
            *both("refusal.already_on_day", name=place.names, day=day + 1),
            [suggest("move", place=place.names.en)],
        )
    return None


def check_index(it: Itinerary, index: int | None) -> Infeasible | None:
    if index is None or 0 <= index < len(it.days):
        return None
    return refused(*both("refusal.no_such_day", day=index + 1), [suggest("pick_another_day")])


def check_planned(index: int | None, place_id: str) -> Infeasible | None:
    return not_planned(place_id) if index is None else None


def not_planned(place_id: str) -> Infeasible:
    return refused(*both("refusal.not_in_plan", name=place_id), [suggest("add_it_instead")])
