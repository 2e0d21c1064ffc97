"""The itinerary: the planner's output, the checker's input, and what every renderer draws.

JSON schema: ``Itinerary.model_json_schema()`` (also ``bundletrip plan TEXT --json``). Times are
``"HH:MM"`` Singapore local time; dates ``YYYY-MM-DD``. Each day is a sequence of items in
chronological order; ``transit`` items sit between the places they connect, so a day reads as a
timeline. ``bundles`` name the geographic groups (morning / afternoon / evening) a day is built
from, as the original product did.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from bot.trip import TripRequest

ItemKind = Literal["visit", "meal", "show", "transit"]
Block = Literal["morning", "afternoon", "evening"]
BLOCKS: tuple[Block, ...] = get_args(Block)  # the parts of a day, in order
SNACK = "snack"  # the note of an afternoon snack (a meal item; its slot in the day's spec)
TransitMode = Literal[
    "walk", "mrt", "taxi", "car", "sentosa_express", "cable_car", "shuttle", "bus", "ferry"
]


class Item(BaseModel):
    """One entry in a day: a visit, a meal, a show, or the transit between two places."""

    model_config = ConfigDict(extra="forbid")

    start: str = Field(pattern=r"^\d{2}:\d{2}$")
    end: str = Field(pattern=r"^\d{2}:\d{2}$")
    kind: ItemKind
    place_id: str | None = None  # None only for transit
    name: str  # English display name (renderers look up the Korean one)
    lat: float | None = None
    lon: float | None = None
    cost_sgd: float = 0.0  # per person
    block: Block | None = None
    # transit only
    mode: TransitMode | None = None
    from_id: str | None = None
    to_id: str | None = None
    distance_km: float | None = None
    via: list[TransitMode] = Field(default_factory=list)  # every mode a transit leg uses
    # weather fallback: an indoor place nearby for an outdoor afternoon item
    rain_alternative_id: str | None = None
    note: str = ""


class BundleInfo(BaseModel):
    """A geographic group of nearby places filling one block of a day."""

    model_config = ConfigDict(extra="forbid")

    block: Block
    area: str
    place_ids: list[str]


class Day(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: date
    bundles: list[BundleInfo] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    start_place: str = ""  # hotel area or "changi-airport"
    end_place: str = ""
    maps_url: str = ""


class Totals(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tickets_sgd: float = 0.0
    food_sgd: float = 0.0
    transport_sgd: float = 0.0
    per_person_sgd: float = 0.0
    party_sgd: float = 0.0
    travel_minutes: int = 0
    active_minutes: int = 0


class Itinerary(BaseModel):
    """A complete plan for one trip request."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    request: TripRequest
    days: list[Day]
    totals: Totals = Field(default_factory=Totals)
    assumptions: list[str] = Field(default_factory=list)
    data_as_of: str = ""
