"""From a trip request to solver input: pace, eligibility, prizes, time windows, meal slots.

A :class:`TripContext` holds what every day of one trip shares (modes, party, pace, hotel, the
eligible attractions and their value). :func:`build_spec` turns a day's candidate attractions
into a :class:`~bot.planner.scheduler.DaySpec`.

Prizes are in the solver's cost unit (``COST_PER_TRAVEL_MIN`` per minute of travel): a place
worth 40 "minutes" is dropped rather than reached by a 45-minute detour.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from datetime import date

from bot.planner.geo import CHANGI, Anchor, Point, haversine_km, hotel_area, mean_point
from bot.planner.itinerary import SNACK as SNACK_SLOT
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase, minutes
from bot.planner.scheduler import (
    ANCHOR_PRIZE,
    COST_PER_TRAVEL_MIN,
    MIDNIGHT,
    DaySpec,
    InnerMeal,
    Stop,
    Window,
)
from bot.planner.travel import Endpoint, TravelModel
from bot.planner.value import (
    LOCAL_FOOD_KINDS,
    MEALS_SERVE,
    foodie,
    is_filler,
    place_value,
    serves,
    wants_nightlife,
)
from bot.trip import AVOID_KIND_TAGS, Pace, Transport, TripRequest

ARRIVAL_BUFFER_MIN = 90  # immigration, baggage, getting out of Changi
# Landed in the small hours (a red-eye): to the hotel to sleep, and the day goes on from there.
NIGHT_LANDING_BEFORE = 5 * 60
REST_AFTER_NIGHT_LANDING = 11 * 60
DEPARTURE_BUFFER_MIN = 150  # at Changi this long before the flight
EVENING = 17 * 60
NIGHT_OUT = 19 * 60 + 30
# a night out, after dinner: a place whose nightlife is what it is (a rooftop bar, the Long
# Bar); a sight with a bar inside (Raffles Hotel's verandas and arcade) is a daytime visit too
NIGHT_OUT_TAGS = frozenset({"nightlife"})
NIGHT_OWL_END = 23 * 60 + 30  # nightlife asked for: coming home this late costs nothing
# young children: coming home after 21:30 costs (Wings of Time or the Night Safari still fit,
# an evening of sights after dinner does not; the afternoon is used instead)
YOUNG_CHILD_DAY_END = 21 * 60 + 30
DAYTIME_END = 19 * 60
# meal start windows; arrival and departure days may start a meal a little earlier or later
LUNCH = (11 * 60 + 30, 13 * 60 + 30)
DINNER = (18 * 60, 20 * 60)
PARTIAL_LUNCH = (11 * 60, 14 * 60)
PARTIAL_DINNER = (17 * 60 + 30, 20 * 60 + 30)
# a food lover's afternoon snack (chwee kueh at Tiong Bahru, satay at Lau Pa Sat): a short
# stop at a hawker centre, food street or famous stall, made when the day has room for it
SNACK = (14 * 60 + 30, 16 * 60 + 30)
SNACK_MINUTES = 30
SNACK_VALUE = 30  # in travel minutes: a stop on the way, never a reason to cross town
MEAL_CANDIDATES = 4
REPEAT_FOOD_MIN = 12  # a food place eaten at on another day costs this many travel minutes
MAX_MEAL_ANCHORS = 5  # areas and big places a day's meal candidates are drawn near
MEAL_ANCHOR_SPACING_KM = 1.0
REPEAT_FOOD_KM = 1.5  # ... and ranks as if this much further away among the candidates
# Food beside a sight: the two food places nearest each of the day's sights, within a short
# walk, are offered too, so the meal can be where the route is at meal time, not only near
# the centre of an area (a Civic District day's lunch by the museum, dinner beside ION after
# lunch at Wisma Atria). At most this many more per slot, for speed.
SIGHT_FOOD_KM = 0.8
SIGHT_FOOD_EACH = 2
SIGHT_FOOD_MAX = 2
# A trip with a budget: the search does not see meal prices otherwise, and a S$45 dinner at
# Dempsey chosen for being on the way would push the trip over and have it planned again
BUDGET_MEAL_SGD = 6  # a hawker meal
BUDGET_MINUTES_PER_SGD = 1.0
MUST_SEE_VALUE = 100_000
MEAL_VALUE = 200_000  # meals outrank must-see places: a plan without lunch is never sent
LONG_VISIT_MIN = 240
LONGER_MIN = 30  # "more time at X" adds at least this much
DEPARTURE_DAY_START = 8 * 60 + 30  # a flight day may start early to fit everything in
# lunch and dinner may both be in one street of restaurants (Kampong Glam, Boon Tat Street), a
# different restaurant each time; never twice a day at one hawker centre or food court
TWO_MEALS_KINDS = frozenset({"food_street"})
INNER_MARGIN_MIN = 30  # a park visit with lunch inside: at least this long before and after it


@dataclass(frozen=True, slots=True)
class PaceProfile:
    """How long and how full a day is."""

    day_start: int
    day_end: int
    max_visits: int
    duration_bias: float  # 0 = shortest typical visit, 1 = longest
    meal_minutes: int


PACES = {
    Pace.RELAXED: PaceProfile(10 * 60, 20 * 60, 3, 0.85, 75),
    Pace.NORMAL: PaceProfile(9 * 60, 22 * 60, 5, 0.5, 60),
    Pace.PACKED: PaceProfile(8 * 60 + 30, 23 * 60, 7, 0.15, 45),
}


@dataclass(frozen=True)
class TripContext:
    """What all days of one trip share."""

    request: TripRequest
    kb: KnowledgeBase
    travel: TravelModel
    dates: tuple[date, ...]
    modes: frozenset[Transport]
    adults: int
    children: int
    pace: PaceProfile
    hotel: Anchor
    eligible: tuple[Attraction, ...]
    must_see: frozenset[str]
    values: dict[str, float] = field(default_factory=dict)
    short: frozenset[str] = frozenset()  # places visited at their shortest (a crowded day)
    at_part: dict[str, Window] = field(default_factory=dict)  # "X in the morning": start window

    @property
    def party_size(self) -> int:
        return max(1, self.adults + self.children)

    def value(self, attraction: Attraction) -> float:
        return self.values.get(attraction.id, 0.0)

    def ticket(self, attraction: Attraction) -> float:
        """Ticket price per person, averaged over adults and children."""
        total = (
            attraction.price_adult_sgd * self.adults + attraction.price_child_sgd * self.children
        )
        return round(total / self.party_size, 2)


def make_context(request: TripRequest, kb: KnowledgeBase, travel: TravelModel) -> TripContext:
    """Collect the trip-wide settings for a complete request."""
    party = request.party
    adults = party.adults if party else 1
    children = party.children if party else 0
    modes = frozenset(request.transport) or frozenset({Transport.PUBLIC})
    avoid = set(request.avoid)
    unwanted = frozenset().union(*(AVOID_KIND_TAGS[k] for k in request.avoid_kinds))
    # A market that is also a food place (Lau Pa Sat) is eaten at, not visited as well.
    food_names = {f.names.en.lower() for f in kb.food}
    must = set(request.must_see)
    eligible = tuple(
        a
        for a in kb.attractions
        if a.id not in avoid
        and (a.id in must or not unwanted & set(a.tags))  # "no museums"
        and a.walk_in  # appointment-only places are never planned as walk-ins
        and (children == 0 or child_friendly(a) or (a.id in must and not adults_only(a)))
        and (children > 0 or not with_children_only(a))
        and (a.names.en.lower() not in food_names or a.id in must)
    )
    ctx = TripContext(
        request=request,
        kb=kb,
        travel=travel.limited(request.walk_limit()),
        dates=tuple(request.dates()),
        modes=modes,
        adults=adults,
        children=children,
        pace=_pace(request),
        hotel=hotel_area(request.hotel_area),
        eligible=eligible,
        must_see=frozenset(request.must_see),
    )
    ctx.values.update({a.id: _value(ctx, a) for a in eligible})
    return ctx


def adults_only(attraction: Attraction) -> bool:
    """Whether children may not enter at all (bars, 18+ venues)."""
    return attraction.admits == "adults"


def _pace(request: TripRequest) -> PaceProfile:
    """The pace's profile; with seniors in the party a day holds one visit fewer (more rest)."""
    pace = PACES[request.pace]
    if request.party is not None and request.party.seniors and pace.max_visits > 3:
        return dataclasses.replace(pace, max_visits=pace.max_visits - 1)
    return pace


