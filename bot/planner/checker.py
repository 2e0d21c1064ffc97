"""An independent verifier run on every plan before it is sent.

The checker trusts nothing the planner computed: it looks every place up in the knowledge base,
re-derives opening hours, dwell limits, travel minimums and costs, and recomputes the totals. It
returns every problem it finds (an empty list means the plan may be sent); each
:class:`Violation` names a stable ``code``, the day index, the place and an English detail.

Rules worth knowing:

- a meal window (lunch 11:00-14:30, dinner 17:30-21:30) is met by a meal at a food place that
  *starts* inside it; a window is only demanded when the traveller is in town for all of it
  (arrival on the first day, departure minus :data:`AIRPORT_BUFFER_MIN` on the last);
- a transit item must last at least the :class:`~bot.planner.travel.TravelModel`'s minutes for its
  mode, less :data:`TRANSIT_SLACK_MIN`; two places back to back need a transit item between them
  unless walking takes at most :data:`WALK_WITHOUT_TRANSIT_MIN`;
- the budget check uses, per item, the larger of the stated cost and the knowledge base's price
  (combined tickets charged once a day, :mod:`bot.planner.pricing`);
- closures come from the knowledge base (:meth:`~bot.planner.kb.Place.open_intervals`: dated
  closures, closed periods, public holidays); appointment-only places are refused outright;
- a walk across water (no bridge or boardwalk) is an ``impossible_leg``; a walk longer than the
  party's limit (``TripRequest.walk_limit``: wheelchair, pram, seniors, young children) is a
  ``long_walk``;
- a meal at a food place behind a park's gates (``FoodPlace.ticketed``) must sit inside a visit
  to that park (a ``gated_meal`` otherwise): the visit, the meal and the rest of the visit are
  three items, and the two visit items count as one visit (one ticket, one dwell, one entry).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.planner.geo import ANCHORS, Point, haversine_km
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase, hhmm, load_knowledge_base
from bot.planner.pricing import Price, day_prices, single_price
from bot.planner.travel import WALK_DETOUR, WALK_KMH, TravelModel
from bot.trip import Transport, TripRequest

ViolationCode = Literal[
    "invalid_plan",
    "unknown_place",
    "place_mismatch",
    "wrong_kind",
    "day_count",
    "wrong_date",
    "missing_meal",
    "closed",
    "last_entry",
    "dwell",
    "order",
    "overlap",
    "outside_trip_hours",
    "travel_too_short",
    "missing_transit",
    "transit_endpoints",
    "show_time",
    "repeat",
    "price",
    "totals",
    "budget",
    "avoided",
    "must_see_missing",
    "child_unsuitable",
    "adults_need_a_child",
    "evening_only",
    "daytime_only",
    "appointment_only",
    "impossible_leg",
    "long_walk",
    "gated_meal",
]

LUNCH = (11 * 60, 14 * 60 + 30)
DINNER = (17 * 60 + 30, 21 * 60 + 30)
EVENING_FROM = 17 * 60
DAYTIME_UNTIL = 19 * 60
TRANSIT_SLACK_MIN = 1
WALK_WITHOUT_TRANSIT_MIN = 2
AIRPORT_BUFFER_MIN = 60  # a floor for the last item before a flight, not the advice
MEAL_MINUTES = (20, 150)
COST_TOLERANCE_SGD = 0.05
TOTALS_TOLERANCE = (1.0, 0.02)  # absolute S$, relative share

# a meal may repeat here within a day and the plan is still valid (the planner itself only
# repeats in a street of restaurants: bot.planner.stops.TWO_MEALS_KINDS)
MANY_STALLS = frozenset({"hawker_centre", "food_court", "food_street"})

MODE_SETS: dict[str, frozenset[Transport]] = {
    "mrt": frozenset({Transport.PUBLIC}),
    "sentosa_express": frozenset({Transport.PUBLIC}),
    "cable_car": frozenset({Transport.PUBLIC}),
    "shuttle": frozenset({Transport.PUBLIC}),
    "bus": frozenset({Transport.PUBLIC}),
    "ferry": frozenset({Transport.PUBLIC}),
    "taxi": frozenset({Transport.TAXI, Transport.GRAB}),
    "car": frozenset({Transport.CAR}),
}


class Violation(BaseModel):
    """One broken rule in a plan; ``detail`` is English, ``amount`` a number where one helps."""

    model_config = ConfigDict(frozen=True)

    code: ViolationCode
    day: int | None = None
    place_id: str | None = None
    detail: str
    amount: float | None = None


@dataclass(frozen=True)
class _Ctx:
    kb: KnowledgeBase
    request: TripRequest
    travel: TravelModel | None
    party_size: int
    children: int
    adults: int


@dataclass(frozen=True)
class _Timed:
    item: Item
    start: int
    end: int


def check_itinerary(
    itinerary: Itinerary, kb: KnowledgeBase, travel: TravelModel | None = None
) -> list[Violation]:
    """Return every rule the itinerary breaks (empty when it may be sent)."""
    party = itinerary.request.party
    limit = itinerary.request.walk_limit()
    ctx = _Ctx(
        kb=kb,
        request=itinerary.request,
        travel=travel.limited(limit) if travel is not None else None,
        party_size=max(1, party.size) if party else 1,
        children=party.children if party else 0,
        adults=party.adults if party else 1,
    )
    out = _check_dates(itinerary)
    last = len(itinerary.days) - 1
    for index, day in enumerate(itinerary.days):
        timed, problems = _timeline(day, index)
        edges = _trip_hours(ctx.request, first=index == 0, last=index == last)
        out += problems
        out += _check_places(day, index, ctx)
        out += _check_hours(day, timed, index, ctx)
        out += _check_meals(timed, index, ctx, edges)
        out += _check_transit(day, timed, index, ctx)
        out += _check_constraints(timed, index, ctx, edges)
        out += _check_gated_meals(day, index, ctx)
    out += _check_repeats(itinerary, kb)
    out += _check_must_see(itinerary)
    out += _check_costs(itinerary, ctx)
    return out


def check_file(path: str | Path) -> list[Violation]:
    """Load a plan from a JSON file and check it against the bundled knowledge base."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        itinerary = Itinerary.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return [_v("invalid_plan", None, None, f"{where}: {first['msg']}")]
    kb = load_knowledge_base()
    return check_itinerary(itinerary, kb, TravelModel(kb))


