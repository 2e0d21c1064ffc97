"""Door-to-door travel times and costs between places: walking, MRT, taxi/Grab and rental car.

Public API (stable; the checker relies on it)::

    model = TravelModel(kb)
    leg = model.leg("gardens-by-the-bay", "changi-airport", frozenset({Transport.PUBLIC}), 9 * 60)
    leg.mode, leg.minutes, leg.distance_km, leg.cost_sgd

An endpoint is a knowledge-base place id, an anchor id from :mod:`bot.planner.geo` (hotel areas
and ``"changi-airport"``) or a :class:`~bot.planner.geo.Point`.

Model (deterministic; no clock, no I/O):

- **walk**: haversine × 1.3 detour at 4.5 km/h. Always allowed; chosen outright up to
  :data:`WALK_PREFERRED_KM` and considered up to :data:`WALK_MAX_KM`.
- **mrt** (``Transport.PUBLIC``): walk to a nearby station (the place's ``mrt_station`` or one
  of the two nearest; a feeder bus when the station is over 1 km away), average wait
  :data:`MRT_WAIT_MIN`, ride along the quickest path (ride minutes plus the network's interchange
  penalty per line change), walk from the station. Station-to-station paths are computed once per
  network (all-pairs Dijkstra over (station, line) states). Fare: distance-based adult card fare,
  S$1.19 up to 3.2 km rising to S$2.37.
- **taxi** (``Transport.TAXI``/``GRAB``): road distance = haversine × 1.35, speed by time of day
  (peak 07:30–09:30 and 17:30–20:00 is slower; past the first 5 km at expressway speed), pick-up
  wait, flag-down S$4.40 plus per-km, peak and night surcharges; one car per four people, cost
  shared by the party.
- **car** (rental, ``Transport.CAR``): taxi speeds, fuel per km plus a parking charge per stop,
  shared by the party.

- **water**: the main island, Sentosa, Pulau Ubin and the Southern Islands are separate
  landmasses (``mrt.json`` ``islands``). No leg walks across water: between the main island and
  Sentosa the only walk is over the Sentosa Boardwalk from VivoCity; islands without a causeway
  (Ubin, Kusu, St John's) are reached by ferry (``ferries``: a leg to the mainland pier by the
  best allowed mode, the average wait, the crossing, a walk from the jetty; mode ``ferry``).
- **non-MRT links** ride in the same graph as the MRT with their own line kinds: the Sentosa
  Express from VivoCity, the cable car, the Mandai Khatib Shuttle and bus 138 to Mandai (no MRT
  goes there), bus 2 to Changi Village. Each charges a flat fare on boarding. A leg that uses one
  takes its kind as its ``mode`` and lists every kind it rides in ``via``.
- **dates**: ``TravelModel(kb, on=day)`` leaves out stations not yet open on ``day``
  (:meth:`~bot.planner.kb.MrtNetwork.open_on`).

Among the allowed modes the leg with the lowest ``minutes + COST_WEIGHT × cost`` wins.
``leg.minutes`` is rounded up, so a plan that leaves ``leg.minutes`` between two places is never
too tight under this model. :meth:`TravelModel.max_minutes` is the worst case over the day
(used by the scheduler, whose travel matrix cannot depend on the clock).
"""

from __future__ import annotations

import copy
import heapq
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations, count
from typing import Literal

from bot.planner.geo import ANCHORS, Point, haversine_km
from bot.planner.itinerary import TransitMode
from bot.planner.kb import Ferry, KnowledgeBase, MrtNetwork
from bot.trip import Transport

# the mode a public-transport leg is named after: its most distinctive link
MODE_PRIORITY: tuple[TransitMode, ...] = ("ferry", "cable_car", "sentosa_express", "shuttle", "bus")
Endpoint = str | Point

