"""A deterministic, work-bounded search for one day's route (prize-collecting, time windows).

The day model is the one :mod:`bot.planner.scheduler` describes; this module only searches it.
Nodes are numbered as in the travel matrix: 0 is the day's start, 1 its end, ``2 + i`` the
``i``-th stop of the spec. A route is the list of stop nodes in visiting order.

The search never looks at the clock. It is cheapest insertion followed by a fixed number of
improvement passes (remove, relocate, replace, 2-opt, insert again); every loop runs over
nodes in index order and ties are broken by the first candidate found, so the same spec gives the
same route on any machine at any load. Its cost is bounded by :data:`MAX_PASSES` and
:data:`MAX_INSERTIONS`, not by time. A route is weighed stop by stop into running totals
(:class:`_Walked`), so a trial route that keeps the current route's first stops is weighed only
from where it leaves it; the costs are the same to the unit as weighing it whole.

Cost of a route (lower is better), in the solver's unit (``COST_PER_TRAVEL_MIN`` per minute):
travel minutes (worst case of the day) + entry costs + idle minutes (waiting, or leaving late;
a morning left empty costs more) + minutes home past the soft end + outdoor minutes in the
midday heat + meals off the way + sights of one quiet kind beyond the day's
cap (museums, temples: with children) + the prize of
every optional stop left out (a meal slot left empty costs its prize once).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

MAX_PASSES = 6  # improvement passes after the first insertion (each pass tries every move)
MAX_INSERTIONS = 40  # stops inserted by one insertion run at most
MAX_POLISH = 4  # rounds of moving runs of stops at the end
IDLE_RETRY_MIN = 240  # a day waiting this long is searched again with its sights first


@dataclass(frozen=True, slots=True)
class Costs:
    """The objective's weights (see :mod:`bot.planner.scheduler`)."""

    travel: int
    idle: int
    late: int
    outdoor_after_noon: int  # each minute outdoors in the midday heat, from noon ...
    noon: int
    heat_end: int = 24 * 60  # ... until this minute (the evening outdoors is pleasant)
    morning_idle: int = 0  # each minute the first stop waits beyond ``morning_free`` costs more
    morning_free: int = 0


@dataclass(frozen=True)
class Problem:
    """A day as plain arrays, indexed by node (0 = start, 1 = end, 2.. = stops)."""

    matrix: Sequence[Sequence[int]]  # worst-case travel minutes
    duration: Sequence[int]
    windows: Sequence[tuple[tuple[int, int], ...]]  # allowed start minutes per node
    prize: Sequence[int]  # cost of leaving a stop out (meal slots: of leaving the slot empty)
    entry: Sequence[int]  # cost of entering a stop
    outdoor: Sequence[bool]
    slot: Sequence[int]  # meal slot number, or -1
    place: Sequence[int]  # a place number: one node per place and day at most
    weight: Sequence[int]  # visit-count units
    ticket: Sequence[int]  # cents per person
    start_window: tuple[int, int]
    end_window: tuple[int, int]
    soft_end: int
    max_weight: int
    ticket_cap: int | None
    costs: Costs
    anchor_prize: int  # a stop with at least this prize is placed before the others
    shared: Sequence[bool]  # a meal at a place of many stalls: lunch and dinner may both be there
    repeat_cost: int  # ... at this cost (variety first, but not a detour across the water)
    land: Sequence[int]  # the island each node is on (main island, Sentosa, Ubin …)
    crossing_cost: int  # each crossing of the water: once over and once back, not to and fro
    direct: Sequence[Sequence[int]] = ()  # best-case travel minutes (to measure meal detours)
    meal_detour_free: int = 0  # minutes a meal may add to the way between two stops ...
    meal_detour_cost: int = 0  # ... and the cost of each minute beyond (food on the way)
    meal_detour_limit: int = 0  # beyond this many minutes ...
    meal_detour_over: int = 0  # ... each minute costs this much more
    serves: Sequence[int] = ()  # bit mask per node of the traveller's wishes it serves ...
    wish_cost: int = 0  # ... and the cost of each wish the route serves nowhere
    kind: Sequence[int] = ()  # a quiet kind of sight (0: none; museums, places of worship):
    kind_cap: Sequence[int] = ()  # a day holds this many of each kind, by kind (): any number)
    kind_over_cost: int = 0  # ... and each one more costs this much (a must-see still goes)

    @property
    def nodes(self) -> range:
        return range(2, len(self.duration))

    @cached_property
    def wanted(self) -> int:
        """The wishes some node of the day serves (those it could serve)."""
        out = 0
        for mask in self.serves:
            out |= mask
        return out

    @cached_property
    def gains(self) -> Gains:
        return gains(self)

    @cached_property
    def latest(self) -> tuple[int, ...]:
        """The latest start of each node (none for the start and the end)."""
        return (0, 0, *(max(hi for _, hi in self.windows[n]) for n in self.nodes))