def _v(
    code: ViolationCode,
    day: int | None,
    place: str | None,
    detail: str,
    amount: float | None = None,
) -> Violation:
    return Violation(code=code, day=day, place_id=place, detail=detail, amount=amount)


def _parse(value: str) -> int | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
    if match is None:
        return None
    hours, mins = int(match[1]), int(match[2])
    if mins > 59 or hours > 24 or (hours == 24 and mins > 0):
        return None
    return hours * 60 + mins


def _timeline(day: Day, index: int) -> tuple[list[_Timed], list[Violation]]:
    """Parse the day's times; check they are valid, in order and do not overlap."""
    timed: list[_Timed] = []
    out: list[Violation] = []
    for item in day.items:
        start, end = _parse(item.start), _parse(item.end)
        pid, span = item.place_id, f"{item.name} at {item.start}-{item.end}"
        if start is None or end is None or end < start or (end == start and item.kind != "transit"):
            out.append(_v("order", index, pid, f"{span} is not a valid time span"))
            continue
        latest = max(timed, key=lambda t: t.end, default=None)
        if latest is not None and start < latest.end:
            if end <= timed[-1].start:
                out.append(_v("order", index, pid, f"{span} comes after {timed[-1].item.name}"))
            else:
                detail = f"{span} starts before {latest.item.name} ends at {latest.item.end}"
                out.append(_v("overlap", index, pid, detail, latest.end - start))
        timed.append(_Timed(item, start, end))
    return timed, out


def _check_dates(itinerary: Itinerary) -> list[Violation]:
    dates = itinerary.request.dates()
    out: list[Violation] = []
    if len(itinerary.days) != len(dates):
        detail = f"the plan has {len(itinerary.days)} days; the trip spans {len(dates)}"
        out.append(_v("day_count", None, None, detail, len(dates)))
    for index, (day, want) in enumerate(zip(itinerary.days, dates, strict=False)):
        if day.date != want:
            detail = f"day {index + 1} is dated {day.date}, expected {want}"
            out.append(_v("wrong_date", index, None, detail))
    return out