WALK_DETOUR = 1.3
WALK_KMH = 4.5
WALK_PREFERRED_KM = 1.2  # straight-line distance under which walking is chosen outright
WALK_MAX_KM = 2.5  # straight-line distance over which walking is never chosen
MRT_WAIT_MIN = 3.0
PROBE_MINUTES = (8 * 60, 12 * 60, 23 * 60)  # a leg at peak, by day and at night
ROAD_DETOUR = 1.35
TAXI_PICKUP_MIN = 5.0
CAR_PARKING_MIN = 6.0  # park and walk to the door
TAXI_FLAG_SGD = 4.40
TAXI_PER_KM_SGD = 0.70
TAXI_PEAK_SURCHARGE = 0.25
CAR_PER_KM_SGD = 0.30
CAR_PARKING_SGD = 4.00
SEATS_PER_CAR = 4
COST_WEIGHT = 3.0  # minutes one Singapore dollar is worth when choosing a mode

ACCESS_WALK_MAX_KM = 1.0  # farther from its station, a place is reached by feeder bus
BUS_KMH = 18.0
BUS_WAIT_MIN = 8.0

PEAKS = ((7 * 60 + 30, 9 * 60 + 30), (17 * 60 + 30, 20 * 60))
# (city streets, expressway) speeds; the first URBAN_KM of a drive are on city streets
SPEED_KMH = {"peak": (20.0, 40.0), "day": (26.0, 55.0), "night": (32.0, 65.0)}
URBAN_KM = 5.0


@dataclass(frozen=True, slots=True)
class Leg:
    """One door-to-door trip: mode, whole minutes (rounded up), distance, cost per person."""

    mode: TransitMode
    minutes: int
    distance_km: float
    cost_sgd: float
    via: tuple[TransitMode, ...] = ()  # every mode the leg uses, in order (public transport)


@dataclass(frozen=True, slots=True)
class Ride:
    """The quickest station-to-station ride (``km`` on the MRT; ``fare`` of other links)."""

    minutes: float
    km: float
    transfers: int
    fare: float = 0.0
    kinds: tuple[str, ...] = ("mrt",)


def _period(m: int) -> Literal["peak", "day", "night"]:
    if any(a <= m < b for a, b in PEAKS):
        return "peak"
    if m >= 22 * 60 or m < 6 * 60:
        return "night"
    return "day"


# one entry per minute of the day: a leg's period is looked up on every cached leg
_PERIODS: tuple[Literal["peak", "day", "night"], ...] = tuple(_period(m) for m in range(24 * 60))


# a minute of each period (for a leg computed by its period)
PERIOD_START = {"peak": PEAKS[0][0], "day": 12 * 60, "night": 23 * 60}


def period(depart_minute: int) -> Literal["peak", "day", "night"]:
    """Classify a departure time (minutes after midnight) for road speeds."""
    return _PERIODS[depart_minute % (24 * 60)]


def mrt_fare(km: float) -> float:
    """Adult card fare for a ride of ``km`` kilometres."""
    if km <= 3.2:
        return 1.19
    return round(min(2.37, 1.19 + 0.04 * (km - 3.2)), 2)


_Adjacent = tuple[str, str, float, float]  # next station, line code, minutes, MRT km
_State = tuple[float, int, float, float, int, float, tuple[str, ...], str, str]


def all_pairs_rides(network: MrtNetwork) -> dict[str, dict[str, Ride]]:
    """Quickest ride between every pair of stations (Dijkstra over (station, line) states)."""
    coords = {s.id: Point(s.lat, s.lon) for s in network.stations}
    lines = {line.code: line for line in network.lines}
    adjacency: dict[str, list[_Adjacent]] = {s: [] for s in coords}
    for e in network.edges:
        km = haversine_km(coords[e.a], coords[e.b]) if lines[e.line].kind == "mrt" else 0.0
        adjacency[e.a].append((e.b, e.line, e.minutes, km))
        adjacency[e.b].append((e.a, e.line, e.minutes, km))
    penalty = network.interchange_penalty_min
    kinds = {code: line.kind for code, line in lines.items()}
    mainland = {s.id for s in network.stations if network.landmass(s.lat, s.lon) == "mainland"}
    fares = {
        (code, station): line.fare_sgd
        for code, line in lines.items()
        for station in coords
        if line.fare_sgd and (station in mainland or not line.fare_from_mainland_only)
    }
    return {s: _rides_from(s, adjacency, penalty, kinds, fares) for s in sorted(coords)}


