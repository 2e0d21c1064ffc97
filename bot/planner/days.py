"""What each day holds: where it is spent (regions), its must-see places, its candidate stops.

Geography comes first (see :mod:`bot.planner.regions`). A day's *main region* is the one whose
still-unplanned places are worth most to this traveller, less the way there from the day's start
and end; a day with must-see places is spent where they are. A day may add the nearest neighbour
of its main region for the other half of the day, never a region across the island, and a
destination (Sentosa, Mandai, Pulau Ubin, the Southern Islands) is the main region of one day
only unless its must-see places need two.

Must-see places of one region go to the same day when they fit in it (the Zoo and the Night
Safari are one trip to Mandai); several long ones on a day are visited at their shortest typical
length so they fit.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

from bot.planner.geo import Point, haversine_km
from bot.planner.kb import Attraction
from bot.planner.regions import BY_ID, RegionMap, kb_region_map
from bot.planner.scheduler import QUIET_KINDS
from bot.planner.stops import (
    TripContext,
    attraction_stop,
    day_bounds,
    duration,
    kind_cap,
    quiet_kind,
)
from bot.planner.value import MEALS_SERVE, interest_groups, serves, styles_of

MAX_CANDIDATES = 12
MIN_CANDIDATES = 6  # fewer open places in the day's regions: add the nearest others
KM_PENALTY = 5.0  # value a region loses per km between the day's start/end and its centre
REPEAT_REGION_FACTOR = 0.6  # a region already spent a day in is worth this share again
MEALS_MIN = 150  # lunch, dinner and a little rest, for the must-see fit check
NIGHTLIFE_KM = 6.0  # how far a night out may be from the day's region
NIGHTLIFE_EXTRAS = 2
WISH_VALUE = 60.0  # a region serving one more of the traveller's wishes is worth this much more


@dataclass(frozen=True, slots=True)
class DayPlan:
    """The regions a day is spent in and the candidate attractions for its solver."""

    regions: tuple[str, ...]
    candidates: tuple[Attraction, ...]


def regions_of(ctx: TripContext) -> RegionMap:
    """The (cached) region map of the context's knowledge base."""
    return kb_region_map(ctx.kb)


def plan_for_day(
    ctx: TripContext,
    index: int,
    must: Sequence[Attraction],
    used: Set[str],
    spent_in: Sequence[str] = (),
) -> DayPlan:
    """Choose day ``index``'s regions and its candidate attractions (must-see first).

    ``used``: places planned on other days; ``spent_in``: main regions of the days before.
    """
    rmap = regions_of(ctx)
    day = ctx.dates[index]
    must_ids = {a.id for a in must}
    future_must = ctx.must_see - must_ids
    seen = overlapping(used) - must_ids  # Boat Quay after a walk along the Singapore River
    open_now = [
        a
        for a in ctx.eligible
        if a.id not in used
        and a.id not in seen
        and a.id not in future_must
        and a.id not in must_ids
        and attraction_stop(ctx, a, day) is not None
    ]
    regions = _day_regions(ctx, index, must, open_now, spent_in)
    pool = sorted(
        (a for a in open_now if rmap.of[a.id] in regions), key=lambda a: (-ctx.value(a), a.id)
    )
    room = max(0, MAX_CANDIDATES - len(must))
    chosen = [*must, *_wish_extras(ctx, rmap, regions, open_now, pool[:room])]
    chosen += _varied(_distinct([a for a in pool if a not in chosen], chosen), chosen, ctx)[
        : max(0, MAX_CANDIDATES - len(chosen))
    ]
    if len(chosen) < MIN_CANDIDATES:
        centre = rmap.centres.get(regions[0], _endpoints_centre(ctx, index))
        taken = {a.id for a in chosen}
        rest = sorted(
            (a for a in open_now if a.id not in taken), key=lambda a: (_km(a, centre), a.id)
        )
        chosen.extend(rest[: MIN_CANDIDATES - len(chosen)])
    return DayPlan(regions=tuple(regions), candidates=tuple(chosen))


