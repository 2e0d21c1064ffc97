"""Plans a local friend would make: one part of town at a time, meals on the way, the words heard.

These run on the real knowledge base, as a traveller would get them.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from unittest.mock import patch

import pytest

from bench.bench_planner import Recorder, day_meal_detours, style_service
from bot.planner import service
from bot.planner.checker import check_itinerary
from bot.planner.days import regions_of
from bot.planner.geo import haversine_km
from bot.planner.itinerary import Day, Itinerary
from bot.planner.kb import Attraction, load_knowledge_base, minutes
from bot.planner.regions import COMBINE_KM, area_name
from bot.planner.service import Infeasible, plan_trip, travel_model
from bot.planner.stops import day_bounds, make_context, quiet_kind
from bot.planner.value import is_filler, place_value
from bot.trip import Pace, Party, TravelStyle, TripRequest

KB = load_knowledge_base()
TRAVEL = travel_model(KB)
FRIDAY = date(2027, 3, 12)
MANDAI_PARKS = {"singapore-zoo", "night-safari", "river-wonders", "bird-paradise"}


def plan(days: int = 3, **fields: object) -> Itinerary:
    fields.setdefault("party", Party(adults=2))
    request = TripRequest(start_date=FRIDAY, end_date=FRIDAY + timedelta(days=days - 1), **fields)
    result = plan_trip(request, KB, travel=TRAVEL)
    assert not isinstance(result, Infeasible), result.message_en
    return result


def sights(day: Day) -> list[str]:
    return [i.place_id for i in day.items if i.kind in ("visit", "show") and i.place_id]


def all_sights(it: Itinerary) -> list[str]:
    return [p for d in it.days for p in sights(d)]


def region_sequence(day: Day) -> list[str]:
    ctx_regions = regions_of(make_context(TripRequest(), KB, TRAVEL))
    out: list[str] = []
    for item in day.items:
        if item.kind != "transit" and item.place_id in ctx_regions.of:
            region = ctx_regions.of[item.place_id]
            if not out or out[-1] != region:
                out.append(region)
    return out


REQUESTS = [
    {"styles": [TravelStyle.FOOD, TravelStyle.NATURE], "party": Party(adults=2, children=1)},
    {"styles": [TravelStyle.CITY]},
    {"styles": [TravelStyle.FAMILY], "party": Party(adults=2, children=2, child_ages=(4, 7))},
    {"interests": ["history", "art"], "pace": Pace.PACKED},
    {"styles": [TravelStyle.LUXURY], "interests": ["nightlife"]},
    {"must_see": ["gardens-by-the-bay", "universal-studios-singapore"]},
]


@pytest.mark.parametrize("fields", REQUESTS)
def test_a_day_never_crosses_town_and_comes_back(fields: dict[str, object]) -> None:
    rmap = regions_of(make_context(TripRequest(), KB, TRAVEL))
    it = plan(4, **fields)
    for day in it.days:
        seq = region_sequence(day)
        sights_in = {rmap.of[p] for p in sights(day)}
        assert len(sights_in) <= 2 + len(set(it.request.must_see)), (day.date, seq)
        for i, here in enumerate(seq):  # A -> B -> A only when B is next door (a walk away)
            for away in seq[i + 1 :]:
                if here in seq[seq.index(away) :]:
                    near = haversine_km(rmap.centres[here], rmap.centres[away]) <= COMBINE_KM
                    assert near, (day.date, seq)


@pytest.mark.parametrize("fields", REQUESTS)
def test_meals_are_taken_on_the_way_not_out_and_back(fields: dict[str, object]) -> None:
    it = plan(4, **fields)
    for day in it.days:
        detours = day_meal_detours(it, day, TRAVEL)
        assert all(d <= 30 for d in detours), (day.date, detours)  # goal 10: see bench


def test_the_zoo_and_the_night_safari_are_one_trip_to_mandai() -> None:
    it = plan(3, must_see=["singapore-zoo", "night-safari"])
    days = [i for i, d in enumerate(it.days) if {"singapore-zoo", "night-safari"} & set(sights(d))]
    assert len(days) == 1
    day = it.days[days[0]]
    assert sights(day).index("singapore-zoo") < sights(day).index("night-safari")


def test_kids_who_love_animals_get_the_mandai_parks() -> None:
    it = plan(3, party=Party(adults=2, children=1, child_ages=(7,)), interests=["zoo"])
    got = MANDAI_PARKS & set(all_sights(it))
    assert len(got) >= 2, all_sights(it)
    assert len({i for i, d in enumerate(it.days) if MANDAI_PARKS & set(sights(d))}) == 1


def _tags(place_id: str) -> list[str]:
    """A sight's tags (food places carry none)."""
    place = KB.places[place_id]
    return list(place.tags) if isinstance(place, Attraction) else []


