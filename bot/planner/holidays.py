"""Singapore public holidays as data (``data/holidays.json``), for opening-hours rules.

Each record is a gazetted holiday with the date it falls on and, when it falls on a Sunday, the
Monday observed in lieu (Holidays Act: "if a public holiday falls on a Sunday, the next day is a
public holiday"). Both days count as holidays here. Records whose date was not yet confirmed by
MOM when the data was entered carry ``confirmed: false``; rules that would *open* a place on a
holiday only trust confirmed dates, rules that would *close* it trust both (the narrower reading).
"""

from __future__ import annotations

import datetime as dt
import json
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, model_validator


class PublicHoliday(BaseModel):
    """One gazetted public holiday."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    name: str = Field(min_length=1)
    observed: dt.date | None = None  # the Monday in lieu when the holiday falls on a Sunday
    confirmed: bool = True

    @model_validator(mode="after")
    def _in_lieu(self) -> PublicHoliday:
        if self.date.weekday() == 6 and self.observed != self.date + timedelta(days=1):
            raise ValueError(f"{self.name} {self.date} is a Sunday: observed must be the Monday")
        if self.date.weekday() != 6 and self.observed is not None:
            raise ValueError(f"{self.name} {self.date} is not a Sunday: no day in lieu")
        return self


class HolidayCalendar(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    as_of: date
    years: tuple[int, ...]
    holidays: tuple[PublicHoliday, ...]


@lru_cache(maxsize=1)
def load_holidays() -> HolidayCalendar:
    """Load the bundled holiday calendar (cached: the data is immutable)."""
    raw = resources.files("bot.planner.data").joinpath("holidays.json").read_text("utf-8")
    return HolidayCalendar.model_validate(json.loads(raw))


@lru_cache(maxsize=4)
def holiday_dates(*, confirmed_only: bool) -> frozenset[date]:
    """Every holiday and day in lieu in the calendar."""
    out: set[date] = set()
    for h in load_holidays().holidays:
        if h.confirmed or not confirmed_only:
            out.add(h.date)
            if h.observed is not None:
                out.add(h.observed)
    return frozenset(out)


def is_public_holiday(day: date, *, confirmed_only: bool = True) -> bool:
    """Whether ``day`` is a Singapore public holiday or a day in lieu."""
    return day in holiday_dates(confirmed_only=confirmed_only)
