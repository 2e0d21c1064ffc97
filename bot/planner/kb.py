"""The Singapore knowledge base: attractions, food places and the MRT network.

Records live as versioned JSON files in ``bot/planner/data/`` and are validated by pydantic at
load time; a bad record fails with its id and field (see :class:`KnowledgeBaseError`).

Time model: opening hours are given per weekday as lists of ``"HH:MM-HH:MM"`` intervals (split
hours are several intervals; an empty list means closed that weekday; ``"24:00"`` is allowed as an
end). All times are Singapore local time (UTC+8, no daylight saving).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.planner.holidays import is_public_holiday
from bot.trip import TravelStyle

_INTERVAL = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Singapore's bounding box (main island, Sentosa, Jurong Island, Pulau Ubin, Changi).
SG_LAT = (1.15, 1.48)
SG_LON = (103.59, 104.10)


class KnowledgeBaseError(ValueError):
    """A data file failed validation; the message names the file, record id and field."""


def minutes(hhmm: str) -> int:
    """Convert ``"HH:MM"`` (``"24:00"`` allowed) to minutes after midnight."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def span(start: str, end: str) -> int:
    """Minutes from ``start`` to ``end`` (both ``"HH:MM"``); 0 when ``end`` is not later."""
    return max(0, minutes(end) - minutes(start))


def hhmm(total: int) -> str:
    """Convert minutes after midnight to ``"HH:MM"``."""
    return f"{total // 60:02d}:{total % 60:02d}"


class Names(BaseModel):
    model_config = ConfigDict(frozen=True)

    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)

    def of(self, lang: str) -> str:
        """The name in ``lang`` (English for any language but Korean)."""
        return self.ko if lang == "ko" else self.en