# Places that are part of another place of the catalogue: a walk along the Singapore River
# passes Boat Quay and Clarke Quay; Chinatown's walk passes Pagoda Street's market; Kampong
# Glam's, Haji Lane. A plan has one of each pair, on one day (as of 2026-11-30, by the places'
# own descriptions and addresses in the knowledge base).
PART_OF: dict[str, str] = {
    "boat-quay": "singapore-river",
    "clarke-quay": "singapore-river",
    "chinatown-street-market": "chinatown",
    "haji-lane": "kampong-glam",
}


def overlapping(ids: Set[str]) -> set[str]:
    """The places overlapping any of ``ids`` (the whole a part is of, the parts of a whole)."""
    out = {PART_OF[i] for i in ids if i in PART_OF}
    out |= {part for part, whole in PART_OF.items() if whole in ids}
    return out - set(ids)


def _distinct(pool: Sequence[Attraction], chosen: Sequence[Attraction]) -> list[Attraction]:
    """``pool`` without the places that overlap one chosen or ranked before it."""
    blocked = overlapping({a.id for a in chosen})
    out: list[Attraction] = []
    for a in pool:
        if a.id not in blocked:
            out.append(a)
            blocked |= overlapping({a.id})
    return out


def _varied(
    pool: Sequence[Attraction], chosen: Sequence[Attraction], ctx: TripContext
) -> list[Attraction]:
    """``pool`` with the sights of a quiet kind the day could not hold (beyond its cap and one
    to spare, see :func:`bot.planner.stops.kind_cap`) moved to the end: a day of candidates
    that are mostly museums would otherwise be a day of gaps."""
    caps = dict(zip(QUIET_KINDS, kind_cap(ctx.request), strict=True))
    seen = {k: sum(quiet_kind(a) == k for a in chosen) for k in caps}
    first: list[Attraction] = []
    later: list[Attraction] = []
    for a in pool:
        kind = quiet_kind(a)
        if kind and seen[kind] > caps[kind]:
            later.append(a)
            continue
        if kind:
            seen[kind] += 1
        first.append(a)
    return first + later


def _wish_extras(
    ctx: TripContext,
    rmap: RegionMap,
    regions: Sequence[str],
    open_now: Sequence[Attraction],
    pool: Sequence[Attraction],
) -> list[Attraction]:
    """For each style or interest the day's best places serve nowhere, the best place of the
    day's regions that serves it (the search then weighs it against the day without it); for a
    night out, the best bars within a short ride of the day's region."""
    wishes = _wishes(ctx)
    if not wishes:
        return []
    served: set[str] = set()
    for a in pool:
        served |= _serves(ctx, a)
    centre = rmap.centres[regions[0]]
    out: list[Attraction] = []
    for wish in sorted(wishes - served):
        near = [
            a
            for a in open_now
            if wish in _serves(ctx, a)
            and a not in pool
            and a not in out
            and (
                rmap.of[a.id] in regions  # a night out may take a short ride out of the day's area
                or (wish == "nightlife" and _km(a, centre) <= NIGHTLIFE_KM)
            )
        ]
        near.sort(key=lambda a: (-ctx.value(a) + KM_PENALTY * _km(a, centre), a.id))
        out.extend(near[: NIGHTLIFE_EXTRAS if wish == "nightlife" else 1])
    return out


def _wishes(ctx: TripContext) -> set[str]:
    """The styles and interest groups the request names (those :func:`serves` reports) that
    a day's sights should serve (its meals serve "food")."""
    named = {str(s) for s in styles_of(ctx.request, ctx.children)}
    return (named | set(interest_groups(ctx.request.interests))) - MEALS_SERVE


def _serves(ctx: TripContext, a: Attraction) -> set[str]:
    return serves(ctx.request, ctx.children, a)


