"""Arguments of the language model's tools: one pydantic model per tool, which both validates
what comes back and generates the JSON schema sent to the model (:func:`tool_schema`).

Arguments are validated strictly (``extra="forbid"``): a tool call carrying a field it does not
define — a forged ``user_id`` or ``conversation_id``, say — is refused with a message to the
model. No tool takes an identifier of a user or a conversation: every tool is bound to the
:class:`~bot.tools.TripTools` of the current turn. A field's ``description`` is what the model
reads about it; the tool's own description is its method's docstring
(:mod:`bot.brains.llm_tools`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from bot.planner.edit_kinds import EditKind, kinds_text
from bot.planner.geo import HOTEL_AREAS
from bot.planner.itinerary import Block
from bot.trip import MAX_PEOPLE, MAX_TRIP_DAYS, Currency, Pace, Transport, Travellers, TravelStyle

if TYPE_CHECKING:
    from pydantic_core import core_schema

HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"
Date = Annotated[dt.date, Field(description="YYYY-MM-DD")]
Time = Annotated[str, Field(pattern=HHMM, description="HH:MM, 24-hour Singapore time")]


def _known_area(value: str) -> str:
    if value not in HOTEL_AREAS:
        raise ValueError(f"hotel_area must be one of {', '.join(HOTEL_AREAS)}")
    return value


HotelArea = Annotated[
    str, AfterValidator(_known_area), Field(json_schema_extra={"enum": list(HOTEL_AREAS)})
]
PlaceRef = Annotated[
    str, Field(min_length=1, max_length=80, description="place id from the tools, number or name")
]


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoArgs(_Args):
    """Tools without arguments."""


class UpdateTripArgs(_Args):
    start_date: Date | None = None
    end_date: Date | None = None
    days: int | None = Field(
        default=None, ge=1, le=MAX_TRIP_DAYS, description="trip length when no end date is given"
    )
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
    hotel_area: HotelArea | None = None
    arrival_time: Time | None = None
    departure_time: Time | None = None
    must_see: list[PlaceRef] = Field(default_factory=list, max_length=10)
    avoid: list[PlaceRef] = Field(default_factory=list, max_length=20)
    seniors: int | None = Field(
        default=None, ge=0, le=MAX_PEOPLE, description="how many of the adults are 60+"
    )
    max_walk_minutes: int | None = Field(
        default=None,
        ge=1,
        le=60,
        description="longest walk per leg (wheelchair, pram, no long walks)",
    )
    said: str | None = Field(
        default=None,
        max_length=2000,
        description="the traveller's own words; the bot's parser reads them too "
        "(relative dates, flights, interests, mobility) under the fields you send",
    )


class EditPlanArgs(_Args):
    action: EditKind = Field(description="the kind of edit:\n" + kinds_text())
    day: int | None = Field(default=None, ge=1, le=MAX_TRIP_DAYS, description="1-based day")
    other_day: int | None = Field(
        default=None, ge=1, le=MAX_TRIP_DAYS, description="swap_days: the day to trade with"
    )
    place: PlaceRef | None = None
    new_place: PlaceRef | None = None
    time: Time | None = Field(default=None, description="later: the new start, HH:MM")
    part: Block | None = Field(default=None, description="add: the part of the day")


class SearchPlacesArgs(_Args):
    query: str | None = Field(default=None, max_length=80)
    area: str | None = Field(
        default=None, max_length=40, description="e.g. Marina Bay, Chinatown, Sentosa"
    )
    style: TravelStyle | None = None
    kind: Literal["attraction", "food", "any"] = "any"
    open_at: Time | None = None
    date: Date | None = None
    limit: int = Field(default=8, ge=1, le=10)


class PlaceDetailsArgs(_Args):
    place: PlaceRef
    date: Date | None = None


class TravelTimeArgs(_Args):
    from_place: PlaceRef
    to_place: PlaceRef
    depart_at: Time = "10:00"
    transport: list[Transport] = Field(default_factory=list)


class RecordWishArgs(_Args):
    words: str = Field(min_length=1, max_length=500, description="the member's words, unchanged")


class OpenPollArgs(_Args):
    topic: Literal["dates", "day", "drop"] = Field(
        description="dates: the trip's dates against start_date..end_date a member proposed; "
        "day: where a day of the plan is spent, when wishes pull to two areas; "
        "drop: which wish to drop when not every wish fits"
    )
    start_date: Date | None = Field(default=None, description="dates: the proposed first day")
    end_date: Date | None = Field(default=None, description="dates: the proposed last day")

    @model_validator(mode="after")
    def _dates_given(self) -> OpenPollArgs:
        if self.topic == "dates":
            if self.start_date is None or self.end_date is None:
                raise ValueError("topic dates needs start_date and end_date")
            if self.end_date < self.start_date:
                raise ValueError("end_date is before start_date")
            if (self.end_date - self.start_date).days >= MAX_TRIP_DAYS:
                raise ValueError(f"a trip is at most {MAX_TRIP_DAYS} days")
        elif self.start_date is not None or self.end_date is not None:
            raise ValueError("start_date and end_date are for topic dates only")
        return self


class _ToolJsonSchema(GenerateJsonSchema):
    """Pydantic's JSON schema, trimmed for a model: an optional field is simply left out (no
    ``null``), decimals are numbers, no titles and no ``null`` defaults."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        json_schema: JsonSchemaValue = {"type": "number"}
        self.update_with_validations(json_schema, schema, self.ValidationsMapping.numeric)
        return json_schema

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        json_schema = super().default_schema(schema)
        if json_schema.get("default", ...) is None:
            del json_schema["default"]
        return json_schema

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


# Checked on the way back (a violation goes to the model as an error) but not spelled out to it:
# lengths and the time pattern cost tokens on every request and the descriptions already say them.
_LEFT_OUT = frozenset({"title", "minLength", "maxLength", "maxItems", "pattern"})


def tool_schema(name: str, description: str, args: type[BaseModel]) -> dict[str, Any]:
    """The OpenAI ``tools`` entry of one tool: its description and its arguments' schema."""
    generated = args.model_json_schema(schema_generator=_ToolJsonSchema)
    definitions = generated.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:  # an enum: its values only, not its class docstring
                target = definitions[node["$ref"].rsplit("/", 1)[-1]]
                return {k: v for k, v in target.items() if k in ("type", "enum")}
            return {k: inline(v) for k, v in node.items() if k not in _LEFT_OUT}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    parameters = inline(generated)
    parameters.pop("description", None)  # the model's docstring is for programmers
    parameters.setdefault("properties", {})
    fn = {"name": name, "description": description, "parameters": parameters}
    return {"type": "function", "function": fn}
