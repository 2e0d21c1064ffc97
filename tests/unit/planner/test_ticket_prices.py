"""Combined tickets charged once, corrected prices, and prices per person category: a mixed
group never sees an averaged price."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from bot.planner.checker import check_itinerary
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.planner.pricing import day_prices
from bot.planner.render import render_itinerary, sgd
from bot.planner.service import plan_trip, travel_model
from bot.planner.travel import TravelModel
from bot.trip import Party, TripRequest

FAMILY = Party(adults=2, children=1, child_ages=(8,))


@cache
def real() -> tuple[KnowledgeBase, TravelModel]:
    kb = load_knowledge_base()
    return kb, travel_model(kb)


@cache
def domes_trip(party: Party) -> Itinerary:
    kb, travel = real()
    request = TripRequest(
        start_date=date(2026, 12, 8),
        end_date=date(2026, 12, 8),
        party=party,
        must_see=["flower-dome", "cloud-forest", "national-gallery-singapore"],
    )
    result = plan_trip(request, kb, travel=travel)
    assert isinstance(result, Itinerary), result
    return result


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