def _day_regions(
    ctx: TripContext,
    index: int,
    must: Sequence[Attraction],
    open_now: Sequence[Attraction],
    spent_in: Sequence[str],
) -> list[str]:
    rmap = regions_of(ctx)
    by_region: dict[str, list[Attraction]] = {}
    for a in open_now:
        by_region.setdefault(rmap.of[a.id], []).append(a)
    per_day = max(2, ctx.pace.max_visits)
    if must:
        anchor = max(must, key=lambda a: (duration(ctx, a), a.id))
        main = rmap.of[anchor.id]
        regions = [main, *(r for r in dict.fromkeys(rmap.of[a.id] for a in must) if r != main)]
    else:
        here = _endpoints_centre(ctx, index)
        scored = [
            (_region_score(ctx, rmap, r, by_region, per_day, here, spent_in), r)
            for r in sorted(by_region)
        ]
        if not scored:
            return [_nearest_region(rmap, here)]
        main = max(scored)[1]
        regions = [main]
    if len(regions) == 1 and not _full(ctx, by_region.get(main, []), per_day):
        best = [
            (_top(ctx, by_region.get(n, []), per_day), n)
            for n in rmap.neighbours(main)
            if by_region.get(n) and not (BY_ID[n].destination and n in spent_in)
        ]
        if best:
            regions.append(max(best)[1])
    return regions