def _rides_from(
    source: str,
    adjacency: dict[str, list[_Adjacent]],
    penalty: float,
    kinds: Mapping[str, str],
    fares: dict[tuple[str, str], float],
) -> dict[str, Ride]:
    """Dijkstra from ``source``; ``fares`` is the flat fare of boarding a line at a station.

    Paths are ranked by minutes plus :data:`COST_WEIGHT` × flat fares (the MRT's distance fare is
    left out, so MRT-only routing is by minutes alone): a S$35 cable car is not a shortcut.
    """
    tie = count()
    heap: list[_State] = [(0.0, next(tie), 0.0, 0.0, 0, 0.0, (), source, "")]
    settled: set[tuple[str, str]] = set()
    best: dict[str, Ride] = {}
    while heap:
        _, _, minutes, km, transfers, fare, used, station, line = heapq.heappop(heap)
        if (station, line) in settled:
            continue
        settled.add((station, line))
        if station not in best:
            best[station] = Ride(minutes, km, transfers, fare, used or ("mrt",))
        for nxt, nline, ride_min, ride_km in adjacency[station]:
            if (nxt, nline) in settled:
                continue
            change = 1 if line and nline != line else 0
            kind = kinds[nline]
            paid = fare + (fares.get((nline, station), 0.0) if nline != line else 0.0)
            spent = minutes + ride_min + change * penalty
            heapq.heappush(
                heap,
                (
                    spent + COST_WEIGHT * paid,
                    next(tie),
                    spent,
                    km + ride_km,
                    transfers + change,
                    paid,
                    used if used and used[-1] == kind else (*used, kind),
                    nxt,
                    nline,
                ),
            )
    return best


_LegKey = tuple[Endpoint, Endpoint, frozenset[Transport], str, int]  # ..., period, party size
_RangeKey = tuple[Endpoint, Endpoint, frozenset[Transport], int]  # from, to, modes, party size
# a pair's straight-line km, and its walk (km with detour, the leg) when no water is in the way
_Ground = tuple[float, float | None, Leg | None]


@dataclass
class _Tables:
    """What the travel models of one knowledge base and network have worked out: pure functions
    of the two (and of the walking limit, for legs and ranges), so every model of them shares
    the tables (a test suite or a process builds many models of one knowledge base)."""

    rides: dict[str, dict[str, Ride]]
    points: dict[str, Point] = field(default_factory=dict)
    land: dict[Endpoint, str] = field(default_factory=dict)
    access: dict[Endpoint, tuple[tuple[str, float, bool], ...]] = field(default_factory=dict)
    # MRT options between two endpoints: the same at any hour and for any walking limit
    mrt: dict[tuple[Endpoint, Endpoint], tuple[Leg, ...]] = field(default_factory=dict)
    ground: dict[tuple[Endpoint, Endpoint], _Ground] = field(default_factory=dict)
    # the best legs, and the shortest and longest minutes of a leg over the day, by walking limit
    legs: dict[int | None, dict[_LegKey, Leg]] = field(default_factory=dict)
    ranges: dict[int | None, dict[_RangeKey, tuple[int, int]]] = field(default_factory=dict)


MAX_SHARED_TABLES = 4  # (knowledge base, network) pairs whose tables are kept for new models
# by (id of the knowledge base, its network on the model's date): the knowledge base is kept
# with its tables, so its id is not reused while the entry lives; oldest use evicted first
_SHARED: OrderedDict[tuple[int, MrtNetwork], tuple[KnowledgeBase, _Tables]] = OrderedDict()
_SHARED_LOCK = threading.Lock()


