"""Combined tickets charged once, corrected prices, and prices per person category: a mixed
group never sees an averaged price."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from bot.i18n import Lang
from bot.planner.checker import check_itinerary
from bot.planner.itinerary import Itinerary
from bot.planner.kb import CombinedTicket, Names
from bot.planner.pricing import day_prices
from bot.planner.render import render_itinerary, sgd
from bot.planner.service import plan_trip
from bot.trip import Party, TripRequest
from tests.support.planner import real

FAMILY = Party(adults=2, children=1, child_ages=(8,))


@cache
def one_day(party: Party, day: date, must: tuple[str, ...]) -> Itinerary:
    """The plan of one day with these must-sees."""
    kb, travel = real()
    request = TripRequest(start_date=day, end_date=day, party=party, must_see=list(must))
    result = plan_trip(request, kb, travel=travel)
    assert isinstance(result, Itinerary), result
    return result


def domes_trip(party: Party) -> Itinerary:
    return one_day(
        party, date(2026, 12, 8), ("flower-dome", "cloud-forest", "national-gallery-singapore")
    )


def test_flower_dome_and_cloud_forest_are_one_ticket() -> None:
    kb, _ = real()
    both = day_prices(kb, ["flower-dome", "maxwell-food-centre", "cloud-forest"])
    charged = [p.adult for p in both if p is not None]
    assert sum(charged) == 32
    assert all(p is None or p.ticket == "gardens-conservatories" for p in both)
    alone = day_prices(kb, ["cloud-forest"])[0]
    assert alone is not None and alone.adult == 32 and alone.ticket is None


def test_a_plan_with_both_domes_charges_the_ticket_once_and_passes_the_checker() -> None:
    kb, travel = real()
    it = domes_trip(Party(adults=2))
    domes = [i for d in it.days for i in d.items if i.place_id in ("flower-dome", "cloud-forest")]
    assert len(domes) == 2
    assert sum(i.cost_sgd for i in domes) == 32
    assert check_itinerary(it, kb, travel) == []
    text = render_itinerary(it, kb, "en")
    assert "Flower Dome + Cloud Forest ticket" in text


def test_national_gallery_general_admission_is_twenty_dollars() -> None:
    gallery = real()[0].attraction("national-gallery-singapore")
    assert gallery is not None and gallery.price_adult_sgd == 20


def test_a_mixed_group_sees_adult_and_child_prices_never_an_average() -> None:
    kb, travel = real()
    it = domes_trip(FAMILY)
    assert check_itinerary(it, kb, travel) == []
    for lang in ("en", "ko"):
        text = render_itinerary(it, kb, lang)
        for item in (i for d in it.days for i in d.items if i.kind in ("visit", "show")):
            place = kb.attraction(item.place_id or "")
            assert place is not None
            if place.price_adult_sgd != place.price_child_sgd and item.cost_sgd > 0:
                line = next(
                    x for x in text.splitlines() if place.names.en in x or place.names.ko in x
                )
                assert sgd(item.cost_sgd) not in line, line
                assert sgd(place.price_adult_sgd) in line and sgd(place.price_child_sgd) in line
        # no averaged figure anywhere: every amount shown is a whole category's
        averaged = {sgd(i.cost_sgd) for d in it.days for i in d.items if i.kind != "transit"}
        averaged = {a for a in averaged if re.search(r"\.\d[1-9]$|\.(33|67)$", a)}
        assert not any(a in text for a in averaged), averaged


def test_the_totals_of_a_mixed_group_are_per_category_and_add_up_for_the_party() -> None:
    kb, _ = real()
    it = domes_trip(FAMILY)
    text = render_itinerary(it, kb, "en")
    match = re.search(r"Per adult: S\$([\d,.]+) · per child: S\$([\d,.]+)", text)
    assert match, text
    adult, child = (float(x.replace(",", "")) for x in match.groups())
    assert adult > child
    party = re.search(r"Party of 3: S\$([\d,.]+)", text)
    assert party and abs(float(party[1].replace(",", "")) - (2 * adult + child)) < 0.02


def test_four_mandai_parks_on_one_day_cost_the_four_park_ticket() -> None:
    kb, _ = real()
    parks = ["singapore-zoo", "river-wonders", "night-safari", "bird-paradise"]
    prices = [p for p in day_prices(kb, parks) if p is not None]
    assert sum(p.adult for p in prices) == 188 and sum(p.child for p in prices) == 90
    assert {p.ticket for p in prices} == {"mandai-4-park-hopper"}


def test_two_mandai_parks_cost_their_single_tickets_when_that_is_cheaper() -> None:
    kb, _ = real()
    zoo, safari = day_prices(kb, ["singapore-zoo", "night-safari"])
    assert zoo is not None and safari is not None
    assert (zoo.adult, safari.adult, zoo.child, safari.child) == (48, 55, 33, 38)
    assert zoo.ticket is None and safari.ticket is None


def test_each_person_category_gets_its_own_cheapest_combination() -> None:
    kb, _ = real()
    # three parks: adults pay 48 + 42 + 55 = 145 in singles (the 4-park ticket is 188), while
    # children pay 90 for the 4-park ticket instead of 33 + 30 + 38 = 101
    prices = [p for p in day_prices(kb, ["singapore-zoo", "river-wonders", "night-safari"]) if p]
    assert sum(p.adult for p in prices) == 145
    assert sum(p.child for p in prices) == 90
    assert prices[0].ticket is None and prices[0].child_ticket == "mandai-4-park-hopper"


def test_a_choose_k_park_hopper_covers_the_dearest_k_parks() -> None:
    kb, _ = real()
    hopper = CombinedTicket(
        id="two-of-three",
        names=Names(en="Any 2 parks", ko="2개 공원"),
        members=("singapore-zoo", "river-wonders", "night-safari"),
        choose=2,
        price_adult_sgd=80,
        price_child_sgd=60,
        source="test fixture, 2026-11-30",
        as_of=date(2026, 11, 30),
    )
    test_kb = kb.model_copy(update={"tickets": (hopper,)})
    prices = day_prices(test_kb, ["singapore-zoo", "river-wonders", "night-safari"])
    # cheapest adult cover: the hopper for the Zoo and the Night Safari (80 < 48 + 55), River
    # Wonders single (42) = 122, not the hopper for a cheaper pair
    assert sum(p.adult for p in prices if p) == 122
    assert [p.ticket for p in prices if p] == ["two-of-three", None, "two-of-three"]


def test_a_park_entered_again_after_lunch_inside_is_paid_once() -> None:
    kb, _ = real()
    first, again = day_prices(kb, ["universal-studios-singapore", "universal-studios-singapore"])
    assert first is not None and again is not None
    assert first.adult == 83 and again.adult == 0 and again.child == 0


def three_parks_day(party: Party) -> Itinerary:
    return one_day(party, date(2027, 3, 12), ("singapore-zoo", "river-wonders", "night-safari"))


def test_the_childrens_cheaper_ticket_is_mentioned_only_when_children_travel() -> None:
    kb, _ = real()
    hint: dict[Lang, str] = {"en": "children: Mandai 4-park hopper", "ko": "어린이는 만다이"}
    for lang, words in hint.items():
        for party in (Party(adults=2), Party(adults=3, seniors=2)):
            assert words not in render_itinerary(three_parks_day(party), kb, lang), (lang, party)
        assert words in render_itinerary(three_parks_day(FAMILY), kb, lang), lang