def _region_score(
    ctx: TripContext,
    rmap: RegionMap,
    region: str,
    by_region: dict[str, list[Attraction]],
    per_day: int,
    here: Point,
    spent_in: Sequence[str],
) -> float:
    own = _top(ctx, by_region[region], per_day)
    if BY_ID[region].destination and region in spent_in:
        return -1e9  # one day on an island or in the Mandai parks, unless must-sees need two
    near = [_top(ctx, by_region.get(n, []), per_day // 2) for n in rmap.neighbours(region)]
    score = own + 0.5 * max(near, default=0.0)
    wishes = _wishes(ctx)
    if wishes:  # a day where every wish can be served ("beaches" on a beach, not in a museum)
        served: set[str] = set()
        for a in by_region[region]:
            served |= _serves(ctx, a)
        score += WISH_VALUE * len(wishes & served)
    if region in spent_in:
        score *= REPEAT_REGION_FACTOR
    return score - KM_PENALTY * haversine_km(here, rmap.centres[region])


def region_values(ctx: TripContext, used: Set[str] = frozenset()) -> dict[str, float]:
    """What a free day in each region is worth to this traveller: the score a day's main region
    is chosen by (its best places, half its best neighbour's, the wishes it serves), before the
    way there and before repeats; ``used``: places already planned on other days."""
    rmap = regions_of(ctx)
    by_region: dict[str, list[Attraction]] = {}
    for a in ctx.eligible:
        if a.id not in used and a.id in rmap.of:
            by_region.setdefault(rmap.of[a.id], []).append(a)
    per_day = max(2, ctx.pace.max_visits)
    return {
        r: _region_score(ctx, rmap, r, by_region, per_day, rmap.centres[r], ())
        for r in sorted(by_region)
    }


def _top(ctx: TripContext, places: Sequence[Attraction], count: int) -> float:
    return sum(sorted((ctx.value(a) for a in places), reverse=True)[:count])


def _full(ctx: TripContext, places: Sequence[Attraction], per_day: int) -> bool:
    """Whether one region alone fills the day (enough places, enough hours)."""
    lengths = sorted((duration(ctx, a) for a in places), reverse=True)[: per_day + 1]
    day_minutes = ctx.pace.day_end - ctx.pace.day_start - MEALS_MIN
    return len(places) > per_day and sum(lengths) >= day_minutes


def _endpoints_centre(ctx: TripContext, index: int) -> Point:
    bounds = day_bounds(ctx, index)
    a, b = ctx.travel.point(bounds.start), ctx.travel.point(bounds.end)
    return Point((a.lat + b.lat) / 2, (a.lon + b.lon) / 2)


def _nearest_region(rmap: RegionMap, here: Point) -> str:
    return min(rmap.centres, key=lambda r: (haversine_km(here, rmap.centres[r]), r))


def _km(a: Attraction, at: Point) -> float:
    return haversine_km(at, Point(a.lat, a.lon))


def assign_must_see(ctx: TripContext) -> dict[int, list[Attraction]]:
    """Give the must-see places their days: one region's places together when they fit,
    each group on the least-loaded day it can be visited on."""
    rmap = regions_of(ctx)
    musts = [a for a in ctx.eligible if a.id in ctx.must_see]
    groups: dict[str, list[Attraction]] = {}
    for a in musts:
        groups.setdefault(rmap.of[a.id], []).append(a)
    load = [0] * len(ctx.dates)
    out: dict[int, list[Attraction]] = {}
    pending: list[Attraction] = []
    for _region, group in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        days = _common_days(ctx, group)
        need = sum(_shortest(ctx, a) for a in group)
        fits = [d for d in days if need + load[d] <= _capacity(ctx, d)]
        if len(group) > 1 and fits:
            best = min(fits, key=lambda d: (load[d], _partial(ctx, d), d))
            out.setdefault(best, []).extend(sorted(group, key=lambda a: a.id))
            load[best] += need
        else:
            pending.extend(group)
    options = {a.id: _possible_days(ctx, a) for a in pending}
    for a in sorted(pending, key=lambda a: (len(options[a.id]), a.id)):
        if not options[a.id]:
            continue
        best = min(options[a.id], key=lambda d: (load[d], _partial(ctx, d), d))
        load[best] += duration(ctx, a)
        out.setdefault(best, []).append(a)
    return out


def crowded(ctx: TripContext, must: Sequence[Attraction]) -> frozenset[str]:
    """Must-see places to visit at their shortest because several share one day."""
    total = sum(duration(ctx, a) for a in must)
    if len(must) < 2 or total <= ctx.pace.day_end - ctx.pace.day_start - MEALS_MIN:
        return frozenset()
    return frozenset(a.id for a in must)


def _shortest(ctx: TripContext, a: Attraction) -> int:
    return min(duration(ctx, a), a.duration_min)


def _capacity(ctx: TripContext, index: int) -> int:
    bounds = day_bounds(ctx, index)
    end = min(bounds.end_window[1], max(ctx.pace.day_end, 23 * 60))
    return max(0, end - bounds.start_window[0] - MEALS_MIN)


def _common_days(ctx: TripContext, group: Sequence[Attraction]) -> list[int]:
    days = set(range(len(ctx.dates)))
    for a in group:
        days &= set(_possible_days(ctx, a))
    return sorted(days)


def _possible_days(ctx: TripContext, a: Attraction) -> list[int]:
    """Days on which ``a`` can be reached from the day's start while it still lets people in,
    and left in time to reach the day's end (worst-case legs, as the search times them)."""
    days = []
    allowed = ctx.request.must_see_days.get(a.id)  # a group member there on some days only
    for i, day in enumerate(ctx.dates):
        if allowed is not None and i + 1 not in allowed:
            continue
        stop = attraction_stop(ctx, a, day)
        if stop is None:
            continue
        bounds = day_bounds(ctx, i)
        there = ctx.travel.max_minutes(bounds.start, a.id, ctx.modes, party_size=ctx.party_size)
        back = ctx.travel.max_minutes(a.id, bounds.end, ctx.modes, party_size=ctx.party_size)
        arrive = bounds.start_window[0] + there
        if any(hi >= arrive for _, hi in stop.windows):
            begin = next(max(lo, arrive) for lo, hi in stop.windows if hi >= arrive)
            if begin + stop.duration + back <= bounds.end_window[1]:
                days.append(i)
    return days


def _partial(ctx: TripContext, index: int) -> int:
    bounds = day_bounds(ctx, index)
    return int(bounds.start != ctx.hotel.id) + int(bounds.end != ctx.hotel.id)