def _shared_tables(kb: KnowledgeBase, network: MrtNetwork) -> _Tables:
    """The tables of ``kb`` with ``network`` (made on first use; see :data:`MAX_SHARED_TABLES`).

    A knowledge base is immutable (frozen models), so tables made for it hold for its whole life.
    """
    key = (id(kb), network)
    with _SHARED_LOCK:  # the bot may plan in threads
        found = _SHARED.get(key)
        if found is None or found[0] is not kb:
            found = (kb, _Tables(all_pairs_rides(network)))
            _SHARED[key] = found
        _SHARED.move_to_end(key)
        while len(_SHARED) > MAX_SHARED_TABLES:
            _SHARED.popitem(last=False)
    return found[1]


class TravelModel:
    """Travel legs between places of one knowledge base (see the module docstring)."""

    def __init__(self, kb: KnowledgeBase, on: date | None = None) -> None:
        self.kb = kb
        self.network = kb.mrt.open_on(on)
        self._tables = tables = _shared_tables(kb, self.network)
        self.rides = tables.rides
        self._station_points = {s.id: Point(s.lat, s.lon) for s in self.network.stations}
        self._ferries = {f.island: f for f in self.network.ferries}
        self._land = tables.land
        self._station_kind = {s.id: s.kind for s in self.network.stations}
        self._points = tables.points
        self._station_land = {
            s.id: self.network.landmass(s.lat, s.lon) for s in self.network.stations
        }
        self._access = tables.access
        self.walk_limit: int | None = None  # the longest walk per leg, minutes (None: no limit)
        self._cache = tables.legs.setdefault(None, {})
        self._limited: dict[int, TravelModel] = {}
        self._mrt_cache = tables.mrt
        # shortest and longest minutes of a leg over the day, by (from, to, modes, party)
        self._ranges = tables.ranges.setdefault(None, {})

    def limited(self, walk_limit: int | None) -> TravelModel:
        """This model for a party that walks at most ``walk_limit`` minutes per leg (a
        wheelchair, a pram, "no long walks"): a longer walk becomes a ride. Cached; it shares
        the network and its rides with this model."""
        if walk_limit is None or walk_limit == self.walk_limit:
            return self
        model = self._limited.get(walk_limit)
        if model is None:
            model = copy.copy(self)
            model._cache = self._tables.legs.setdefault(walk_limit, {})
            model._ranges = self._tables.ranges.setdefault(walk_limit, {})
            model._limited = {}
            model.walk_limit = walk_limit
            self._limited[walk_limit] = model
        return model

    def point(self, endpoint: Endpoint) -> Point:
        """Return the coordinates of a place id, an anchor id or a point."""
        if isinstance(endpoint, Point):
            return endpoint
        known = self._points.get(endpoint)
        if known is not None:
            return known
        place = self.kb.places.get(endpoint)
        anchor = ANCHORS.get(endpoint)
        if place is not None:
            known = Point(place.lat, place.lon)
        elif anchor is not None:
            known = anchor.point
        else:
            raise KeyError(f"unknown place {endpoint!r}")
        self._points[endpoint] = known
        return known

    def leg(
        self,
        origin: Endpoint,
        destination: Endpoint,
        mode_set: frozenset[Transport],
        depart_minute: int,
        *,
        party_size: int = 1,
    ) -> Leg:
        """Return the best allowed leg from ``origin`` to ``destination`` leaving at a time."""
        key = (origin, destination, mode_set, period(depart_minute), party_size)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._best(origin, destination, mode_set, depart_minute, party_size)
            self._cache[key] = cached
        return cached

    def max_minutes(
        self,
        origin: Endpoint,
        destination: Endpoint,
        mode_set: frozenset[Transport],
        *,
        party_size: int = 1,
    ) -> int:
        """Return the longest the best leg takes at any time of day (peak, day or night)."""
        return self.minutes_range(origin, destination, mode_set, party_size=party_size)[1]

    def minutes_range(
        self,
        origin: Endpoint,
        destination: Endpoint,
        mode_set: frozenset[Transport],
        *,
        party_size: int = 1,
    ) -> tuple[int, int]:
        """Return the shortest and the longest the best leg takes at any time of day."""
        mode_set = _SAME_LEGS.get(mode_set, mode_set)  # one key for Grab and taxi
        key = (origin, destination, mode_set, party_size)
        found = self._ranges.get(key)
        if found is None:
            minutes = [
                self.leg(origin, destination, mode_set, m, party_size=party_size).minutes
                for m in PROBE_MINUTES
            ]
            found = self._ranges[key] = (min(minutes), max(minutes))
        return found

    def station_minutes(self, endpoint: Endpoint, station_id: str) -> float | None:
        """Minutes between an endpoint and a station (on foot, or by feeder bus when far).

        ``None`` when the station is closed on the model's date or across water.
        """
        station = self._station_points.get(station_id)
        if station is None or self._station_land[station_id] != self.landmass(endpoint):
            return None
        return _access_minutes(haversine_km(self.point(endpoint), station))

    def landmass(self, endpoint: Endpoint) -> str:
        """The island an endpoint is on (``"mainland"`` for the main island)."""
        land = self._land.get(endpoint)
        if land is None:
            p = self.point(endpoint)
            land = self._land[endpoint] = self.network.landmass(p.lat, p.lon)
        return land

    def walk_km(self, origin: Endpoint, destination: Endpoint) -> float | None:
        """Walking distance (with detour), or ``None`` when water is in the way."""
        a, b = self.point(origin), self.point(destination)
        land_a, land_b = self.landmass(origin), self.landmass(destination)
        if land_a == land_b:
            return haversine_km(a, b) * WALK_DETOUR
        board = self.network.boardwalk
        if board is None or {land_a, land_b} != {"mainland", "sentosa"}:
            return None
        north, south = (
            Point(board.north.lat, board.north.lon),
            Point(board.south.lat, board.south.lon),
        )
        if land_a == "sentosa":
            north, south = south, north
        return (haversine_km(a, north) + haversine_km(south, b)) * WALK_DETOUR + board.km

    def walk_minutes(self, origin: Endpoint, destination: Endpoint) -> int | None:
        """Minutes on foot, or ``None`` when the leg cannot be walked."""
        km = self.walk_km(origin, destination)
        return None if km is None else math.ceil(km / WALK_KMH * 60)

    def _best(
        self,
        origin: Endpoint,
        destination: Endpoint,
        mode_set: frozenset[Transport],
        depart_minute: int,
        party_size: int,
    ) -> Leg:
        ferry = self._ferry_leg(origin, destination, mode_set, depart_minute, party_size)
        if ferry is not None:
            return ferry
        straight, walk_km, walk = self._ground(origin, destination)
        if walk is not None and self.walk_limit is not None and walk.minutes > self.walk_limit:
            walk = walk_km = None  # too far on foot for this party: ride
        if walk is not None and walk_km is not None and walk_km <= WALK_PREFERRED_KM * WALK_DETOUR:
            return walk
        options: list[Leg] = []
        if walk is not None and walk_km is not None and walk_km <= WALK_MAX_KM * WALK_DETOUR:
            options.append(walk)
        if Transport.PUBLIC in mode_set or not mode_set:
            mrt = self._mrt_cache.get((origin, destination))
            if mrt is None:
                a, b = self.point(origin), self.point(destination)
                mrt = self._mrt_cache[(origin, destination)] = tuple(
                    self._mrt(origin, destination, a, b)
                )
            options.extend(mrt)
        if Transport.TAXI in mode_set or Transport.GRAB in mode_set:
            options.append(_shared_road(straight, period(depart_minute), party_size, False))
        if Transport.CAR in mode_set:
            options.append(_shared_road(straight, period(depart_minute), party_size, True))
        if not options:  # only possible without public transport: walk is the last resort
            options.append(walk or _road(straight, depart_minute, party_size, car=False))
        if self.walk_limit is not None:  # a ride's walks to and from the station count too
            options = [o for o in options if not _walks_too_far(o, self.walk_limit)] or [
                _road(straight, depart_minute, party_size, car=Transport.CAR in mode_set)
            ]
        return min(options, key=lambda leg: (leg.minutes + COST_WEIGHT * leg.cost_sgd, leg.mode))

    def _ground(self, origin: Endpoint, destination: Endpoint) -> _Ground:
        """The pair's straight-line km and its walk, whatever the hour, modes or party (cached)."""
        found = self._tables.ground.get((origin, destination))
        if found is None:
            walk_km = self.walk_km(origin, destination)
            walk = _walk(walk_km) if walk_km is not None else None
            straight = haversine_km(self.point(origin), self.point(destination))
            found = self._tables.ground[(origin, destination)] = (straight, walk_km, walk)
        return found

    def _ferry_leg(
        self,
        origin: Endpoint,
        destination: Endpoint,
        mode_set: frozenset[Transport],
        depart_minute: int,
        party_size: int,
    ) -> Leg | None:
        """A leg to or from an island without a causeway: to the pier, across, from the jetty."""
        land_a, land_b = self.landmass(origin), self.landmass(destination)
        if land_a == land_b:
            return None
        out = self._ferries.get(land_a)
        if out is not None:  # leave the island first, then continue from the mainland pier
            pier = Point(out.mainland_pier.lat, out.mainland_pier.lon)
            crossing = _crossing(out, self._jetty_walk(out, origin))
            rest = self.leg(
                pier, destination, mode_set, depart_minute + crossing.minutes, party_size=party_size
            )
            return _join(crossing, rest)
        into = self._ferries.get(land_b)
        if into is None:
            return None
        pier = Point(into.mainland_pier.lat, into.mainland_pier.lon)
        first = self.leg(origin, pier, mode_set, depart_minute, party_size=party_size)
        return _join(first, _crossing(into, self._jetty_walk(into, destination)))

    def _jetty_walk(self, ferry: Ferry, endpoint: Endpoint) -> float:
        jetty = Point(ferry.island_pier.lat, ferry.island_pier.lon)
        return haversine_km(jetty, self.point(endpoint)) * WALK_DETOUR

    def _mrt(self, origin: Endpoint, destination: Endpoint, a: Point, b: Point) -> Iterable[Leg]:
        best: tuple[float, Ride, bool] | None = None
        for s1, w1, bus1 in self._access_stations(origin, a):
            row = self.rides[s1]
            for s2, w2, bus2 in self._access_stations(destination, b):
                ride = row.get(s2)
                if ride is None or s1 == s2:
                    continue
                total = w1 + MRT_WAIT_MIN + ride.minutes + w2
                score = total + COST_WEIGHT * ride.fare
                if best is None or score < best[0] + COST_WEIGHT * best[1].fare:
                    best = (total, ride, bus1 or bus2)
        if best is None:
            return []
        total, ride, feeder = best
        via: tuple[TransitMode, ...] = tuple(_MODES[k] for k in ride.kinds if k in _MODES)
        if feeder and "bus" not in via:
            via = (*via, "bus")
        mode: TransitMode = next((m for m in MODE_PRIORITY if m in via), "mrt")
        fare = (mrt_fare(ride.km) if ride.km > 0 else 0.0) + ride.fare
        return [Leg(mode, math.ceil(total), round(ride.km, 2), round(fare, 2), via)]

    def _access_stations(
        self, endpoint: Endpoint, at: Point
    ) -> tuple[tuple[str, float, bool], ...]:
        """Stations on the endpoint's own landmass to reach from it, with the minutes."""
        found = self._access.get(endpoint)
        if found is not None:
            return found
        land = self.network.landmass(at.lat, at.lon)
        same = [s for s in self._station_points if self._station_land[s] == land]
        by_distance = sorted(same, key=lambda s: (haversine_km(at, self._station_points[s]), s))
        chosen = list(by_distance[:2])
        # always offer the nearest real MRT station too (not only shuttle or cable-car stops)
        chosen += [s for s in by_distance if self._station_kind[s] == "mrt"][:1]
        place = self.kb.places.get(endpoint) if isinstance(endpoint, str) else None
        if place is not None and place.mrt_station in same:
            chosen.append(place.mrt_station)
        found = tuple(
            (s, _access_minutes(km), km > ACCESS_WALK_MAX_KM)
            for s in dict.fromkeys(chosen)
            for km in (haversine_km(at, self._station_points[s]),)
        )
        self._access[endpoint] = found
        return found


