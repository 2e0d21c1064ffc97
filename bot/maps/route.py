"""What a day map shows, read from an itinerary and the knowledge base: stops and legs.

A stop is a numbered place of the day (visit, meal or show, in visit order) or an anchor (the
hotel area, Changi Airport). A leg is drawn by its mode: walking as dots, an MRT ride along the
stations of its lines (walking to and from the stations), taxi or car straight, ferry or cable
car dashed. The MRT route is re-derived here for drawing only (the quickest ride between the
stations near each end, as the travel model chooses them); it never changes the plan.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, replace
from itertools import count
from typing import Literal

from bot.i18n import Lang
from bot.maps.geometry import KmPoint, to_km
from bot.planner.geo import ANCHORS, CHANGI
from bot.planner.itinerary import Day, Item
from bot.planner.kb import KnowledgeBase, MrtNetwork, minutes
from bot.planner.render import area_name

StopKind = Literal["visit", "meal", "show", "hotel", "airport"]
PathKind = Literal["walk", "rail", "road", "water"]

# How a leg's mode is drawn; modes the planner may add later fall back to a straight road line.
DRAWN_AS: dict[str, PathKind] = {
    "walk": "walk",
    "mrt": "rail",
    "lrt": "rail",
    "train": "rail",
    "taxi": "road",
    "car": "road",
    "grab": "road",
    "bus": "road",
    "ferry": "water",
    "boat": "water",
    "cable_car": "water",
    "cable-car": "water",
    "cablecar": "water",
}
WALK_MIN_PER_KM = 14.0  # drawing only: choose stations the way a walker would
ACCESS_WALK_KM = 1.0  # farther from its station, a place is reached by feeder bus (travel.py)


@dataclass(frozen=True, slots=True)
class Stop:
    """A marker on the map and a row in the legend."""

    label: str  # "1", "2", … or "H" / "A" for anchors
    kind: StopKind
    name: str
    at: KmPoint
    lat: float
    lon: float
    start: str
    end: str
    place_id: str
    next_mode: str = ""
    next_minutes: int = 0
    drawn: bool = True  # False for the hotel again at the end of the day (one marker)


@dataclass(frozen=True, slots=True)
class Path:
    """One drawn piece of a leg."""

    kind: PathKind
    points: tuple[KmPoint, ...]
    color: str = ""  # the MRT line's colour for rail pieces


@dataclass(frozen=True, slots=True)
class StationMark:
    name: str
    at: KmPoint


@dataclass(frozen=True, slots=True)
class DayRoute:
    stops: tuple[Stop, ...]
    paths: tuple[Path, ...]
    stations: tuple[StationMark, ...]  # where the day boards or leaves a train
    areas: tuple[str, ...]


def short_name(name: str, limit: int = 24) -> str:
    """Cut a name for a map label: drop a parenthesis or a comma tail, then words past ``limit``."""
    for mark in (" (", ", ", " – ", " - "):
        if mark in name and name.index(mark) >= 6:
            name = name[: name.index(mark)]
    if len(name) <= limit:
        return name
    cut = name[:limit].rsplit(" ", 1)[0] if " " in name[:limit] else name[:limit]
    return cut.rstrip(" &,:-") + "…"


def place_name(kb: KnowledgeBase, place_id: str, fallback: str, lang: Lang) -> str:
    """A place's or anchor's name in ``lang``."""
    place = kb.places.get(place_id)
    if place is not None:
        return place.names.of(lang)
    anchor = ANCHORS.get(place_id)
    if anchor is not None:
        return anchor.name_ko if lang == "ko" else anchor.name_en
    return fallback


def _position(
    kb: KnowledgeBase, place_id: str | None, item: Item | None
) -> tuple[float, float] | None:
    if item is not None and item.lat is not None and item.lon is not None:
        return item.lat, item.lon
    if place_id is None:
        return None
    place = kb.places.get(place_id)
    if place is not None:
        return place.lat, place.lon
    anchor = ANCHORS.get(place_id)
    return (anchor.point.lat, anchor.point.lon) if anchor is not None else None


def _anchor_stop(
    kb: KnowledgeBase, anchor_id: str, when: str, lang: Lang, hotel_word: str
) -> Stop | None:
    anchor = ANCHORS.get(anchor_id)
    if anchor is None:
        return None
    airport = anchor_id == CHANGI
    name = place_name(kb, anchor_id, anchor_id, lang)
    return Stop(
        label="A" if airport else "H",
        kind="airport" if airport else "hotel",
        name=name if airport else f"{hotel_word} ({name})",
        at=to_km(anchor.point.lat, anchor.point.lon),
        lat=anchor.point.lat,
        lon=anchor.point.lon,
        start=when,
        end=when,
        place_id=anchor_id,
    )


def _leaving(items: list[Item], index: int) -> tuple[str, int]:
    """Mode and minutes of the transit right after ``items[index]`` (``index`` -1: the start)."""
    nxt = items[index + 1] if index + 1 < len(items) else None
    if nxt is None or nxt.kind != "transit":
        return "", 0
    return nxt.mode or "", minutes(nxt.end) - minutes(nxt.start)


def day_route(day: Day, kb: KnowledgeBase, lang: Lang, *, hotel_word: str = "Hotel") -> DayRoute:
    """Stops and drawn legs of one day, in visit order."""
    items = day.items
    stops: list[Stop] = []
    first, last = (items[0].start, items[-1].end) if items else ("", "")
    start_anchor = _anchor_stop(kb, day.start_place, first, lang, hotel_word)
    if start_anchor is not None:
        stops.append(_with_next(start_anchor, *_leaving(items, -1)))
    number = 0
    for index, item in enumerate(items):
        if item.kind == "transit":
            continue
        pos = _position(kb, item.place_id, item)
        if pos is None:
            continue
        number += 1
        kind: StopKind = (
            "meal" if item.kind == "meal" else "show" if item.kind == "show" else "visit"
        )
        stop = Stop(
            label=str(number),
            kind=kind,
            name=place_name(kb, item.place_id or "", item.name, lang),
            at=to_km(*pos),
            lat=pos[0],
            lon=pos[1],
            start=item.start,
            end=item.end,
            place_id=item.place_id or "",
        )
        stops.append(_with_next(stop, *_leaving(items, index)))
    end_anchor = _anchor_stop(kb, day.end_place, last, lang, hotel_word)
    if end_anchor is not None:
        again = start_anchor is not None and start_anchor.place_id == end_anchor.place_id
        stops.append(replace(end_anchor, drawn=not again))
    paths, stations = _legs(items, kb, {day.start_place, day.end_place})
    areas = tuple(dict.fromkeys(area_name(b.area, lang) for b in day.bundles))
    return DayRoute(tuple(stops), tuple(paths), tuple(stations), areas)


def _with_next(stop: Stop, mode: str, took: int) -> Stop:
    return replace(stop, next_mode=mode, next_minutes=took) if mode else stop


def _legs(
    items: list[Item], kb: KnowledgeBase, anchors: set[str]
) -> tuple[list[Path], list[StationMark]]:
    """Drawn legs; ``anchors`` (the day's hotel or airport) win over a place of the same id."""
    paths: list[Path] = []
    stations: list[StationMark] = []
    for index, item in enumerate(items):
        if item.kind != "transit":
            continue
        before = items[index - 1] if index > 0 and items[index - 1].kind != "transit" else None
        after = (
            items[index + 1]
            if index + 1 < len(items) and items[index + 1].kind != "transit"
            else None
        )
        a = _end(kb, item.from_id, before, anchors)
        b = _end(kb, item.to_id, after, anchors)
        if a is None or b is None:
            continue
        ka, kb_ = to_km(*a), to_km(*b)
        drawn = DRAWN_AS.get(item.mode or "", "road")
        if drawn == "rail":
            ride = rail_ride(kb, item.from_id or "", ka, item.to_id or "", kb_)
            if ride is not None:
                paths.extend(ride[0])
                stations.extend(ride[1])
                continue
            drawn = "road"
        paths.append(Path(drawn, (ka, kb_)))
    return paths, stations


def _end(
    kb: KnowledgeBase, place_id: str | None, beside: Item | None, anchors: set[str]
) -> tuple[float, float] | None:
    """Where a leg starts or ends: the adjacent item, the day's anchor, else the place."""
    if beside is not None and beside.place_id == place_id:
        return _position(kb, place_id, beside)
    anchor = ANCHORS.get(place_id or "")
    if anchor is not None and place_id in anchors:
        return anchor.point.lat, anchor.point.lon
    return _position(kb, place_id, None)


class RailGraph:
    """The MRT network as a graph over (station, line) states, for drawing rides."""

    def __init__(self, network: MrtNetwork) -> None:
        self.points = {s.id: to_km(s.lat, s.lon) for s in network.stations}
        self.names = {s.id: s.name for s in network.stations}
        self.colors = {line.code: line.color or "#777777" for line in network.lines}
        self.penalty = network.interchange_penalty_min
        self.adjacency: dict[str, list[tuple[str, str, float]]] = {s: [] for s in self.points}
        for e in network.edges:
            self.adjacency[e.a].append((e.b, e.line, e.minutes))
            self.adjacency[e.b].append((e.a, e.line, e.minutes))
        for edges in self.adjacency.values():
            edges.sort()
        self._trees: dict[str, dict[str, tuple[float, list[tuple[str, str]]]]] = {}

    def nearest(self, at: KmPoint, n: int = 2) -> list[str]:
        return sorted(self.points, key=lambda s: (math.dist(at, self.points[s]), s))[:n]

    def rides_from(self, source: str) -> dict[str, tuple[float, list[tuple[str, str]]]]:
        """Quickest ride to every station: minutes and the (station, line) hops taken."""
        tree = self._trees.get(source)
        if tree is not None:
            return tree
        tie = count()
        heap: list[tuple[float, int, str, str]] = [(0.0, next(tie), source, "")]
        parent: dict[tuple[str, str], tuple[str, str] | None] = {(source, ""): None}
        settled: set[tuple[str, str]] = set()
        tree = {}
        best_cost: dict[tuple[str, str], float] = {(source, ""): 0.0}
        while heap:
            cost, _, station, line = heapq.heappop(heap)
            state = (station, line)
            if state in settled:
                continue
            settled.add(state)
            if station not in tree:
                hops: list[tuple[str, str]] = []
                walk: tuple[str, str] | None = state
                while walk is not None and walk[1]:
                    hops.append(walk)
                    walk = parent[walk]
                tree[station] = (cost, hops[::-1])
            for nxt, nline, ride in self.adjacency[station]:
                step = cost + ride + (self.penalty if line and nline != line else 0.0)
                key = (nxt, nline)
                if key not in settled and step < best_cost.get(key, math.inf):
                    best_cost[key] = step
                    parent[key] = state
                    heapq.heappush(heap, (step, next(tie), nxt, nline))
        self._trees[source] = tree
        return tree


def _access_path(a: KmPoint, b: KmPoint) -> Path:
    """Door to station: on foot when near, else by feeder bus or shuttle (a road line)."""
    return Path("walk" if math.dist(a, b) <= ACCESS_WALK_KM else "road", (a, b))


_GRAPHS: dict[int, tuple[MrtNetwork, RailGraph]] = {}


def rail_graph(kb: KnowledgeBase) -> RailGraph:
    """The drawing graph of this knowledge base's MRT network (built once per network)."""
    held = _GRAPHS.get(id(kb.mrt))
    if held is None or held[0] is not kb.mrt:
        held = (kb.mrt, RailGraph(kb.mrt))
        _GRAPHS[id(kb.mrt)] = held
    return held[1]


def _access(kb: KnowledgeBase, graph: RailGraph, place_id: str, at: KmPoint) -> list[str]:
    chosen = graph.nearest(at)
    place = kb.places.get(place_id)
    if place is not None and place.mrt_station in graph.points:
        chosen.append(place.mrt_station)
    return list(dict.fromkeys(chosen))


def rail_ride(
    kb: KnowledgeBase, from_id: str, a: KmPoint, to_id: str, b: KmPoint
) -> tuple[list[Path], list[StationMark]] | None:
    """Walk to a station, ride along the lines, walk to the door; None if no ride helps."""
    graph = rail_graph(kb)
    best: tuple[float, str, str, list[tuple[str, str]]] | None = None
    for s1 in _access(kb, graph, from_id, a):
        tree = graph.rides_from(s1)
        for s2 in _access(kb, graph, to_id, b):
            if s2 == s1 or s2 not in tree:
                continue
            ride_min, hops = tree[s2]
            walk = (
                math.dist(a, graph.points[s1]) + math.dist(b, graph.points[s2])
            ) * WALK_MIN_PER_KM
            total = ride_min + walk
            if best is None or (total, s1, s2) < (best[0], best[1], best[2]):
                best = (total, s1, s2, hops)
    if best is None:
        return None
    _, s1, s2, hops = best
    paths = [_access_path(a, graph.points[s1])]
    run: list[KmPoint] = [graph.points[s1]]
    line = hops[0][1] if hops else ""
    for station, hop_line in hops:
        if hop_line != line:
            paths.append(Path("rail", tuple(run), graph.colors.get(line, "#777777")))
            run, line = [run[-1]], hop_line
        run.append(graph.points[station])
    paths.append(Path("rail", tuple(run), graph.colors.get(line, "#777777")))
    paths.append(_access_path(graph.points[s2], b))
    marks = [
        StationMark(graph.names[s1], graph.points[s1]),
        StationMark(graph.names[s2], graph.points[s2]),
    ]
    return paths, marks
