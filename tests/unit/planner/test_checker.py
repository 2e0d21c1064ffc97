"""The checker: a valid hand-made plan passes; each single mutation yields its own violation."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bot.planner.checker import Violation, check_file, check_itinerary
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planner.travel import TravelModel
from bot.trip import Money, Party
from tests.unit.planner.fixtures_checker import (
    DAY2,
    Spec,
    build_itinerary,
    checker_kb,
    checker_travel,
    valid_spec,
)


def check(it: Itinerary) -> list[Violation]:
    return check_itinerary(it, checker_kb(), checker_travel())


def codes(it: Itinerary) -> set[str]:
    return {v.code for v in check(it)}


def replace(spec: list[Spec], day: int, pos: int, row: tuple[str, str, str, str]) -> list[Spec]:
    spec[day][pos] = row
    return spec


def test_the_hand_made_plan_is_valid() -> None:
    assert check(build_itinerary()) == []


def test_a_visit_on_a_closed_date_is_reported() -> None:
    spec = replace(valid_spec(), 1, 2, ("visit", "peranakan-museum", "13:30", "15:00"))
    found = check(build_itinerary(spec))
    assert {v.code for v in found} == {"closed"}
    assert found[0].day == 1 and found[0].place_id == "peranakan-museum"


def test_a_visit_across_the_lunch_break_of_split_hours_is_reported() -> None:
    spec = replace(valid_spec(), 0, 2, ("visit", "asian-civilisations-museum", "12:00", "13:30"))
    spec[0][1] = ("meal", "lau-pa-sat", "11:00", "11:45")
    assert "closed" in codes(build_itinerary(spec))


def test_entering_after_the_last_entry_is_reported() -> None:
    spec = valid_spec()
    spec[1][2] = ("visit", "national-museum", "18:31", "19:00")
    spec[1][3] = ("meal", "lau-pa-sat", "19:20", "20:00")
    del spec[0][0]
    assert "last_entry" in codes(build_itinerary(spec))


def test_overlapping_items_are_reported() -> None:
    spec = replace(valid_spec(), 0, 1, ("meal", "lau-pa-sat", "11:15", "12:15"))
    found = check(build_itinerary(spec))
    overlap = [v for v in found if v.code == "overlap"]
    assert overlap and overlap[0].amount is not None and overlap[0].amount > 0


def test_items_out_of_order_are_reported() -> None:
    it = build_itinerary()
    items = it.days[0].items
    items[0], items[2] = items[2], items[0]
    assert "order" in codes(it)


def test_a_transit_shorter_than_the_travel_model_allows_is_reported() -> None:
    it = build_itinerary()
    leg = it.days[0].items[1]
    assert leg.kind == "transit" and leg.mode == "taxi"
    leg.end = leg.start[:3] + f"{int(leg.start[3:]) + 2:02d}"
    found = check(it)
    assert {v.code for v in found} == {"travel_too_short"}
    assert found[0].amount is not None and found[0].amount >= 5


def test_one_minute_of_slack_is_allowed_on_transit() -> None:
    it = build_itinerary()
    leg = it.days[0].items[1]
    leg.end = leg.end[:3] + f"{int(leg.end[3:]) - 1:02d}"
    assert check(it) == []


def test_a_missing_transit_between_distant_places_is_reported() -> None:
    it = build_itinerary()
    taxi = it.days[0].items.pop(1)
    it.totals.per_person_sgd -= taxi.cost_sgd
    assert codes(it) == {"missing_transit"}


def test_a_transit_to_the_wrong_place_is_reported() -> None:
    it = build_itinerary()
    it.days[0].items[3].to_id = "gardens-by-the-bay"
    assert "transit_endpoints" in codes(it)


def test_a_day_without_lunch_is_reported() -> None:
    spec = valid_spec()
    del spec[0][1]
    found = check(build_itinerary(spec))
    assert [(v.code, v.day) for v in found] == [("missing_meal", 0)]
    assert "lunch" in found[0].detail


def test_a_day_without_dinner_is_reported() -> None:
    spec = valid_spec()
    del spec[1][3]
    assert codes(build_itinerary(spec)) == {"missing_meal"}


def test_lunch_is_not_demanded_before_arrival() -> None:
    spec = valid_spec()
    spec[0] = spec[0][3:]
    assert check(build_itinerary(spec, arrival_time="15:00")) == []


def test_items_before_arrival_are_reported() -> None:
    assert "outside_trip_hours" in codes(build_itinerary(arrival_time="10:30"))


def test_a_repeated_attraction_is_reported() -> None:
    spec = replace(valid_spec(), 1, 2, ("visit", "national-museum", "13:30", "15:00"))
    found = check(build_itinerary(spec))
    assert [(v.code, v.day, v.place_id) for v in found] == [("repeat", 1, "national-museum")]


def test_a_food_place_may_return_another_day_and_one_of_many_stalls_the_same_day() -> None:
    assert check(build_itinerary()) == []  # lau-pa-sat on both days
    spec = replace(valid_spec(), 0, 4, ("meal", "lau-pa-sat", "18:30", "19:30"))
    assert "repeat" not in codes(build_itinerary(spec))  # a hawker centre: lunch and dinner
    kb = checker_kb()
    one_kitchen = KnowledgeBase(
        attractions=kb.attractions,
        food=tuple(
            f.model_copy(update={"kind": "restaurant"}) if f.id == "lau-pa-sat" else f
            for f in kb.food
        ),
        mrt=kb.mrt,
    )
    found = check_itinerary(build_itinerary(spec), one_kitchen, TravelModel(one_kitchen))
    assert "repeat" in {v.code for v in found}  # one kitchen: not twice a day


def test_exceeding_the_budget_is_reported_with_the_overshoot() -> None:
    it = build_itinerary(budget=Money(amount=Decimal(50), currency="SGD"))
    found = check(it)
    assert [v.code for v in found] == ["budget"]
    spent = sum(i.cost_sgd for d in it.days for i in d.items)
    assert found[0].amount == pytest.approx(spent - 50)


def test_the_budget_is_converted_from_won() -> None:
    small = Money(amount=Decimal(60_000), currency="KRW")
    big = Money(amount=Decimal(2_000_000), currency="KRW")
    assert codes(build_itinerary(budget=small)) == {"budget"}
    assert codes(build_itinerary(budget=big)) == set()


def test_stated_totals_are_not_trusted() -> None:
    it = build_itinerary()
    it.totals.per_person_sgd = 1.0
    assert codes(it) == {"totals"}


def test_an_understated_ticket_price_is_reported_and_counted() -> None:
    it = build_itinerary(budget=Money(amount=Decimal(140), currency="SGD"))
    gardens = it.days[0].items[6]
    assert gardens.place_id == "gardens-by-the-bay"
    gardens.cost_sgd = 0.0
    it.totals.per_person_sgd -= 32
    assert codes(it) == {"price", "budget"}


def test_a_show_at_a_time_it_does_not_run_is_reported() -> None:
    spec = replace(valid_spec(), 0, 5, ("show", "spectra-show", "20:30", "20:45"))
    assert codes(build_itinerary(spec)) == {"show_time"}


def test_an_avoided_place_is_reported() -> None:
    found = check(build_itinerary(avoid=["gardens-by-the-bay"]))
    assert [(v.code, v.place_id) for v in found] == [("avoided", "gardens-by-the-bay")]


def test_a_missing_must_see_is_reported() -> None:
    found = check(build_itinerary(must_see=["peranakan-museum", "national-museum"]))
    assert [(v.code, v.place_id) for v in found] == [("must_see_missing", "peranakan-museum")]


def test_an_adults_only_place_is_reported_when_children_travel() -> None:
    found = check(build_itinerary(party=Party(adults=2, children=1)))
    assert {(v.code, v.place_id) for v in found} == {("child_unsuitable", "rooftop-bar")}


def test_an_evening_only_place_in_the_afternoon_is_reported() -> None:
    spec = valid_spec()
    spec[0][5] = ("show", "spectra-show", "21:00", "21:15")
    spec[1].insert(3, ("show", "spectra-show", "16:00", "16:15"))
    assert "evening_only" in codes(build_itinerary(spec))


def test_a_daytime_only_place_after_seven_pm_is_reported() -> None:
    spec = valid_spec()
    spec[1][0] = ("visit", "buddha-tooth-relic-temple", "19:30", "20:30")
    del spec[1][3]
    assert "daytime_only" in codes(build_itinerary(spec))


def test_a_visit_too_short_for_the_place_is_reported() -> None:
    spec = replace(valid_spec(), 0, 0, ("visit", "national-museum", "10:00", "10:20"))
    assert codes(build_itinerary(spec)) == {"dwell"}


def test_an_unknown_place_is_reported() -> None:
    it = build_itinerary()
    it.days[1].items[2].place_id = "atlantis"
    assert "unknown_place" in codes(it)


def test_an_item_whose_name_disagrees_with_the_catalogue_is_reported() -> None:
    it = build_itinerary()
    it.days[0].items[0].name = "National Museum of Atlantis"
    it.days[0].items[2].lat = 1.35
    assert codes(it) == {"place_mismatch"}


def test_a_meal_at_an_attraction_is_reported() -> None:
    it = build_itinerary()
    it.days[0].items[0].kind = "meal"
    assert "wrong_kind" in codes(it)


def test_too_few_days_are_reported() -> None:
    it = build_itinerary(end_date=DAY2 + timedelta(days=1))
    assert codes(it) == {"day_count"}


def test_a_day_with_the_wrong_date_is_reported() -> None:
    it = build_itinerary()
    it.days[1].date = DAY2 + timedelta(days=3)
    assert "wrong_date" in codes(it)


def test_check_file_reads_a_plan_and_reports_bad_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"days": "nope"}), encoding="utf-8")
    assert [v.code for v in check_file(bad)] == ["invalid_plan"]


def test_a_sloppy_arrival_time_does_not_crash_the_checker() -> None:
    assert check(build_itinerary(arrival_time="9:00")) == []
    assert check(build_itinerary(arrival_time="soon")) == []