def _same_legs(mode_set: frozenset[Transport]) -> frozenset[Transport]:
    """The modes with Grab as a taxi: the legs (and their cache keys) are the same."""
    return frozenset(Transport.TAXI if m == Transport.GRAB else m for m in mode_set)


# every set of modes, to the one with the same legs (see _same_legs)
_SAME_LEGS = {
    frozenset(chosen): _same_legs(frozenset(chosen))
    for size in range(len(Transport) + 1)
    for chosen in combinations(Transport, size)
}


def _walks_too_far(leg: Leg, limit: int) -> bool:
    """Whether a leg's walking (all of it, for a walk) exceeds ``limit`` minutes."""
    return leg.mode == "walk" and leg.minutes > limit


def _walk(km: float) -> Leg:
    return Leg("walk", math.ceil(km / WALK_KMH * 60), round(km, 2), 0.0)


_MODES: dict[str, TransitMode] = {
    "mrt": "mrt",
    "sentosa_express": "sentosa_express",
    "cable_car": "cable_car",
    "shuttle": "shuttle",
    "bus": "bus",
}


def _crossing(ferry: Ferry, jetty_walk_km: float) -> Leg:
    minutes = ferry.wait_min + ferry.minutes + jetty_walk_km / WALK_KMH * 60
    return Leg("ferry", math.ceil(minutes), round(jetty_walk_km, 2), ferry.fare_sgd, ("ferry",))


