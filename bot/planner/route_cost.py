"""What one day's route costs: the objective :mod:`bot.planner.search` minimises.

Nodes and routes are numbered as in :mod:`bot.planner.search`. A route is weighed stop by stop
into running totals (:class:`Walked`), so a trial route that keeps the current route's first
stops is weighed only from where it leaves it (:func:`walked_prefixes`, :func:`objective_from`);
the costs are the same to the unit as weighing it whole (:func:`objective`).

Cost of a route (lower is better), in the solver's unit (``COST_PER_TRAVEL_MIN`` per minute):
travel minutes (worst case of the day) + entry costs + idle minutes (waiting, or leaving late;
a morning left empty costs more) + minutes home past the soft end + outdoor minutes in the
midday heat + meals off the way + sights of one quiet kind beyond the day's
cap (museums, temples: with children) + the prize of
every optional stop left out (a meal slot left empty costs its prize once).

A meal is off the way by the minutes it adds to the way between its neighbours on the route,
and by the distance: a ride of a few minutes to a food centre two stations off is still a trip
out of the day's part of town and back. Several food stops in a row (lunch, then a snack) are
weighed one by one and as a whole against the stops around them, whichever costs more (see
:func:`_meal_detour`): two food stops across town cannot each look on the way because the other
is beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple


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
    distance: Sequence[Sequence[int]] = ()  # hundreds of metres as the crow flies ...
    meal_detour_free_hm: int = 0  # ... a meal may add to the way between two stops ...
    meal_detour_hm_cost: int = 0  # ... and the cost of each hundred metres beyond
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
    return cost_from(p, started(p), route)


def objective(p: Problem, route: Sequence[int]) -> int | None:
    """Route cost plus the prizes of what was left out (None when infeasible)."""
    return objective_from(p, started(p), route)


class Walked(NamedTuple):
    """The running totals of a route's cost after its first stops: a route's stops are weighed
    one after the other, so routes that begin alike are weighed from where they part (see
    :func:`walked_prefixes`)."""

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
    run: Run | None  # the food stops in a row the route ends with, after a stop


# Food stops in a row after a stop (lunch, then a snack; or one meal) while the stop after them
# is not known yet (see _meal_detour): how many, the stop before them, the worst-case minutes
# and the hundreds of metres from it through them to the last, and what the meals before the
# last cost, each against its neighbours. A plain tuple: one is made for every meal tried.
Run = tuple[int, int, int, int, int]


def started(p: Problem) -> Walked:
    """The totals of the empty route."""
    kinds = (0,) * len(p.kind_cap)
    return Walked(0, 0, 0, p.start_window[0], 0, 0, 0, 0, 0, 0, kinds, (), 0, None)


def cost_from(p: Problem, walked: Walked | None, rest: Sequence[int]) -> int | None:
    """:func:`route_cost` of a route whose first stops gave ``walked`` and that goes on with
    ``rest``."""
    end = None if walked is None else advance(p, walked, rest)
    return None if end is None else _close(p, end)


def objective_from(p: Problem, walked: Walked | None, rest: Sequence[int]) -> int | None:
    """The objective of a route whose first stops gave ``walked`` and that goes on with
    ``rest`` (None when infeasible)."""
    if walked is None:
        return None
    end = advance(p, walked, rest)
    if end is None:
        return None
    cost = _close(p, end)
    return None if cost is None else cost + p.gains.total - end.gained


def walked_prefixes(p: Problem, route: Sequence[int]) -> list[Walked | None]:
    """The totals after each of the route's first ``k`` stops, by ``k`` (0 to all of them);
    None from the first stop whose time window cannot be met."""
    out: list[Walked | None] = [started(p)]
    for n in route:
        last = out[-1]
        out.append(None if last is None else advance(p, last, (n,)))
    return out


def advance(p: Problem, walked: Walked, nodes: Sequence[int]) -> Walked | None:
    """The totals after the stops ``nodes`` follow those of ``walked``, each timed at its
    earliest start; None when a time window cannot be met."""
    (count, before, last, t, travel, service, extra, weight, ticket, served, kinds, meals,
     gained, run) = walked  # fmt: skip
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
    hm = p.distance
    for n in nodes:
        if run is not None and run[0] == 1 and slot[n] < 0:  # a meal after a stop, before n
            hm_via = hm[before][last] + hm[last][n] if hm else 0
            extra += _meal_detour(p, before, matrix[before][last] + matrix[last][n], hm_via, n)
            run = None
        elif run is not None:  # food stops in a row after a stop, on the way to this one
            cost, run = _food_run(p, run, before, last, n)
            extra += cost
        elif count and slot[n] >= 0:  # a meal after a stop starts a run
            run = (1, last, matrix[last][n], hm[last][n] if hm else 0, 0)
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
        served |= serves[n] if serves else 0
        if kind and kind[n]:
            kinds = _one_more(kinds, kind[n])
            extra += p.kind_over_cost if kinds[kind[n]] > p.kind_cap[kind[n]] else 0
        weight += weights[n]
        ticket += tickets[n]
        if shared[n]:  # lunch and dinner at one place of many stalls cost more
            extra += p.repeat_cost if p.place[n] in meals else 0
            meals = (*meals, p.place[n])
        gained += gain[n]
        count += 1
        before, last = last, n
    return Walked._make(  # _make: quicker than the constructor, and this runs for every route
        (count, before, last, t, travel, service, extra, weight, ticket, served, kinds, meals,
         gained, run)
    )  # fmt: skip


def _one_more(kinds: tuple[int, ...], kind: int) -> tuple[int, ...]:
    """The counts of sights by quiet kind with one more of ``kind``."""
    return (*kinds[:kind], kinds[kind] + 1, *kinds[kind + 1 :])


def going_home(p: Problem, walked: Walked) -> tuple[int, int, int] | None:
    """The travel minutes, the minute home and the extra costs once the route goes home from
    its last stop; None when that is past the end of the day."""
    _, before, last, t, travel, _, extra, *_ = walked
    if walked.run is not None:  # a meal on the way home
        extra += _food_run(p, walked.run, before, last, 1)[0]
    if p.land[1] != p.land[last]:
        extra += p.crossing_cost
    leg = p.matrix[last][1]
    home = max(t + leg, p.end_window[0])
    if home > p.end_window[1]:
        return None
    return travel + leg, home, extra


def _close(p: Problem, walked: Walked) -> int | None:
    """The cost of a whole route from its totals (without prizes): travel, idle and late
    minutes, the extra costs and the wishes served nowhere; None when the route comes home too
    late or breaks the visit or the ticket cap."""
    home = going_home(p, walked)
    if home is None:
        return None
    if walked.weight > p.max_weight or (p.ticket_cap is not None and walked.ticket > p.ticket_cap):
        return None
    travel, back, extra = home
    c = p.costs
    idle = idle_minutes(p, walked, home)
    late = max(0, back - p.soft_end)
    unserved = (p.wanted & ~walked.served).bit_count() if p.wish_cost else 0
    return travel * c.travel + idle * c.idle + late * c.late + extra + unserved * p.wish_cost


def idle_minutes(p: Problem, walked: Walked, home: tuple[int, int, int]) -> int:
    """Minutes of the day neither on the way nor at a stop (waiting, or leaving late)."""
    travel, back, _ = home
    return back - p.start_window[0] - travel - walked.service


def _food_run(p: Problem, run: Run, before: int, last: int, n: int) -> tuple[int, Run | None]:
    """What going on to ``n`` costs the food stops in a row ``run`` (the last of them ``last``,
    after ``before``), and the run after ``n`` (None once a stop that is not a meal ends it).
    Each meal costs its detour between its neighbours; a run of several, ended, costs that or
    its detour as a whole, whichever is more (see :func:`_meal_detour`)."""
    hm, matrix = p.distance, p.matrix
    meals, start, minutes, metres, cost = run
    cost += _meal_detour(
        p,
        before,
        matrix[before][last] + matrix[last][n],
        hm[before][last] + hm[last][n] if hm else 0,
        n,
    )
    if p.slot[n] >= 0:  # one more food stop in a row
        leg_hm = hm[last][n] if hm else 0
        return 0, (meals + 1, start, minutes + matrix[last][n], metres + leg_hm, cost)
    if meals > 1:
        via_hm = metres + hm[last][n] if hm else 0
        cost = max(cost, _meal_detour(p, start, minutes + matrix[last][n], via_hm, n))
    return cost, None


def _meal_detour(p: Problem, before: int, via: int, via_hm: int, after: int) -> int:
    """The cost of the way from the stop ``before`` to the stop ``after`` through a meal (or
    several food stops in a row), ``via`` worst-case minutes and ``via_hm`` hundreds of metres:
    the minutes it adds to the way are free up to ``meal_detour_free``, then cost
    ``meal_detour_cost`` a minute, and beyond ``meal_detour_limit`` each minute costs
    ``meal_detour_over`` more (the meal goes to the food on the way, or is left out when it is
    only a snack). The way is measured at its worst through the meal and at its best without
    it, so no time of day hides a detour. The distance it adds is free up to
    ``meal_detour_free_hm``, then costs ``meal_detour_hm_cost`` each hundred metres: an MRT
    line makes a food centre across town a few minutes away, and the day still leaves its part
    of town for it and comes back.

    Food stops in a row have the free minutes and metres of one meal: lunch and a snack side by
    side across town each add little to the way between its neighbours (the other is one of
    them), and together take the day out of its part of town and back.
    """
    if not p.meal_detour_cost:
        return 0
    direct = p.direct or p.matrix
    added = via - direct[before][after]
    cost = 0
    if added > p.meal_detour_free:
        over = max(0, added - p.meal_detour_limit) * p.meal_detour_over
        cost = (added - p.meal_detour_free) * p.meal_detour_cost + over
    if p.distance:
        far = via_hm - p.distance[before][after] - p.meal_detour_free_hm
        if far > 0:
            cost += far * p.meal_detour_hm_cost
    return cost


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