def with_children_only(attraction: Attraction) -> bool:
    """Whether adults may only enter with a child (Children's Museum Singapore)."""
    return attraction.admits == "with-children"


def child_friendly(attraction: Attraction) -> bool:
    """Whether a party with children may visit."""
    return attraction.good_for_children and attraction.admits != "adults"


def _value(ctx: TripContext, a: Attraction) -> float:
    if a.id in ctx.must_see:
        return MUST_SEE_VALUE
    return place_value(ctx.request, ctx.children, ctx.ticket(a), a)


def duration(ctx: TripContext, a: Attraction) -> int:
    """Visit length for the trip's pace (relaxed: near the longest, packed: near the shortest).

    No visit is stretched past :data:`LONG_VISIT_MIN` (a theme park stays at its shortest): a
    meal never happens inside a visit, so a longer one could not sit between lunch and dinner.
    """
    if a.id in ctx.request.long_visits:  # "more time at X"
        return longer_visit(ctx, a)
    if a.duration_min >= LONG_VISIT_MIN or a.id in ctx.short:
        return a.duration_min
    if a.id not in ctx.must_see and is_filler(a, ctx.request.interests, ctx.request.styles):
        return a.duration_min  # a district or mall nobody asked for: the shortest visit
    span = a.duration_max - a.duration_min
    length = a.duration_min + round(span * ctx.pace.duration_bias / 5) * 5
    return min(length, LONG_VISIT_MIN)


