"""Pace and timing edits: start later, more time at a place, less walking, a part of the day."""

from __future__ import annotations

from bot.planner import adjust
from bot.planner.checker import check_itinerary
from bot.planner.explain import Infeasible
from bot.planner.itinerary import Itinerary
from bot.planner.kb import minutes
from bot.planner.service import plan_trip
from tests.unit.planner.test_good_days import KB, TRAVEL, plan, sights, walks


def ok(result: Itinerary | Infeasible) -> Itinerary:
    assert isinstance(result, Itinerary), result
    assert check_itinerary(result, KB, TRAVEL) == []
    return result


def test_a_day_can_start_later_and_the_wish_outlives_a_replan() -> None:
    it = plan(3)
    later = ok(adjust.start_later(it, 1, "11:00", kb=KB, travel=TRAVEL))
    assert later.days[1].items[0].start >= "10:30"  # leave the hotel in time for 11:00
    assert min(i.start for i in later.days[1].items if i.kind != "transit") >= "11:00"
    assert later.days[0] == it.days[0] and later.days[2] == it.days[2]  # other days pinned
    again = ok(plan_trip(later.request, KB, travel=TRAVEL))
    assert min(i.start for i in again.days[1].items if i.kind != "transit") >= "11:00"


def test_start_later_without_a_time_starts_an_hour_later() -> None:
    it = plan(2)
    later = ok(adjust.start_later(it, 0, None, kb=KB, travel=TRAVEL))
    assert minutes(later.days[0].items[0].start) >= minutes(it.days[0].items[0].start) + 50


def test_more_time_at_a_place_makes_its_visit_longer() -> None:
    it = plan(3)
    place = next(p for p in sights(it.days[0]) if KB.places[p].duration_max > 60)  # type: ignore[union-attr]
    longer = ok(adjust.more_time(it, place, kb=KB, travel=TRAVEL))

    def length(x: Itinerary) -> int:
        item = next(i for d in x.days for i in d.items if i.place_id == place)
        return minutes(item.end) - minutes(item.start)

    assert length(longer) > length(it)
    assert place in longer.request.long_visits


def test_less_walking_shortens_every_walk_of_the_trip() -> None:
    it = plan(3)
    fewer = ok(adjust.less_walking(it, kb=KB, travel=TRAVEL))
    assert max(walks(fewer)) <= 10 < max(walks(it)) or max(walks(it)) <= 10
    assert fewer.request.max_walk_minutes == 10
    assert {p for d in fewer.days for p in sights(d)} == {p for d in it.days for p in sights(d)}


def test_a_place_goes_into_the_part_of_the_day_asked_for() -> None:
    it = plan(3)
    added = ok(adjust.add_at(it, "spectra", 1, "evening", kb=KB, travel=TRAVEL))
    item = next(i for i in added.days[1].items if i.place_id == "spectra")
    assert item.start >= "17:00"
    morning = adjust.add_at(it, "spectra", 1, "morning", kb=KB, travel=TRAVEL)
    assert isinstance(morning, Infeasible) and "morning" in morning.message_en
    assert morning.message_ko