def route_cost(p: Problem, route: Sequence[int]) -> int | None:
    """The route's cost without prizes, or None when it breaks a time window or a cap."""
    return _cost_from(p, _start(p), route)


def objective(p: Problem, route: Sequence[int]) -> int | None:
    """Route cost plus the prizes of what was left out (None when infeasible)."""
    return _objective_from(p, _start(p), route)


class _Walked(NamedTuple):
    """The running totals of a route's cost after its first stops: a route's stops are weighed
    one after the other, so routes that begin alike are weighed from where they part (see
    :func:`_prefixes`)."""

    stops: int  # stops so far
    before: int  # the node before the last (a meal's detour is known once its next stop is)
    last: int  # the last node (0: the day's start)
    clock: int  # the minute the last stop ends
    travel: int  # minutes on the way
    service: int  # minutes at the stops
    extra: int  # costs so far: entry, water crossings, outdoor heat, an empty morning, meals
    # off the way or twice at one place, sights of one quiet kind beyond the cap
    weight: int  # visit-count units
    ticket: int  # cents per person
    served: int  # bit mask of the wishes served
    kinds: tuple[int, ...]  # sights of each quiet kind
    meals: tuple[int, ...]  # places of many stalls eaten at (only they may repeat, see _can_add)
    gained: int  # the prizes the stops earn back (see Gains)


def _start(p: Problem) -> _Walked:
    """The totals of the empty route."""
    kinds = (0,) * len(p.kind_cap)
    return _Walked(0, 0, 0, p.start_window[0], 0, 0, 0, 0, 0, 0, kinds, (), 0)


def _cost_from(p: Problem, walked: _Walked | None, rest: Sequence[int]) -> int | None:
    """:func:`route_cost` of a route whose first stops gave ``walked`` and that goes on with
    ``rest``."""
    end = None if walked is None else _advance(p, walked, rest)
    return None if end is None else _close(p, end)


def _objective_from(p: Problem, walked: _Walked | None, rest: Sequence[int]) -> int | None:
    """The objective of a route whose first stops gave ``walked`` and that goes on with
    ``rest`` (None when infeasible)."""
    if walked is None:
        return None
    end = _advance(p, walked, rest)
    if end is None:
        return None
    cost = _close(p, end)
    return None if cost is None else cost + p.gains.total - end.gained


def _prefixes(p: Problem, route: Sequence[int]) -> list[_Walked | None]:
    """The totals after each of the route's first ``k`` stops, by ``k`` (0 to all of them);
    None from the first stop whose time window cannot be met."""
    out: list[_Walked | None] = [_start(p)]
    for n in route:
        last = out[-1]
        out.append(None if last is None else _advance(p, last, (n,)))
    return out


def _advance(p: Problem, walked: _Walked, nodes: Sequence[int]) -> _Walked | None:
    """The totals after the stops ``nodes`` follow those of ``walked``, each timed at its
    earliest start; None when a time window cannot be met."""
    count, before, last, t, travel, service, extra, weight, ticket, served, kinds, meals, gained = (
        walked
    )
    c = p.costs
    # the problem's columns as locals: this runs for every route the search weighs
    land, matrix, windows, outdoor, duration, entry = (
        p.land,
        p.matrix,
        p.windows,
        p.outdoor,
        p.duration,
        p.entry,
    )
    serves, weights, tickets, shared, slot, gain = (
        p.serves,
        p.weight,
        p.ticket,
        p.shared,
        p.slot,
        p.gains.of,
    )
    kind = p.kind if p.kind_cap else ()
    for n in nodes:
        if count > 1 and slot[last] >= 0:  # a meal after a stop, on the way to this one
            extra += _meal_detour(p, before, last, n)
        if land[n] != land[last]:
            extra += p.crossing_cost
        leg = matrix[last][n]
        travel += leg
        arrive = t + leg
        for lo, hi in windows[n]:
            if hi >= arrive:
                begin = lo if lo > arrive else arrive
                break
        else:
            return None
        if last == 0 and begin - arrive > c.morning_free:  # a morning left empty
            extra += (begin - arrive - c.morning_free) * c.morning_idle
        if outdoor[n]:
            hot = min(begin + duration[n], c.heat_end) - max(begin, c.noon)
            extra += max(0, hot) * c.outdoor_after_noon
        extra += entry[n]
        t = begin + duration[n]
        service += duration[n]
        if serves:
            served |= serves[n]
        if kind and kind[n]:
            kinds = _one_more(kinds, kind[n])
            extra += p.kind_over_cost if kinds[kind[n]] > p.kind_cap[kind[n]] else 0
        weight += weights[n]
        ticket += tickets[n]
        if shared[n]:
            if p.place[n] in meals:
                extra += p.repeat_cost
            meals = (*meals, p.place[n])
        gained += gain[n]
        count += 1
        before, last = last, n
    return _Walked._make(  # _make: quicker than the constructor, and this runs for every route
        (
            count,
            before,
            last,
            t,
            travel,
            service,
            extra,
            weight,
            ticket,
            served,
            kinds,
            meals,
            gained,
        )
    )