def _check_places(day: Day, index: int, ctx: _Ctx) -> list[Violation]:
    """Every referenced place exists, matches the knowledge base and has the right kind."""
    out: list[Violation] = []
    for item in day.items:
        refs = [item.rain_alternative_id] if item.rain_alternative_id else []
        if item.kind == "transit":
            refs += [r for r in (item.from_id, item.to_id) if r]
        for ref in refs:
            if ref not in ctx.kb.places and ref not in ANCHORS:
                out.append(_v("unknown_place", index, ref, f"{item.name}: unknown place {ref}"))
        if item.kind == "transit":
            continue
        place = ctx.kb.places.get(item.place_id or "")
        if place is None:
            detail = f"{item.name} is not in the catalogue"
            out.append(_v("unknown_place", index, item.place_id, detail))
            continue
        out += _check_identity(item, place, index)
    for bundle in day.bundles:
        for ref in bundle.place_ids:
            if ref not in ctx.kb.places:
                detail = f"bundle {bundle.area} lists an unknown place {ref}"
                out.append(_v("unknown_place", index, ref, detail))
    return out


def _check_identity(item: Item, place: Attraction | FoodPlace, index: int) -> list[Violation]:
    out: list[Violation] = []
    name = place.names.en
    if item.name != name:
        detail = f"item is named {item.name!r}; the catalogue says {name!r}"
        out.append(_v("place_mismatch", index, place.id, detail))
    for got, want, axis in ((item.lat, place.lat, "latitude"), (item.lon, place.lon, "longitude")):
        if got is not None and abs(got - want) > 1e-4:
            detail = f"{name}: {axis} {got} differs from the catalogue's {want}"
            out.append(_v("place_mismatch", index, place.id, detail))
    if (item.kind == "meal") != isinstance(place, FoodPlace):
        out.append(_v("wrong_kind", index, place.id, f"{name} cannot be a {item.kind} item"))
    return out


def inside_of(kb: KnowledgeBase, place_id: str | None, host_id: str | None) -> bool:
    """Whether ``place_id`` is (transitively) marked as inside ``host_id``."""
    seen: set[str] = set()
    current = kb.places.get(place_id or "")
    while current is not None and current.inside and current.inside not in seen:
        if current.inside == host_id:
            return True
        seen.add(current.inside)
        current = kb.places.get(current.inside)
    return False


def continued_visits(items: list[Item], kb: KnowledgeBase) -> dict[int, int]:
    """Visits resumed after a meal inside the same place: position -> the first part's position
    (``visit P``, ``meal inside P``, ``visit P``: the park is not left for lunch)."""
    out: dict[int, int] = {}
    for pos in range(2, len(items)):
        a, meal, b = items[pos - 2], items[pos - 1], items[pos]
        if (
            a.kind == b.kind == "visit"
            and meal.kind == "meal"
            and a.place_id == b.place_id
            and inside_of(kb, meal.place_id, a.place_id)
        ):
            out[pos] = out.get(pos - 2, pos - 2)
    return out


def _check_gated_meals(day: Day, index: int, ctx: _Ctx) -> list[Violation]:
    """A meal behind a park's gates is eaten during a visit to that park, not on its own."""
    out: list[Violation] = []
    items = day.items
    for pos, item in enumerate(items):
        food = ctx.kb.places.get(item.place_id or "")
        if item.kind != "meal" or not isinstance(food, FoodPlace) or not food.ticketed:
            continue
        around = [items[p] for p in (pos - 1, pos + 1) if 0 <= p < len(items)]
        if not any(i.kind == "visit" and i.place_id == food.inside for i in around):
            detail = f"{food.names.en} is inside {food.inside}, whose visit is not around it"
            out.append(_v("gated_meal", index, food.id, detail))
    return out


def _check_hours(day: Day, timed: list[_Timed], index: int, ctx: _Ctx) -> list[Violation]:
    """Opening hours, last entry, dwell and show times of every place item."""
    out: list[Violation] = []
    resumed = continued_visits([t.item for t in timed], ctx.kb)
    parts: dict[int, int] = {}
    for pos, first in resumed.items():
        parts[first] = parts.get(first, timed[first].end - timed[first].start)
        parts[first] += timed[pos].end - timed[pos].start
    for pos, t in enumerate(timed):
        place = ctx.kb.places.get(t.item.place_id or "")
        if t.item.kind == "transit" or place is None:
            continue
        out += _check_open(t, place, day, index, entry=pos not in resumed)
        if pos in resumed:
            continue  # the rest of a visit: its dwell counts with the first part
        dwell = parts.get(pos, t.end - t.start)
        if not place.walk_in:
            detail = f"{place.names.en} is visited by appointment only, not as a walk-in"
            out.append(_v("appointment_only", index, place.id, detail))
        if isinstance(place, Attraction):
            out += _check_attraction_times(t, place, index, day, dwell)
        elif t.item.kind == "meal" and not MEAL_MINUTES[0] <= dwell <= MEAL_MINUTES[1]:
            detail = f"a meal at {place.names.en} lasting {dwell} min"
            out.append(_v("dwell", index, place.id, detail, dwell))
    return out


