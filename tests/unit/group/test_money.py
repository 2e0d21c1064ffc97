"""Cost per member: own tickets and meals on the days present, taxis split among riders."""

from __future__ import annotations

from datetime import date

from bot.group.ledger import GroupLedger
from bot.group.money import member_costs, over_caps
from bot.group.names import safe_name
from bot.planner.itinerary import Day, Item, Itinerary
from bot.trip import Party, TripRequest


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
    costs = member_costs(_itinerary(3), ledger)
    assert [c.total for c in costs.members] == [80.0, 80.0, 80.0]
    assert costs.total == 240.0 and costs.ride_fares == 60.0


def test_a_member_away_pays_nothing_that_day_and_the_riders_share_the_taxi() -> None:
    costs = member_costs(_itinerary(3), _ledger())
    by = {c.user_id: c for c in costs.members}
    assert by["b"].total == 40.0 and by["b"].days == [2]
    assert by["a"].shared_rides == 15.0 + 10.0  # day 1: S$30 fare over 2 riders; day 2: over 3
    assert round(sum(c.shared_rides for c in costs.members), 2) == costs.ride_fares


def test_travellers_who_never_spoke_are_counted_in_the_total() -> None:
    ledger = GroupLedger()
    ledger.join("a", "Ann", "en")
    costs = member_costs(_itinerary(3), ledger)
    assert costs.others == 2 and costs.members[0].total == 80.0


def test_a_member_over_their_cap_is_named_with_the_amount() -> None:
    ledger = _ledger()
    ledger.members[0].budget_sgd = 70
    ledger.members[1].budget_sgd = 70
    assert over_caps(_itinerary(3), ledger) == {"a": 15.0}


def test_display_names_never_ping_and_never_carry_control_characters() -> None:
    assert "@everyone" not in safe_name("@everyone")
    assert "<@1234>" not in safe_name("hi <@1234>")
    assert safe_name("\u202eevil\u200d name") == "evil name"
    assert safe_name("") == "?" and len(safe_name("x" * 500)) == 32
