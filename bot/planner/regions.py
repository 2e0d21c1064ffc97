"""Geography first: the parts of Singapore a day is spent in, and what a day out there holds.

A local friend plans a day by *where* before *what*: a Sentosa day, a Mandai day, Marina Bay and
the Civic District, Chinatown with Tiong Bahru. A :class:`Region` is such a part of the city,
made of knowledge-base areas (the ``area`` field of each place). Islands and parks that take a
journey to reach and leave (Sentosa, Mandai, Pulau Ubin, the Southern Islands) are *destinations*:
a day that goes there stays there, perhaps with one neighbouring region for the other half.

:func:`region_of` names the region of any place; an area this table does not know falls to the
region whose known places are nearest (so new data never breaks a plan). :func:`neighbours` are
the regions a day may combine with its main region: near enough (centre to centre) that the day
does not cross the island twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.planner.geo import Point, haversine_km, mean_point
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, Place, span

COMBINE_KM = 3.6  # two regions whose centres are this close can share a day
DESTINATION_COMBINE_KM = 2.5  # ... with a destination (Sentosa + HarbourFront, not + Chinatown)


@dataclass(frozen=True, slots=True)
class Region:
    """A part of the city a day is spent in."""

    id: str
    name_en: str
    name_ko: str
    areas: tuple[str, ...]
    destination: bool = False  # an island or park: a day goes there and stays


# Areas as the knowledge base spells them. Source: the knowledge base's own ``area`` values and
# the map of Singapore's planning areas (URA Master Plan 2019 region boundaries), grouped by what
# is walkable or one short MRT ride apart; as of 2026-11.
REGIONS: tuple[Region, ...] = (
    Region("marina-bay", "Marina Bay", "마리나 베이", ("Marina Bay",)),
    Region(
        "civic",
        "Civic District & the river",
        "시빅 디스트릭트·강변",
        ("Civic District", "Clarke Quay"),
    ),
    Region(
        "bugis",
        "Bugis, Kampong Glam & Little India",
        "부기스·캄퐁 글람·리틀 인디아",
        ("Bugis", "Kampong Glam", "Little India"),
    ),
    Region(
        "chinatown",
        "Chinatown & Tiong Bahru",
        "차이나타운·티옹바루",
        ("Chinatown", "Tiong Bahru"),
    ),
    Region(
        "orchard",
        "Orchard, Botanic Gardens & Dempsey",
        "오차드·보타닉 가든·뎀시",
        ("Orchard", "Dempsey", "Novena", "Bukit Timah"),
    ),
    Region(
        "sentosa",
        "Sentosa & HarbourFront",
        "센토사·하버프런트",
        ("Sentosa", "HarbourFront"),
        destination=True,
    ),
    Region("southern-ridges", "Southern Ridges", "서던 리지스", ("Southern Ridges",)),
    Region("mandai", "Mandai", "만다이", ("Mandai",), destination=True),
    Region("central-nature", "Central nature reserves", "중부 자연보호구역", ("Central",)),
    Region("north-west", "Kranji & the north-west", "크란지·북서부", ("Kranji",)),
    Region("north", "The north", "북부", ("North",)),
    Region("west", "Jurong & the west", "주롱·서부", ("Jurong", "West")),
    Region("east", "Katong & East Coast", "카통·이스트 코스트", ("Katong", "East Coast")),
    Region("changi", "Changi & Pasir Ris", "창이·파시르 리스", ("Changi", "East")),
    Region("north-east", "Punggol", "풍골", ("Punggol",)),
    Region("ubin", "Pulau Ubin", "풀라우 우빈", ("Northern Islands",), destination=True),
    Region(
        "southern-islands", "Southern Islands", "남부 섬", ("Southern Islands",), destination=True
    ),
)
BY_ID = {r.id: r for r in REGIONS}
_BY_AREA = {area.lower(): r for r in REGIONS for area in r.areas}


@dataclass(frozen=True)
class RegionMap:
    """Every place's region, and each region's centre, for one knowledge base."""

    of: dict[str, str]  # place id -> region id
    centres: dict[str, Point]

    def neighbours(self, region: str) -> list[str]:
        """Regions a day may combine with ``region``, nearest first (``region`` excluded)."""
        here = self.centres.get(region)
        if here is None:
            return []
        out = []
        for other, centre in sorted(self.centres.items()):
            if other == region:
                continue
            limit = (
                DESTINATION_COMBINE_KM
                if BY_ID[region].destination or BY_ID[other].destination
                else COMBINE_KM
            )
            km = haversine_km(here, centre)
            if km <= limit:
                out.append((km, other))
        return [r for _, r in sorted(out)]


def area_name(area: str) -> str:
    """Display name for an area value (``"marina-bay"`` -> ``"Marina Bay"``)."""
    if area.islower() or "-" in area:
        return " ".join(w.capitalize() for w in area.replace("_", "-").split("-") if w)
    return area


def region_map(places: Iterable[Place]) -> RegionMap:
    """Assign each place to a region (unknown areas: the region of the nearest known place)."""
    items = sorted(places, key=lambda p: p.id)
    of: dict[str, str] = {}
    known = [p for p in items if p.area.lower() in _BY_AREA]
    for p in known:
        of[p.id] = _BY_AREA[p.area.lower()].id
    for p in items:
        if p.id not in of:
            here = Point(p.lat, p.lon)
            nearest = min(known, key=lambda k: (haversine_km(here, Point(k.lat, k.lon)), k.id))
            of[p.id] = of[nearest.id]
    members: dict[str, list[Point]] = {}
    for p in items:
        members.setdefault(of[p.id], []).append(Point(p.lat, p.lon))
    centres = {r: mean_point(points) for r, points in sorted(members.items())}
    return RegionMap(of=of, centres=centres)


_MAPS: dict[int, tuple[KnowledgeBase, RegionMap]] = {}


def kb_region_map(kb: KnowledgeBase) -> RegionMap:
    """The (cached) region map of a knowledge base's attractions and food places."""
    cached = _MAPS.get(id(kb))
    if cached is None or cached[0] is not kb:
        cached = (kb, region_map([*kb.attractions, *kb.food]))
        _MAPS[id(kb)] = cached
    return cached[1]


def main_regions(itinerary: Itinerary, rmap: RegionMap) -> tuple[str | None, ...]:
    """Each day's main region: where most of its visiting time is spent (``None``: no visits)."""
    out: list[str | None] = []
    for day in itinerary.days:
        minutes: dict[str, int] = {}
        for item in day.items:
            if item.kind in ("visit", "show") and item.place_id in rmap.of:
                region = rmap.of[item.place_id]
                minutes[region] = minutes.get(region, 0) + span(item.start, item.end)
        out.append(max(sorted(minutes), key=lambda r: minutes[r]) if minutes else None)
    return tuple(out)
