"""A deterministic, work-bounded search for one day's route (prize-collecting, time windows).

The day model is the one :mod:`bot.planner.scheduler` describes; this module only searches it.
Nodes are numbered as in the travel matrix: 0 is the day's start, 1 its end, ``2 + i`` the
``i``-th stop of the spec. A route is the list of stop nodes in visiting order.

The search never looks at the clock. It is cheapest insertion followed by a fixed number of
improvement passes (remove, relocate, replace, 2-opt, insert again); every loop runs over
nodes in index order and ties are broken by the first candidate found, so the same spec gives the
same route on any machine at any load. Its cost is bounded by :data:`MAX_PASSES` and
:data:`MAX_INSERTIONS`, not by time. A trial route that keeps the current route's first stops is
weighed only from where it leaves it (:class:`~bot.planner.route_cost.Walked`).

What a route costs is :mod:`bot.planner.route_cost`'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.planner.route_cost import (
    Problem,
    advance,
    cost_from,
    going_home,
    idle_minutes,
    objective,
    objective_from,
    route_cost,
    started,
    walked_prefixes,
)

MAX_PASSES = 6  # improvement passes after the first insertion (each pass tries every move)
MAX_INSERTIONS = 40  # stops inserted by one insertion run at most
MAX_POLISH = 4  # rounds of moving runs of stops at the end
IDLE_RETRY_MIN = 240  # a day waiting this long is searched again with its sights first


def _can_add(p: Problem, route: Sequence[int], n: int) -> bool:
    """Whether ``n`` may join the route: not there yet, its meal slot not filled, its place not
    visited (only places of many stalls serve two meals)."""
    return _Taken(p, route).allows(n)


class _Taken:
    """What a route holds, to tell which nodes may join it (see :func:`_can_add`); made once
    for the many nodes tried against one route."""

    __slots__ = ("alone", "nodes", "p", "places", "slots")

    def __init__(self, p: Problem, route: Sequence[int]) -> None:
        self.p = p
        self.nodes = set(route)
        self.slots = {p.slot[m] for m in route}
        self.places = {p.place[m] for m in route}
        self.alone = {p.place[m] for m in route if not p.shared[m]}  # places not to share

    def allows(self, n: int) -> bool:
        p = self.p
        if n in self.nodes or (p.slot[n] >= 0 and p.slot[n] in self.slots):
            return False
        return p.place[n] not in (self.alone if p.shared[n] else self.places)


def solve(p: Problem) -> list[int]:
    """Choose and order the day's stops; return their nodes in visiting order.

    The most constrained stops go in first: must-see places (one node each, often long or at a
    fixed time), then the meals (several food places each, so they can bend around the day),
    then everything else; then the improvement passes. When that leaves a must-see place or a
    meal out, the day is tried once more with the meals first (their windows are the narrowest:
    a long must-see then fits between lunch and dinner), and the better day is kept.
    """
    must = [n for n in p.nodes if p.slot[n] < 0 and p.prize[n] >= p.anchor_prize]
    meals = [n for n in p.nodes if p.slot[n] >= 0 and p.prize[n] >= p.anchor_prize]
    route, best = _search(p, (must, meals, list(p.nodes)))
    if _misses_an_anchor(p, route):
        other, cost = _search(p, (meals, must, list(p.nodes)))
        if cost < best:
            route, best = other, cost
    if _misses_an_anchor(p, route):
        route = _repair(p, route, best)
    elif _idle(p, route) >= IDLE_RETRY_MIN:
        # a day with hours of nothing: meals placed first can block the sights (a museum that
        # would put dinner off the way); try the sights first, the meals around them
        sights = [n for n in p.nodes if p.slot[n] < 0]
        other, cost = _search(p, (must, sights, list(p.nodes)))
        if cost < best and not _misses_an_anchor(p, other):
            route, best = other, cost
    return _polish(p, route)


def _idle(p: Problem, route: Sequence[int]) -> int:
    """Minutes of the route spent waiting (or leaving late); 0 when it cannot be timed."""
    walked = advance(p, started(p), route)
    home = None if walked is None else going_home(p, walked)
    if walked is None or home is None:
        return 0
    return idle_minutes(p, walked, home)


def _polish(p: Problem, route: list[int]) -> list[int]:
    """Let two stops trade places, or move runs of two or three stops elsewhere in the day (the
    evening's sights into an empty afternoon): moves the passes above make only one stop at a
    time; the stops stay the same.
    At most :data:`MAX_POLISH` rounds."""
    best = route_cost(p, route)
    if best is None:
        return route
    for _ in range(MAX_POLISH):
        found: tuple[int, list[int]] | None = None
        prefixes = walked_prefixes(p, route)
        for k, trial in _runs_moved(route):
            cost = cost_from(p, prefixes[k], trial[k:])
            if cost is not None and cost < best and (found is None or cost < found[0]):
                found = (cost, trial)
        if found is None:
            break
        best, route = found
    return route


def _runs_moved(route: list[int]) -> Iterator[tuple[int, list[int]]]:
    """The route with two stops trading places, or a run of two or three consecutive stops
    moved (in a fixed order); each with the number of first stops it keeps."""
    for i in range(len(route) - 1):
        for j in range(i + 2, len(route)):  # neighbours trading places is a 2-opt move
            trial = list(route)
            trial[i], trial[j] = trial[j], trial[i]
            yield i, trial
    for length in (2, 3):
        for i in range(len(route) - length + 1):
            run, rest = route[i : i + length], [*route[:i], *route[i + length :]]
            for j in range(len(rest) + 1):
                if j != i:
                    yield min(i, j), [*rest[:j], *run, *rest[j:]]


def _repair(p: Problem, route: list[int], best: int) -> list[int]:
    """Fit a missing must-see or meal: keep only the must-sees and meals, move one of them
    elsewhere, a meal maybe to another of its places, as the missing one goes in (lunch before a
    long park visit that would otherwise start at opening time), then fill the day again."""
    original, before = route, best
    filled = {p.slot[n] for n in route if p.slot[n] >= 0}
    missing = [
        n
        for n in p.nodes
        if n not in route
        and p.prize[n] >= p.anchor_prize
        and (p.slot[n] < 0 or p.slot[n] not in filled)
    ]
    # only the must-see places and the meals stay while the missing one is fitted in
    route = [n for n in route if p.slot[n] >= 0 or p.prize[n] >= p.anchor_prize]
    best = objective(p, route) or best
    found: tuple[int, list[int]] | None = None
    for n in missing:
        if not _can_add(p, route, n):
            continue
        for i in range(len(route)):
            rest = [*route[:i], *route[i + 1 :]]
            # a meal may move to another of its slot's places (dinner nearer the park)
            choices = [route[i]] + [
                m
                for m in p.nodes
                if p.slot[route[i]] >= 0
                and m != route[i]
                and p.slot[m] == p.slot[route[i]]
                and _can_add(p, [*rest, n], m)
            ]
            for k in range(len(rest) + 1):
                for c in choices:
                    moved = [*rest[:k], c, *rest[k:]]
                    for pos in range(len(moved) + 1):
                        trial = [*moved[:pos], n, *moved[pos:]]
                        cost = objective(p, trial)
                        if cost is not None and cost < best and (found is None or cost < found[0]):
                            found = (cost, trial)
    if found is None:
        return original
    repaired, cost = _improve_all(p, _insert(p, found[1]), found[0])
    return repaired if cost < before else original


def _improve_all(p: Problem, route: list[int], best: int) -> tuple[list[int], int]:
    best = objective(p, route) or best
    for _ in range(MAX_PASSES):
        improved = _improve(p, route, best)
        if improved is None:
            break
        route, best = improved
    return route, best


def _search(p: Problem, phases: Sequence[Sequence[int]]) -> tuple[list[int], int]:
    route: list[int] = []
    for phase in phases:
        route = _insert(p, route, phase)
    best = objective(p, route)
    assert best is not None  # the empty route is always feasible once the day is possible
    return _improve_all(p, route, best)


def _misses_an_anchor(p: Problem, route: Sequence[int]) -> bool:
    """Whether a must-see place or a whole meal slot was left out."""
    filled = {p.slot[n] for n in route if p.slot[n] >= 0}
    for n in p.nodes:
        if p.slot[n] >= 0 and p.slot[n] not in filled and p.prize[n] >= p.anchor_prize:
            return True  # lunch or dinner (an afternoon snack is not an anchor)
        if p.slot[n] < 0 and p.prize[n] >= p.anchor_prize and n not in route:
            return True
    return False


def _insert(p: Problem, route: list[int], nodes: Sequence[int] | None = None) -> list[int]:
    """Cheapest insertion of ``nodes`` (default: all): add the stop that lowers the objective
    most, while one does."""
    current = objective(p, route)
    if current is None:
        return route
    for _ in range(MAX_INSERTIONS):
        best: tuple[int, int, int] | None = None  # cost, position, node
        base = current
        prefixes = walked_prefixes(p, route)
        taken, held = _Taken(p, route), prefixes[-1]
        for n in p.nodes if nodes is None else nodes:
            if not taken.allows(n) or (held and _over_caps(p, held.weight, held.ticket, n)):
                continue
            latest = p.latest[n]
            for pos in range(len(route) + 1):
                walked = prefixes[pos]
                if walked is None or walked.clock > latest:
                    break  # too late for ``n`` here, and later in the route too (clocks only grow)
                cost = objective_from(p, walked, (n, *route[pos:]))
                if cost is not None and cost < base and (best is None or cost < best[0]):
                    best = (cost, pos, n)
        if best is None:
            break
        current, pos, n = best
        route = [*route[:pos], n, *route[pos:]]
    return route


def _over_caps(p: Problem, weight: int, ticket: int, n: int) -> bool:
    """Whether a route of ``weight`` visit units and ``ticket`` cents and ``n`` breaks the visit
    or the ticket cap, wherever ``n`` goes (every route of them is infeasible)."""
    if weight + p.weight[n] > p.max_weight:
        return True
    return p.ticket_cap is not None and ticket + p.ticket[n] > p.ticket_cap


def _neighbours(p: Problem, route: list[int]) -> Iterator[tuple[int, list[int]]]:
    """Every route one move away, always in the same order (the search is deterministic); each
    with the number of first stops it keeps of ``route`` (those are not weighed again)."""
    size = len(route)
    for i in range(size):  # remove one stop
        yield i, [*route[:i], *route[i + 1 :]]
    for i in range(size):  # relocate one stop
        rest = [*route[:i], *route[i + 1 :]]
        for j in range(size):
            if j != i:
                yield min(i, j), [*rest[:j], route[i], *rest[j:]]
    weight, ticket = sum(p.weight[n] for n in route), sum(p.ticket[n] for n in route)
    for i in range(size):  # replace one stop by one left out, in its place (within the caps)
        rest = [*route[:i], *route[i + 1 :]]
        taken, out = _Taken(p, rest), route[i]
        for n in p.nodes:
            if (
                n != out
                and taken.allows(n)
                and not _over_caps(p, weight - p.weight[out], ticket - p.ticket[out], n)
            ):
                yield i, [*rest[:i], n, *rest[i:]]
    yield from _meal_pairs(p, route)
    yield 0, _meals_again(p, route)
    for i in range(size - 1):  # reverse a stretch (2-opt)
        for j in range(i + 2, size + 1):
            yield i, [*route[:i], *reversed(route[i:j]), *route[j:]]


def _meals_again(p: Problem, route: list[int]) -> list[int]:
    """The sights in their order with every meal taken out and put back where it is cheapest,
    at any of its places: dinner moves to the food by the evening's sights as they move."""
    sights = [n for n in route if p.slot[n] < 0]
    return _insert(p, sights, [n for n in p.nodes if p.slot[n] >= 0])


def _meal_pairs(p: Problem, route: list[int]) -> Iterator[tuple[int, list[int]]]:
    """Both meals elsewhere at once (lunch takes the place dinner had, dinner goes nearer the
    evening): a move no single replacement makes. Each with the number of first stops kept."""
    meals = [i for i in range(len(route)) if p.slot[route[i]] >= 0]
    for x, i in enumerate(meals):
        for j in meals[x + 1 :]:
            rest = [n for k, n in enumerate(route) if k not in (i, j)]
            taken = _Taken(p, rest)
            for a in p.nodes:
                if p.slot[a] != p.slot[route[i]] or a == route[i] or not taken.allows(a):
                    continue
                with_a = _Taken(p, [*rest, a])
                for b in p.nodes:
                    if p.slot[b] == p.slot[route[j]] and b != route[j] and with_a.allows(b):
                        trial = list(route)
                        trial[i], trial[j] = a, b
                        yield i, trial


def _improve(p: Problem, route: list[int], best: int) -> tuple[list[int], int] | None:
    """One pass of every move; return the best improved route, or None at a local optimum."""
    found: tuple[int, list[int]] | None = None
    prefixes = walked_prefixes(p, route)
    for k, trial in _neighbours(p, route):
        cost = objective_from(p, prefixes[k], trial[k:])
        if cost is not None and cost < best and (found is None or cost < found[0]):
            found = (cost, trial)
    if found is None:
        inserted = _insert(p, route)
        cost = objective(p, inserted)
        if inserted != route and cost is not None and cost < best:
            return inserted, cost
        return None
    cost, trial = found
    trial = _insert(p, trial)
    final = objective(p, trial)
    return trial, final if final is not None else cost