class WeeklyHours(BaseModel):
    """Opening intervals per weekday; ``[]`` means closed that day."""

    model_config = ConfigDict(frozen=True)

    mon: tuple[str, ...]
    tue: tuple[str, ...]
    wed: tuple[str, ...]
    thu: tuple[str, ...]
    fri: tuple[str, ...]
    sat: tuple[str, ...]
    sun: tuple[str, ...]

    @field_validator("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    @classmethod
    def _intervals(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        last_end = -1
        for item in value:
            if not _INTERVAL.match(item):
                raise ValueError(f"bad interval {item!r}, want 'HH:MM-HH:MM'")
            start, end = (minutes(part) for part in item.split("-"))
            if end <= start:
                raise ValueError(f"interval {item!r} ends before it starts")
            if start < last_end:
                raise ValueError(f"interval {item!r} overlaps the one before")
            last_end = end
        return value

    def on(self, day: date) -> list[tuple[int, int]]:
        """Opening intervals on ``day`` as (start, end) minutes after midnight."""
        return self.on_weekday(WEEKDAYS[day.weekday()])

    def on_weekday(self, weekday: str) -> list[tuple[int, int]]:
        """Opening intervals on a weekday (``"mon"`` .. ``"sun"``)."""
        raw: tuple[str, ...] = getattr(self, weekday)
        return list(_intervals(raw))


@lru_cache(maxsize=4096)  # the planner asks for every place's hours on every day it weighs
def _intervals(raw: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """``("HH:MM-HH:MM", ...)`` as (start, end) minutes after midnight."""
    return tuple((minutes(a), minutes(b)) for a, b in (item.split("-") for item in raw))


Admission = Literal["walk_in", "timed_ticket", "appointment"]
# who may enter: everyone, adults only (bars, 18+ venues), or adults only with a child
# (Children's Museum Singapore); derived from the record's tags when the data does not say
Admits = Literal["all", "adults", "with-children"]
ADULT_ONLY_TAGS = frozenset({"18+", "nightlife", "adults-only", "bar"})
WITH_CHILDREN_ONLY_TAG = "with-children-only"
HolidayHours = Literal["regular", "sunday", "closed"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ClosedPeriod(BaseModel):
    """A dated closure (repairs, renovation), both ends inclusive."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    end: date
    reason: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> ClosedPeriod:
        if self.end < self.start:
            raise ValueError("closed period ends before it starts")
        return self


class Place(BaseModel):
    """Fields shared by attractions and food places.

    Closures, most specific first: ``closed_dates`` and ``closed_periods`` close the whole day;
    on a Singapore public holiday (:mod:`bot.planner.holidays`) ``public_holidays`` says whether
    the usual weekday hours apply (``regular``), the Sunday hours (``sunday``, e.g. "closed
    Mondays except public holidays") or none (``closed``). ``admission`` is ``appointment`` for
    places only visited on a booked tour (never planned as a walk-in) and ``timed_ticket`` where a
    time slot must be booked. ``inside`` names the place this one is inside (shared pin).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    names: Names
    lat: float
    lon: float
    area: str = Field(min_length=1)
    mrt_station: str  # station id in mrt.json
    hours: WeeklyHours
    closed_dates: tuple[date, ...] = ()
    closed_periods: tuple[ClosedPeriod, ...] = ()
    public_holidays: HolidayHours = "regular"
    closure_note: str = ""  # known closures without dates (e.g. monthly maintenance days)
    admission: Admission = "walk_in"
    inside: str | None = None
    access_note: str = ""  # how to get there when the nearest station is not a short walk
    url: str | None = None
    source: str = Field(min_length=1)
    as_of: date

    @field_validator("lat")
    @classmethod
    def _lat_in_singapore(cls, value: float) -> float:
        if not SG_LAT[0] <= value <= SG_LAT[1]:
            raise ValueError(f"latitude {value} is outside Singapore")
        return value

    @field_validator("lon")
    @classmethod
    def _lon_in_singapore(cls, value: float) -> float:
        if not SG_LON[0] <= value <= SG_LON[1]:
            raise ValueError(f"longitude {value} is outside Singapore")
        return value

    def closed_on(self, day: date) -> bool:
        """Whether a dated closure or the public-holiday rule closes the place all ``day``."""
        if day in self.closed_dates or any(p.start <= day <= p.end for p in self.closed_periods):
            return True
        return self.public_holidays == "closed" and is_public_holiday(day, confirmed_only=False)

    def open_intervals(self, day: date) -> list[tuple[int, int]]:
        """Opening intervals on ``day``: weekly hours after closures and public holidays."""
        if self.closed_on(day):
            return []
        if self.public_holidays == "sunday" and is_public_holiday(day, confirmed_only=True):
            return self.hours.on_weekday("sun")
        return self.hours.on(day)

    @property
    def walk_in(self) -> bool:
        """Whether the place can be planned without booking a guided visit."""
        return self.admission != "appointment"


PlaceT = TypeVar("PlaceT", bound=Place)


class Attraction(Place):
    """A place to visit. ``number`` is the original STB attraction number (OBJECTID) if any."""

    number: int | None = None
    summary: Names
    address: str = ""
    styles: tuple[TravelStyle, ...] = Field(min_length=1)
    tags: tuple[str, ...] = ()
    last_entry_before_close_min: int = Field(default=0, ge=0, le=240)
    evening_only: bool = False
    daytime_only: bool = False
    show_times: tuple[str, ...] = ()  # fixed start times; a visit must start at one of them
    # weekdays whose show times differ from ``show_times`` (e.g. an extra late show Fri/Sat)
    show_times_by_weekday: dict[Weekday, tuple[str, ...]] = Field(default_factory=dict)
    duration_min: int = Field(ge=10, le=600)  # typical visit, minutes
    duration_max: int = Field(ge=10, le=720)
    price_adult_sgd: float = Field(ge=0)
    price_child_sgd: float = Field(ge=0)
    price_senior_sgd: float | None = Field(default=None, ge=0)  # None: no senior rate known
    setting: Literal["indoor", "outdoor", "mixed"]
    good_for_children: bool = True
    admits: Admits = "all"
    image: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _derive_admits(cls, data: object) -> object:
        """Read ``admits`` from the tags when the record does not give it."""
        if not isinstance(data, dict) or "admits" in data:
            return data
        tags = set(data.get("tags", ()))
        admits: Admits = "all"
        if tags & ADULT_ONLY_TAGS:
            admits = "adults"
        elif WITH_CHILDREN_ONLY_TAG in tags:
            admits = "with-children"
        return {**data, "admits": admits}

    @field_validator("show_times")
    @classmethod
    def _show_times(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not _HHMM.match(item):
                raise ValueError(f"bad show time {item!r}, want 'HH:MM'")
        return value

    @field_validator("show_times_by_weekday")
    @classmethod
    def _weekday_shows(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for times in value.values():
            cls._show_times(times)
        return value

    def shows_on(self, day: date) -> tuple[str, ...]:
        """Show start times on ``day`` (none when the place is closed that day)."""
        if self.closed_on(day):
            return ()
        weekday = WEEKDAYS[day.weekday()]
        for key, times in self.show_times_by_weekday.items():
            if key == weekday:
                return times
        return self.show_times

    @property
    def all_show_times(self) -> tuple[str, ...]:
        """Every show time on any weekday, sorted."""
        times = {*self.show_times, *(t for ts in self.show_times_by_weekday.values() for t in ts)}
        return tuple(sorted(times))

    @model_validator(mode="after")
    def _durations(self) -> Attraction:
        if self.duration_max < self.duration_min:
            raise ValueError("duration_max is below duration_min")
        if self.evening_only and self.daytime_only:
            raise ValueError("cannot be both evening_only and daytime_only")
        return self

    @property
    def label(self) -> str:
        """``number : name`` as the original plans showed it (id when there is no number)."""
        return f"{self.number if self.number is not None else self.id} : {self.names.en}"

    @property
    def outdoor(self) -> bool:
        return self.setting == "outdoor"


class Dish(BaseModel):
    model_config = ConfigDict(frozen=True)

    en: str
    ko: str


class FoodPlace(Place):
    """A hawker centre, food street or food court."""

    kind: Literal["hawker_centre", "food_street", "food_court", "hawker_stall", "restaurant"]
    price_level: int = Field(ge=1, le=3)  # 1 = hawker prices
    meal_cost_sgd: float = Field(gt=0)  # typical meal per person
    halal_options: bool
    vegetarian_options: bool
    signature_dishes: tuple[Dish, ...] = Field(min_length=1)
    summary: Names
    # behind the gates of ``inside`` (a ticketed park): eaten at only during a visit to it
    ticketed: bool = False

    @model_validator(mode="after")
    def _gated(self) -> FoodPlace:
        if self.ticketed and self.inside is None:
            raise ValueError("a ticketed food place must name the park it is inside")
        return self


LineKind = Literal["mrt", "sentosa_express", "cable_car", "shuttle", "bus"]


class Station(BaseModel):
    """An MRT station, or a boarding point of a non-MRT link (``kind="stop"``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    codes: tuple[str, ...] = Field(min_length=1)  # e.g. ("CE1", "DT16")
    lat: float
    lon: float
    kind: Literal["mrt", "stop"] = "mrt"
    opened: date | None = None  # None: open before the network's first as-of date
    opening_note: str = ""


class Edge(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    a: str
    b: str
    line: str
    minutes: float = Field(gt=0, le=30)


class Line(BaseModel):
    """A line; non-MRT links charge ``fare_sgd`` on boarding instead of the distance fare."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    color: str = ""
    kind: LineKind = "mrt"
    fare_sgd: float = Field(default=0.0, ge=0)
    fare_note: str = ""
    fare_from_mainland_only: bool = False  # e.g. the Sentosa Express: free within and off Sentosa


class Pier(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    lat: float
    lon: float


class Island(BaseModel):
    """A landmass other than the main island, as a bounding box; ``road``: a causeway exists."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float
    road: bool

    def contains(self, lat: float, lon: float) -> bool:
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max


class Ferry(BaseModel):
    """A ferry between a mainland pier and an island pier (``wait_min``: average wait)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    island: str
    mainland_pier: Pier
    island_pier: Pier
    minutes: float = Field(gt=0)
    wait_min: float = Field(ge=0)
    fare_sgd: float = Field(ge=0)
    source: str = Field(min_length=1)
    as_of: date


class Boardwalk(BaseModel):
    """The one walkable crossing between the main island and Sentosa."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    north: Pier
    south: Pier
    km: float = Field(gt=0)
    source: str = Field(min_length=1)


class MrtNetwork(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    as_of: date
    source: str
    interchange_penalty_min: float = Field(ge=0)
    lines: tuple[Line, ...]
    stations: tuple[Station, ...]
    edges: tuple[Edge, ...]
    islands: tuple[Island, ...] = ()
    ferries: tuple[Ferry, ...] = ()
    boardwalk: Boardwalk | None = None

    @model_validator(mode="after")
    def _edges_known(self) -> MrtNetwork:
        ids = {s.id for s in self.stations}
        lines = {line.code for line in self.lines}
        for edge in self.edges:
            for end in (edge.a, edge.b):
                if end not in ids:
                    raise ValueError(f"edge {edge.a}-{edge.b}: unknown station {end!r}")
            if edge.line not in lines:
                raise ValueError(f"edge {edge.a}-{edge.b}: unknown line {edge.line!r}")
        islands = {i.id for i in self.islands}
        for ferry in self.ferries:
            if ferry.island not in islands:
                raise ValueError(f"ferry {ferry.id}: unknown island {ferry.island!r}")
        return self

    def open_on(self, day: date | None) -> MrtNetwork:
        """The network without stations not yet open on ``day`` (or on ``as_of`` when later).

        A station whose opening date is after the data's ``as_of`` is not relied on even for
        later trips: its date is an announcement, not a fact yet.
        """
        cutoff = self.as_of if day is None else min(day, self.as_of)
        closed = {s.id for s in self.stations if s.opened is not None and s.opened > cutoff}
        if not closed:
            return self
        return self.model_copy(
            update={
                "stations": tuple(s for s in self.stations if s.id not in closed),
                "edges": tuple(e for e in self.edges if e.a not in closed and e.b not in closed),
            }
        )

    def landmass(self, lat: float, lon: float) -> str:
        """The island a point is on (``"mainland"`` for the main island)."""
        return next((i.id for i in self.islands if i.contains(lat, lon)), "mainland")


class CombinedTicket(BaseModel):
    """One ticket covering several attractions on the same day (charged once in a plan).

    Without ``choose`` it admits to every member (the Flower Dome + Cloud Forest ticket); with
    it, to any ``choose`` of the members (a park hopper: any 2 of the Mandai parks).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    names: Names
    members: tuple[str, ...] = Field(min_length=2)
    choose: int | None = Field(default=None, ge=2)
    price_adult_sgd: float = Field(ge=0)
    price_child_sgd: float = Field(ge=0)
    price_senior_sgd: float | None = Field(default=None, ge=0)
    source: str = Field(min_length=1)
    as_of: date

    @model_validator(mode="after")
    def _choice(self) -> CombinedTicket:
        if self.choose is not None and self.choose > len(self.members):
            raise ValueError("choose is larger than the number of members")
        return self


class KnowledgeBase(BaseModel):
    """Everything the planner knows about Singapore, validated and indexed."""

    model_config = ConfigDict(frozen=True)

    attractions: tuple[Attraction, ...]
    food: tuple[FoodPlace, ...]
    mrt: MrtNetwork
    tickets: tuple[CombinedTicket, ...] = ()

    @cached_property
    def places(self) -> dict[str, Attraction | FoodPlace]:
        places: dict[str, Attraction | FoodPlace] = {a.id: a for a in self.attractions}
        places.update((f.id, f) for f in self.food)
        return places

    @cached_property
    def by_number(self) -> dict[int, Attraction]:
        return {a.number: a for a in self.attractions if a.number is not None}

    @cached_property
    def stations(self) -> dict[str, Station]:
        return {s.id: s for s in self.mrt.stations}

    def attraction(self, place_id: str) -> Attraction | None:
        place = self.places.get(place_id)
        return place if isinstance(place, Attraction) else None


def _load_list(name: str, model: type[BaseModel]) -> list[BaseModel]:
    raw = json.loads(resources.files("bot.planner.data").joinpath(name).read_text("utf-8"))
    records = raw["records"] if isinstance(raw, dict) else raw
    out: list[BaseModel] = []
    for index, record in enumerate(records):
        try:
            out.append(model.model_validate(record))
        except ValidationError as exc:
            rid = record.get("id", f"#{index}") if isinstance(record, dict) else f"#{index}"
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise KnowledgeBaseError(
                f"{name}: record {rid}: field {field}: {first['msg']}"
            ) from exc
    return out


def validate_knowledge_base(kb: KnowledgeBase) -> None:
    """Check cross-record invariants: unique ids, known stations."""
    seen: set[str] = set()
    for place in (*kb.attractions, *kb.food):
        if place.id in seen:
            raise KnowledgeBaseError(f"duplicate place id {place.id!r}")
        seen.add(place.id)
        if place.mrt_station not in kb.stations:
            raise KnowledgeBaseError(
                f"record {place.id}: field mrt_station: unknown station {place.mrt_station!r}"
            )
        if place.inside is not None and place.inside not in kb.places:
            raise KnowledgeBaseError(f"record {place.id}: field inside: unknown place")
    numbers = [a.number for a in kb.attractions if a.number is not None]
    if len(numbers) != len(set(numbers)):
        raise KnowledgeBaseError("duplicate attraction number")
    for ticket in kb.tickets:
        for member in ticket.members:
            if kb.attraction(member) is None:
                raise KnowledgeBaseError(f"ticket {ticket.id}: unknown attraction {member!r}")
    for food in kb.food:
        host = kb.attraction(food.inside or "")
        if food.ticketed and (host is None or host.price_adult_sgd == 0):
            raise KnowledgeBaseError(f"record {food.id}: field ticketed: not inside a paid park")


def _hosts(places: dict[str, Place], place: Place) -> list[Place]:
    """The places ``place`` is (transitively) inside, nearest first."""
    out: list[Place] = []
    current = place
    while current.inside is not None and current.inside in places:
        current = places[current.inside]
        if current in out or current is place:
            break
        out.append(current)
    return out


def inherit_closures(records: Sequence[PlaceT]) -> list[PlaceT]:
    """Close every place whenever a place it is inside is closed (a stall on a hawker centre's
    cleaning days, a museum in a park under repair): dated closures and a public-holiday
    closure pass down the ``inside`` chain."""
    places: dict[str, Place] = {p.id: p for p in records}
    out: list[PlaceT] = []
    for place in records:
        hosts = _hosts(places, place)
        dates = tuple(sorted({*place.closed_dates, *(d for h in hosts for d in h.closed_dates)}))
        periods = place.closed_periods + tuple(
            p for h in hosts for p in h.closed_periods if p not in place.closed_periods
        )
        holidays = place.public_holidays
        if any(h.public_holidays == "closed" for h in hosts):
            holidays = "closed"
        if (dates, periods, holidays) == (
            place.closed_dates,
            place.closed_periods,
            place.public_holidays,
        ):
            out.append(place)
            continue
        update = {"closed_dates": dates, "closed_periods": periods, "public_holidays": holidays}
        out.append(place.model_copy(update=update))
    return out


# The STB layer (with the original attraction numbers), then places added since.
ATTRACTION_FILES = ("attractions.json", "attractions_added.json")


@lru_cache(maxsize=1)
def load_knowledge_base() -> KnowledgeBase:
    """Load and validate the bundled data files (cached: the data is immutable)."""
    attractions = [
        a
        for name in ATTRACTION_FILES
        for a in _load_list(name, Attraction)
        if isinstance(a, Attraction)
    ]
    food = [f for f in _load_list("food.json", FoodPlace) if isinstance(f, FoodPlace)]
    raw_mrt = json.loads(
        resources.files("bot.planner.data").joinpath("mrt.json").read_text("utf-8")
    )
    try:
        mrt = MrtNetwork.model_validate(raw_mrt)
    except ValidationError as exc:
        raise KnowledgeBaseError(f"mrt.json: {exc.errors()[0]['msg']}") from exc
    tickets = [
        t for t in _load_list("tickets.json", CombinedTicket) if isinstance(t, CombinedTicket)
    ]
    places = inherit_closures([*attractions, *food])
    kb = KnowledgeBase(
        attractions=tuple(a for a in places if isinstance(a, Attraction)),
        food=tuple(f for f in places if isinstance(f, FoodPlace)),
        mrt=mrt,
        tickets=tuple(tickets),
    )
    validate_knowledge_base(kb)
    return kb
