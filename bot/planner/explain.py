"""Explanations around a plan: infeasibility (with amounts and suggestions), budget estimates,
the assumptions a plan rests on, and the data date."""

from __future__ import annotations

from statistics import median

from pydantic import BaseModel, ConfigDict, Field

from bot.i18n import InBoth, both, suggest, t
from bot.planner.geo import Point
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, hhmm
from bot.planner.stops import (
    REST_AFTER_NIGHT_LANDING,
    TripContext,
    adults_only,
    attraction_stop,
    day_bounds,
    day_is_possible,
    meal_slots,
    night_landing,
    with_children_only,
)
from bot.planner.value import wants_nightlife
from bot.trip import Transport, TripRequest


class Infeasible(BaseModel):
    """Why no plan exists, by how much, and what would make one possible."""

    model_config = ConfigDict(frozen=True)

    constraint: str  # "budget" | "must_see" | "dates" | "party"
    amount: float | None = None  # e.g. S$ over budget
    message_en: str
    message_ko: str
    suggestions: list[str] = Field(default_factory=list)


def incomplete(request: TripRequest) -> Infeasible:
    """Explain that the request lacks dates or people."""
    if not request.dates():
        return Infeasible(
            constraint="dates",
            **_say("refusal.no_dates"),
            suggestions=[suggest("check_the_dates")],
        )
    return Infeasible(
        constraint="party",
        **_say("refusal.nobody"),
        suggestions=[suggest("set_the_number_of_people")],
    )


def check_request(ctx: TripContext) -> Infeasible | None:
    """Find a request that cannot be planned at all (party, dates, must-see places)."""
    if ctx.adults == 0:
        return Infeasible(
            constraint="party",
            **_say("refusal.no_adult"),
            suggestions=[suggest("add_an_adult")],
        )
    for index in (0, len(ctx.dates) - 1):
        if not day_is_possible(ctx, day_bounds(ctx, index)):
            return Infeasible(
                constraint="dates",
                **_say("refusal.flight_times"),
                suggestions=[suggest("check_the_arrival_and_departure_times")],
            )
    for pid in ctx.request.must_see:
        problem = _must_see_problem(ctx, pid)
        if problem is not None:
            return problem
    return None


def _must_see_problem(ctx: TripContext, pid: str) -> Infeasible | None:
    place = ctx.kb.attraction(pid)
    if place is None:
        return _must_see(_say("refusal.unknown_attraction", pid=pid), pid)
    name = place.names.en
    if pid in ctx.request.avoid:
        return _must_see(_say("refusal.must_and_avoid", name=place.names), pid)
    if not place.walk_in:
        return _must_see(_say("refusal.appointment_only", name=place.names), pid)
    if ctx.children and adults_only(place):  # a must-see the parents chose is kept otherwise
        return Infeasible(
            constraint="party",
            **_say("refusal.no_children", name=place.names),
            suggestions=[suggest("drop", place=name)],
        )
    if not ctx.children and with_children_only(place):
        return Infeasible(
            constraint="party",
            **_say("refusal.needs_a_child", name=place.names),
            suggestions=[suggest("drop", place=name)],
        )
    if not any(attraction_stop(ctx, place, day) for day in ctx.dates):
        return _must_see(
            _say("refusal.closed_all_trip", name=place.names),
            pid,
            extra=[suggest("change_the_dates")],
        )
    return None


def _say(key: str, **values: object) -> dict[str, str]:
    """``message_en`` and ``message_ko`` of an :class:`Infeasible`, from the catalogue."""
    en, ko = both(key, **values)
    return {"message_en": en, "message_ko": ko}


def _must_see(message: dict[str, str], pid: str, extra: list[str] | None = None) -> Infeasible:
    return Infeasible(
        constraint="must_see", **message, suggestions=[suggest("drop", place=pid), *(extra or [])]
    )


def must_see_missing(ctx: TripContext, missing: list[str]) -> Infeasible:
    """Explain must-see places the days could not fit."""
    names = [ctx.kb.places[p].names for p in missing]
    return Infeasible(
        constraint="must_see",
        **_say(
            "refusal.could_not_fit",
            names=InBoth(", ".join(n.en for n in names), ", ".join(n.ko for n in names)),
        ),
        suggestions=[
            *(suggest("drop", place=n.en) for n in names),
            suggest("add_a_day"),
            suggest("choose_a_faster_pace"),
        ],
    )


def _meals(ctx: TripContext) -> int:
    return sum(len(meal_slots(ctx, day_bounds(ctx, i))) for i in range(len(ctx.dates)))


