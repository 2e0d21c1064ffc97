"""The terms a group sets together: the members' party when nobody says it, and the tightest
budget per person any member said (in the currency said)."""

from __future__ import annotations

from decimal import Decimal

from bot.group.ledger import GroupLedger
from bot.group.terms import budget_note, members_party, party_note, settle
from bot.trip import MAX_PEOPLE, Money, Party, TripRequest


def ledger_of(*names: str) -> GroupLedger:
    ledger = GroupLedger()
    for n, name in enumerate(names):
        ledger.join(str(n), name, "en")
    return ledger


def test_one_member_alone_is_asked_who_is_coming() -> None:
    ledger = ledger_of("alice")
    assert settle(TripRequest(), ledger).party is None
    assert party_note(ledger, "en") is None


def test_the_party_is_the_members_and_grows_as_they_join() -> None:
    ledger = ledger_of("alice", "bob")
    request = settle(TripRequest(), ledger)
    assert request.party == Party(adults=2)
    ledger.join("9", "cara", "ko")
    assert settle(request, ledger).party == Party(adults=3)
    note = party_note(ledger, "ko")
    assert note is not None and "3명" in note and "cara" in note


def test_a_party_said_is_never_replaced_by_the_members() -> None:
    ledger = ledger_of("alice", "bob", "cara")
    request = TripRequest(party=Party(adults=5))
    assert settle(request, ledger).party == Party(adults=5)
    assert party_note(ledger, "en") is None


def test_members_bring_their_own_categories_into_the_party() -> None:
    ledger = ledger_of("alice", "bob", "grandpa")
    ledger.members[0].children = [6]
    ledger.members[2].age = 70
    party = members_party(ledger.members)
    assert party == Party(adults=3, children=1, child_ages=(6,), seniors=1)


def test_the_tightest_budget_wins_across_currencies_and_is_said() -> None:
    ledger = ledger_of("alice", "민수")
    ledger.members[0].budget_each = Money(amount=Decimal(1500))
    ledger.members[1].budget_each = Money(amount=Decimal(1_000_000), currency="KRW")
    request = settle(TripRequest(budget=Money(amount=Decimal(1500))), ledger)
    assert request.budget == Money(amount=Decimal(1_000_000), currency="KRW")
    note = budget_note(ledger, "en")
    assert note is not None and "1,000,000 KRW" in note and "alice S$1,500" in note
    ledger.members[1].budget_each = Money(amount=Decimal(3_000_000), currency="KRW")
    assert settle(request, ledger).budget == Money(amount=Decimal(1500))


def test_one_budget_said_needs_no_note() -> None:
    ledger = ledger_of("alice", "bob")
    ledger.members[1].budget_each = Money(amount=Decimal(800))
    assert settle(TripRequest(), ledger).budget == Money(amount=Decimal(800))
    assert budget_note(ledger, "en") is None


def test_a_chat_bigger_than_a_party_assumes_a_full_party_at_most() -> None:
    ledger = ledger_of(*(f"m{n}" for n in range(30)))
    ledger.members[0].children = [5]
    party = settle(TripRequest(), ledger).party
    assert party is not None and party.size == MAX_PEOPLE
