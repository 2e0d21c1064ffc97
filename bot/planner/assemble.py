"""From a timed route to the itinerary's days: items, transit legs, blocks, bundles, totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from bot.planner.geo import ANCHORS, Point, haversine_km
from bot.planner.itinerary import BLOCKS, Block, BundleInfo, Day, Item, Totals
from bot.planner.kb import Attraction, FoodPlace, hhmm, minutes, span
from bot.planner.pricing import day_prices
from bot.planner.regions import area_name
from bot.planner.scheduler import DayRoute, DaySpec, Stop, Timed, inner_meal_start
from bot.planner.stops import TripContext, visit_windows
from bot.planner.travel import Endpoint
from bot.trip import Transport

RAIN_RADIUS_KM = 3.0
LONG_WAIT_MIN = 75  # a wait this long before a stop is free time where the traveller already is
MODE_WORD = {
    "walk": "Walk",
    "mrt": "MRT",
    "taxi": "Taxi",
    "car": "Drive",
    "sentosa_express": "Sentosa Express",
    "cable_car": "Cable car",
    "shuttle": "Shuttle bus",
    "bus": "Bus",
    "ferry": "Ferry",
}


def block_of(minute: int) -> Block:
    """Morning before noon, afternoon until 17:00, evening after."""
    if minute < 12 * 60:
        return "morning"
    return "afternoon" if minute < 17 * 60 else "evening"


def display_name(ctx: TripContext, endpoint: Endpoint) -> str:
    """English name of a place id or anchor."""
    if isinstance(endpoint, Point):
        return f"{endpoint.lat:.4f},{endpoint.lon:.4f}"
    place = ctx.kb.places.get(endpoint)
    if place is not None:
        return place.names.en
    anchor = ANCHORS.get(endpoint)
    if anchor is None:
        return endpoint
    return anchor.name_en if anchor.id == "changi-airport" else f"hotel ({anchor.name_en})"


def build_day(ctx: TripContext, spec: DaySpec, route: DayRoute) -> Day:
    """Turn a timed route into a :class:`Day` with transit items between places."""
    items: list[Item] = []
    here: Endpoint = spec.start
    t = route.depart
    for timed in route.stops:
        t = _leave_at(ctx, here, timed, t)
        items.extend(_transit(ctx, spec, here, timed.stop.place_id, t))
        items.extend(_place_items(ctx, timed))
        here, t = timed.stop.place_id, timed.end
    items.extend(_transit(ctx, spec, here, spec.end, t))
    _apply_ticket_prices(ctx, items)
    _add_rain_alternatives(ctx, spec.day, items)
    day = Day(
        date=spec.day,
        items=items,
        start_place=str(spec.start),
        end_place=str(spec.end),
        bundles=_bundle_infos(ctx, items),
    )
    day.maps_url = maps_url(ctx, spec, route)
    return day


def _leave_at(ctx: TripContext, here: Endpoint, timed: Timed, ready: int) -> int:
    """When to leave ``here`` for the next stop: at once, unless that means a long wait there;
    then the free time is spent where the traveller already is (rest after lunch, then walk to
    dinner), and the leg leaves so that it arrives in time."""
    if here == timed.stop.place_id:
        return ready
    leg = ctx.travel.leg(here, timed.stop.place_id, ctx.modes, ready, party_size=ctx.party_size)
    if timed.start - (ready + leg.minutes) < LONG_WAIT_MIN:
        return ready
    depart = timed.start - leg.minutes
    for _ in range(2):  # a leg later in the day may take longer (the evening peak)
        later = ctx.travel.leg(
            here, timed.stop.place_id, ctx.modes, depart, party_size=ctx.party_size
        )
        if depart + later.minutes <= timed.start:
            return max(ready, depart)
        depart = timed.start - later.minutes
    return ready


def _transit(ctx: TripContext, spec: DaySpec, a: Endpoint, b: Endpoint, t: int) -> list[Item]:
    if a == b:
        return []
    leg = ctx.travel.leg(a, b, ctx.modes, t, party_size=ctx.party_size)
    if leg.minutes == 0:
        return []
    return [
        Item(
            start=hhmm(t),
            end=hhmm(t + leg.minutes),
            kind="transit",
            name=f"{MODE_WORD[leg.mode]} to {display_name(ctx, b)}",
            cost_sgd=leg.cost_sgd,
            block=block_of(t),
            mode=leg.mode,
            from_id=str(a),
            to_id=str(b),
            distance_km=leg.distance_km,
            via=list(leg.via),
        )
    ]


def _place_items(ctx: TripContext, timed: Timed) -> list[Item]:
    """The stop's item; a park visit with lunch inside is the visit, the meal at the food
    place behind its gates, and the rest of the visit (the park is not left)."""
    inner = timed.stop.inner
    if inner is None:
        return [_place_item(ctx, timed)]
    lunch = inner_meal_start(inner, timed.start)
    food = ctx.kb.places[inner.food_id]
    meal = Stop(food.id, "meal", inner.minutes, ((lunch, lunch),), 0, "lunch")
    parts = [
        Timed(timed.stop, timed.start, lunch),
        Timed(meal, lunch, lunch + inner.minutes),
        Timed(timed.stop, lunch + inner.minutes, timed.end),
    ]
    return [_place_item(ctx, part) for part in parts if part.end > part.start]


def _place_item(ctx: TripContext, timed: Timed) -> Item:
    place = ctx.kb.places[timed.stop.place_id]
    if isinstance(place, FoodPlace):
        cost, note = place.meal_cost_sgd, timed.stop.slot
    else:
        cost, note = ctx.ticket(place), ""
    return Item(
        start=hhmm(timed.start),
        end=hhmm(timed.end),
        kind=timed.stop.kind,
        place_id=place.id,
        name=place.names.en,
        lat=place.lat,
        lon=place.lon,
        cost_sgd=cost,
        block=block_of(timed.start),
        note=note,
    )


def _apply_ticket_prices(ctx: TripContext, items: list[Item]) -> None:
    """Per-person ticket costs with combined tickets charged once (see :mod:`pricing`)."""
    visits = [i for i in items if i.kind in ("visit", "show")]
    for item, price in zip(visits, day_prices(ctx.kb, [i.place_id for i in visits]), strict=True):
        if price is not None:
            item.cost_sgd = price.average(ctx.adults, ctx.children)


def _add_rain_alternatives(ctx: TripContext, day: date, items: list[Item]) -> None:
    planned = {i.place_id for i in items}
    for item in items:
        if item.kind != "visit" or item.block != "afternoon" or item.place_id is None:
            continue
        place = ctx.kb.attraction(item.place_id)
        if place is None or place.setting != "outdoor":
            continue
        alt = rain_alternative(ctx, place, day, planned)
        if alt is not None:
            item.rain_alternative_id = alt.id
            planned.add(alt.id)


def rain_alternative(
    ctx: TripContext, place: Attraction, day: date, exclude: Iterable[str | None]
) -> Attraction | None:
    """The nearest indoor attraction open on ``day`` that the plan does not already use."""
    skip = set(exclude)
    here = Point(place.lat, place.lon)
    options = [
        (haversine_km(here, Point(a.lat, a.lon)), a.id, a)
        for a in ctx.eligible
        if a.setting == "indoor" and a.id not in skip and visit_windows(a, day, a.duration_min)
    ]
    near = [o for o in options if o[0] <= RAIN_RADIUS_KM]
    return min(near, key=lambda o: (o[0], o[1]))[2] if near else None


def _bundle_infos(ctx: TripContext, items: list[Item]) -> list[BundleInfo]:
    """Name each block after the area of its attractions, or of its meal when it has none."""
    out: list[BundleInfo] = []
    for block in BLOCKS:
        places = [i for i in items if i.block == block and i.place_id is not None]
        sights = [i.place_id for i in places if i.kind in ("visit", "show") and i.place_id]
        ids = sights or [i.place_id for i in places if i.kind == "meal" and i.place_id]
        if not ids:
            continue
        area = area_name(Counter(ctx.kb.places[p].area for p in ids).most_common(1)[0][0])
        out.append(BundleInfo(block=block, area=area, place_ids=ids))
    return out


def maps_url(ctx: TripContext, spec: DaySpec, route: DayRoute) -> str:
    """A Google Maps directions link through the day's stops."""

    def at(endpoint: Endpoint) -> str:
        p = ctx.travel.point(endpoint)
        return f"{p.lat:.5f},{p.lon:.5f}"

    mode = "transit" if Transport.PUBLIC in ctx.modes else "driving"
    url = (
        f"https://www.google.com/maps/dir/?api=1&origin={at(spec.start)}&destination={at(spec.end)}"
    )
    if route.stops:
        url += "&waypoints=" + "|".join(at(t.stop.place_id) for t in route.stops)
    return url + f"&travelmode={mode}"


def totals(ctx: TripContext, days: Sequence[Day], active: Sequence[int]) -> Totals:
    """Sum costs (per person and for the party) and minutes over the days."""
    items = [i for d in days for i in d.items]
    tickets = sum(i.cost_sgd for i in items if i.kind in ("visit", "show"))
    food = sum(i.cost_sgd for i in items if i.kind == "meal")
    transport = sum(i.cost_sgd for i in items if i.kind == "transit")
    per_person = tickets + food + transport
    travel = sum(span(i.start, i.end) for i in items if i.kind == "transit")
    return Totals(
        tickets_sgd=round(tickets, 2),
        food_sgd=round(food, 2),
        transport_sgd=round(transport, 2),
        per_person_sgd=round(per_person, 2),
        party_sgd=round(per_person * ctx.party_size, 2),
        travel_minutes=travel,
        active_minutes=sum(active),
    )


def active_minutes(day: Day) -> int:
    """Minutes from the first item's start to the last item's end."""
    if not day.items:
        return 0
    first, last = day.items[0].start, day.items[-1].end
    return minutes(last) - minutes(first)
