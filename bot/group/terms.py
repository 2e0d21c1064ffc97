"""The terms a group sets for the whole trip together: who is coming and the budget per person.

* **Party.** When nobody says who is coming, a group of two or more members plans for the
  members — each in their own category (a member who said "I'm 67" is a senior, "bringing my
  6-year-old" adds a child) — and the summary says so; the party grows as members join. Anyone
  stating the party ("4 of us", "우리 5명", a party button) replaces the assumption for good.
* **Budget per person.** "About S$1,500 each" / "1인당 150만원" said by a member is that member's
  word on the trip's budget per person (their own cap is "my budget is S$400", kept in the
  ledger by :mod:`bot.group.wishes`). The trip's budget is the tightest any member said, kept in
  the currency it was said in; each member's latest word replaces their own earlier one.

Pure: the request and the ledger in, the settled request out.
"""

from __future__ import annotations

from bot.i18n import Lang, t
from bot.trip import MAX_PEOPLE, Money, Party, TripRequest

from .ledger import GroupLedger, MemberWishes
from .names import safe_name

MIN_MEMBERS = 2  # one member alone in a group may be planning for others: ask them


def settle(request: TripRequest, ledger: GroupLedger) -> TripRequest:
    """The request with the party of the members (when nobody said it) and the tightest budget
    per person any member said."""
    update: dict[str, object] = {}
    if len(ledger.members) >= MIN_MEMBERS and (request.party is None or ledger.party_from_members):
        ledger.party_from_members = True
        update["party"] = members_party(ledger.members)
    tightest = tightest_budget(ledger)
    if tightest is not None:
        update["budget"] = tightest[1]
    return request.model_copy(update=update) if update else request


def members_party(members: list[MemberWishes]) -> Party:
    """The party the members make: adults and seniors by their own category, the members who
    are children and the children they bring."""
    young = sum(1 for m in members if m.category == "child")
    brought = [age for m in members for age in m.children]
    adults = min(MAX_PEOPLE, max(1, len(members) - young))  # a big chat: at most a full party
    children = max(0, min(young + len(brought), MAX_PEOPLE - adults))
    ages = tuple(m.age for m in members if m.category == "child" and m.age is not None)
    ages += tuple(a for a in brought if a is not None)
    seniors = min(adults, sum(1 for m in members if m.category == "senior"))
    known = ages[:children] if len(ages) >= children else ()
    return Party(adults=adults, children=children, child_ages=known, seniors=seniors)


def tightest_budget(ledger: GroupLedger) -> tuple[MemberWishes, Money] | None:
    """The member whose budget per person is the lowest (in S$), and that budget."""
    said = [(m, m.budget_each) for m in ledger.members if m.budget_each is not None]
    if not said:
        return None
    return min(((m, b) for m, b in said if b is not None), key=lambda mb: mb[1].to_sgd())


def budget_note(ledger: GroupLedger, lang: Lang) -> str | None:
    """Say which budget per person the trip takes when members said different ones."""
    said = [(m, m.budget_each) for m in ledger.members if m.budget_each is not None]
    if len({b.to_sgd() for _, b in said if b is not None}) < 2:
        return None
    tightest = tightest_budget(ledger)
    assert tightest is not None
    each = ", ".join(f"{safe_name(m.name)} {money_text(b)}" for m, b in said if b is not None)
    return t(lang, "group.budget_tightest", amount=money_text(tightest[1]), each=each)


def party_note(ledger: GroupLedger, lang: Lang) -> str | None:
    """Say that the party is the members (when it is), naming them."""
    if not ledger.party_from_members or len(ledger.members) < MIN_MEMBERS:
        return None
    names = ", ".join(safe_name(m.name) for m in ledger.members)
    return t(lang, "group.party_members", n=len(ledger.members), names=names)


def money_text(money: Money) -> str:
    """``S$1,500`` or ``1,500,000 KRW (≈ S$1,6xx)``."""
    if money.currency == "SGD":
        return f"S${money.amount:,.0f}"
    return f"{money.amount:,.0f} {money.currency} (≈ S${money.to_sgd():,.0f})"