def _join(first: Leg, second: Leg) -> Leg:
    """Two legs one after the other, named after the ferry."""
    via = tuple(dict.fromkeys((*(first.via or (first.mode,)), *(second.via or (second.mode,)))))
    return Leg(
        "ferry",
        first.minutes + second.minutes,
        round(first.distance_km + second.distance_km, 2),
        round(first.cost_sgd + second.cost_sgd, 2),
        via,
    )


def _access_minutes(straight_km: float) -> float:
    """Minutes between a door and a station: on foot, or by feeder bus when far."""
    if straight_km <= ACCESS_WALK_MAX_KM:
        return straight_km * WALK_DETOUR / WALK_KMH * 60
    return BUS_WAIT_MIN + straight_km * ROAD_DETOUR / BUS_KMH * 60


@lru_cache(maxsize=65_536)  # the same pair's drive, asked for each set of modes and direction
def _shared_road(straight_km: float, when: str, party_size: int, car: bool) -> Leg:
    """:func:`_road` by the period of the departure (all it depends on of the hour)."""
    return _road(straight_km, PERIOD_START[when], party_size, car=car)


def _road(straight_km: float, depart_minute: int, party_size: int, *, car: bool) -> Leg:
    km = straight_km * ROAD_DETOUR
    when = period(depart_minute)
    urban, expressway = SPEED_KMH[when]
    drive = (min(km, URBAN_KM) / urban + max(0.0, km - URBAN_KM) / expressway) * 60
    cars = math.ceil(max(1, party_size) / SEATS_PER_CAR)
    if car:
        minutes = drive + CAR_PARKING_MIN
        fare = km * CAR_PER_KM_SGD + CAR_PARKING_SGD
    else:
        minutes = drive + TAXI_PICKUP_MIN
        fare = TAXI_FLAG_SGD + km * TAXI_PER_KM_SGD
        if when == "peak":
            fare *= 1 + TAXI_PEAK_SURCHARGE
        elif when == "night":
            fare *= 1.5
    per_person = fare * cars / max(1, party_size)
    return Leg("car" if car else "taxi", math.ceil(minutes), round(km, 2), round(per_person, 2))
