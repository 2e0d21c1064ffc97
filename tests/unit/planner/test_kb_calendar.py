"""Dated closures, public holidays, appointment-only places and weekday show times in the real
knowledge base, enforced alike by the planner's "open on day D" and by the checker."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from bot.planner.catalogue import describe_attraction
from bot.planner.checker import check_itinerary
from bot.planner.holidays import PublicHoliday, is_public_holiday
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import Attraction, FoodPlace
from bot.planner.service import Infeasible, plan_trip
from bot.planner.stops import make_context, meal_windows, visit_windows
from bot.trip import Party, TripRequest
from tests.support.planner import real

MONDAY = date(2026, 12, 7)
TUESDAY = date(2026, 12, 8)
FRIDAY = date(2026, 12, 11)
NATIONAL_DAY_IN_LIEU = date(2026, 8, 10)  # National Day 9 Aug 2026 is a Sunday
LUNCH = (11 * 60, 14 * 60 + 30)


def attraction(place_id: str) -> Attraction:
    found = real()[0].attraction(place_id)
    assert found is not None, place_id
    return found


def food(place_id: str) -> FoodPlace:
    found = real()[0].places[place_id]
    assert isinstance(found, FoodPlace), place_id
    return found


def one_day(day: date, items: list[Item], party: Party | None = None) -> Itinerary:
    request = TripRequest(start_date=day, end_date=day, party=party or Party(adults=1))
    return Itinerary(request=request, days=[Day(date=day, items=items)])


def place_item(place_id: str, start: str, end: str, kind: str = "visit") -> Item:
    place = real()[0].places[place_id]
    return Item.model_validate(
        {
            "start": start,
            "end": end,
            "kind": kind,
            "place_id": place_id,
            "name": place.names.en,
            "lat": place.lat,
            "lon": place.lon,
        }
    )


def codes(itinerary: Itinerary) -> set[str]:
    kb, travel = real()
    return {v.code for v in check_itinerary(itinerary, kb, travel)}


def test_sunday_holidays_are_observed_on_the_monday() -> None:
    assert is_public_holiday(date(2026, 8, 9)) and is_public_holiday(NATIONAL_DAY_IN_LIEU)
    assert not is_public_holiday(date(2026, 8, 11))
    with pytest.raises(ValidationError):
        PublicHoliday(date=date(2026, 8, 9), name="National Day")  # missing the day in lieu


def test_chinatown_complex_is_closed_for_its_2026_repairs_and_open_after() -> None:
    complex_ = food("chinatown-complex-food-centre")
    assert complex_.open_intervals(date(2026, 4, 15)) == []
    assert meal_windows(complex_, date(2026, 4, 15), LUNCH, 45) == ()
    assert complex_.open_intervals(date(2026, 9, 15))


def test_the_checker_refuses_a_meal_during_a_repair_closure() -> None:
    meal = place_item("chinatown-complex-food-centre", "12:00", "12:45", kind="meal")
    assert "closed" in codes(one_day(date(2026, 4, 15), [meal]))
    assert "closed" not in codes(one_day(date(2026, 9, 15), [meal]))


def test_treetop_walk_is_closed_on_mondays_except_public_holidays() -> None:
    walk = attraction("macritchie-treetop-walk")
    assert visit_windows(walk, MONDAY, 150) == ()
    assert visit_windows(walk, NATIONAL_DAY_IN_LIEU, 150)  # open, on Sunday hours
    assert walk.open_intervals(NATIONAL_DAY_IN_LIEU) == walk.hours.on_weekday("sun")


def test_an_unconfirmed_holiday_never_opens_a_place_that_is_closed_on_mondays() -> None:
    walk = attraction("macritchie-treetop-walk")
    # 8 Feb 2027 (Chinese New Year in lieu) is entered as unconfirmed: the narrower reading wins
    assert visit_windows(walk, date(2027, 2, 8), 150) == ()


@pytest.mark.parametrize("place_id", ["tian-tian-hainanese-chicken-rice", "hells-museum"])
def test_the_two_added_places_are_closed_on_mondays(place_id: str) -> None:
    place = real()[0].places[place_id]
    assert place.open_intervals(MONDAY) == []
    assert place.open_intervals(TUESDAY)
    assert place.inside in ("maxwell-food-centre", "haw-par-villa")


@pytest.mark.parametrize("place_id", ["katong-antique-house", "nus-baba-house"])
def test_appointment_only_places_are_never_planned_as_walk_ins(place_id: str) -> None:
    kb, travel = real()
    request = TripRequest(start_date=TUESDAY, end_date=TUESDAY, party=Party(adults=2))
    ctx = make_context(request, kb, travel)
    assert place_id not in {a.id for a in ctx.eligible}
    visit = place_item(place_id, "14:00", "15:00")
    assert "appointment_only" in codes(one_day(TUESDAY, [visit]))


def test_spectra_has_a_late_show_on_fridays_and_saturdays_only() -> None:
    spectra = attraction("spectra")
    assert "22:00" in spectra.shows_on(FRIDAY)
    assert "22:00" in spectra.shows_on(date(2026, 12, 12))
    assert "22:00" not in spectra.shows_on(TUESDAY)
    assert (22 * 60, 22 * 60) in visit_windows(spectra, FRIDAY, 15)
    assert (22 * 60, 22 * 60) not in visit_windows(spectra, TUESDAY, 15)


def test_the_checker_knows_the_late_show_runs_only_at_the_weekend() -> None:
    late = place_item("spectra", "22:00", "22:15", kind="show")
    assert "show_time" not in codes(one_day(FRIDAY, [late]))
    assert codes(one_day(TUESDAY, [late])) & {"show_time", "closed"}


def test_garden_rhapsody_runs_at_a_quarter_to_eight_and_nine() -> None:
    assert attraction("garden-rhapsody").shows_on(TUESDAY) == ("19:45", "20:45")


def test_the_catalogue_shows_the_day_s_show_times_and_the_appointment_rule() -> None:
    kb, _ = real()
    friday = describe_attraction(attraction("spectra"), kb, "en", FRIDAY)
    tuesday = describe_attraction(attraction("spectra"), kb, "en", TUESDAY)
    shows = [next(x for x in text.splitlines() if "Shows at" in x) for text in (friday, tuesday)]
    assert "22:00" in shows[0] and "22:00" not in shows[1]
    katong = describe_attraction(attraction("katong-antique-house"), kb, "ko", TUESDAY)
    assert "예약" in katong


def test_an_appointment_only_must_see_is_explained_not_squeezed_in() -> None:
    kb, travel = real()
    request = TripRequest(
        start_date=TUESDAY,
        end_date=TUESDAY,
        party=Party(adults=2),
        must_see=["katong-antique-house"],
    )
    result = plan_trip(request, kb, travel=travel)
    assert isinstance(result, Infeasible)
    assert "appointment" in result.message_en and "예약" in result.message_ko


def test_nea_s_published_cleaning_days_close_the_hawker_centre() -> None:
    maxwell = food("maxwell-food-centre")
    cleaning = date(2026, 9, 15)  # NEA schedule: 14-16 Sep 2026
    assert maxwell.open_intervals(cleaning) == []
    assert maxwell.open_intervals(date(2026, 9, 17))
    source = next(p.source for p in maxwell.closed_periods if p.start <= cleaning <= p.end)
    assert "NEA" in source and "2026-02-15" in source


def test_a_stall_inside_a_hawker_centre_is_closed_on_the_centre_s_closed_days() -> None:
    # Tian Tian's own rule is Mondays; Maxwell's cleaning on Wed 16 Sep 2026 closes it too
    stall = food("tian-tian-hainanese-chicken-rice")
    assert stall.open_intervals(date(2026, 9, 16)) == []
    assert stall.open_intervals(date(2026, 9, 17))


def test_the_checker_refuses_a_meal_on_a_cleaning_day() -> None:
    for place_id in ("maxwell-food-centre", "tian-tian-hainanese-chicken-rice"):
        meal = place_item(place_id, "12:00", "12:45", kind="meal")
        assert "closed" in codes(one_day(date(2026, 9, 16), [meal]))
        assert "closed" not in codes(one_day(date(2026, 9, 17), [meal]))


def test_the_planner_never_plans_a_meal_on_a_cleaning_day() -> None:
    maxwell = food("maxwell-food-centre")
    assert meal_windows(maxwell, date(2026, 9, 15), LUNCH, 45) == ()
    assert meal_windows(maxwell, date(2026, 9, 17), LUNCH, 45)


def test_unknown_closure_dates_are_said_to_be_unknown_with_the_date_checked() -> None:
    kb, _ = real()
    for place_id in ("flower-dome", "cloud-forest", "maxwell-food-centre", "lau-pa-sat"):
        note = kb.places[place_id].closure_note
        assert "not in this data" in note or "none for 2026-2027" in note, place_id
        assert "checked 2026-11-30" in note, place_id