def _leg_cost(ctx: TripContext) -> float:
    there = Point(ctx.hotel.point.lat + 0.03, ctx.hotel.point.lon)
    return ctx.travel.leg(
        ctx.hotel.id, there, ctx.modes, 12 * 60, party_size=ctx.party_size
    ).cost_sgd


def ticket_allowance(ctx: TripContext) -> float | Infeasible | None:
    """What the budget leaves for tickets after food and transport (None: no budget)."""
    budget = ctx.request.budget_sgd()
    if budget is None:
        return None
    meals = _meals(ctx)
    costs = sorted(f.meal_cost_sgd for f in ctx.kb.food) or [0.0]
    must = sum(ctx.ticket(a) for a in ctx.eligible if a.id in ctx.must_see)
    legs_min = 2 * len(ctx.dates)
    minimum = must + meals * costs[0] + legs_min * _leg_cost(ctx)
    if minimum > float(budget):
        amount = round(minimum - float(budget), 2)
        return Infeasible(
            constraint="budget",
            amount=amount,
            **_say("refusal.cheapest_over_budget", minimum=minimum, amount=amount, budget=budget),
            suggestions=_budget_suggestions(ctx),
        )
    legs = len(ctx.dates) * (ctx.pace.max_visits + 3)
    estimate = meals * median(costs) + legs * _leg_cost(ctx) * 0.8
    return max(must, float(budget) - estimate)


def _budget_suggestions(ctx: TripContext) -> list[str]:
    out = [suggest("drop", place=ctx.kb.places[p].names.en) for p in sorted(ctx.must_see)]
    if Transport.PUBLIC not in ctx.modes:
        out.append(suggest("switch_to_mrt"))
    out.extend([suggest("raise_the_budget"), suggest("shorten_the_trip")])
    return out


def over_budget(ctx: TripContext, plan: Itinerary) -> float:
    """By how much a plan exceeds the per-person budget (<= 0 when it fits)."""
    budget = ctx.request.budget_sgd()
    return 0.0 if budget is None else plan.totals.per_person_sgd - float(budget)


def budget_infeasible(ctx: TripContext, over: float, plan: Itinerary) -> Infeasible:
    """Explain a plan that stays over budget after dropping optional tickets."""
    budget = ctx.request.budget_sgd()
    return Infeasible(
        constraint="budget",
        amount=round(over, 2),
        **_say(
            "refusal.leanest_over_budget",
            cost=plan.totals.per_person_sgd,
            over=over,
            budget=budget,
        ),
        suggestions=_budget_suggestions(ctx),
    )


def assumptions(ctx: TripContext) -> list[str]:
    """English sentences listing the defaults and settings a plan rests on."""
    req = ctx.request
    hotel = ctx.hotel.name_en
    modes = t("en", "assume.or").join(t("en", f"assume.mode.{m.value}") for m in sorted(ctx.modes))
    out = [
        t("en", "assume.hotel" if req.hotel_area else "assume.hotel_default", hotel=hotel),
        t("en", "assume.getting_around", modes=modes),
        t("en", f"assume.pace.{req.pace.value}"),
    ]
    if night_landing(req.arrival_time):
        rest = hhmm(REST_AFTER_NIGHT_LANDING)
        out.append(t("en", "assume.night_landing", time=req.arrival_time, start=rest))
    elif req.arrival_time:
        out.append(t("en", "assume.arrival", time=req.arrival_time))
    else:
        out.append(t("en", "assume.no_arrival"))
    if req.departure_time:
        out.append(t("en", "assume.departure", time=req.departure_time))
    else:
        out.append(t("en", "assume.no_departure"))
    if req.budget is None:
        out.append(t("en", "assume.no_budget"))
    if ctx.children:
        out.append(t("en", "assume.children"))
    if ctx.travel.walk_limit is not None:
        out.append(t("en", "assume.walk_limit", minutes=ctx.travel.walk_limit))
    if req.young_children() and not wants_nightlife(req):
        out.append(t("en", "assume.young_child"))
    if req.party is not None and req.party.seniors:
        out.append(t("en", "assume.seniors"))
    out.append(t("en", "assume.meals"))
    out.append(t("en", "assume.prices"))
    return out


def data_as_of(kb: KnowledgeBase) -> str:
    """The date of the newest record the plan could draw on."""
    dates = [p.as_of for p in (*kb.attractions, *kb.food)] + [kb.mrt.as_of]
    return max(dates).isoformat()
