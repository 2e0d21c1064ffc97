"""One day's route: which stops to make, in which order, at what times.

Scheduling model. A day is a single-vehicle routing problem with time windows:

- the route starts at the day's start (hotel area, or Changi on the arrival day) and ends at its
  end (hotel area, or Changi on the departure day), each with a time window;
- every candidate stop is a node whose *service time* is the visit's duration and whose *time
  window* is the set of allowed start minutes (opening intervals minus the duration and the
  last-entry margin; split hours become removed gaps; a show is a set of single minutes);
- stops are optional: leaving one out costs its prize (travel-style match, must-see, ...), and
  each meal slot is served by one of several food places, with a large prize, so lunch and
  dinner happen at a real food place; a
  food place offered for both slots is served at most once, and one already used on another day
  costs a little to enter (variety is a preference, not a detour);
- a count caps the visits per day (pace; a stop of half an hour or less counts half) and a
  money cap bounds the day's ticket spend (budget);
- the arc cost is the worst-case travel minutes, so the real legs (which depend on the time of
  day) always fit; coming home past the pace's day end costs per minute (a soft bound),
  outdoor minutes in the midday heat (12:00-17:00) cost a little (outdoors in the morning or
  the evening), and so does idle time: leaving later than the day's start, or waiting between
  stops; a morning left empty costs almost as much as travel (a day uses its morning).

:func:`solve_day` returns the chosen stops in order (the search itself, bounded by work and
deterministic, is :mod:`bot.planner.search`); :func:`simulate` then times the route with the
real, time-dependent legs (earliest start at every stop).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.planner import route_cost, search
from bot.planner.geo import KM_PER_DEGREE
from bot.planner.travel import Endpoint, TravelModel
from bot.trip import Transport

StopKind = Literal["visit", "meal", "show"]
Window = tuple[int, int]

COST_PER_TRAVEL_MIN = 10
LATE_COST_PER_MIN = 15
MORNING_SLACK_MIN = 90  # the first stop may start this long after the day's start, no later
IDLE_COST_PER_MIN = 2  # waiting, or leaving later than the day's start: use the morning
# a morning left empty (the first stop waits for its opening, or for lunch) costs more than a
# pause later in the day: beyond half an hour, each minute weighs almost a travel minute
MORNING_IDLE_FREE_MIN = 30
MORNING_IDLE_COST_PER_MIN = 10
FULL_VISIT = 2  # units of the visit-count dimension; a short stop takes half
SHORT_VISIT_MIN = 30
AFTERNOON_OUTDOOR_COST_PER_MIN = 1
NOON = 12 * 60
HEAT_END = 17 * 60  # outdoors from noon to five is the hot part of the day; after it, pleasant
MIDNIGHT = 24 * 60 - 1
CROSSING_COST = 15 * COST_PER_TRAVEL_MIN  # over the water and back again is not a detour
SAME_DAY_MEAL_COST = 90 * COST_PER_TRAVEL_MIN  # lunch and dinner at one food court: 90 min worse
MEAL_DETOUR_FREE_MIN = 8  # a meal between two stops may add this much to the way between them
MEAL_DETOUR_COST_PER_MIN = 2 * COST_PER_TRAVEL_MIN  # ... beyond it, a minute counts thrice
MEAL_DETOUR_LIMIT_MIN = 10  # and beyond this, a detour a local friend would not make ...
MEAL_DETOUR_OVER_PER_MIN = 10 * COST_PER_TRAVEL_MIN  # ... costs eleven times over
# ... and a meal may add this many hundreds of metres (as the crow flies) to the way between two
# stops; each hundred beyond costs a travel minute: a food centre two MRT stations off is a few
# minutes away, and a trip out of the day's part of town and back (Little India for lunch on a
# day by the river, with Chinatown's hawker centres a walk away)
MEAL_DETOUR_FREE_HM = 10
MEAL_DETOUR_COST_PER_HM = 2 * COST_PER_TRAVEL_MIN
# a style or interest the day serves nowhere ("nightlife", "beaches") costs this much: each day
# serves every wish it can, not only the most valuable one
UNSERVED_WISH_COST = 60 * COST_PER_TRAVEL_MIN
ANCHOR_PRIZE = 500_000  # must-see places: placed first, then meals, then the rest around them
# Each sight of a quiet kind (a museum, a place of worship) beyond the day's cap (see
# stops.kind_cap) costs more than any optional sight is worth, so the day takes the zoo or the
# park instead; a must-see museum still goes.
KIND_OVER_COST = 150 * COST_PER_TRAVEL_MIN
QUIET_KINDS = ("museum", "worship")


@dataclass(frozen=True, slots=True)
class InnerMeal:
    """Lunch eaten inside a park during its visit (a food place behind the park's gates).

    It starts ``offset`` minutes into the visit, clamped to ``window`` (the lunch slot within
    the food place's hours), and lasts ``minutes``; see :func:`inner_meal_start`.
    """

    food_id: str
    window: tuple[int, int]
    minutes: int
    offset: int


def inner_meal_start(meal: InnerMeal, visit_start: int) -> int:
    """The minute the inner lunch starts for a visit starting at ``visit_start``."""
    return min(max(visit_start + meal.offset, meal.window[0]), meal.window[1])


@dataclass(frozen=True, slots=True)
class Stop:
    """A candidate node: an attraction visit or show, or one food place for one meal slot."""

    place_id: str
    kind: StopKind
    duration: int
    windows: tuple[Window, ...]  # allowed start minutes, sorted, non-overlapping
    prize: int  # cost of leaving it out (for meals: of skipping the whole slot)
    slot: str = ""  # meal slot ("lunch" / "dinner"); stops of one slot form one disjunction
    ticket_cents: int = 0  # per person
    outdoor: bool = False
    visit_cost: int = 0  # cost of making this stop (a food place already used on another day)
    shared: bool = False  # a meal place of many stalls, which may serve lunch and dinner
    serves: frozenset[str] = frozenset()  # the traveller's styles and interests it serves
    inner: InnerMeal | None = None  # a park visit that serves its meal slot inside the park
    quiet: str = ""  # a quiet kind of sight ("museum", "worship"), capped per day with children


@dataclass(frozen=True, slots=True)
class DaySpec:
    """Everything the solver needs for one day."""

    day: date
    start: Endpoint
    end: Endpoint
    start_window: Window
    end_window: Window
    soft_end: int  # coming home later costs LATE_COST_PER_MIN per minute
    stops: tuple[Stop, ...]
    max_visits: int
    modes: frozenset[Transport]
    party_size: int = 1
    ticket_cap_cents: int | None = None
    kind_cap: tuple[int, ...] | None = None  # sights a day holds of each of QUIET_KINDS


@dataclass(frozen=True, slots=True)
class Timed:
    """A stop with its start and end minute, and the leg that led to it."""

    stop: Stop
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DayRoute:
    """The timed route of one day: departure, stops in order, arrival at the end."""

    depart: int
    stops: tuple[Timed, ...]
    arrive: int


def solve_day(spec: DaySpec, travel: TravelModel) -> list[Stop]:
    """Choose and order the day's stops; return them in visiting order (maybe empty).

    The search (:mod:`bot.planner.search`) is bounded by work, never by the clock: the same
    spec gives the same route however busy the machine is.
    """
    if not spec.stops:
        return []
    nodes = search.solve(day_problem(spec, travel))
    return [spec.stops[n - 2] for n in nodes]


def day_problem(spec: DaySpec, travel: TravelModel) -> route_cost.Problem:
    """The search's view of a day: node 0 its start, 1 its end, ``2 + i`` its ``i``-th stop."""
    points = [spec.start, spec.end, *(s.place_id for s in spec.stops)]
    worst, best = _travel_matrices(points, spec, travel)
    return _problem(spec, worst, best, travel, _distances(points, travel))


def _distances(points: list[Endpoint], travel: TravelModel) -> list[list[int]]:
    """Hundreds of metres between every two points as the crow flies (on a flat map: Singapore
    is small enough for one)."""
    where = [travel.point(p) for p in points]
    scale = math.cos(math.radians(where[0].lat)) if where else 1.0
    xy = [(p.lon * scale * KM_PER_DEGREE * 10, p.lat * KM_PER_DEGREE * 10) for p in where]
    return [[round(math.hypot(x - u, y - v)) for u, v in xy] for x, y in xy]


def _problem(
    spec: DaySpec,
    matrix: list[list[int]],
    direct: list[list[int]],
    travel: TravelModel,
    distance: list[list[int]],
) -> route_cost.Problem:
    stops = spec.stops
    islands = [travel.landmass(e) for e in (spec.start, spec.end, *(s.place_id for s in stops))]
    lands = {land: i for i, land in enumerate(dict.fromkeys(islands))}
    places = {p: i for i, p in enumerate(dict.fromkeys(s.place_id for s in stops))}
    slots = {name: i for i, name in enumerate(sorted({s.slot for s in stops if s.slot}))}
    wishes = {name: i for i, name in enumerate(sorted(set().union(*(s.serves for s in stops))))}
    none: tuple[tuple[int, int], ...] = ((0, MIDNIGHT),)
    return route_cost.Problem(
        matrix=matrix,
        duration=[0, 0, *(s.duration for s in stops)],
        windows=[none, none, *(s.windows for s in stops)],
        prize=[0, 0, *(s.prize for s in stops)],
        entry=[0, 0, *(s.visit_cost for s in stops)],
        outdoor=[False, False, *(s.outdoor and s.kind == "visit" for s in stops)],
        slot=[-1, -1, *(slots[s.slot] if s.slot else -1 for s in stops)],
        place=[-1, -2, *(places[s.place_id] for s in stops)],
        weight=[0, 0, *(_visit_weight(s) for s in stops)],
        ticket=[0, 0, *(s.ticket_cents for s in stops)],
        start_window=spec.start_window,
        end_window=spec.end_window,
        soft_end=spec.soft_end,
        max_weight=max(0, spec.max_visits) * FULL_VISIT,
        ticket_cap=spec.ticket_cap_cents,
        costs=route_cost.Costs(
            travel=COST_PER_TRAVEL_MIN,
            idle=IDLE_COST_PER_MIN,
            morning_idle=MORNING_IDLE_COST_PER_MIN,
            morning_free=MORNING_IDLE_FREE_MIN,
            late=LATE_COST_PER_MIN,
            outdoor_after_noon=AFTERNOON_OUTDOOR_COST_PER_MIN,
            noon=NOON,
            heat_end=HEAT_END,
        ),
        anchor_prize=ANCHOR_PRIZE,
        shared=[False, False, *(s.kind == "meal" and s.shared for s in stops)],
        repeat_cost=SAME_DAY_MEAL_COST,
        land=[lands[island] for island in islands],
        crossing_cost=CROSSING_COST,
        direct=direct,
        meal_detour_free=MEAL_DETOUR_FREE_MIN,
        meal_detour_cost=MEAL_DETOUR_COST_PER_MIN,
        meal_detour_limit=MEAL_DETOUR_LIMIT_MIN,
        meal_detour_over=MEAL_DETOUR_OVER_PER_MIN,
        distance=distance,
        meal_detour_free_hm=MEAL_DETOUR_FREE_HM,
        meal_detour_hm_cost=MEAL_DETOUR_COST_PER_HM,
        serves=[0, 0, *(_mask(s.serves, wishes) for s in stops)],
        wish_cost=UNSERVED_WISH_COST,
        kind=[0, 0, *(QUIET_KINDS.index(s.quiet) + 1 if s.quiet else 0 for s in stops)],
        kind_cap=(0, *spec.kind_cap) if spec.kind_cap else (),
        kind_over_cost=KIND_OVER_COST if spec.kind_cap else 0,
    )


def _mask(names: frozenset[str], wishes: dict[str, int]) -> int:
    out = 0
    for name in names:
        out |= 1 << wishes[name]
    return out


def _travel_matrices(
    points: list[Endpoint], spec: DaySpec, travel: TravelModel
) -> tuple[list[list[int]], list[list[int]]]:
    """The longest and the shortest minutes of the leg between every two points over the day
    (nothing into the start, out of the end or in place); the model caches each leg's range."""
    n = len(points)
    worst = [[0] * n for _ in range(n)]
    best = [[0] * n for _ in range(n)]
    minutes_range, modes, party = travel.minutes_range, spec.modes, spec.party_size
    for i in range(n):
        if i == 1:
            continue
        for j in range(1, n):
            if i != j:
                best[i][j], worst[i][j] = minutes_range(
                    points[i], points[j], modes, party_size=party
                )
    return worst, best


def _visit_weight(stop: Stop) -> int:
    """A meal does not count towards the pace's visits; a short stop (a show, a monument)
    counts half, so a day of quick stops is not left half empty."""
    if stop.slot and stop.inner is None:  # a park visit with lunch inside still counts
        return 0
    return FULL_VISIT // 2 if stop.duration <= SHORT_VISIT_MIN else FULL_VISIT


def simulate(spec: DaySpec, order: list[Stop], travel: TravelModel) -> DayRoute | None:
    """Time ``order`` with the real legs, each stop as early as allowed; None if it cannot fit."""
    lo, hi = spec.start_window
    t = lo
    here: Endpoint = spec.start
    timed: list[Timed] = []
    for stop in order:
        arrive = t + _leg_minutes(travel, spec, here, stop.place_id, t)
        begin = next((max(arrive, a) for a, b in stop.windows if b >= arrive), None)
        if begin is None:
            return None
        timed.append(Timed(stop, begin, begin + stop.duration))
        t, here = begin + stop.duration, stop.place_id
    arrive_end = t + _leg_minutes(travel, spec, here, spec.end, t)
    if arrive_end > spec.end_window[1]:
        return None
    arrive_end = max(arrive_end, spec.end_window[0])
    timed = _compact(spec, timed, travel)
    depart = lo
    if timed:  # leave as late as still reaches the first stop in time
        first = timed[0]
        worst = travel.max_minutes(
            spec.start, first.stop.place_id, spec.modes, party_size=spec.party_size
        )
        depart = min(hi, max(lo, first.start - worst))
    return DayRoute(depart, tuple(timed), arrive_end)


def _compact(spec: DaySpec, timed: list[Timed], travel: TravelModel) -> list[Timed]:
    """Push stops later (within their window) so waiting moves to the start of the day.

    No stop moves by more than it takes the first stop to :data:`MORNING_SLACK_MIN` after the
    day's start: a long wait (say, for lunch after a short morning visit) stays where it is
    rather than emptying the morning.
    """
    if not timed:
        return timed
    shift = max(0, spec.start_window[0] + MORNING_SLACK_MIN - timed[0].start)
    out = list(timed)
    for i in range(len(out) - 2, -1, -1):
        cur, nxt = out[i], out[i + 1]
        worst = travel.max_minutes(
            cur.stop.place_id, nxt.stop.place_id, spec.modes, party_size=spec.party_size
        )
        hi = next(b for a, b in cur.stop.windows if a <= cur.start <= b)
        latest = min(hi, nxt.start - worst - cur.stop.duration, timed[i].start + shift)
        begin = max(cur.start, latest)
        out[i] = Timed(cur.stop, begin, begin + cur.stop.duration)
    return out


def _leg_minutes(travel: TravelModel, spec: DaySpec, a: Endpoint, b: Endpoint, depart: int) -> int:
    if a == b:
        return 0
    return travel.leg(a, b, spec.modes, depart, party_size=spec.party_size).minutes


def plan_route(spec: DaySpec, travel: TravelModel) -> DayRoute | None:
    """Solve and time one day; fall back to the empty route when the solution cannot be timed."""
    route = simulate(spec, solve_day(spec, travel), travel)
    return route if route is not None else simulate(spec, [], travel)
