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
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

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


def hhmm(total: int) -> str:
    """Convert minutes after midnight to ``"HH:MM"``."""
    return f"{total // 60:02d}:{total % 60:02d}"


class Names(BaseModel):
    model_config = ConfigDict(frozen=True)

    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)


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
        raw: tuple[str, ...] = getattr(self, WEEKDAYS[day.weekday()])
        return [(minutes(a), minutes(b)) for a, b in (item.split("-") for item in raw)]


class Place(BaseModel):
    """Fields shared by attractions and food places."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    names: Names
    lat: float
    lon: float
    area: str = Field(min_length=1)
    mrt_station: str  # station id in mrt.json
    hours: WeeklyHours
    closed_dates: tuple[date, ...] = ()
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

    def open_intervals(self, day: date) -> list[tuple[int, int]]:
        """Opening intervals on ``day`` (none on a closed date)."""
        if day in self.closed_dates:
            return []
        return self.hours.on(day)


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
    duration_min: int = Field(ge=10, le=600)  # typical visit, minutes
    duration_max: int = Field(ge=10, le=720)
    price_adult_sgd: float = Field(ge=0)
    price_child_sgd: float = Field(ge=0)
    setting: Literal["indoor", "outdoor", "mixed"]
    good_for_children: bool = True
    image: str | None = None

    @field_validator("show_times")
    @classmethod
    def _show_times(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not _HHMM.match(item):
                raise ValueError(f"bad show time {item!r}, want 'HH:MM'")
        return value

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

    kind: Literal["hawker_centre", "food_street", "food_court"]
    price_level: int = Field(ge=1, le=3)  # 1 = hawker prices
    meal_cost_sgd: float = Field(gt=0)  # typical meal per person
    halal_options: bool
    vegetarian_options: bool
    signature_dishes: tuple[Dish, ...] = Field(min_length=1)
    summary: Names


class Station(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    codes: tuple[str, ...] = Field(min_length=1)  # e.g. ("CE1", "DT16")
    lat: float
    lon: float


class Edge(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    a: str
    b: str
    line: str
    minutes: float = Field(gt=0, le=30)


class Line(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    color: str = ""


class MrtNetwork(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    as_of: date
    source: str
    interchange_penalty_min: float = Field(ge=0)
    lines: tuple[Line, ...]
    stations: tuple[Station, ...]
    edges: tuple[Edge, ...]

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
        return self


class KnowledgeBase(BaseModel):
    """Everything the planner knows about Singapore, validated and indexed."""

    model_config = ConfigDict(frozen=True)

    attractions: tuple[Attraction, ...]
    food: tuple[FoodPlace, ...]
    mrt: MrtNetwork

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
    numbers = [a.number for a in kb.attractions if a.number is not None]
    if len(numbers) != len(set(numbers)):
        raise KnowledgeBaseError("duplicate attraction number")


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
    kb = KnowledgeBase(attractions=tuple(attractions), food=tuple(food), mrt=mrt)
    validate_knowledge_base(kb)
    return kb
