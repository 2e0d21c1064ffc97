"""Explanations around a plan: infeasibility (with amounts and suggestions), budget estimates,
the assumptions a plan rests on, and the data date."""

from __future__ import annotations

from statistics import median

from pydantic import BaseModel, ConfigDict, Field

from bot.planner.geo import Point
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planner.stops import (
    TripContext,
    adults_only,
    attraction_stop,
    day_bounds,
    day_is_possible,
    meal_slots,
)
from bot.trip import Transport, TripRequest

MODE_NAMES = {
    Transport.PUBLIC: "public transport (MRT and walking)",
    Transport.TAXI: "taxi",
    Transport.GRAB: "Grab",
    Transport.CAR: "rental car",
}


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
            message_en="The trip has no valid dates (the return is before the departure?).",
            message_ko="여행 날짜가 올바르지 않습니다 (귀국일이 출발일보다 앞선가요?).",
            suggestions=["check the dates"],
        )
    return Infeasible(
        constraint="party",
        message_en="The trip has nobody travelling.",
        message_ko="여행 인원이 없습니다.",
        suggestions=["set the number of people"],
    )


def check_request(ctx: TripContext) -> Infeasible | None:
    """Find a request that cannot be planned at all (party, dates, must-see places)."""
    if ctx.adults == 0:
        return Infeasible(
            constraint="party",
            message_en="Children cannot travel without an adult.",
            message_ko="어린이만으로는 여행 계획을 세울 수 없습니다. 성인이 함께해야 합니다.",
            suggestions=["add an adult"],
        )
    for index in (0, len(ctx.dates) - 1):
        if not day_is_possible(ctx, day_bounds(ctx, index)):
            return Infeasible(
                constraint="dates",
                message_en="The flight times leave no time to get between Changi and the hotel.",
                message_ko="항공편 시간 때문에 창이 공항과 호텔 사이를 이동할 시간이 없습니다.",
                suggestions=["check the arrival and departure times"],
            )
    for pid in ctx.request.must_see:
        problem = _must_see_problem(ctx, pid)
        if problem is not None:
            return problem
    return None


def _must_see_problem(ctx: TripContext, pid: str) -> Infeasible | None:
    place = ctx.kb.attraction(pid)
    if place is None:
        return _must_see(
            f"I do not know the attraction {pid!r}.", f"{pid!r} 관광지를 찾을 수 없습니다.", pid
        )
    name = place.names.en
    if pid in ctx.request.avoid:
        return _must_see(
            f"{name} is both a must-see and a place to avoid.",
            f"{place.names.ko}이(가) 꼭 볼 곳과 피할 곳에 모두 있습니다.",
            pid,
        )
    if not place.walk_in:
        return _must_see(
            f"{name} is visited by appointment or booked tour only, so I cannot plan it as a "
            "walk-in: book it directly and tell me the time.",
            f"{place.names.ko}은(는) 예약 또는 가이드 투어로만 방문할 수 있어 "
            "자유 방문으로 넣을 수 없습니다. 직접 예약한 뒤 시간을 알려 주세요.",
            pid,
        )
    if ctx.children and adults_only(place):  # a must-see the parents chose is kept otherwise
        return Infeasible(
            constraint="party",
            message_en=f"{name} does not admit children.",
            message_ko=f"{place.names.ko}은(는) 어린이 입장이 안 됩니다.",
            suggestions=[f"drop {name}"],
        )
    if not any(attraction_stop(ctx, place, day) for day in ctx.dates):
        return _must_see(
            f"{name} is closed on every day of the trip.",
            f"{place.names.ko}은(는) 여행 기간 내내 휴무입니다.",
            pid,
            extra=["change the dates"],
        )
    return None


def _must_see(en: str, ko: str, pid: str, extra: list[str] | None = None) -> Infeasible:
    return Infeasible(
        constraint="must_see",
        message_en=en,
        message_ko=ko,
        suggestions=[f"drop {pid}", *(extra or [])],
    )


def must_see_missing(ctx: TripContext, missing: list[str]) -> Infeasible:
    """Explain must-see places the days could not fit."""
    names = [ctx.kb.places[p].names for p in missing]
    return Infeasible(
        constraint="must_see",
        message_en="Could not fit " + ", ".join(n.en for n in names) + " into the trip.",
        message_ko=", ".join(n.ko for n in names) + "을(를) 일정에 넣을 수 없습니다.",
        suggestions=[*(f"drop {n.en}" for n in names), "add a day", "choose a faster pace"],
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
            message_en=(
                f"The cheapest possible plan costs about S${minimum:.0f} per person, "
                f"S${amount:.0f} over the budget of S${budget}."
            ),
            message_ko=(
                f"가장 저렴한 일정도 1인당 약 S${minimum:.0f}로, 예산 S${budget}보다 "
                f"S${amount:.0f} 많습니다."
            ),
            suggestions=_budget_suggestions(ctx),
        )
    legs = len(ctx.dates) * (ctx.pace.max_visits + 3)
    estimate = meals * median(costs) + legs * _leg_cost(ctx) * 0.8
    return max(must, float(budget) - estimate)


def _budget_suggestions(ctx: TripContext) -> list[str]:
    out = [f"drop {ctx.kb.places[p].names.en}" for p in sorted(ctx.must_see)]
    if Transport.PUBLIC not in ctx.modes:
        out.append("switch to MRT")
    out.extend(["raise the budget", "shorten the trip"])
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
        message_en=(
            f"Even the leanest plan costs S${plan.totals.per_person_sgd:.0f} per person, "
            f"S${over:.0f} over the budget of S${budget}."
        ),
        message_ko=(
            f"가장 알뜰한 일정도 1인당 S${plan.totals.per_person_sgd:.0f}로, "
            f"예산 S${budget}보다 S${over:.0f} 많습니다."
        ),
        suggestions=_budget_suggestions(ctx),
    )


def assumptions(ctx: TripContext) -> list[str]:
    """English sentences listing the defaults and settings a plan rests on."""
    req = ctx.request
    out = [
        f"hotel near {ctx.hotel.name_en}" + ("" if req.hotel_area else " (default)"),
        "getting around by " + " or ".join(MODE_NAMES[m] for m in sorted(ctx.modes)),
        f"{req.pace.value} pace",
    ]
    out.append(
        f"arrive at Changi at {req.arrival_time}"
        if req.arrival_time
        else "day 1 starts at the hotel (no arrival time given)"
    )
    out.append(
        f"flight out at {req.departure_time}; at Changi 2.5 hours before"
        if req.departure_time
        else "the last day ends at the hotel (no departure time given)"
    )
    if req.budget is None:
        out.append("no budget limit")
    if ctx.children:
        out.append("places unsuitable for children are left out")
    if ctx.travel.walk_limit is not None:
        out.append(f"walks of at most {ctx.travel.walk_limit} min; longer legs by MRT or taxi")
    if req.party is not None and req.party.seniors:
        out.append("with seniors: one sight fewer a day, time to rest")
    out.append("lunch 11:30–14:00 and dinner 18:00–20:30 at hawker centres and food streets")
    out.append("prices per person; MRT fares are adult card fares")
    return out


def data_as_of(kb: KnowledgeBase) -> str:
    """The date of the newest record the plan could draw on."""
    dates = [p.as_of for p in (*kb.attractions, *kb.food)] + [kb.mrt.as_of]
    return max(dates).isoformat()
