"""Geographic bundles: groups of nearby attractions that fill one block of a day.

As in the original product, a bundle is seeded by an attraction and takes its neighbours: first
those within walking distance (:data:`WALK_RADIUS_KM`), then, if the bundle is still too small,
those within :data:`WIDE_RADIUS_KM`; 2–5 attractions each (an isolated attraction forms a bundle
of one). Seeds are taken in descending value, so the best places anchor bundles. A day holds at
most three bundles: morning, afternoon and evening.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.planner.geo import Point, haversine_km
from bot.planner.kb import Attraction

WALK_RADIUS_KM = 2.0
WIDE_RADIUS_KM = 5.0
MIN_SIZE = 2
MAX_SIZE = 5
MAX_BUNDLES_PER_DAY = 3


@dataclass(frozen=True, slots=True)
class Bundle:
    """Nearby attractions named after the area of their seed."""

    area: str
    place_ids: tuple[str, ...]
    center: Point
    evening: bool  # holds a place one can visit after dark


def area_name(area: str) -> str:
    """Display name for an area value (``"marina-bay"`` -> ``"Marina Bay"``)."""
    if area.islower() or "-" in area:
        return " ".join(w.capitalize() for w in area.replace("_", "-").split("-") if w)
    return area


def make_bundles(
    attractions: Sequence[Attraction], value: Callable[[Attraction], float]
) -> list[Bundle]:
    """Group ``attractions`` into bundles, best seeds first (deterministic)."""
    left = sorted(attractions, key=lambda a: (-value(a), a.id))
    taken: set[str] = set()
    out: list[Bundle] = []
    for seed in left:
        if seed.id in taken:
            continue
        here = Point(seed.lat, seed.lon)
        free = [a for a in left if a.id not in taken and a.id != seed.id]
        near = _within(here, free, WALK_RADIUS_KM)
        if len(near) + 1 < MIN_SIZE:
            near = _within(here, free, WIDE_RADIUS_KM)
        members = [seed, *near[: MAX_SIZE - 1]]
        taken.update(a.id for a in members)
        out.append(_bundle(seed.area, members))
    return out


def _within(here: Point, places: Iterable[Attraction], radius: float) -> list[Attraction]:
    scored = [(haversine_km(here, Point(a.lat, a.lon)), a.id, a) for a in places]
    return [a for d, _, a in sorted(scored, key=lambda t: (t[0], t[1])) if d <= radius]


def _bundle(area: str, members: Sequence[Attraction]) -> Bundle:
    lat = sum(a.lat for a in members) / len(members)
    lon = sum(a.lon for a in members) / len(members)
    evening = any(a.evening_only or _open_late(a) for a in members)
    return Bundle(area_name(area), tuple(a.id for a in members), Point(lat, lon), evening)


def _open_late(attraction: Attraction) -> bool:
    intervals = attraction.hours.model_dump().values()
    return any(item.split("-")[1] >= "20:00" for day in intervals for item in day)


def pick_bundles(
    bundles: Sequence[Bundle],
    score: Callable[[Bundle], float],
    near: Point,
    count: int,
    required: Sequence[Bundle] = (),
) -> list[Bundle]:
    """Choose up to ``count`` bundles for a day: the required ones, then the best nearby.

    A bundle's worth is ``score(bundle)`` less a distance charge from the day's centre (the
    hotel, then the centre of the bundles already chosen); one evening-capable bundle is kept.
    """
    chosen = list(dict.fromkeys(required))[:MAX_BUNDLES_PER_DAY]
    pool = [b for b in bundles if b not in chosen and score(b) > 0]
    while len(chosen) < min(count, MAX_BUNDLES_PER_DAY) and pool:
        centre = _centre([b.center for b in chosen]) if chosen else near
        need_evening = len(chosen) == count - 1 and not any(b.evening for b in chosen)
        best = max(
            pool,
            key=lambda b: (
                score(b)
                - 8.0 * haversine_km(centre, b.center)
                + (40.0 if need_evening and b.evening else 0.0),
                b.place_ids,
            ),
        )
        chosen.append(best)
        pool.remove(best)
    return chosen


def _centre(points: Sequence[Point]) -> Point:
    return Point(sum(p.lat for p in points) / len(points), sum(p.lon for p in points) / len(points))
