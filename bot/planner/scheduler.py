"""One day's route: which stops to make, in which order, at what times (OR-Tools routing).

Scheduling model. A day is a single-vehicle routing problem with time windows:

- the route starts at the day's start (hotel area, or Changi on the arrival day) and ends at its
  end (hotel area, or Changi on the departure day), each with a time window;
- every candidate stop is a node whose *service time* is the visit's duration and whose *time
  window* is the set of allowed start minutes (opening intervals minus the duration and the
  last-entry margin; split hours become removed gaps; a show is a set of single minutes);
- stops are optional: each sits in a disjunction whose penalty is its prize (travel-style match,
  must-see, ...), and the two meal slots are disjunctions over several food places with
  cardinality one and a large penalty, so lunch and dinner happen at a real food place; a
  food place offered for both slots is served at most once, and one already used on another day
  costs a little to enter (variety is a preference, not a detour);
- a count dimension caps the visits per day (pace; a stop of half an hour or less counts half)
  and a money dimension caps the day's ticket spend (budget);
- the arc cost is the worst-case travel minutes, so the real legs (which depend on the time of
  day) always fit; coming home past the pace's day end costs per minute (a soft bound),
  outdoor visits after noon cost a little (prefer outdoor in the morning), and so does idle
  time: leaving later than the day's start, or waiting between stops (a day uses its morning).

:func:`solve_day` returns the chosen stops in order; :func:`simulate` then times the route with
the real, time-dependent legs (earliest start at every stop).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from typing import Any, Literal

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from bot.planner.travel import Endpoint, TravelModel
from bot.trip import Transport

StopKind = Literal["visit", "meal", "show"]
Window = tuple[int, int]

COST_PER_TRAVEL_MIN = 10
LATE_COST_PER_MIN = 15
MORNING_SLACK_MIN = 90  # the first stop may start this long after the day's start, no later
IDLE_COST_PER_MIN = 2  # waiting, or leaving later than the day's start: use the morning
FULL_VISIT = 2  # units of the visit-count dimension; a short stop takes half
SHORT_VISIT_MIN = 30
AFTERNOON_OUTDOOR_COST_PER_MIN = 1
NOON = 12 * 60
MIDNIGHT = 24 * 60 - 1
ANCHOR_PRIZE = 500_000  # meals and must-see places: routed first, then the rest around them
ANCHOR_TIME_LIMIT_MS = 15
SETTLED = (
    routing_enums_pb2.RoutingSearchStatus.ROUTING_SUCCESS,
    routing_enums_pb2.RoutingSearchStatus.ROUTING_OPTIMAL,
)
FIRST_SOLUTION_STRATEGIES = (
    routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC,
    routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION,
)


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
    time_limit_ms: int = 120


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

    Anchor stops (meals and must-see places) are first routed alone; that route seeds the full
    search, so local search never has to empty half a day to fit a long must-see place in. The
    full search starts from PATH_CHEAPEST_ARC (or the seed) and improves by guided local search;
    when that leaves no time for local search, cheapest insertion gets a second, shorter try.
    """
    if not spec.stops:
        return []
    matrix = _travel_matrix([spec.start, spec.end, *(s.place_id for s in spec.stops)], spec, travel)
    hint = _anchor_hint(spec, matrix)
    best: tuple[int, list[Stop]] | None = None
    limit = spec.time_limit_ms
    for strategy in FIRST_SOLUTION_STRATEGIES:
        found = _search(spec, matrix, strategy, limit, hint)
        if found is not None and (best is None or found[0] < best[0]):
            best = (found[0], [spec.stops[n - 2] for n in found[1]])
        if found is not None and found[2]:
            break
        limit = max(10, limit // 2)
    return best[1] if best else []


def _search(
    spec: DaySpec, matrix: list[list[int]], strategy: int, limit_ms: int, hint: list[int]
) -> tuple[int, list[int], bool] | None:
    """Run one search; return (objective, visited nodes in order, settled) or None."""
    manager, routing = _model(spec, matrix)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = strategy
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(limit_ms)
    solution = None
    if hint:
        routing.CloseModelWithParameters(params)
        seed = routing.ReadAssignmentFromRoutes([[manager.NodeToIndex(n) for n in hint]], True)
        if seed is not None:
            solution = routing.SolveFromAssignmentWithParameters(seed, params)
    if solution is None:
        solution = routing.SolveWithParameters(params)
    if solution is None:
        return None
    nodes: list[int] = []
    index = solution.Value(routing.NextVar(routing.Start(0)))
    while not routing.IsEnd(index):
        nodes.append(manager.IndexToNode(index))
        index = solution.Value(routing.NextVar(index))
    return solution.ObjectiveValue(), nodes, routing.status() in SETTLED


def _anchor_hint(spec: DaySpec, matrix: list[list[int]]) -> list[int]:
    """Route the anchor stops alone; return their node numbers in the full model, in order."""
    keep = [n for n, s in enumerate(spec.stops, start=2) if s.prize >= ANCHOR_PRIZE]
    if not keep or len(keep) == len(spec.stops):
        return []
    rows = [0, 1, *keep]
    sub = [[matrix[i][j] for j in rows] for i in rows]
    small = replace(spec, stops=tuple(spec.stops[n - 2] for n in keep))
    strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    found = _search(small, sub, strategy, ANCHOR_TIME_LIMIT_MS, [])
    return [rows[n] for n in found[1]] if found else []


def _model(spec: DaySpec, matrix: list[list[int]]) -> tuple[Any, Any]:
    manager = pywrapcp.RoutingIndexManager(len(matrix), 1, [0], [1])
    routing = pywrapcp.RoutingModel(manager)
    entry = [0, 0, *(s.visit_cost for s in spec.stops)]
    arc = routing.RegisterTransitMatrix(
        [[m * COST_PER_TRAVEL_MIN + entry[j] for j, m in enumerate(row)] for row in matrix]
    )
    routing.SetArcCostEvaluatorOfAllVehicles(arc)
    durations = [0, 0, *(s.duration for s in spec.stops)]
    timed = [[durations[i] + m for m in row] for i, row in enumerate(matrix)]
    time_cb = routing.RegisterTransitMatrix(timed)
    routing.AddDimension(time_cb, MIDNIGHT, MIDNIGHT, False, "time")
    time = routing.GetDimensionOrDie("time")
    _set_windows(spec, routing, manager, time)
    _add_disjunctions(spec, routing, manager)
    _add_caps(spec, routing)
    return manager, routing


def _travel_matrix(points: list[Endpoint], spec: DaySpec, travel: TravelModel) -> list[list[int]]:
    n = len(points)
    matrix = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j and j != 0 and i != 1:
                matrix[i][j] = travel.max_minutes(
                    points[i], points[j], spec.modes, party_size=spec.party_size
                )
    return matrix


def _restrict(var: Any, windows: tuple[Window, ...]) -> None:
    """Limit a cumul variable to the union of ``windows``."""
    var.SetRange(windows[0][0], windows[-1][1])
    for (_, hi), (lo, _) in pairwise(windows):
        if lo - hi > 1:
            var.RemoveInterval(hi + 1, lo - 1)


def _set_windows(spec: DaySpec, routing: Any, manager: Any, time: Any) -> None:
    start, end = routing.Start(0), routing.End(0)
    time.CumulVar(start).SetRange(*spec.start_window)
    time.CumulVar(end).SetRange(*spec.end_window)
    if spec.soft_end < spec.end_window[1]:
        time.SetCumulVarSoftUpperBound(end, spec.soft_end, LATE_COST_PER_MIN)
    time.SetCumulVarSoftUpperBound(start, spec.start_window[0], IDLE_COST_PER_MIN)
    time.SetSlackCostCoefficientForAllVehicles(IDLE_COST_PER_MIN)
    routing.AddVariableMaximizedByFinalizer(time.CumulVar(start))
    routing.AddVariableMinimizedByFinalizer(time.CumulVar(end))
    for node, stop in enumerate(spec.stops, start=2):
        index = manager.NodeToIndex(node)
        _restrict(time.CumulVar(index), stop.windows)
        if stop.outdoor and stop.kind == "visit":
            time.SetCumulVarSoftUpperBound(index, NOON, AFTERNOON_OUTDOOR_COST_PER_MIN)


def _add_disjunctions(spec: DaySpec, routing: Any, manager: Any) -> None:
    slots: dict[str, list[int]] = {}
    prizes: dict[str, int] = {}
    for node, stop in enumerate(spec.stops, start=2):
        index = manager.NodeToIndex(node)
        if stop.slot:
            slots.setdefault(stop.slot, []).append(index)
            prizes[stop.slot] = max(prizes.get(stop.slot, 0), stop.prize)
        else:
            routing.AddDisjunction([index], stop.prize)
    for slot, indices in sorted(slots.items()):
        routing.AddDisjunction(indices, prizes[slot], 1)
    _once_a_day(spec, routing, manager)


def _once_a_day(spec: DaySpec, routing: Any, manager: Any) -> None:
    """A place offered in several slots (lunch and dinner) is served at most once."""
    nodes: dict[str, list[int]] = {}
    for node, stop in enumerate(spec.stops, start=2):
        nodes.setdefault(stop.place_id, []).append(manager.NodeToIndex(node))
    solver = routing.solver()
    for indices in nodes.values():
        if len(indices) > 1:
            solver.Add(solver.Sum([routing.ActiveVar(i) for i in indices]) <= 1)


def _add_caps(spec: DaySpec, routing: Any) -> None:
    counts = [0, 0, *(_visit_weight(s) for s in spec.stops)]
    count_cb = routing.RegisterUnaryTransitVector(counts)
    routing.AddDimension(count_cb, 0, max(0, spec.max_visits) * FULL_VISIT, True, "visits")
    if spec.ticket_cap_cents is not None:
        money = [0, 0, *(s.ticket_cents for s in spec.stops)]
        money_cb = routing.RegisterUnaryTransitVector(money)
        routing.AddDimension(money_cb, 0, max(0, spec.ticket_cap_cents), True, "tickets")


def _visit_weight(stop: Stop) -> int:
    """A meal does not count towards the pace's visits; a short stop (a show, a monument)
    counts half, so a day of quick stops is not left half empty."""
    if stop.slot:
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