def usual_duration(ctx: TripContext, a: Attraction) -> int:
    """The visit length this pace gives ``a`` before any "more time at X"."""
    plain = dataclasses.replace(ctx, request=ctx.request.model_copy(update={"long_visits": []}))
    return duration(plain, a)


def longer_visit(ctx: TripContext, a: Attraction) -> int:
    """A visit half as long again as usual (an hour at least), up to its longest typical."""
    usual = usual_duration(ctx, a)
    return min(a.duration_max, usual + max(LONGER_MIN, usual // 2))


def visit_windows(a: Attraction, day: date, length: int) -> tuple[Window, ...]:
    """Allowed start minutes of a visit of ``length`` minutes on ``day``."""
    out: list[Window] = []
    for open_, close in a.open_intervals(day):
        close = min(close, MIDNIGHT)
        lo, hi = open_, min(close - length, close - a.last_entry_before_close_min)
        if a.evening_only:
            lo = max(lo, EVENING)
        if NIGHT_OUT_TAGS & set(a.tags) and not a.show_times:
            lo = max(lo, NIGHT_OUT)  # a bar is a night out, after dinner
        if a.daytime_only:
            hi = min(hi, DAYTIME_END - length)
        if a.show_times:
            out.extend((t, t) for t in sorted(map(minutes, a.shows_on(day))) if lo <= t <= hi)
        elif lo <= hi:
            out.append((lo, hi))
    return tuple(sorted(set(out)))


@dataclass(frozen=True, slots=True)
class DayBounds:
    start: Endpoint
    end: Endpoint
    start_window: Window
    end_window: Window
    soft_end: int


# When a visit may start to be "in the morning / afternoon / evening"
PARTS_OF_DAY: dict[str, Window] = {
    "morning": (6 * 60, 11 * 60 + 30),
    "afternoon": (12 * 60, 16 * 60 + 30),
    "evening": (17 * 60, MIDNIGHT),
}


def day_bounds(ctx: TripContext, index: int) -> DayBounds:
    """Where and when day ``index`` (0-based) starts and ends."""
    last = index == len(ctx.dates) - 1
    arrive = index == 0 and ctx.request.arrival_time is not None
    if arrive and night_landing(ctx.request.arrival_time):
        arrive = False  # the ride in is made at night; the day starts at the hotel after rest
    depart = last and ctx.request.departure_time is not None
    start: Endpoint = CHANGI if arrive else ctx.hotel.id
    end: Endpoint = CHANGI if depart else ctx.hotel.id
    lo = ctx.pace.day_start
    if index == 0 and night_landing(ctx.request.arrival_time):
        lo = max(lo, REST_AFTER_NIGHT_LANDING)
    if arrive and ctx.request.arrival_time is not None:
        lo = minutes(ctx.request.arrival_time) + ARRIVAL_BUFFER_MIN
        to_hotel = ctx.travel.max_minutes(start, end, ctx.modes, party_size=ctx.party_size)
        if not depart and lo + to_hotel > MIDNIGHT:  # a late landing: the day is the ride in,
            lo = MIDNIGHT - to_hotel  # which ends after midnight; the next days are whole
    late = ctx.request.late_starts.get(ctx.dates[index].isoformat())
    if late is not None:  # "start later on day 2"
        lo = max(lo, minutes(late))
    hi_end, soft_end = MIDNIGHT, ctx.pace.day_end
    if ctx.request.young_children():
        soft_end = min(soft_end, YOUNG_CHILD_DAY_END)
    if wants_nightlife(ctx.request):
        soft_end = max(soft_end, NIGHT_OWL_END)
    if depart and ctx.request.departure_time is not None:
        hi_end = minutes(ctx.request.departure_time) - DEPARTURE_BUFFER_MIN
        soft_end = hi_end
        to_airport = ctx.travel.max_minutes(start, end, ctx.modes, party_size=ctx.party_size)
        if not arrive:  # a flight day may start early, never before landing
            lo = min(lo, DEPARTURE_DAY_START, hi_end - to_airport)
    lo = max(0, min(lo, MIDNIGHT))
    return DayBounds(start, end, (lo, MIDNIGHT), (0, max(0, hi_end)), min(soft_end, MIDNIGHT))


def night_landing(arrival_time: str | None) -> bool:
    """Whether the flight lands in the small hours, when the traveller first sleeps."""
    return arrival_time is not None and minutes(arrival_time) < NIGHT_LANDING_BEFORE


def day_is_possible(ctx: TripContext, bounds: DayBounds) -> bool:
    """Whether the traveller can get from the day's start to its end inside its windows."""
    if bounds.start == bounds.end:
        return bounds.start_window[0] <= bounds.end_window[1]
    leg = ctx.travel.max_minutes(bounds.start, bounds.end, ctx.modes, party_size=ctx.party_size)
    return bounds.start_window[0] + leg <= bounds.end_window[1]


def attraction_stop(ctx: TripContext, a: Attraction, day: date) -> Stop | None:
    """The solver node for visiting ``a`` on ``day`` (None when it cannot be visited)."""
    length = duration(ctx, a)
    windows = visit_windows(a, day, length)
    part = ctx.at_part.get(a.id)
    if part is not None:  # "add X to the morning of day 2"
        windows = tuple((max(lo, part[0]), min(hi, part[1])) for lo, hi in windows)
        windows = tuple(w for w in windows if w[0] <= w[1])
    if not windows:
        return None
    return Stop(
        place_id=a.id,
        kind="show" if a.show_times else "visit",
        duration=length,
        windows=windows,
        prize=round(ctx.value(a) * COST_PER_TRAVEL_MIN),
        ticket_cents=round(ctx.ticket(a) * 100),
        outdoor=a.outdoor and not a.evening_only,
        serves=frozenset(serves(ctx.request, ctx.children, a)) - MEALS_SERVE,
        quiet=quiet_kind(a),
    )


_WORSHIP = frozenset({"temple", "church", "mosque"})


def quiet_kind(a: Attraction) -> str:
    """The quiet kind of a sight a day with children holds few of: "worship" (temples,
    churches, mosques, a temple with a museum floor too), "museum" (indoor museums), or ""."""
    if _WORSHIP & set(a.tags) and a.setting != "outdoor":
        return "worship"
    if "museum" in a.tags and a.setting == "indoor":
        return "museum"
    return ""


MUSEUM_LOVER_TAGS = frozenset({"museum", "history", "art", "heritage"})


def kind_cap(request: TripRequest) -> tuple[int, int]:
    """Sights one day holds of each quiet kind (museums, places of worship) for this party: one
    of each with a young child, two with older children (a local friend would not take a
    six-year-old to three museums, or three temples, in a day). Adults: two museums (three
    when they said museums, history or art are what they come for), three temples, which are
    short visits on a walk (Chinatown's three are one street apart)."""
    if request.young_children():
        return (1, 1)
    if request.party is not None and request.party.children:
        return (2, 2)
    return (3 if MUSEUM_LOVER_TAGS & set(request.interests) else 2, 3)


def meal_windows(food: FoodPlace, day: date, slot: Window, length: int) -> tuple[Window, ...]:
    """Allowed start minutes (inside ``slot``) for a meal of ``length`` minutes at ``food``."""
    out = []
    for open_, close in food.open_intervals(day):
        lo, hi = max(open_, slot[0]), min(close - length, slot[1])
        if lo <= hi:
            out.append((lo, hi))
    return tuple(out)


def meal_slots(ctx: TripContext, bounds: DayBounds) -> list[tuple[str, Window]]:
    """The meal slots a day can hold (wider on arrival and departure days)."""
    partial = bounds.start == CHANGI or bounds.end == CHANGI
    slots = [
        ("lunch", PARTIAL_LUNCH if partial else LUNCH),
        ("dinner", PARTIAL_DINNER if partial else DINNER),
    ]
    if foodie(ctx.request):
        slots.append((SNACK_SLOT, SNACK))
    length = ctx.pace.meal_minutes
    return [
        (name, slot)
        for name, slot in slots
        if bounds.start_window[0] <= slot[1] and bounds.end_window[1] >= slot[0] + length
    ]


def meal_stops(
    ctx: TripContext,
    day: date,
    bounds: DayBounds,
    near: Sequence[Point],
    eaten: Set[str] = frozenset(),
    sights: Sequence[Point] = (),
) -> list[Stop]:
    """Lunch and dinner candidates: food places nearest ``near[0]`` (the day's centre), then
    one near each further point of ``near`` (must-see and day-filling places), the day's end
    and its start; then, for each of ``sights`` (the day's candidate sights, most valuable
    first), the food places within :data:`SIGHT_FOOD_KM` of it not offered yet (see
    :data:`SIGHT_FOOD_EACH`, :data:`SIGHT_FOOD_MAX`).

    A place in ``eaten`` (used on another day) stays a candidate, ranked as if
    :data:`REPEAT_FOOD_KM` further away, and costs :data:`REPEAT_FOOD_MIN` travel minutes in the
    solver: variety is a preference, never a reason to cross town. Both slots may offer the
    same place; the solver serves it at most once a day.
    """
    stops: list[Stop] = []
    length = ctx.pace.meal_minutes
    start, end = ctx.travel.point(bounds.start), ctx.travel.point(bounds.end)
    anchors = [(near[0], MEAL_CANDIDATES - 2)]
    anchors += [(p, MEAL_CANDIDATES - 2 + i) for i, p in enumerate(near[1:], start=1)]
    anchors += [(end, len(near) + MEAL_CANDIDATES - 2), (start, len(near) + MEAL_CANDIDATES - 1)]
    for slot_name, slot in meal_slots(ctx, bounds):
        snack = slot_name == SNACK_SLOT
        size = SNACK_MINUTES if snack else length
        fitting = {
            f.id: (f, w)
            for f in ctx.kb.food
            if f.id not in ctx.request.avoid
            and not f.ticketed  # behind a park's gates: only inside that park's visit
            and (not snack or f.kind in LOCAL_FOOD_KINDS)
            and (w := meal_windows(f, day, slot, size))
        }
        picked: dict[str, tuple[FoodPlace, tuple[Window, ...]]] = {}
        for anchor, quota in anchors:
            ranked = sorted(
                (fw for fid, fw in fitting.items() if fid not in picked),
                key=lambda fw: (_food_km(anchor, fw[0], eaten), fw[0].id),
            )
            picked.update((f.id, (f, w)) for f, w in ranked[: max(0, quota - len(picked))])
        beside = [] if snack else _beside_sights(sights, fitting, picked, ctx.kb.food)
        picked.update((f.id, (f, w)) for f, w in beside)
        budget = ctx.request.budget_sgd() is not None
        stops.extend(_meal_stop(f, w, size, slot_name, eaten, budget) for f, w in picked.values())
    return stops


def _beside_sights(
    sights: Sequence[Point],
    fitting: dict[str, tuple[FoodPlace, tuple[Window, ...]]],
    picked: dict[str, tuple[FoodPlace, tuple[Window, ...]]],
    food: Sequence[FoodPlace],
) -> list[tuple[FoodPlace, tuple[Window, ...]]]:
    """Food places a short walk from each sight, so that each sight has
    :data:`SIGHT_FOOD_EACH` offered within :data:`SIGHT_FOOD_KM` where there are that many
    (a food court serves one meal a day: lunch and dinner beside one sight need two). Only
    hawker centres, food courts and food streets: a quick, cheap meal on the way, never a
    restaurant that would push a budget trip over (restaurants come from the area anchors)."""
    out: dict[str, tuple[FoodPlace, tuple[Window, ...]]] = {}
    for sight in sights:
        ranked = [fid for fid in _local_food_near(sight, food) if fid in fitting]
        for fid in ranked[:SIGHT_FOOD_EACH]:
            if fid not in picked and fid not in out and len(out) < SIGHT_FOOD_MAX:
                out[fid] = fitting[fid]
    return list(out.values())


# (point, id of the food list) -> ids of the local food within SIGHT_FOOD_KM, nearest first;
# the food list is kept with its entry so a reused id never answers for another list
_NEAR_CACHE: dict[tuple[Point, int], tuple[Sequence[FoodPlace], tuple[str, ...]]] = {}


def _local_food_near(point: Point, food: Sequence[FoodPlace]) -> tuple[str, ...]:
    """The hawker centres, food courts and food streets within :data:`SIGHT_FOOD_KM` of
    ``point``, nearest first (the same for every day and slot, so computed once)."""
    key = (point, id(food))
    cached = _NEAR_CACHE.get(key)
    if cached is not None and cached[0] is food:
        return cached[1]
    ranked = sorted(
        (km, f.id)
        for f in food
        if f.kind in LOCAL_FOOD_KINDS
        and (km := haversine_km(point, Point(f.lat, f.lon))) <= SIGHT_FOOD_KM
    )
    out = tuple(fid for _, fid in ranked)
    if len(_NEAR_CACHE) > 10_000:
        _NEAR_CACHE.clear()
    _NEAR_CACHE[key] = (food, out)
    return out


def _meal_stop(
    food: FoodPlace,
    windows: tuple[Window, ...],
    length: int,
    slot: str,
    eaten: Set[str],
    budget: bool = False,
) -> Stop:
    repeat = REPEAT_FOOD_MIN * COST_PER_TRAVEL_MIN if food.id in eaten else 0
    if budget:  # on a budget, each dollar a meal costs over a hawker meal is a minute of travel
        extra = max(0, food.meal_cost_sgd - BUDGET_MEAL_SGD)
        repeat += round(extra * BUDGET_MINUTES_PER_SGD * COST_PER_TRAVEL_MIN)
    prize = (SNACK_VALUE if slot == SNACK_SLOT else MEAL_VALUE) * COST_PER_TRAVEL_MIN
    shared = food.kind in TWO_MEALS_KINDS
    return Stop(food.id, "meal", length, windows, prize, slot, visit_cost=repeat, shared=shared)


def _food_km(anchor: Point, food: FoodPlace, eaten: Set[str]) -> float:
    km = haversine_km(anchor, Point(food.lat, food.lon))
    return km + REPEAT_FOOD_KM if food.id in eaten else km


def meal_anchors(ctx: TripContext, places: Sequence[Attraction]) -> list[Point]:
    """Points the day's meals should be near: the centre of its most valuable area, its
    must-see and day-filling places, then the centres of its other areas (1 km apart at least).

    Anchoring on each area rather than on the centre of all candidates keeps a food place near
    whichever area the solver routes through at meal time (a day may span Sentosa and Mandai).
    """
    if not places:
        return [ctx.hotel.point]
    groups: dict[str, list[Attraction]] = {}
    for a in places:
        groups.setdefault(a.area, []).append(a)
    areas = sorted(groups.values(), key=lambda g: (-sum(ctx.value(a) for a in g), g[0].area))
    centres = [mean_point([Point(a.lat, a.lon) for a in group]) for group in areas]
    big = [
        Point(a.lat, a.lon)
        for a in places
        if a.id in ctx.must_see or a.duration_min >= LONG_VISIT_MIN
    ]
    out: list[Point] = []
    for point in [centres[0], *big, *centres[1:]]:
        if all(haversine_km(point, p) > MEAL_ANCHOR_SPACING_KM for p in out):
            out.append(point)
    return out[:MAX_MEAL_ANCHORS]


def build_spec(
    ctx: TripContext,
    index: int,
    candidates: Sequence[Attraction],
    *,
    eaten: Set[str] = frozenset(),
    ticket_cap: float | None = None,
    max_visits: int | None = None,
) -> DaySpec:
    """Assemble the solver input for day ``index`` from its candidate attractions."""
    day = ctx.dates[index]
    bounds = day_bounds(ctx, index)
    stops = [s for a in candidates if (s := attraction_stop(ctx, a, day)) is not None]
    open_today = {s.place_id for s in stops}
    sights = [a for a in candidates if a.id in open_today]
    near = meal_anchors(ctx, sights)
    by_value = sorted(sights, key=lambda a: (-ctx.value(a), a.id))
    points = [Point(a.lat, a.lon) for a in by_value]
    meals = meal_stops(ctx, day, bounds, near, eaten, points)
    stops.extend(meals)
    lunch = next((slot for name, slot in meal_slots(ctx, bounds) if name == "lunch"), None)
    if lunch is not None:
        stops.extend(park_lunch_stops(ctx, stops, day, lunch, meals))
    return DaySpec(
        day=day,
        start=bounds.start,
        end=bounds.end,
        start_window=bounds.start_window,
        end_window=bounds.end_window,
        soft_end=bounds.soft_end,
        stops=tuple(stops),
        max_visits=ctx.pace.max_visits if max_visits is None else max_visits,
        modes=ctx.modes,
        party_size=ctx.party_size,
        ticket_cap_cents=None if ticket_cap is None else max(0, math.floor(ticket_cap * 100)),
        kind_cap=kind_cap(ctx.request),
    )


def park_lunch_stops(
    ctx: TripContext, stops: list[Stop], day: date, slot: Window, meals: Sequence[Stop]
) -> list[Stop]:
    """Park visits with lunch inside (see :func:`park_lunch_stop`), for the day's candidates.

    When exactly one must-see park has one, it replaces that park's plain visit: the search
    places must-see visits before meals and could not swap a placed visit for its lunch
    variant (both fill a place, and the variant a meal slot too). With two such parks both
    plain visits stay, so neither must-see place depends on the single lunch slot.
    """
    found = [
        (visit, inside)
        for visit in stops
        if visit.kind == "visit"
        and (inside := park_lunch_stop(ctx, visit, day, slot, meals)) is not None
    ]
    anchored = [visit for visit, _ in found if visit.prize >= ANCHOR_PRIZE]
    if len(anchored) == 1:
        stops.remove(anchored[0])
    return [inside for _, inside in found]


def park_lunch_stop(
    ctx: TripContext, visit: Stop, day: date, slot: Window, meals: Sequence[Stop]
) -> Stop | None:
    """The park visit with lunch inside it, at a food place behind the park's gates.

    A theme park or zoo day is not left for lunch: this node is the visit made longer by the
    meal, in the lunch slot's disjunction, so choosing it fills the slot. It earns the visit's
    prize too (as a negative entry cost): the solver weighs "park with lunch inside" against
    "park, and lunch elsewhere" on travel and time alone. None when no food place inside the
    park serves lunch that day.
    """
    park = ctx.kb.attraction(visit.place_id)
    if park is None or park.id in ctx.request.avoid or visit.duration < 2 * INNER_MARGIN_MIN:
        return None
    length = ctx.pace.meal_minutes
    prize = next((m.prize for m in meals if m.slot == "lunch"), MEAL_VALUE * COST_PER_TRAVEL_MIN)
    for food in ctx.kb.food:
        if not food.ticketed or food.inside != park.id or food.id in ctx.request.avoid:
            continue
        longer = visit_windows(park, day, visit.duration + length)
        for lo, hi in meal_windows(food, day, slot, length):
            # some of the visit before lunch and some after it (see inner_meal_start)
            span = ((lo - visit.duration + INNER_MARGIN_MIN, hi - INNER_MARGIN_MIN),)
            windows = _intersect(_intersect(visit.windows, longer), span)
            if windows:
                inner = InnerMeal(food.id, (lo, hi), length, visit.duration // 2)
                return dataclasses.replace(
                    visit,
                    duration=visit.duration + length,
                    windows=windows,
                    prize=prize,
                    slot="lunch",
                    visit_cost=visit.visit_cost - visit.prize,
                    inner=inner,
                )
    return None


def _intersect(a: Sequence[Window], b: Sequence[Window]) -> tuple[Window, ...]:
    """The minutes in both sets of windows."""
    out = [(max(x0, y0), min(x1, y1)) for x0, x1 in a for y0, y1 in b]
    return tuple(sorted(w for w in out if w[0] <= w[1]))
