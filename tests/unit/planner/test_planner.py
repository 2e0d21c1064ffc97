"""The planner: plan_trip turns a complete request into a feasible itinerary or explains why not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from bot.planner.itinerary import Itinerary
from bot.planner.kb import FoodPlace, KnowledgeBase, minutes
from bot.planner.service import Infeasible
from bot.trip import Money, Pace, Party, Transport, TravelStyle, TripRequest

Plan = Callable[[TripRequest], Itinerary | Infeasible]
Make = Callable[..., TripRequest]


def planned(result: Itinerary | Infeasible) -> Itinerary:
    assert isinstance(result, Itinerary), result
    return result


def visits(it: Itinerary) -> list[str]:
    return [
        i.place_id for d in it.days for i in d.items if i.kind in ("visit", "show") and i.place_id
    ]


def test_night_safari_is_scheduled_after_dark(plan: Plan, make_request: Make) -> None:
    it = planned(plan(make_request(days=2, must_see=["night-safari"])))
    item = next(i for d in it.days for i in d.items if i.place_id == "night-safari")
    assert minutes(item.start) >= 19 * 60 + 15
    assert item.block == "evening"


def test_closed_monday_museum_is_not_planned_on_monday(plan: Plan, make_request: Make) -> None:
    it = planned(plan(make_request(days=2, must_see=["peranakan-museum"])))
    monday = it.days[0]
    assert monday.date.weekday() == 0
    assert "peranakan-museum" not in [i.place_id for i in monday.items]
    assert "peranakan-museum" in visits(it)


def test_every_day_has_lunch_and_dinner_at_a_food_place(
    plan: Plan, make_request: Make, kb: KnowledgeBase
) -> None:
    it = planned(plan(make_request(days=3, styles=[TravelStyle.FOOD])))
    food = {f.id for f in kb.food}
    for day in it.days:
        meals = [i for i in day.items if i.kind == "meal" and i.note != "snack"]
        assert [m.note for m in meals] == ["lunch", "dinner"]
        assert all(m.place_id in food for m in day.items if m.kind == "meal")
        assert 11 * 60 + 30 <= minutes(meals[0].start) <= 14 * 60
        assert 18 * 60 <= minutes(meals[1].start) <= 20 * 60 + 30


def test_food_lovers_get_an_afternoon_snack_at_a_hawker_centre_others_do_not(
    plan: Plan, make_request: Make, kb: KnowledgeBase
) -> None:
    local = {"hawker_centre", "food_street", "hawker_stall", "food_court"}
    foodies = planned(plan(make_request(days=3, styles=[TravelStyle.FOOD])))
    snacks = [i for d in foodies.days for i in d.items if i.kind == "meal" and i.note == "snack"]
    assert snacks
    for snack in snacks:
        place = kb.places[snack.place_id or ""]
        assert isinstance(place, FoodPlace) and place.kind in local
        assert "14:30" <= snack.start <= "16:30"
    others = planned(plan(make_request(days=3, styles=[TravelStyle.CITY])))
    assert not [i for d in others.days for i in d.items if i.note == "snack"]


def test_must_see_is_included(plan: Plan, make_request: Make) -> None:
    must = ["universal-studios-singapore", "singapore-zoo"]
    it = planned(plan(make_request(days=3, must_see=must)))
    assert set(must) <= set(visits(it))


def test_avoided_place_never_appears(plan: Plan, make_request: Make) -> None:
    avoid = ["gardens-by-the-bay", "merlion-park", "national-gallery"]
    it = planned(plan(make_request(days=4, avoid=avoid)))
    used = {i.place_id for d in it.days for i in d.items} | {
        i.rain_alternative_id for d in it.days for i in d.items
    }
    assert not used & set(avoid)


def test_budget_too_small_is_explained_with_the_amount(plan: Plan, make_request: Make) -> None:
    result = plan(
        make_request(
            days=3, budget=Money(amount=Decimal(60)), must_see=["universal-studios-singapore"]
        )
    )
    assert isinstance(result, Infeasible)
    assert result.constraint == "budget"
    assert result.amount is not None and result.amount > 0
    assert f"{result.amount:.0f}" in result.message_en
    assert any("Universal Studios" in s for s in result.suggestions)


def test_a_modest_budget_is_respected(plan: Plan, make_request: Make) -> None:
    it = planned(plan(make_request(days=3, budget=Money(amount=Decimal(150)))))
    assert it.totals.per_person_sgd <= 150


def test_no_place_repeats_across_days(plan: Plan, make_request: Make) -> None:
    seen = visits(planned(plan(make_request(days=5, pace=Pace.PACKED))))
    assert len(seen) == len(set(seen))


def test_children_never_get_adult_only_places(plan: Plan, make_request: Make) -> None:
    party = Party(adults=2, children=2, child_ages=(5, 8))
    it = planned(plan(make_request(days=4, party=party, styles=[TravelStyle.LUXURY])))
    assert "rooftop-bar-1-altitude" not in visits(it)


def test_adult_only_must_see_with_children_is_explained(plan: Plan, make_request: Make) -> None:
    party = Party(adults=1, children=1)
    result = plan(make_request(party=party, must_see=["rooftop-bar-1-altitude"]))
    assert isinstance(result, Infeasible) and result.constraint == "party"


def test_show_starts_at_a_show_time(plan: Plan, make_request: Make) -> None:
    it = planned(plan(make_request(days=1, must_see=["spectra-light-show"])))
    show = next(i for d in it.days for i in d.items if i.place_id == "spectra-light-show")
    assert show.kind == "show"
    assert show.start in ("20:00", "21:00")


def test_split_hours_temple_is_visited_inside_one_interval(plan: Plan, make_request: Make) -> None:
    it = planned(plan(make_request(days=1, must_see=["sri-mariamman-temple"])))
    item = next(i for d in it.days for i in d.items if i.place_id == "sri-mariamman-temple")
    start, end = minutes(item.start), minutes(item.end)
    assert (7 * 60 <= start and end <= 12 * 60) or (18 * 60 <= start and end <= 21 * 60)


def test_arrival_day_starts_at_changi_after_the_buffer(plan: Plan, make_request: Make) -> None:
    it = planned(plan(make_request(days=2, arrival_time="10:00", departure_time="20:00")))
    first, last = it.days[0], it.days[-1]
    assert first.start_place == "changi-airport"
    assert minutes(first.items[0].start) >= 11 * 60 + 30
    assert last.end_place == "changi-airport"
    assert last.items[-1].to_id == "changi-airport"
    assert minutes(last.items[-1].end) <= 17 * 60 + 30


def test_items_are_chronological_and_transit_joins_places(plan: Plan, make_request: Make) -> None:
    it = planned(plan(make_request(days=3, transport=[Transport.TAXI, Transport.PUBLIC])))
    for day in it.days:
        ends = 0
        for item in day.items:
            assert minutes(item.start) >= ends
            ends = minutes(item.end)
        places = [i for i in day.items if i.kind != "transit"]
        legs = [i for i in day.items if i.kind == "transit"]
        assert legs[0].from_id == day.start_place and legs[-1].to_id == day.end_place
        assert len(legs) >= len(places)


def test_outdoor_afternoon_visits_have_an_indoor_rain_alternative(
    plan: Plan, make_request: Make, kb: KnowledgeBase
) -> None:
    it = planned(plan(make_request(days=4, pace=Pace.PACKED)))
    for item in (i for d in it.days for i in d.items):
        place = kb.attraction(item.place_id or "")
        if place is not None and place.outdoor and item.block == "afternoon":
            if item.rain_alternative_id is not None:
                alt = kb.attraction(item.rain_alternative_id)
                assert alt is not None and alt.setting == "indoor"


def test_days_name_their_bundles_and_link_a_map(plan: Plan, make_request: Make) -> None:
    it = planned(plan(make_request(days=2)))
    for day in it.days:
        assert 1 <= len(day.bundles) <= 3
        assert all(b.area and b.place_ids for b in day.bundles)
        assert day.maps_url.startswith("https://www.google.com/maps/dir/?api=1&origin=")
        assert "waypoints=" in day.maps_url and "travelmode=transit" in day.maps_url


def test_totals_add_up_and_assumptions_name_the_defaults(plan: Plan, make_request: Make) -> None:
    it = planned(plan(make_request(days=2)))
    items = [i for d in it.days for i in d.items]
    assert abs(it.totals.per_person_sgd - sum(i.cost_sgd for i in items)) < 0.05
    assert it.totals.party_sgd == round(it.totals.per_person_sgd * 2, 2)
    assert "hotel near City Hall (default)" in it.assumptions
    assert "normal pace" in it.assumptions
    assert it.data_as_of == "2025-01-01"


def test_relaxed_days_hold_fewer_visits_than_packed(plan: Plan, make_request: Make) -> None:
    relaxed = planned(plan(make_request(days=2, pace=Pace.RELAXED)))
    packed = planned(plan(make_request(days=2, pace=Pace.PACKED)))
    assert all(len([i for i in d.items if i.kind == "visit"]) <= 3 for d in relaxed.days)
    assert len(visits(packed)) > len(visits(relaxed))


def test_unknown_must_see_is_explained(plan: Plan, make_request: Make) -> None:
    result = plan(make_request(must_see=["atlantis"]))
    assert isinstance(result, Infeasible) and result.constraint == "must_see"
    assert result.message_ko


def test_must_see_closed_all_trip_is_explained(plan: Plan, make_request: Make) -> None:
    result = plan(make_request(days=1, must_see=["peranakan-museum"]))
    assert isinstance(result, Infeasible) and "closed" in result.message_en


def test_flights_too_close_together_are_explained(plan: Plan, make_request: Make) -> None:
    result = plan(make_request(days=1, arrival_time="10:00", departure_time="13:00"))
    assert isinstance(result, Infeasible) and result.constraint == "dates"


def test_plans_are_deterministic(plan: Plan, make_request: Make) -> None:
    request = make_request(days=2, styles=[TravelStyle.NATURE])
    first, second = planned(plan(request)), planned(plan(request))
    assert first.model_dump_json() == second.model_dump_json()


def test_dates_come_from_the_request(plan: Plan, make_request: Make) -> None:
    request = make_request(days=3)
    it = planned(plan(request))
    assert [d.date for d in it.days] == [
        request.start_date + timedelta(days=i)  # type: ignore[operator]
        for i in range(3)
    ]