def test_nightlife_puts_the_evenings_at_bars_and_the_river() -> None:
    plain, night = plan(3), plan(3, interests=["nightlife"])
    tagged = {"nightlife", "bar", "rooftop"}

    def late_nightlife(it: Itinerary) -> int:
        return len(
            [
                i
                for d in it.days
                for i in d.items
                if i.kind == "visit"
                and i.place_id
                and i.start >= "18:00"
                and tagged & set(_tags(i.place_id))
            ]
        )

    assert late_nightlife(night) >= 2 > late_nightlife(plain) - 1


def test_foodies_get_more_food_places_than_a_city_break() -> None:
    def food_sights(it: Itinerary) -> int:
        tags = {"hawker", "dining", "market", "food", "cafes"}
        return len([p for p in all_sights(it) if tags & set(_tags(p))])

    assert food_sights(plan(3, styles=[TravelStyle.FOOD])) > food_sights(
        plan(3, styles=[TravelStyle.CITY])
    )


@pytest.mark.parametrize("fields", REQUESTS[:4])
def test_malls_and_districts_do_not_fill_a_plan_nobody_asked_to_shop(
    fields: dict[str, object],
) -> None:
    it = plan(4, **fields)
    fillers = [
        p
        for p in all_sights(it)
        if isinstance(KB.places[p], Attraction)
        and is_filler(KB.places[p], set(it.request.interests))  # type: ignore[arg-type]
        and p not in it.request.must_see
    ]
    assert len(fillers) <= 1, fillers


def test_shoppers_do_get_the_malls() -> None:
    it = plan(3, interests=["shopping"])
    shops = [p for p in all_sights(it) if "shopping" in KB.places[p].tags]  # type: ignore[union-attr]
    assert len(shops) >= 2, all_sights(it)


def test_parents_who_name_a_museum_get_it_even_if_it_is_not_a_kids_place() -> None:
    quiet = next(
        a
        for a in KB.attractions
        if not a.good_for_children and not {"18+", "bar", "nightlife"} & set(a.tags)
    )
    it = plan(2, party=Party(adults=2, children=1, child_ages=(8,)), must_see=[quiet.id])
    assert quiet.id in all_sights(it)


def test_a_bar_is_refused_for_children_even_as_a_must_see() -> None:
    bar = next(a for a in KB.attractions if "bar" in a.tags)
    request = TripRequest(
        start_date=FRIDAY,
        end_date=FRIDAY + timedelta(days=1),
        party=Party(adults=2, children=1, child_ages=(8,)),
        must_see=[bar.id],
    )
    result = plan_trip(request, KB, travel=TRAVEL)
    assert isinstance(result, Infeasible) and result.constraint == "party"
    assert "children" in result.message_en and result.message_ko


def walks(it: Itinerary) -> list[int]:
    return [minutes(i.end) - minutes(i.start) for d in it.days for i in d.items if i.mode == "walk"]


@pytest.mark.parametrize(
    ("party", "limit_fields", "limit"),
    [
        (Party(adults=2), {"max_walk_minutes": 10, "mobility": ["wheelchair"]}, 10),
        (Party(adults=2, seniors=2), {}, 15),
        (Party(adults=2, children=1, child_ages=(7,)), {}, 20),
    ],
)
def test_nobody_walks_further_than_the_party_can(
    party: Party, limit_fields: dict[str, object], limit: int
) -> None:
    it = plan(3, party=party, styles=[TravelStyle.FOOD], **limit_fields)
    assert it.request.walk_limit() == limit
    assert walks(it) and max(walks(it)) <= limit, walks(it)
    assert check_itinerary(it, KB, TRAVEL) == []
    assert any(f"at most {limit} min" in a for a in it.assumptions)


def test_seniors_get_a_day_with_room_to_rest() -> None:
    plain = plan(3, party=Party(adults=2))
    seniors = plan(3, party=Party(adults=2, seniors=2))
    count = [[i.kind for i in d.items].count("visit") for d in seniors.days]
    assert max(count) <= 4
    assert sum(count) <= sum([i.kind for i in d.items].count("visit") for d in plain.days)


def test_the_checker_refuses_a_long_walk_for_a_wheelchair() -> None:
    it = plan(2, party=Party(adults=2))
    long = next(i for d in it.days for i in d.items if i.mode == "walk" and i.end > i.start)
    limit = max(1, minutes(long.end) - minutes(long.start) - 1)
    strict = it.model_copy(
        update={"request": it.request.model_copy(update={"max_walk_minutes": limit})}
    )
    codes = {v.code for v in check_itinerary(strict, KB, TRAVEL)}
    assert "long_walk" in codes


