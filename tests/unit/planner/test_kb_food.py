"""Food where the day is: the parts of town the bench found without a food place close by, and
hawker centres' dated closures from NEA's published schedule."""

from __future__ import annotations

from datetime import date

import pytest

from bot.planner.geo import Point, haversine_km
from bot.planner.kb import load_knowledge_base

KB = load_knowledge_base()
WALK_KM = 0.6  # a few minutes' walk


def nearest_food_km(place_id: str) -> float:
    place = KB.places[place_id]
    return min(
        haversine_km(Point(place.lat, place.lon), Point(f.lat, f.lon))
        for f in KB.food
        if f.id != place_id and not f.ticketed
    )


@pytest.mark.parametrize(
    "place_id",
    [
        "national-orchid-garden",  # The Halia, in the Ginger Garden next door
        "lian-shan-shuang-lin-monastery",  # Toa Payoh Lorong 5 food centre
        "henderson-waves",  # Telok Blangah Crescent food centre
        "pinnacle-at-duxton-skybridge",  # Tanjong Pagar Plaza food centre
        "reflections-at-bukit-chandu",  # Pasir Panjang food centre
        "eurasian-heritage-gallery",  # Dunman food centre
    ],
)
def test_a_former_food_desert_has_food_within_a_few_minutes_walk(place_id: str) -> None:
    assert nearest_food_km(place_id) <= WALK_KM


def food_within_km(place_id: str, km: float) -> set[str]:
    place = KB.places[place_id]
    return {
        f.id
        for f in KB.food
        if f.id != place_id
        and not f.ticketed
        and haversine_km(Point(place.lat, place.lon), Point(f.lat, f.lon)) <= km
    }


@pytest.mark.parametrize(
    "place_id",
    [
        "ion-orchard",  # Food Opera, Food Republic Wisma Atria, Takashimaya's food hall
        "orchard-road",
        "national-gallery-singapore",  # Raffles City's food court, Gluttons Bay
    ],
)
def test_lunch_and_dinner_need_not_leave_a_part_of_town_the_bench_walked_out_of(
    place_id: str,
) -> None:
    # a food court serves one meal a day: a day spent here needs two within a few minutes' walk
    assert len(food_within_km(place_id, WALK_KM)) >= 2


def test_jewel_has_its_own_food_court_not_a_walk_to_terminal_3() -> None:
    assert nearest_food_km("jewel-changi-airport") <= 0.1
    assert KB.places["five-spice-jewel"].inside == "jewel-changi-airport"


@pytest.mark.parametrize(
    "food_id",
    [
        "food-republic-wisma-atria",
        "takashimaya-food-hall",
        "five-spice-jewel",
        "food-place-raffles-city",
    ],
)
def test_a_mall_food_court_with_unverified_hours_is_entered_narrower_and_says_so(
    food_id: str,
) -> None:
    food = KB.places[food_id]
    assert food.source and food.as_of and "unverified" in food.source
    for weekday in range(7):  # 2027-03-01 is a Monday
        assert food.open_intervals(date(2027, 3, 1 + weekday)) == [(600, 21 * 60 + 30)]


def test_bukit_timah_market_is_closed_for_redevelopment_through_2029() -> None:
    market = KB.places["bukit-timah-market-food-centre"]
    assert market.open_intervals(date(2027, 3, 12)) == []
    assert market.open_intervals(date(2029, 12, 31)) == []
    assert market.open_intervals(date(2030, 1, 2)) != []


def test_nea_cleaning_days_of_2026_are_entered() -> None:
    maxwell = KB.places["maxwell-food-centre"]
    assert maxwell.open_intervals(date(2026, 9, 15)) == []  # 14-16 Sep 2026
    assert maxwell.open_intervals(date(2026, 9, 17)) != []
    # a stall inside the centre closes with it
    assert KB.places["tian-tian-hainanese-chicken-rice"].open_intervals(date(2026, 9, 15)) == []


def test_yuhua_village_is_pinned_at_blk_254_with_its_own_cleaning_days() -> None:
    yuhua = KB.places["yuhua-village-market-food-centre"]
    assert abs(yuhua.lat - 1.34343) < 0.0005 and abs(yuhua.lon - 103.73769) < 0.0005
    assert yuhua.open_intervals(date(2026, 3, 23)) == []  # Blk 254's Q1 2026 cleaning
    assert yuhua.open_intervals(date(2026, 3, 9)) != []  # Blk 347's, not this centre's
