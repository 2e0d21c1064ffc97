"""The structured trip request: what the traveller asked for, independent of any platform.

Intake (free text or buttons) fills a :class:`TripRequest`; the planner turns a complete one into
an itinerary. Every field has a stated default except the essentials (dates and party), which
intake asks for. Validation that needs "today" (not in the past) takes the date as an argument so
the clock stays injected.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_TRIP_DAYS = 14
MAX_PEOPLE = 20
SENIOR_WALK_MIN = 15  # the longest walk per leg with seniors in the party, unless they say
CHILD_WALK_MIN = 20  # ... with a child of YOUNG_CHILD_AGE or younger
YOUNG_CHILD_AGE = 8


class TravelStyle(StrEnum):
    """The six travel styles of the original form; several may be chosen."""

    NATURE = "nature"
    CITY = "city"
    FOOD = "food"
    LUXURY = "luxury"
    VALUE = "value"
    FAMILY = "family"


class Transport(StrEnum):
    """How the party gets around; several may be chosen."""

    PUBLIC = "public"
    CAR = "car"
    TAXI = "taxi"
    GRAB = "grab"


class Pace(StrEnum):
    RELAXED = "relaxed"
    NORMAL = "normal"
    PACKED = "packed"


class Travellers(StrEnum):
    """Who travels (the original asked for the group's gender)."""

    MALE = "male"
    FEMALE = "female"
    MIXED = "mixed"
    UNSPECIFIED = "unspecified"


Currency = Literal["SGD", "KRW", "USD"]


class Money(BaseModel):
    """An amount in one of the accepted currencies."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal = Field(gt=0)
    currency: Currency = "SGD"

    def to_sgd(self) -> Decimal:
        """Convert with the dated rate table kept in the repo."""
        table = rate_table()
        rate = Decimal(str(table.rates_to_sgd[self.currency]))
        return (self.amount * rate).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


class RateTable(BaseModel):
    model_config = ConfigDict(frozen=True)

    as_of: date
    source: str
    rates_to_sgd: dict[str, float]


@lru_cache(maxsize=1)
def rate_table() -> RateTable:
    """Load the dated currency table (bot/data/fx_rates.json)."""
    raw = resources.files("bot.data").joinpath("fx_rates.json").read_text(encoding="utf-8")
    return RateTable.model_validate(json.loads(raw))


class Party(BaseModel):
    model_config = ConfigDict(frozen=True)

    adults: int = Field(ge=0, le=MAX_PEOPLE)  # everyone 18 or older, seniors included
    children: int = Field(default=0, ge=0, le=MAX_PEOPLE)
    child_ages: tuple[int, ...] = ()
    # How many of the adults are seniors (60+): they pay adult prices unless an attraction has a
    # senior price, and they set the pace and walking limits; they are never counted as children.
    seniors: int = Field(default=0, ge=0, le=MAX_PEOPLE)

    @property
    def size(self) -> int:
        return self.adults + self.children


# Kinds of place a traveller may say they do not want → the knowledge base's tags of such places.
AVOID_KIND_TAGS: dict[str, frozenset[str]] = {
    "museum": frozenset({"museum"}),
    "shopping": frozenset({"shopping", "malls"}),
    "temple": frozenset({"temple", "mosque", "church", "hindu"}),
    "zoo": frozenset({"zoo", "wildlife", "aquarium"}),
    "theme-park": frozenset({"theme-park"}),
    "beach": frozenset({"beach"}),
    "nightlife": frozenset({"nightlife", "bar"}),
    "hiking": frozenset({"hiking", "nature-reserve"}),
    "gallery": frozenset({"art", "gallery", "contemporary-art", "street-art"}),
    "war-memorial": frozenset({"war-memorial"}),
}


def kind_tags(kinds: Iterable[str]) -> frozenset[str]:
    """The knowledge base's tags of these kinds of place (an unknown kind is its own tag)."""
    return frozenset().union(*(AVOID_KIND_TAGS.get(k, frozenset({k})) for k in kinds))


class TripRequest(BaseModel):
    """What the traveller wants. ``None`` means not said yet; defaults are stated to the user."""

    model_config = ConfigDict(extra="forbid")

    start_date: date | None = None
    end_date: date | None = None
    party: Party | None = None
    travellers: Travellers = Travellers.UNSPECIFIED
    transport: list[Transport] = Field(default_factory=lambda: [Transport.PUBLIC])
    styles: list[TravelStyle] = Field(default_factory=list)
    budget: Money | None = None  # per person, whole trip; None = no limit
    pace: Pace = Pace.NORMAL
    must_see: list[str] = Field(default_factory=list)  # place ids
    avoid: list[str] = Field(default_factory=list)  # place ids
    # Kinds of place said as unwanted ("no museums", "쇼핑은 관심 없어요"): AVOID_KIND_TAGS keys.
    avoid_kinds: list[str] = Field(default_factory=list)
    arrival_time: str | None = None  # "HH:MM" at Changi on the first day
    departure_time: str | None = None  # "HH:MM" flight out on the last day
    hotel_area: str | None = None
    requested_days: int | None = Field(default=None, ge=1)  # length said before a start date
    notes: str = ""
    # What travellers said they like, as KB tags ("zoo", "nightlife", "hawker", "theme-park" …),
    # for the planner to weigh; the six styles above stay the coarse choice.
    interests: list[str] = Field(default_factory=list)
    # The longest walk per leg the party can manage (wheelchair, pram, "no long walks");
    # None = no limit. ``mobility`` says why ("wheelchair", "stroller", "limited").
    max_walk_minutes: int | None = Field(default=None, ge=1, le=60)
    mobility: list[str] = Field(default_factory=list)
    # Said while editing a plan, kept for re-plans: "start later on day 2" (ISO date -> "HH:MM",
    # the day's earliest start) and "more time at X" (place ids visited at length).
    late_starts: dict[str, str] = Field(default_factory=dict)
    long_visits: list[str] = Field(default_factory=list)
    # A must-see that may go only on some days (place id -> 1-based days): in a group, the days
    # the members who wish for it are there. A place not listed may go on any day.
    must_see_days: dict[str, list[int]] = Field(default_factory=dict)

    @field_validator("transport", "styles")
    @classmethod
    def _unique(cls, value: list[StrEnum]) -> list[StrEnum]:
        return list(dict.fromkeys(value))

    @property
    def days(self) -> int | None:
        if self.start_date is None or self.end_date is None:
            return None
        return (self.end_date - self.start_date).days + 1

    def dates(self) -> list[date]:
        """Every date of the trip (empty while dates are missing)."""
        if self.start_date is None or self.end_date is None:
            return []
        return [
            self.start_date + timedelta(days=i)
            for i in range((self.end_date - self.start_date).days + 1)
        ]

    def walk_limit(self) -> int | None:
        """The longest walk per leg for this party, in minutes: what they said (a wheelchair, a
        pram, "no long walks"), else a gentler default for seniors and young children; None
        when nobody limits it. The planner and the checker both read it here."""
        if self.max_walk_minutes is not None:
            return self.max_walk_minutes
        party = self.party
        if party is None:
            return None
        if party.seniors:
            return SENIOR_WALK_MIN
        if self.young_children():
            return CHILD_WALK_MIN
        return None

    def young_children(self) -> bool:
        """Whether a child of :data:`YOUNG_CHILD_AGE` or under travels (or one of unknown age)."""
        party = self.party
        if party is None or not party.children:
            return False
        return not party.child_ages or min(party.child_ages) <= YOUNG_CHILD_AGE

    def budget_sgd(self) -> Decimal | None:
        return None if self.budget is None else self.budget.to_sgd()

    def missing(self) -> list[str]:
        """The essential fields intake must still ask for, in asking order."""
        out: list[str] = []
        if self.start_date is None or self.end_date is None:
            out.append("dates")
        if self.party is None or self.party.adults + self.party.children == 0:
            out.append("party")
        return out

    def problems(self, today: date) -> list[TripProblem]:
        """Validate the request against ``today``; an empty list means it can be planned."""
        out: list[TripProblem] = []
        if self.start_date is not None and self.end_date is not None:
            if self.end_date < self.start_date:
                out.append(TripProblem(code="return_before_departure"))
            elif self.days is not None and self.days > MAX_TRIP_DAYS:
                out.append(TripProblem(code="too_long", value=self.days))
        if self.start_date is not None and self.start_date < today:
            out.append(TripProblem(code="in_past", value=self.start_date.isoformat()))
        if self.party is not None:
            if self.party.size > MAX_PEOPLE:
                out.append(TripProblem(code="too_many_people", value=self.party.size))
            if self.party.adults == 0 and self.party.children > 0:
                out.append(TripProblem(code="no_adult"))
        return out


class TripProblem(BaseModel):
    """One validation failure; rendered in the user's language by the core."""

    model_config = ConfigDict(frozen=True)

    code: Literal[
        "return_before_departure",
        "too_long",
        "in_past",
        "too_many_people",
        "no_people",
        "no_adult",
        "bad_budget",
        "bad_date",
    ]
    value: str | int | None = None
