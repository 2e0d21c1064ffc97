"""Export an itinerary as an iCalendar file (one event per visit, meal and show).

Times are Singapore local time with a ``VTIMEZONE`` for Asia/Singapore, so calendars abroad show
them correctly. UIDs hash the trip's dates, the day and the place, so re-importing an edited plan
updates events instead of duplicating them. ``DTSTAMP`` must be supplied or is derived from the
plan (the data date), because the clock is never read here.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot.i18n import Lang, t
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase, minutes
from bot.planner.render import place_label, sgd

SINGAPORE = ZoneInfo("Asia/Singapore")
PRODID = "-//bundletrip//EN"
UID_DOMAIN = "bundletrip"


def itinerary_to_ics(
    it: Itinerary, kb: KnowledgeBase, lang: Lang, *, stamp: datetime | None = None
) -> bytes:
    """Return the plan as an ``.ics`` file's bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t(lang, "plan.calendar_name"))
    cal.add("x-wr-timezone", SINGAPORE.key)
    dtstamp = stamp or _default_stamp(it)
    trip = _trip_key(it)
    for day in it.days:
        for item in day.items:
            if item.kind != "transit":
                cal.add_component(_event(item, day, kb, lang, trip, dtstamp))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def event_uid(trip: str, day: date, item: Item) -> str:
    """A stable UID: the same trip, day, place and kind always give the same one."""
    raw = f"{trip}|{day.isoformat()}|{item.kind}|{item.place_id or item.name}"
    return f"{hashlib.sha256(raw.encode()).hexdigest()[:24]}@{UID_DOMAIN}"


def _trip_key(it: Itinerary) -> str:
    request = it.request
    start = request.start_date or (it.days[0].date if it.days else None)
    end = request.end_date or (it.days[-1].date if it.days else None)
    return f"{start}/{end}"


def _default_stamp(it: Itinerary) -> datetime:
    when = it.request.start_date or (it.days[0].date if it.days else date(2000, 1, 1))
    if it.data_as_of:
        try:
            when = date.fromisoformat(it.data_as_of)
        except ValueError:
            pass
    return datetime.combine(when, time(0, 0), tzinfo=UTC)


def _at(day: date, hhmm: str) -> datetime:
    """Local time on ``day``; ``"24:00"`` is the next midnight."""
    return datetime.combine(day, time(0, 0), tzinfo=SINGAPORE) + timedelta(minutes=minutes(hhmm))


def _event(
    item: Item, day: Day, kb: KnowledgeBase, lang: Lang, trip: str, dtstamp: datetime
) -> Event:
    place = kb.places.get(item.place_id or "")
    event = Event()
    event.add("uid", event_uid(trip, day.date, item))
    event.add("dtstamp", dtstamp)
    event.add("dtstart", _at(day.date, item.start))
    event.add("dtend", _at(day.date, item.end))
    event.add("summary", _summary(item, place, lang))
    event.add("description", _description(item, place, kb, lang))
    if place is not None:
        event.add("location", _location(place, lang))
        event.add("geo", (place.lat, place.lon))
        if place.url:
            event.add("url", place.url)
    elif item.lat is not None and item.lon is not None:
        event.add("geo", (item.lat, item.lon))
    return event


def _summary(item: Item, place: Attraction | FoodPlace | None, lang: Lang) -> str:
    name = place_label(place, lang) if place is not None else item.name
    if item.kind == "meal":
        m = minutes(item.start)
        meal = "breakfast" if m < 11 * 60 else "lunch" if m < 16 * 60 else "dinner"
        return f"{t(lang, 'plan.' + meal)}: {name}"
    if item.kind == "show":
        return f"{name} ({t(lang, 'plan.show')})"
    return name


def _location(place: Attraction | FoodPlace, lang: Lang) -> str:
    name = place.names.of(lang)
    address = place.address if isinstance(place, Attraction) and place.address else place.area
    return f"{name}, {address}, Singapore"


def _description(
    item: Item, place: Attraction | FoodPlace | None, kb: KnowledgeBase, lang: Lang
) -> str:
    lines: list[str] = []
    if place is not None:
        lines.append(place.summary.ko if lang == "ko" else place.summary.en)
    if isinstance(place, FoodPlace):
        dish = place.signature_dishes[0]
        lines.append(t(lang, "plan.try", dish=dish.ko if lang == "ko" else dish.en))
    lines.append(sgd(item.cost_sgd) if item.cost_sgd > 0 else t(lang, "plan.free"))
    alternative = kb.places.get(item.rain_alternative_id or "")
    if alternative is not None:
        lines.append(t(lang, "plan.rain", place=place_label(alternative, lang)))
    if item.note:
        lines.append(item.note)
    if place is not None and place.url:
        lines.append(place.url)
    return "\n".join(lines)