def _one_more(kinds: tuple[int, ...], kind: int) -> tuple[int, ...]:
    """The counts of sights by quiet kind with one more of ``kind``."""
    return (*kinds[:kind], kinds[kind] + 1, *kinds[kind + 1 :])


def _home(p: Problem, walked: _Walked) -> tuple[int, int, int] | None:
    """The travel minutes, the minute home and the extra costs once the route goes home from
    its last stop; None when that is past the end of the day."""
    _, before, last, t, travel, _, extra, *_ = walked
    if walked.stops > 1 and p.slot[last] >= 0:  # a meal on the way home
        extra += _meal_detour(p, before, last, 1)
    if p.land[1] != p.land[last]:
        extra += p.crossing_cost
    leg = p.matrix[last][1]
    home = max(t + leg, p.end_window[0])
    if home > p.end_window[1]:
        return None
    return travel + leg, home, extra


def _close(p: Problem, walked: _Walked) -> int | None:
    """The cost of a whole route from its totals (without prizes): travel, idle and late
    minutes, the extra costs and the wishes served nowhere; None when the route comes home too
    late or breaks the visit or the ticket cap."""
    home = _home(p, walked)
    if home is None:
        return None
    if walked.weight > p.max_weight or (p.ticket_cap is not None and walked.ticket > p.ticket_cap):
        return None
    travel, back, extra = home
    c = p.costs
    idle = _idle_minutes(p, walked, home)
    late = max(0, back - p.soft_end)
    unserved = (p.wanted & ~walked.served).bit_count() if p.wish_cost else 0
    return travel * c.travel + idle * c.idle + late * c.late + extra + unserved * p.wish_cost


def _idle_minutes(p: Problem, walked: _Walked, home: tuple[int, int, int]) -> int:
    """Minutes of the day neither on the way nor at a stop (waiting, or leaving late)."""
    travel, back, _ = home
    return back - p.start_window[0] - travel - walked.service


def _meal_detour(p: Problem, before: int, meal: int, after: int) -> int:
    """The cost of the minutes a meal adds to the way between its neighbours on the route (food
    on the way): free up to ``meal_detour_free``, then ``meal_detour_cost`` a minute, and beyond
    ``meal_detour_limit`` each minute costs ``meal_detour_over`` more (the meal goes to the food
    on the way, or is left out when it is only a snack). The way is measured at its worst
    through the meal and at its best without it, so no time of day hides a detour."""
    if not p.meal_detour_cost:
        return 0
    direct = p.direct or p.matrix
    added = p.matrix[before][meal] + p.matrix[meal][after] - direct[before][after]
    if added <= p.meal_detour_free:
        return 0
    over = max(0, added - p.meal_detour_limit) * p.meal_detour_over
    return (added - p.meal_detour_free) * p.meal_detour_cost + over


@dataclass(frozen=True, slots=True)
class Gains:
    """What visiting each node earns back of the prizes: its own prize, or its meal slot's
    prize (a slot is filled once); ``total`` is what an empty route leaves out."""

    of: tuple[int, ...]
    total: int


def gains(p: Problem) -> Gains:
    """Prize bookkeeping of ``p`` (see :class:`Gains`)."""
    slot_prize: dict[int, int] = {}
    for n in p.nodes:
        if p.slot[n] >= 0:
            slot_prize[p.slot[n]] = max(slot_prize.get(p.slot[n], 0), p.prize[n])
    of = [0, 0]
    for n in p.nodes:
        of.append(slot_prize[p.slot[n]] if p.slot[n] >= 0 else p.prize[n])
    total = sum(p.prize[n] for n in p.nodes if p.slot[n] < 0) + sum(slot_prize.values())
    return Gains(of=tuple(of), total=total)


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
    walked = _advance(p, _start(p), route)
    home = None if walked is None else _home(p, walked)
    if walked is None or home is None:
        return 0
    return _idle_minutes(p, walked, home)


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
        prefixes = _prefixes(p, route)
        for k, trial in _runs_moved(route):
            cost = _cost_from(p, prefixes[k], trial[k:])
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
        prefixes = _prefixes(p, route)
        taken, held = _Taken(p, route), prefixes[-1]
        for n in p.nodes if nodes is None else nodes:
            if not taken.allows(n) or (held and _over_caps(p, held.weight, held.ticket, n)):
                continue
            latest = p.latest[n]
            for pos in range(len(route) + 1):
                walked = prefixes[pos]
                if walked is None or walked.clock > latest:
                    break  # too late for ``n`` here, and later in the route too (clocks only grow)
                cost = _objective_from(p, walked, (n, *route[pos:]))
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
    prefixes = _prefixes(p, route)
    for k, trial in _neighbours(p, route):
        cost = _objective_from(p, prefixes[k], trial[k:])
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