def _check_open(
    t: _Timed, place: Attraction | FoodPlace, day: Day, index: int, *, entry: bool = True
) -> list[Violation]:
    intervals = _merged(place.open_intervals(day.date))
    inside = [(a, b) for a, b in intervals if a <= t.start < b]
    name = place.names.en
    if not inside or t.end > inside[0][1]:
        hours = ", ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in intervals) or "closed all day"
        detail = f"{name} at {t.item.start}-{t.item.end} on {day.date}: open {hours}"
        return [_v("closed", index, place.id, detail)]
    last_entry = inside[0][1] - getattr(place, "last_entry_before_close_min", 0)
    if entry and t.start > last_entry:
        detail = f"{name}: last entry {hhmm(last_entry)}, the plan enters at {t.item.start}"
        return [_v("last_entry", index, place.id, detail, t.start - last_entry)]
    return []


def _merged(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join touching intervals (``10:00-14:00`` and ``14:00-22:00`` are one opening)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _check_attraction_times(
    t: _Timed, place: Attraction, index: int, day: Day, dwell: int
) -> list[Violation]:
    out: list[Violation] = []
    name = place.names.en
    if not place.duration_min <= dwell <= place.duration_max:
        detail = f"{name}: {dwell} min, expected {place.duration_min}-{place.duration_max} min"
        out.append(_v("dwell", index, place.id, detail, dwell))
    shows = place.shows_on(day.date)
    if place.show_times and t.item.start not in shows:
        times = ", ".join(shows) or "no show"
        detail = f"{name} on {day.date} starts at {times}, not {t.item.start}"
        out.append(_v("show_time", index, place.id, detail))
    elif t.item.kind == "show" and not place.show_times:
        out.append(_v("show_time", index, place.id, f"{name} has no show times"))
    return out


def _trip_hours(request: TripRequest, *, first: bool, last: bool) -> tuple[int, int]:
    """The span of a day the traveller is in town: after arrival, before the airport."""
    arrive, leave = 0, 24 * 60
    if first and request.arrival_time:
        arrive = _parse(request.arrival_time) or 0
    if last and request.departure_time:
        leave = (_parse(request.departure_time) or leave) - AIRPORT_BUFFER_MIN
    return arrive, leave


def _check_meals(
    timed: list[_Timed], index: int, ctx: _Ctx, edges: tuple[int, int]
) -> list[Violation]:
    """Lunch and dinner at food places, where the traveller's hours allow them."""
    out: list[Violation] = []
    for label, (lo, hi) in (("lunch", LUNCH), ("dinner", DINNER)):
        if edges[0] > lo or edges[1] < hi:
            continue
        if not any(
            t.item.kind == "meal"
            and isinstance(ctx.kb.places.get(t.item.place_id or ""), FoodPlace)
            and lo <= t.start <= hi
            for t in timed
        ):
            detail = f"no {label} starting between {hhmm(lo)} and {hhmm(hi)}"
            out.append(_v("missing_meal", index, None, detail))
    return out


def _check_transit(day: Day, timed: list[_Timed], index: int, ctx: _Ctx) -> list[Violation]:
    """Transit legs join the right places, are long enough, and none is missing."""
    out: list[Violation] = []
    prev_place: str | None = day.start_place or None
    prev: _Timed | None = None
    for pos, t in enumerate(timed):
        if t.item.kind != "transit":
            if prev is not None and prev.item.kind != "transit":
                out += _check_adjacent(prev, t, index, ctx)
            prev_place, prev = t.item.place_id, t
            continue
        nxt = next((n.item.place_id for n in timed[pos + 1 :] if n.item.kind != "transit"), None)
        nxt = nxt or day.end_place or None
        if (prev_place and t.item.from_id != prev_place) or (nxt and t.item.to_id != nxt):
            detail = f"transit {t.item.from_id} -> {t.item.to_id} should join {prev_place}, {nxt}"
            out.append(_v("transit_endpoints", index, t.item.to_id, detail))
        out += _check_leg(t, index, ctx)
        prev = t
    return out


def _check_adjacent(a: _Timed, b: _Timed, index: int, ctx: _Ctx) -> list[Violation]:
    pa, pb = ctx.kb.places.get(a.item.place_id or ""), ctx.kb.places.get(b.item.place_id or "")
    if pa is None or pb is None or pa.id == pb.id:
        return []
    if inside_of(ctx.kb, pa.id, pb.id) or inside_of(ctx.kb, pb.id, pa.id):
        return []  # a restaurant inside the park: no transit between them
    walk = walk_minutes(Point(pa.lat, pa.lon), Point(pb.lat, pb.lon))
    if walk <= WALK_WITHOUT_TRANSIT_MIN:
        return []
    detail = f"no transit from {pa.names.en} to {pb.names.en} ({walk} min on foot)"
    return [_v("missing_transit", index, pb.id, detail, walk)]


def _check_leg(t: _Timed, index: int, ctx: _Ctx) -> list[Violation]:
    item, planned = t.item, t.end - t.start
    try:
        if _walks_on_water(ctx, item):
            detail = f"walk {item.from_id} -> {item.to_id} crosses water"
            return [_v("impossible_leg", index, item.to_id, detail)]
        limit = ctx.request.walk_limit()
        if item.mode == "walk" and limit is not None and planned > limit:
            detail = f"walk {item.from_id} -> {item.to_id}: {planned} min, the party walks {limit}"
            return [_v("long_walk", index, item.to_id, detail, planned)]
        need = _minimum_minutes(ctx, item, t.start)
    except KeyError:
        return []  # an unknown endpoint is reported as unknown_place
    if need is None or planned >= need - TRANSIT_SLACK_MIN:
        return []
    detail = f"{item.mode} {item.from_id} -> {item.to_id}: {planned} min planned, {need} needed"
    return [_v("travel_too_short", index, item.to_id, detail, need - planned)]


def _minimum_minutes(ctx: _Ctx, item: Item, depart: int) -> int | None:
    """The travel model's minutes for the item's mode (None when it cannot say)."""
    if ctx.travel is None or not item.from_id or not item.to_id or item.mode is None:
        return None
    if item.mode == "walk":
        return ctx.travel.walk_minutes(item.from_id, item.to_id)
    for modes in (frozenset(ctx.request.transport), MODE_SETS[item.mode]):
        leg = ctx.travel.leg(item.from_id, item.to_id, modes, depart, party_size=ctx.party_size)
        if leg.mode == item.mode:
            return leg.minutes
    return None


def _walks_on_water(ctx: _Ctx, item: Item) -> bool:
    if ctx.travel is None or item.mode != "walk" or not item.from_id or not item.to_id:
        return False
    return ctx.travel.walk_km(item.from_id, item.to_id) is None


def walk_minutes(a: Point, b: Point) -> int:
    """Walking minutes between two points under the travel model's assumptions."""
    return math.ceil(haversine_km(a, b) * WALK_DETOUR / WALK_KMH * 60)


def _check_constraints(
    timed: list[_Timed], index: int, ctx: _Ctx, edges: tuple[int, int]
) -> list[Violation]:
    """The traveller's constraints: trip hours, avoid list, children, evening/daytime only."""
    out: list[Violation] = []
    for t in timed:
        place = ctx.kb.places.get(t.item.place_id or "")
        if t.item.kind == "transit" or place is None:
            continue
        pid, name, span = place.id, place.names.en, f"{t.item.start}-{t.item.end}"
        if t.start < edges[0] or t.end > edges[1]:
            detail = f"{name} at {span} is outside {hhmm(edges[0])}-{hhmm(edges[1])}"
            out.append(_v("outside_trip_hours", index, pid, detail))
        if pid in ctx.request.avoid:
            out.append(_v("avoided", index, pid, f"{name} is on the avoid list"))
        if not isinstance(place, Attraction):
            continue
        chosen = pid in ctx.request.must_see  # the parents asked for it by name
        no_entry = place.admits == "adults"
        if ctx.children and (no_entry or (not place.good_for_children and not chosen)):
            out.append(_v("child_unsuitable", index, pid, f"{name} is not for children"))
        if not ctx.children and place.admits == "with-children":
            out.append(
                _v("adults_need_a_child", index, pid, f"{name} admits adults only with a child")
            )
        if place.evening_only and t.start < EVENING_FROM:
            out.append(_v("evening_only", index, pid, f"{name} is evening only; planned {span}"))
        if place.daytime_only and t.end > DAYTIME_UNTIL:
            out.append(_v("daytime_only", index, pid, f"{name} is daytime only; planned {span}"))
    return out


def _check_repeats(itinerary: Itinerary, kb: KnowledgeBase) -> list[Violation]:
    """No attraction twice in a trip; a food place at most once a day, unless it has many
    stalls (a hawker centre, food court or food street may serve lunch and dinner)."""
    out: list[Violation] = []
    seen: set[str] = set()
    for index, day in enumerate(itinerary.days):
        meals: set[str] = set()
        resumed = continued_visits(day.items, kb)
        for pos, item in enumerate(day.items):
            if item.kind == "transit" or not item.place_id or pos in resumed:
                continue
            bucket = meals if item.kind == "meal" else seen
            place = kb.places.get(item.place_id)
            stalls = isinstance(place, FoodPlace) and place.kind in MANY_STALLS
            if item.place_id in bucket and not (item.kind == "meal" and stalls):
                out.append(_v("repeat", index, item.place_id, f"{item.name} appears again"))
            bucket.add(item.place_id)
    return out


def _check_must_see(itinerary: Itinerary) -> list[Violation]:
    planned = {i.place_id for d in itinerary.days for i in d.items if i.kind in ("visit", "show")}
    return [
        _v("must_see_missing", None, pid, f"must-see {pid} is not in the plan")
        for pid in dict.fromkeys(itinerary.request.must_see)
        if pid not in planned
    ]


def item_cost(
    item: Item, kb: KnowledgeBase, adults: int, children: int, price: Price | None = None
) -> float:
    """Return one item's cost per person as the knowledge base prices it (transit: as stated).

    ``price`` is the item's ticket from :func:`~bot.planner.pricing.day_prices` when the day is
    known (combined tickets); without it the attraction's single ticket is used.
    """
    place = kb.places.get(item.place_id or "")
    if item.kind == "transit" or place is None:
        return item.cost_sgd
    if isinstance(place, FoodPlace):
        return place.meal_cost_sgd
    return (price or single_price(place)).average(adults, children)


def _day_costs(day: Day, kb: KnowledgeBase, adults: int, children: int) -> list[float]:
    visits = [i for i in day.items if i.kind in ("visit", "show")]
    prices = dict(zip(map(id, visits), day_prices(kb, [i.place_id for i in visits]), strict=True))
    return [item_cost(i, kb, adults, children, prices.get(id(i))) for i in day.items]


def _check_costs(itinerary: Itinerary, ctx: _Ctx) -> list[Violation]:
    """Understated prices, stale totals and the budget, all recomputed from the items."""
    out: list[Violation] = []
    stated = real = 0.0
    for index, day in enumerate(itinerary.days):
        for item, cost in zip(
            day.items, _day_costs(day, ctx.kb, ctx.adults, ctx.children), strict=True
        ):
            stated += item.cost_sgd
            real += max(cost, item.cost_sgd)
            if item.cost_sgd < cost - COST_TOLERANCE_SGD:
                detail = f"{item.name} costs S${cost:.2f} a person, the plan says {item.cost_sgd}"
                out.append(_v("price", index, item.place_id, detail, cost - item.cost_sgd))
    totals = itinerary.totals.per_person_sgd
    if abs(totals - stated) > max(TOTALS_TOLERANCE[0], TOTALS_TOLERANCE[1] * stated):
        detail = f"totals say S${totals:.2f} a person; the items add up to S${stated:.2f}"
        out.append(_v("totals", None, None, detail, stated - totals))
    budget = ctx.request.budget_sgd()
    if budget is not None and real > float(budget) + COST_TOLERANCE_SGD:
        detail = f"S${real:.2f} a person is over the budget of S${budget}"
        out.append(_v("budget", None, None, detail, real - float(budget)))
    return out
