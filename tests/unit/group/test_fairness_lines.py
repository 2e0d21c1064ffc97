"""The "For each of you" lines: every member with a wish of any kind gets one — places wished,
places or kinds avoided ("no museums: kept ✓"), styles ("Food on 2/2 days") — next to their
escaped display name."""

from __future__ import annotations

from datetime import date

import pytest

from bot.group.fairness import FairOutcome, report
from bot.group.ledger import GroupLedger
from bot.group.render import Places, fairness_block
from bot.i18n import t
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import Planner, PlanOutcome, style_days
from bot.trip import Party, TravelStyle, TripRequest

START = date(2027, 3, 12)


@pytest.fixture(scope="module")
def plan(kb: KnowledgeBase) -> Itinerary:
    request = TripRequest(
        start_date=START, end_date=date(2027, 3, 13), party=Party(adults=3),
        must_see=["night-safari"],
    )  # fmt: skip
    itinerary = Planner(kb).plan(request).itinerary
    assert itinerary is not None
    return itinerary


def _block(plan: Itinerary, ledger: GroupLedger, kb: KnowledgeBase, lang: str = "en") -> str:
    reports = report(FairOutcome(PlanOutcome(itinerary=plan)), ledger, kb)
    return fairness_block(reports, "ko" if lang == "ko" else "en", Places(kb, "en"))


def _planned(plan: Itinerary) -> set[str]:
    return {i.place_id for d in plan.days for i in d.items if i.place_id}


def test_a_member_who_only_avoids_a_kind_of_place_gets_a_line(
    plan: Itinerary, kb: KnowledgeBase
) -> None:
    ledger = GroupLedger()
    ledger.join("a", "Ann", "en").must_see = ["night-safari"]
    mina = ledger.join("m", "Mina", "en")
    mina.avoid_kinds = ["museum"]
    mina.avoid = [a.id for a in kb.attractions if "museum" in a.tags and a.id not in _planned(plan)]
    block = _block(plan, ledger, kb)
    assert "• Ann: 1/1 of your wishes ✓" in block
    assert "• Mina: no museums: kept ✓" in block


def test_an_avoided_place_the_plan_has_is_named(plan: Itinerary, kb: KnowledgeBase) -> None:
    ledger = GroupLedger()
    ledger.join("b", "Bo", "en").avoid = ["night-safari"]
    assert "• Bo: planned though you avoid: Night Safari" in _block(plan, ledger, kb)


@pytest.mark.parametrize("style", list(TravelStyle))
def test_a_member_with_only_a_style_is_told_on_how_many_of_their_days_it_is_served(
    plan: Itinerary, kb: KnowledgeBase, style: TravelStyle
) -> None:
    ledger = GroupLedger()
    cy = ledger.join("c", "Cy", "en")
    cy.styles = [style]
    cy.days = [2]  # there on day 2 only: counted over their own days
    served = 1 if 2 in style_days(kb, plan, style) else 0
    label = t("en", f"style.{style.value}")
    assert f"• Cy: {label} on {served}/1 days" in _block(plan, ledger, kb)


def test_local_meals_serve_the_food_style_every_day(plan: Itinerary, kb: KnowledgeBase) -> None:
    hawker = {f.id for f in kb.food if f.kind in ("hawker_centre", "food_court", "food_street")}
    days = [
        n for n, d in enumerate(plan.days, start=1) if any(i.place_id in hawker for i in d.items)
    ]
    assert set(days) <= set(style_days(kb, plan, TravelStyle.FOOD))


def test_names_are_escaped_and_members_without_wishes_get_no_line(
    plan: Itinerary, kb: KnowledgeBase
) -> None:
    ledger = GroupLedger()
    ledger.join("x", "@everyone <@123> Zed", "en").styles = [TravelStyle.FOOD]
    ledger.join("y", "Quiet", "en")
    block = _block(plan, ledger, kb)
    assert "@everyone" not in block and "<@123>" not in block
    assert "• @\u200beveryone Zed: Food on " in block
    assert "Quiet" not in block


def test_the_lines_read_in_korean(plan: Itinerary, kb: KnowledgeBase) -> None:
    ledger = GroupLedger()
    minsu = ledger.join("k", "민수", "ko")
    minsu.avoid_kinds = ["museum"]
    minsu.styles = [TravelStyle.FOOD]
    block = _block(plan, ledger, kb, "ko")
    assert block.startswith("멤버별로:")
    assert "• 민수: 박물관 빼기: 지켰어요 ✓ · 맛집: 2일 중 " in block
