"""iCalendar export: parsed back, events carry Singapore times, places and stable UIDs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, vGeo

from bot.planner.ics import PRODID, itinerary_to_ics
from tests.unit.planner.fixtures_checker import build_itinerary, checker_kb

SG = ZoneInfo("Asia/Singapore")


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_one_event_per_visit_meal_and_show_with_singapore_times() -> None:
    it = build_itinerary()
    cal = parse(itinerary_to_ics(it, checker_kb(), "en"))
    events = cal.walk("VEVENT")
    places = [i for d in it.days for i in d.items if i.kind != "transit"]
    assert len(events) == len(places) == 10
    first = events[0]
    assert first.decoded("dtstart") == datetime(2030, 6, 4, 10, 0, tzinfo=SG)
    assert first.decoded("dtend") == datetime(2030, 6, 4, 11, 30, tzinfo=SG)
    assert str(first["dtstart"].params["TZID"]) == "Asia/Singapore"
    assert first.decoded("dtstart").utcoffset() == timedelta(hours=8)
    assert str(first["summary"]) == "10 : National Museum of Singapore"
    assert "Civic District" in str(first["location"])
    geo = first["geo"]
    assert isinstance(geo, vGeo)
    assert (geo.latitude, geo.longitude) == (1.2966, 103.8485)
    assert str(cal["prodid"]) == PRODID
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Singapore"]


def test_meals_and_shows_are_named_and_described() -> None:
    cal = parse(itinerary_to_ics(build_itinerary(), checker_kb(), "en"))
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert "Lunch: Lau Pa Sat" in summaries
    assert "Spectra Light Show (show)" in summaries
    lunch = cal.walk("VEVENT")[1]
    assert "try Hainanese chicken rice" in str(lunch["description"])


def test_korean_export_uses_korean_names() -> None:
    cal = parse(itinerary_to_ics(build_itinerary(), checker_kb(), "ko"))
    assert str(cal.walk("VEVENT")[0]["summary"]) == "10 : 싱가포르 국립 박물관"


def test_uids_are_unique_and_stable_across_exports_and_time_edits() -> None:
    it = build_itinerary()
    one = [str(e["uid"]) for e in parse(itinerary_to_ics(it, checker_kb(), "en")).walk("VEVENT")]
    it.days[0].items[0].end = "11:45"
    two = [str(e["uid"]) for e in parse(itinerary_to_ics(it, checker_kb(), "ko")).walk("VEVENT")]
    assert one == two and len(set(one)) == len(one)


def test_dtstamp_is_given_or_derived_never_the_clock() -> None:
    stamp = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    cal = parse(itinerary_to_ics(build_itinerary(), checker_kb(), "en", stamp=stamp))
    assert cal.walk("VEVENT")[0].decoded("dtstamp") == stamp
    derived = parse(itinerary_to_ics(build_itinerary(), checker_kb(), "en"))
    assert derived.walk("VEVENT")[0].decoded("dtstamp") == datetime(2025, 1, 1, tzinfo=UTC)


def test_an_event_ending_at_midnight_ends_the_next_day() -> None:
    it = build_itinerary()
    it.days[0].items[-1].end = "24:00"
    cal = parse(itinerary_to_ics(it, checker_kb(), "en"))
    assert cal.walk("VEVENT")[5].decoded("dtend") == datetime(2030, 6, 5, 0, 0, tzinfo=SG)
