"""Tool definitions for the language-model brain: JSON schemas sent to the model, and the
pydantic models that validate what comes back.

Arguments are validated strictly (``extra="forbid"``): a tool call carrying a field it does not
define — a forged ``user_id`` or ``conversation_id``, say — is refused with a message to the
model. No tool takes an identifier of a user or a conversation: every tool is bound to the
:class:`~bot.tools.TripTools` of the current turn. ``tests/unit/brains`` checks that each schema
lists exactly its model's fields.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.planner.geo import HOTEL_AREAS
from bot.trip import MAX_PEOPLE, MAX_TRIP_DAYS, Currency, Pace, Transport, Travellers, TravelStyle

HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"
EDIT_ACTIONS = (
    "swap",
    "remove",
    "add",
    "move",
    "lighter",
    "fuller",
    "regenerate",
    "show",
    "export",
)
EditAction = Literal[
    "swap", "remove", "add", "move", "lighter", "fuller", "regenerate", "show", "export"
]  # fmt: skip


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoArgs(_Args):
    """Tools without arguments."""


class UpdateTripArgs(_Args):
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    days: int | None = Field(default=None, ge=1, le=MAX_TRIP_DAYS)
    adults: int | None = Field(default=None, ge=0, le=MAX_PEOPLE)
    children: int | None = Field(default=None, ge=0, le=MAX_PEOPLE)
    child_ages: list[int] = Field(default_factory=list, max_length=MAX_PEOPLE)
    travellers: Travellers | None = None
    transport: list[Transport] = Field(default_factory=list)
    styles: list[TravelStyle] = Field(default_factory=list)
    budget_amount: Decimal | None = Field(default=None, gt=0, le=100_000_000)
    budget_currency: Currency = "SGD"
    budget_is_total: bool = False
    pace: Pace | None = None
    hotel_area: str | None = None
    arrival_time: str | None = Field(default=None, pattern=HHMM)
    departure_time: str | None = Field(default=None, pattern=HHMM)
    must_see: list[str] = Field(default_factory=list, max_length=10)
    avoid: list[str] = Field(default_factory=list, max_length=20)
    seniors: int | None = Field(default=None, ge=0, le=MAX_PEOPLE)
    max_walk_minutes: int | None = Field(default=None, ge=1, le=60)
    said: str | None = Field(default=None, max_length=2000)

    @field_validator("hotel_area")
    @classmethod
    def _known_area(cls, value: str | None) -> str | None:
        if value is not None and value not in HOTEL_AREAS:
            raise ValueError(f"hotel_area must be one of {', '.join(HOTEL_AREAS)}")
        return value


class EditPlanArgs(_Args):
    action: EditAction
    day: int | None = Field(default=None, ge=1, le=MAX_TRIP_DAYS)
    place: str | None = Field(default=None, max_length=80)
    new_place: str | None = Field(default=None, max_length=80)


class SearchPlacesArgs(_Args):
    query: str | None = Field(default=None, max_length=80)
    area: str | None = Field(default=None, max_length=40)
    style: TravelStyle | None = None
    kind: Literal["attraction", "food", "any"] = "any"
    open_at: str | None = Field(default=None, pattern=HHMM)
    date: dt.date | None = None
    limit: int = Field(default=8, ge=1, le=10)


class PlaceDetailsArgs(_Args):
    place: str = Field(min_length=1, max_length=80)
    date: dt.date | None = None


class TravelTimeArgs(_Args):
    from_place: str = Field(min_length=1, max_length=80)
    to_place: str = Field(min_length=1, max_length=80)
    depart_at: str = Field(default="10:00", pattern=HHMM)
    transport: list[Transport] = Field(default_factory=list)


class RecordWishArgs(_Args):
    words: str = Field(min_length=1, max_length=500)


ARG_MODELS: dict[str, type[_Args]] = {
    "record_wish": RecordWishArgs,
    "group_ledger": NoArgs,
    "get_trip": NoArgs,
    "update_trip": UpdateTripArgs,
    "plan_trip": NoArgs,
    "edit_plan": EditPlanArgs,
    "check_plan": NoArgs,
    "search_places": SearchPlacesArgs,
    "place_details": PlaceDetailsArgs,
    "travel_time": TravelTimeArgs,
}

_DATE = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}
_TIME = {"type": "string", "description": "HH:MM, 24-hour Singapore time"}
_PLACE = {"type": "string", "description": "place id from the tools, number or name"}
_TRANSPORT = {"type": "array", "items": {"type": "string", "enum": [t.value for t in Transport]}}
_STYLE = {"type": "string", "enum": [s.value for s in TravelStyle]}


def _tool(name: str, description: str, properties: dict[str, Any] | None = None,
          required: tuple[str, ...] = ()) -> dict[str, Any]:  # fmt: skip
    params: dict[str, Any] = {"type": "object", "properties": properties or {}}
    if required:
        params["required"] = list(required)
    params["additionalProperties"] = False
    fn = {"name": name, "description": description, "parameters": params}
    return {"type": "function", "function": fn}


TOOL_SCHEMAS: list[dict[str, Any]] = [
    _tool("get_trip", "Read the current trip request, what is missing, and the plan summary."),
    _tool(
        "record_wish",
        "Group trips: record the speaking member's OWN wishes from their words (places to see or "
        "avoid, a personal budget cap, the days they are there, mobility). The plan is made "
        "fairly for every member; ties and conflicts are put to a vote by the project.",
        {"words": {"type": "string", "description": "the member's words, unchanged"}},
        ("words",),
    ),
    _tool(
        "group_ledger",
        "Group trips: each member, their wishes, and how the current plan serves them.",
    ),
    _tool(
        "update_trip",
        "Record trip details the traveller gave. Send only fields they mentioned. Budget is per "
        "person for the whole trip unless budget_is_total. Returns what is still missing.",
        {
            "start_date": _DATE,
            "end_date": _DATE,
            "days": {"type": "integer", "description": "trip length when no end date is given"},
            "adults": {"type": "integer"},
            "children": {"type": "integer"},
            "child_ages": {"type": "array", "items": {"type": "integer"}},
            "travellers": {"type": "string", "enum": [t.value for t in Travellers]},
            "transport": _TRANSPORT,
            "styles": {"type": "array", "items": _STYLE},
            "budget_amount": {"type": "number"},
            "budget_currency": {"type": "string", "enum": ["SGD", "KRW", "USD"]},
            "budget_is_total": {"type": "boolean"},
            "pace": {"type": "string", "enum": [p.value for p in Pace]},
            "hotel_area": {"type": "string", "enum": list(HOTEL_AREAS)},
            "arrival_time": _TIME,
            "departure_time": _TIME,
            "must_see": {"type": "array", "items": _PLACE},
            "avoid": {"type": "array", "items": _PLACE},
            "seniors": {"type": "integer", "description": "how many of the adults are 60+"},
            "max_walk_minutes": {
                "type": "integer",
                "description": "longest walk per leg (wheelchair, pram, no long walks)",
            },
            "said": {
                "type": "string",
                "description": "the traveller's own words; the bot's parser reads them too "
                "(relative dates, flights, interests, mobility) under the fields you send",
            },
        },
    ),
    _tool(
        "plan_trip",
        "Plan the whole trip from the recorded request (the planner checks hours and travel). "
        "The plan is shown to the traveller under your reply.",
    ),
    _tool(
        "edit_plan",
        "Change the current plan; other days stay as they are. swap: place -> new_place; "
        "remove/add: place (add may give day); move: place to day; lighter/fuller/regenerate: "
        "day; show: day or whole plan; export: calendar file.",
        {
            "action": {"type": "string", "enum": list(EDIT_ACTIONS)},
            "day": {"type": "integer", "description": "1-based day of the trip"},
            "place": _PLACE,
            "new_place": _PLACE,
        },
        ("action",),
    ),
    _tool("check_plan", "Run the independent checker on the current plan."),
    _tool(
        "search_places",
        "Find attractions or food places by words, area, style, and opening at a time.",
        {
            "query": {"type": "string"},
            "area": {"type": "string", "description": "e.g. Marina Bay, Chinatown, Sentosa"},
            "style": _STYLE,
            "kind": {"type": "string", "enum": ["attraction", "food", "any"]},
            "open_at": _TIME,
            "date": _DATE,
            "limit": {"type": "integer"},
        },
    ),
    _tool(
        "place_details",
        "Hours on a date, prices, nearest MRT and a short description of one place.",
        {"place": _PLACE, "date": _DATE},
        ("place",),
    ),
    _tool(
        "travel_time",
        "Door-to-door travel between two places or hotel areas: mode, minutes, cost.",
        {
            "from_place": _PLACE,
            "to_place": _PLACE,
            "depart_at": _TIME,
            "transport": _TRANSPORT,
        },
        ("from_place", "to_place"),
    ),
]
