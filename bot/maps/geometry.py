"""Projection, framing and the land outline for offline maps.

Singapore spans 0.3° of latitude, so an equirectangular projection scaled by cos(1.35°) is exact
to well under a pixel: kilometres east and north of a fixed origin, then pixels by one scale.
The land outline (``data/singapore_land.geojson``, URA Master Plan 2019, Singapore Open Data
Licence v1.0) is read once, projected to kilometres and cached; each map only scales it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ORIGIN_LAT = 1.35
ORIGIN_LON = 103.82
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320 * math.cos(math.radians(ORIGIN_LAT))

# Required by the Singapore Open Data Licence (see bot/maps/data/README.md); drawn on every map.
ATTRIBUTION = (
    "Contains information from Master Plan 2019 Subzone Boundary (No Sea) accessed from "
    "data.gov.sg, made available under the terms of the Singapore Open Data Licence version 1.0. "
    "© Urban Redevelopment Authority."
)

KmPoint = tuple[float, float]  # (east km, north km)
Pixel = tuple[float, float]


def to_km(lat: float, lon: float) -> KmPoint:
    """Project WGS84 degrees to kilometres east/north of the fixed origin."""
    return ((lon - ORIGIN_LON) * KM_PER_DEG_LON, (lat - ORIGIN_LAT) * KM_PER_DEG_LAT)


@dataclass(frozen=True, slots=True)
class Frame:
    """The part of the plane a map shows: km → pixel for a ``width`` × ``height`` area."""

    west: float
    north: float
    scale: float  # pixels per km
    width: int
    height: int
    left: int = 0  # where the map area sits in the picture
    top: int = 0

    def px(self, p: KmPoint) -> Pixel:
        """Pixel of a projected point."""
        return (
            self.left + (p[0] - self.west) * self.scale,
            self.top + (self.north - p[1]) * self.scale,
        )

    def project(self, lat: float, lon: float) -> Pixel:
        """Pixel of a WGS84 position."""
        return self.px(to_km(lat, lon))

    def contains(self, xy: Pixel, margin: float = 0.0) -> bool:
        x, y = xy
        return (
            self.left - margin <= x <= self.left + self.width + margin
            and self.top - margin <= y <= self.top + self.height + margin
        )

    @property
    def east(self) -> float:
        return self.west + self.width / self.scale

    @property
    def south(self) -> float:
        return self.north - self.height / self.scale


def fit(
    points: Iterable[KmPoint],
    width: int,
    *,
    min_span_km: float,
    pad_px: int,
    aspect: tuple[float, float] = (0.62, 1.0),
) -> Frame:
    """Frame ``points`` at ``width`` px: padded, ``min_span_km`` across or more, tall as needed."""
    pts = list(points)
    xs = [p[0] for p in pts] or [0.0]
    ys = [p[1] for p in pts] or [0.0]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    span_x = max(max(xs) - min(xs), min_span_km)
    span_y = max(max(ys) - min(ys), min_span_km * aspect[0])
    ratio = min(max(span_y / span_x, aspect[0]), aspect[1])
    height = round(width * ratio)
    inner_w, inner_h = width - 2 * pad_px, height - 2 * pad_px
    scale = min(inner_w / span_x, inner_h / span_y)
    return Frame(
        west=cx - width / 2 / scale,
        north=cy + height / 2 / scale,
        scale=scale,
        width=width,
        height=height,
    )


@dataclass(frozen=True, slots=True)
class Ring:
    """One closed ring of the land outline in km, with its bounding box."""

    points: tuple[KmPoint, ...]
    box: tuple[float, float, float, float]  # west, south, east, north
    hole: bool


@lru_cache(maxsize=1)
def land_rings() -> tuple[Ring, ...]:
    """The land outline projected to km (cached: read and projected once per process)."""
    raw = resources.files("bot.maps.data").joinpath("singapore_land.geojson").read_text("utf-8")
    rings: list[Ring] = []
    for feature in json.loads(raw)["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            for index, ring in enumerate(polygon):
                pts = tuple(to_km(lat, lon) for lon, lat in ring)
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                rings.append(Ring(pts, (min(xs), min(ys), max(xs), max(ys)), index > 0))
    return tuple(rings)


@dataclass(frozen=True, slots=True)
class Water:
    """Water the land outline lacks: Marina Bay and the Singapore River (``data/water.json``)."""

    areas: tuple[Ring, ...]
    rivers: tuple[tuple[tuple[KmPoint, ...], float], ...]  # (centre line, width in km)


@lru_cache(maxsize=1)
def water() -> Water:
    """The hand-traced water layer, projected to km (cached)."""
    raw = json.loads(resources.files("bot.maps.data").joinpath("water.json").read_text("utf-8"))
    areas = []
    for area in raw["areas"]:
        pts = tuple(to_km(lat, lon) for lat, lon in area["ring"])
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        areas.append(Ring(pts, (min(xs), min(ys), max(xs), max(ys)), hole=False))
    rivers = tuple(
        (tuple(to_km(lat, lon) for lat, lon in river["line"]), river["width_m"] / 1000)
        for river in raw["rivers"]
    )
    return Water(tuple(areas), rivers)


def ring_pixels(ring: Ring, frame: Frame, tolerance_px: float = 1.0) -> list[Pixel] | None:
    """The ring in pixels with points closer than ``tolerance_px`` merged; None if unseen."""
    west, south, east, north = ring.box
    if east < frame.west or west > frame.east or north < frame.south or south > frame.north:
        return None
    if (east - west) * frame.scale < 1.5 and (north - south) * frame.scale < 1.5:
        return None
    out: list[Pixel] = []
    last_x = last_y = -1e9
    for p in ring.points:
        x, y = frame.px(p)
        if abs(x - last_x) + abs(y - last_y) >= tolerance_px:
            out.append((x, y))
            last_x, last_y = x, y
    return out if len(out) >= 3 else None