def test_a_theme_park_day_does_not_cross_the_water_and_back_for_a_meal() -> None:
    it = plan(1, must_see=["universal-studios-singapore"])
    assert all(d <= 10 for d in day_meal_detours(it, it.days[0], TRAVEL))
    lands = [
        TRAVEL.landmass(i.place_id) for i in it.days[0].items if i.kind != "transit" and i.place_id
    ]
    crossings = sum(a != b for a, b in itertools.pairwise(lands))
    assert crossings <= 1, lands  # onto Sentosa once, not back and forth


def test_area_names_are_readable() -> None:
    assert area_name("marina-bay") == "Marina Bay"
    assert area_name("Chinatown") == "Chinatown"


def test_three_mandai_parks_fit_one_family_day_around_lunch_and_dinner() -> None:
    parks = ["singapore-zoo", "river-wonders", "night-safari"]
    it = plan(1, party=Party(adults=2, children=1), must_see=parks)
    assert set(parks) <= set(sights(it.days[0]))
    meals = [i for i in it.days[0].items if i.kind == "meal"]
    assert len(meals) == 2 and all(
        KB.places[m.place_id].area == "Mandai" for m in meals if m.place_id
    )


@pytest.mark.parametrize(
    ("hotel", "must"),
    [
        (None, ["universal-studios-singapore", "wings-of-time"]),
        ("sentosa", ["universal-studios-singapore", "palawan-beach"]),
        ("chinatown", ["universal-studios-singapore", "palawan-beach"]),
    ],
)
def test_a_sentosa_day_does_not_send_dinner_over_the_water_and_back(
    hotel: str | None, must: list[str]
) -> None:
    it = plan(1, must_see=must, hotel_area=hotel)
    day = it.days[0]
    lands = [TRAVEL.landmass(p) for p in [day.start_place, *_stops(day), day.end_place] if p]
    crossings = sum(a != b for a, b in itertools.pairwise(lands))
    assert crossings <= 2, lands


def _stops(day: Day) -> list[str]:
    return [i.place_id for i in day.items if i.kind != "transit" and i.place_id]


def test_a_must_see_goes_to_a_day_it_can_be_reached_on_before_last_entry() -> None:
    it = plan(
        3,
        party=Party(adults=3, children=2),
        pace=Pace.PACKED,
        must_see=["rainforest-wild-asia", "national-gallery-singapore"],
        arrival_time="15:00",
        departure_time="12:00",
    )
    assert {"rainforest-wild-asia", "national-gallery-singapore"} <= set(all_sights(it))


@pytest.mark.parametrize(
    "fields",
    [
        {"interests": ["nightlife"]},
        {"interests": ["history", "art"]},
        {"styles": [TravelStyle.LUXURY]},
    ],
)
def test_every_day_serves_each_wish_it_can(fields: dict[str, object]) -> None:
    """A style or interest is not served once and forgotten: each day has a visit serving it
    whenever a place open that day in the day's regions could (a day on Sentosa has no art)."""
    recorder = Recorder()
    with patch.object(service, "plan_route", recorder):
        it = plan(4, **fields)
    specs = {spec.day: spec for spec, _, _ in recorder.days}  # the last try of each day
    days, _, servable, both = style_service(it, KB, 0, specs)
    assert servable >= days // 2, "these wishes have places in most parts of town"
    assert both == servable, [(d.date, sights(d)) for d in it.days]


def test_the_childrens_museum_is_never_planned_for_adults_alone() -> None:
    """Children's Museum Singapore admits adults only with a child aged 12 or under."""
    museum = "childrens-museum-singapore"
    for styles in ([TravelStyle.CITY], [TravelStyle.FAMILY], [TravelStyle.FOOD]):
        assert museum not in all_sights(plan(3, styles=styles))
    alone = TripRequest(
        start_date=FRIDAY, end_date=FRIDAY + timedelta(days=1), party=Party(adults=2),
        must_see=[museum],
    )  # fmt: skip
    refused = plan_trip(alone, KB, travel=TRAVEL)
    assert isinstance(refused, Infeasible) and "only when they come with a child" in (
        refused.message_en
    )
    family = plan(2, party=Party(adults=2, children=1, child_ages=(6,)), must_see=[museum])
    assert museum in all_sights(family)
    assert check_itinerary(family, KB, TRAVEL) == []
    adults = family.model_copy(update={"request": alone})  # the same days, no child
    codes = {(v.code, v.place_id) for v in check_itinerary(adults, KB, TRAVEL)}
    assert ("adults_need_a_child", museum) in codes


