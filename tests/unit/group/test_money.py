"""Cost per member: own tickets and meals on the days present, taxis split among riders."""

from __future__ import annotations

from datetime import date

from bot.group.ledger import GroupLedger
from bot.group.money import member_costs, over_caps
from bot.group.names import safe_name
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import load_knowledge_base
from bot.trip import Party, TripRequest

_KB = load_knowledge_base()


def _itinerary(party: int) -> Itinerary:
    day_items = [
        Item(start="09:00", end="09:20", kind="transit", name="Taxi", mode="taxi", cost_sgd=10),
        Item(start="09:30", end="11:00", kind="visit", place_id="x", name="X", cost_sgd=20),
        Item(start="12:00", end="13:00", kind="meal", place_id="f", name="F", cost_sgd=8),
        Item(start="13:10", end="13:40", kind="transit", name="MRT", mode="mrt", cost_sgd=2),
    ]
    request = TripRequest(
        start_date=date(2027, 3, 12), end_date=date(2027, 3, 13), party=Party(adults=party)
    )
    days = [Day(date=d, items=day_items) for d in request.dates()]
    return Itinerary(request=request, days=days)


def _ledger() -> GroupLedger:
    ledger = GroupLedger()
    ledger.join("a", "Ann", "en")
    ledger.join("b", "Bo", "en").days = [2]
    ledger.join("c", "Cy", "en")
    return ledger


def test_everyone_present_pays_the_per_person_costs() -> None:
    ledger = _ledger()
    ledger.members[1].days = []
    costs = member_costs(_itinerary(3), ledger, _KB)
    assert [c.total for c in costs.members] == [80.0, 80.0, 80.0]
    assert costs.total == 240.0 and costs.ride_fares == 60.0


def test_a_member_away_pays_nothing_that_day_and_the_riders_share_the_taxi() -> None:
    costs = member_costs(_itinerary(3), _ledger(), _KB)
    by = {c.user_id: c for c in costs.members}
    assert by["b"].total == 40.0 and by["b"].days == [2]
    assert by["a"].shared_rides == 15.0 + 10.0  # day 1: S$30 fare over 2 riders; day 2: over 3
    assert round(sum(c.shared_rides for c in costs.members), 2) == costs.ride_fares


def test_travellers_who_never_spoke_are_counted_in_the_total() -> None:
    ledger = GroupLedger()
    ledger.join("a", "Ann", "en")
    costs = member_costs(_itinerary(3), ledger, _KB)
    assert costs.others == 2 and costs.members[0].total == 80.0


def test_a_member_over_their_cap_is_named_with_the_amount() -> None:
    ledger = _ledger()
    ledger.members[0].budget_sgd = 70
    ledger.members[1].budget_sgd = 70
    assert over_caps(_itinerary(3), ledger, _KB) == {"a": 15.0}


def test_display_names_never_ping_and_never_carry_control_characters() -> None:
    assert "@everyone" not in safe_name("@everyone")
    assert "<@1234>" not in safe_name("hi <@1234>")
    assert safe_name("\u202eevil\u200d name") == "evil name"
    assert safe_name("") == "?" and len(safe_name("x" * 500)) == 32


def _gallery_day(party: int) -> Itinerary:
    """One day at the National Gallery (S$20 adult, S$15 child, S$15 senior in the catalogue)."""
    items = [
        Item(start="10:00", end="12:00", kind="visit", place_id="national-gallery-singapore",
             name="National Gallery Singapore", cost_sgd=20),
        Item(start="12:30", end="13:30", kind="meal", place_id="f", name="F", cost_sgd=8),
    ]  # fmt: skip
    request = TripRequest(
        start_date=date(2027, 3, 12), end_date=date(2027, 3, 12), party=Party(adults=party)
    )
    return Itinerary(request=request, days=[Day(date=request.start_date, items=items)])


def test_each_member_pays_their_own_ticket_category() -> None:
    ledger = GroupLedger()
    ledger.join("a", "Ann", "en")
    ledger.join("b", "Bo", "en").age = 67  # senior rate
    ledger.join("c", "Cy", "en").student = True  # no student rate known: the adult price
    ledger.join("d", "Di", "en").age = 10  # child rate
    ledger.join("e", "Ed", "en").age = 14  # over the child band: the adult price (safe)
    costs = member_costs(_gallery_day(5), ledger, _KB)
    assert [c.tickets for c in costs.members] == [20.0, 15.0, 20.0, 15.0, 20.0]
    assert [c.food for c in costs.members] == [8.0] * 5


def test_a_member_pays_for_the_children_they_bring_and_their_cap_follows() -> None:
    ledger = GroupLedger()
    ledger.join("a", "Ann", "en").children = [6, None]  # two children, one of unknown age
    ledger.join("b", "Bo", "en").budget_sgd = 30
    costs = member_costs(_gallery_day(2), ledger, _KB)
    ann, _ = costs.members
    assert (ann.tickets, ann.food, ann.total) == (20.0 + 15.0 + 15.0, 24.0, 74.0)
    assert costs.others == 0  # Ann's children are hers, not strangers to the bot
    assert over_caps(_gallery_day(2), ledger, _KB) == {}
    ledger.members[0].budget_sgd = 60
    assert over_caps(_gallery_day(2), ledger, _KB) == {"a": 14.0}
