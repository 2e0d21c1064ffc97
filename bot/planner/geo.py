"""Geometry and named anchor points: great-circle distance, hotel areas and Changi Airport.

Anchors are the places a day can start or end at that are not in the knowledge base: the hotel
areas a traveller can name ("marina-bay", "orchard", ...) and "changi-airport".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


@dataclass(frozen=True, slots=True)
class Point:
    """A position in WGS84 degrees."""

    lat: float
    lon: float


def mean_point(points: Sequence[Point]) -> Point:
    """The mean position of ``points`` (close together: no great-circle averaging needed)."""
    return Point(sum(p.lat for p in points) / len(points), sum(p.lon for p in points) / len(points))


@dataclass(frozen=True, slots=True)
class Anchor:
    """A named start/end point of a day (a hotel area or the airport)."""

    id: str
    name_en: str
    name_ko: str
    point: Point


CHANGI = "changi-airport"
DEFAULT_HOTEL_AREA = "city-hall"

ANCHORS: dict[str, Anchor] = {
    a.id: a
    for a in (
        Anchor("marina-bay", "Marina Bay", "마리나 베이", Point(1.2834, 103.8607)),
        Anchor("city-hall", "City Hall", "시티홀", Point(1.2931, 103.8520)),
        Anchor("orchard", "Orchard", "오차드", Point(1.3040, 103.8318)),
        Anchor("chinatown", "Chinatown", "차이나타운", Point(1.2842, 103.8443)),
        Anchor("bugis", "Bugis", "부기스", Point(1.3006, 103.8559)),
        Anchor("sentosa", "Sentosa", "센토사", Point(1.2494, 103.8303)),
        Anchor("little-india", "Little India", "리틀 인디아", Point(1.3066, 103.8493)),
        Anchor(CHANGI, "Changi Airport", "창이 공항", Point(1.3644, 103.9915)),
    )
}

HOTEL_AREAS: tuple[str, ...] = tuple(a for a in ANCHORS if a != CHANGI)


def haversine_km(a: Point, b: Point) -> float:
    """Distance between two points in kilometres.

    Singapore spans a third of a degree near the equator, so the flat (equirectangular) form is
    within a few metres of the great circle here and several times faster; the planner calls it
    tens of thousands of times a plan.
    """
    dy = b.lat - a.lat
    dx = (b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return KM_PER_DEGREE * math.sqrt(dx * dx + dy * dy)


def hotel_area(name: str | None) -> Anchor:
    """Return the hotel-area anchor for ``name`` (the default area when unknown or missing)."""
    if name is not None:
        key = name.strip().lower().replace(" ", "-").replace("_", "-")
        if key in ANCHORS and key != CHANGI:
            return ANCHORS[key]
    return ANCHORS[DEFAULT_HOTEL_AREA]