def test_for_a_family_that_loves_food_the_zoo_outweighs_a_cafe_street() -> None:
    """The food style and the food interest count once for a sight: the meals serve food."""
    request = TripRequest(
        styles=[TravelStyle.FOOD], interests=["hawker"], party=Party(adults=2, children=1)
    )
    zoo, flats = KB.attraction("singapore-zoo"), KB.attraction("tiong-bahru-sit-flats")
    assert zoo is not None and flats is not None
    assert place_value(request, 1, 0.0, zoo) > place_value(request, 1, 0.0, flats)


def test_young_children_are_home_by_half_past_nine_older_ones_later() -> None:
    def soft_end(party: Party) -> int:
        request = TripRequest(start_date=FRIDAY, end_date=FRIDAY, party=party)
        return day_bounds(make_context(request, KB, TRAVEL), 0).soft_end

    assert soft_end(Party(adults=2, children=1, child_ages=(6,))) == 21 * 60 + 30
    assert soft_end(Party(adults=2, children=1)) == 21 * 60 + 30  # age not given: the safe side
    assert soft_end(Party(adults=2, children=1, child_ages=(12,))) > 21 * 60 + 30
    assert soft_end(Party(adults=2)) > 21 * 60 + 30


def test_a_long_wait_is_spent_before_the_leg_not_after_it() -> None:
    """Free time comes where the traveller already is (rest after lunch), then the leg that
    arrives in time: nobody walks to dinner at 14:30 and waits there until 18:00."""
    for fields in ({"party": Party(adults=2, children=1, child_ages=(6,))}, {}):
        it = plan(4, styles=[TravelStyle.FOOD], **fields)
        for day in it.days:
            for leg, stop in itertools.pairwise(day.items):
                if leg.kind == "transit" and stop.kind != "transit":
                    assert minutes(stop.start) - minutes(leg.end) < 75, (day.date, leg, stop)


def test_a_late_landing_is_a_ride_to_the_hotel_and_the_next_days_are_whole() -> None:
    """Landing at 23:00 made the whole trip "impossible": the ride in ends after midnight."""
    it = plan(3, arrival_time="23:00", departure_time="06:00")
    assert all_sights(Itinerary(request=it.request, days=[it.days[0]])) == []
    assert len(sights(it.days[1])) >= 3
    assert check_itinerary(it, KB, travel=TRAVEL) == []


def test_after_a_red_eye_landing_day_1_starts_late_from_the_hotel() -> None:
    it = plan(3, arrival_time="01:30")
    first = min(minutes(i.start) for i in it.days[0].items if i.kind != "transit")
    assert first >= 11 * 60, it.days[0].items
    assert any("to the hotel to sleep" in a for a in it.assumptions)
    assert check_itinerary(it, KB, travel=TRAVEL) == []


def test_unwanted_kinds_of_place_are_not_planned_unless_asked_for_by_name() -> None:
    it = plan(4, avoid_kinds=["museum"], must_see=["national-museum-of-singapore"])
    museums = [p for p in all_sights(it) if "museum" in KB.places[p].tags]  # type: ignore[union-attr]
    assert museums == ["national-museum-of-singapore"]


@pytest.mark.parametrize(
    ("fields", "most"),
    [
        ({}, 2),
        ({"styles": [TravelStyle.CITY]}, 2),
        ({"interests": ["history", "museum"]}, 3),
        ({"party": Party(adults=2, children=1, child_ages=[10])}, 2),
    ],
)
def test_a_day_holds_few_museums_unless_the_traveller_comes_for_them(
    fields: dict[str, object], most: int
) -> None:
    """Three two-hour museums back to back (National Museum, National Gallery, Asian
    Civilisations) is not a day a local friend plans for a first visit."""
    it = plan(5, **fields)
    for day in it.days:
        museums = [
            p
            for p in sights(day)
            if quiet_kind(KB.places[p]) == "museum"  # type: ignore[arg-type]
        ]
        assert len(museums) <= most, (day.date, museums)


@pytest.mark.parametrize(
    "fields",
    [{"interests": ["nightlife"]}, {"styles": [TravelStyle.FOOD], "interests": ["shopping"]}, {}],
)
def test_a_place_and_a_part_of_it_are_not_both_planned(fields: dict[str, object]) -> None:
    """A walk along the Singapore River passes Boat Quay and Clarke Quay; Chinatown's walk
    passes Pagoda Street: a plan that has the whole does not send you back for its part."""
    from bot.planner.days import PART_OF

    planned = set(all_sights(plan(5, **fields)))
    assert not [(p, w) for p, w in PART_OF.items() if p in planned and w in planned]
