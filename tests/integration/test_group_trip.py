"""A group trip on the real Redis server: members, their wishes, a fair plan, costs, /forget."""

from __future__ import annotations

import pytest

from bot.bootstrap import App
from bot.messages import ClosePoll, FinalMessage, IncomingMessage, PinnedPlan, PollReply
from bot.planner.pricing import day_prices
from bot.planning import day_areas
from tests.support import collect, final, message

pytestmark = pytest.mark.redis

CHAT = "-777"


def said(text: str, user: str, name: str, language: str = "en", **extra: object) -> IncomingMessage:
    return message(text, user=user, name=name, chat=CHAT, private=False, language=language, **extra)  # type: ignore[arg-type]


async def _three_members_plan(app: App) -> None:
    service = app.service
    noted = await final(service, said("I want to see the Night Safari", "1", "Alice"))
    assert "Night Safari" in noted.text
    capped = await final(service, said("My budget is S$400 and I arrive on day 2", "2", "Bob"))
    assert "Noted for Bob" in capped.text and "S$400" in capped.text
    korean = await final(service, said("저는 박물관은 싫어요", "3", "민수", language="ko"))
    assert "민수님" in korean.text and "박물관" in korean.text


async def test_three_members_get_a_plan_that_serves_each_of_them(app: App) -> None:
    await _three_members_plan(app)
    service = app.service
    await final(service, said("/plan 3 adults, 3 days from 2027-03-12", "1", "Alice"))
    plan = await final(service, said("", "1", "Alice", callback="i:go"))
    itinerary = plan.itinerary
    assert itinerary is not None and app.planner.check(itinerary) == []
    planned = {i.place_id for d in itinerary.days for i in d.items if i.place_id}
    assert "night-safari" in planned
    museums = {a.id for a in app.planner.kb.attractions if "museum" in a.tags}
    assert not planned & museums  # 민수 avoids museums
    assert "• Alice: 1/1 of your wishes ✓" in plan.text
    assert "• 민수: no museums: kept ✓" in plan.text  # only an avoid wish: a line too
    assert "Cost per member:" in plan.text and "Bob S$" in plan.text and "(days 2–3)" in plan.text

    ledger = await final(service, said("/group", "2", "Bob"))
    assert "Trip members (3)" in ledger.text
    assert "cap S$400" in ledger.text and "days 2–3" in ledger.text
    assert "no museums: kept ✓" in ledger.text
    bob_share = int(ledger.text.split("share S$")[2].split(" ")[0].replace(",", ""))
    assert bob_share <= 400

    split = await final(service, said("/split", "3", "민수", language="ko"))
    assert "누가 얼마를" in split.text and "Alice" in split.text and "민수" in split.text


async def test_a_korean_member_reads_the_ledger_in_korean(app: App) -> None:
    await _three_members_plan(app)
    ledger = await final(app.service, said("/group", "3", "민수", language="ko"))
    assert "여행 멤버 (3명)" in ledger.text and "예산 상한 S$400" in ledger.text
    assert "2일차부터" in ledger.text  # no dates yet: "from day 2"


async def test_forget_removes_a_members_wishes_from_the_trip(app: App) -> None:
    await _three_members_plan(app)
    await final(app.service, said("/forget", "1", "Alice"))
    state = await app.service.conversations.load(said("", "1", "Alice").conversation)
    assert [m.name for m in state.group.members] == ["Bob", "민수"]
    assert "night-safari" not in state.request.must_see


async def test_pressing_a_button_makes_a_member_and_names_never_ping(app: App) -> None:
    await final(app.service, said("/plan 2 adults, 2 days from 2027-03-12", "1", "@everyone"))
    await final(app.service, said("", "9", "<@123> Bo", callback="i:go"))
    ledger = await final(app.service, said("/group", "1", "@everyone"))
    assert "Trip members (2)" in ledger.text
    assert "@everyone" not in ledger.text and "<@123>" not in ledger.text


async def test_a_private_chat_has_no_ledger(app: App) -> None:
    reply = await final(app.service, message("/group"))
    assert "private chat" in reply.text


async def test_other_dates_open_a_poll_and_a_tie_keeps_the_trips_dates(app: App) -> None:
    service = app.service
    await final(service, said("/plan 2 adults, 12-14 March 2027", "1", "Alice"))
    events = await collect(service, said("we should go 20-22 March 2027 instead", "2", "Bob"))
    (poll,) = [e for e in events if isinstance(e, PollReply)]
    assert "Bob proposes other dates" in poll.question and "A tie keeps 12 Mar" in poll.question
    assert poll.options == ("12 Mar – 14 Mar 2027", "20 Mar – 22 Mar 2027")
    await final(service, said("", "1", "Alice", callback=f"v:{poll.poll_key}:0"))
    closed = await final(service, said("", "2", "Bob", callback=f"v:{poll.poll_key}:1"))
    assert "Poll closed: 12 Mar – 14 Mar 2027 (1 of 2 votes)" in closed.text
    state = await service.conversations.load(said("", "1", "Alice").conversation)
    assert str(state.request.start_date) == "2027-03-12"


async def test_dates_chosen_by_the_poll_become_the_trips_dates(app: App) -> None:
    service = app.service
    await final(service, said("/plan 2 adults, 12-14 March 2027", "1", "Alice"))
    events = await collect(service, said("20-22 March 2027 works better for me", "2", "Bob"))
    (poll,) = [e for e in events if isinstance(e, PollReply)]
    await final(service, said("", "1", "Alice", callback=f"v:{poll.poll_key}:1"))
    closed = await final(service, said("", "2", "Bob", callback=f"v:{poll.poll_key}:1"))
    assert "Poll closed: 20 Mar – 22 Mar 2027 (2 of 2 votes)" in closed.text
    assert "2027-03-20 → 2027-03-22" in closed.text  # the summary, ready to plan
    late = await final(service, said("", "1", "Alice", callback=f"v:{poll.poll_key}:0"))
    assert "That poll is closed" in late.text


def _later(app: App, hours: float) -> None:
    """Move the desk's injected clock on (no real waiting)."""
    start = app.service.groups.clock()
    app.service.groups.clock = lambda: start + hours * 3600


async def test_a_poll_past_its_deadline_closes_at_the_next_turn_by_its_votes(app: App) -> None:
    service = app.service
    await final(service, said("/plan 2 adults, 12-14 March 2027", "1", "Alice"))
    events = await collect(service, said("we should go 20-22 March 2027 instead", "2", "Bob"))
    (poll,) = [e for e in events if isinstance(e, PollReply)]
    await final(service, said("", "1", "Alice", callback=f"v:{poll.poll_key}:1"))
    _later(app, 23)
    early = await collect(service, said("/group", "2", "Bob"))
    assert not [e for e in early if isinstance(e, ClosePoll)]  # not yet due
    _later(app, 2)  # 25 h after the poll opened
    events = await collect(service, said("/group", "2", "Bob"))
    assert [e.poll_key for e in events if isinstance(e, ClosePoll)] == [poll.poll_key]
    text = "\n".join(e.text for e in events if isinstance(e, FinalMessage))
    assert "Poll closed: 20 Mar – 22 Mar 2027 (1 of 1 votes)" in text
    assert "Trip members (2)" in text  # the turn's own answer follows
    state = await service.conversations.load(said("", "1", "Alice").conversation)
    assert str(state.request.start_date) == "2027-03-20"


async def test_the_sweep_closes_a_due_poll_with_no_votes_by_its_tie_rule(app: App) -> None:
    service = app.service
    index = service.groups.polls
    assert index is not None
    await final(service, said("/plan 2 adults, 12-14 March 2027", "1", "Alice"))
    events = await collect(service, said("we should go 20-22 March 2027 instead", "2", "Bob"))
    (poll,) = [e for e in events if isinstance(e, PollReply)]
    now = service.groups.clock()
    assert await index.take_due("console", now + 3600) == []  # not due in an hour
    _later(app, 24)
    (key,) = await index.take_due("console", service.groups.clock())
    assert key == said("", "1", "Alice").conversation
    assert await index.take_due("console", service.groups.clock()) == []  # claimed once
    swept = [e async for e in service.close_due_polls(key)]
    assert [e.poll_key for e in swept if isinstance(e, ClosePoll)] == [poll.poll_key]
    (closed,) = [e for e in swept if isinstance(e, FinalMessage)]
    assert "Poll closed: 12 Mar – 14 Mar 2027 (0 of 0 votes)" in closed.text  # a tie keeps them
    assert [e async for e in service.close_due_polls(key)] == []  # nothing is due twice
    late = await final(service, said("", "1", "Alice", callback=f"v:{poll.poll_key}:1"))
    assert "That poll is closed" in late.text
    state = await service.conversations.load(key)
    assert [m.name for m in state.group.members] == ["Alice", "Bob"]  # the sweep is no member


async def test_a_members_own_ticket_category_sets_their_cost_and_split(app: App) -> None:
    service = app.service
    await final(service, said("I want to see the National Gallery", "1", "Alice"))
    elder = await final(service, said("저는 65세예요", "2", "순자", language="ko"))
    assert "순자님" in elder.text and "경로 요금 (65세)" in elder.text
    dad = await final(service, said("I'm bringing my 6-year-old", "3", "Cy"))
    assert "with 1 child(ren) (6)" in dad.text
    await final(service, said("/plan 3 adults, 1 day from 2027-03-12", "1", "Alice"))
    plan = await final(service, said("", "1", "Alice", callback="i:go"))
    assert plan.itinerary is not None
    assert plan.itinerary.request.party is not None
    assert plan.itinerary.request.party.children == 1  # Cy's child travels too
    state = await service.conversations.load(said("", "1", "Alice").conversation)
    gallery = [i for d in plan.itinerary.days for i in d.items
               if i.place_id == "national-gallery-singapore"]  # fmt: skip
    assert gallery

    split = await final(service, said("/split", "1", "Alice"))
    tickets = {
        line.split(":")[0].strip("• "): float(line.split("tickets S$")[1].split(" ")[0])
        for line in split.text.splitlines() if "tickets S$" in line
    }  # fmt: skip
    prices = [
        p for d in plan.itinerary.days
        for p in day_prices(app.planner.kb, [i.place_id for i in d.items if i.kind == "visit"])
        if p is not None
    ]  # fmt: skip
    adult = sum(p.adult for p in prices)
    assert tickets["Alice"] == pytest.approx(adult, abs=0.5)
    senior = sum(p.senior if p.senior is not None else p.adult for p in prices)
    assert tickets["순자"] == pytest.approx(senior, abs=0.5) and senior < adult  # the gallery
    assert tickets["Cy"] == pytest.approx(adult + sum(p.child for p in prices), abs=0.5)
    assert [m.category for m in state.group.members] == ["adult", "senior", "adult"]


async def _two_areas_for_one_day(app: App) -> PollReply:
    """Ann wishes for two places on Sentosa, Ben for two in Mandai; the trip is one day."""
    service = app.service
    await final(service, said("I want Universal Studios and the S.E.A. Aquarium", "1", "Ann"))
    await final(service, said("I want the Singapore Zoo and River Wonders", "2", "Ben"))
    await final(service, said("/plan 2 adults, 1 day on 12 March 2027", "1", "Ann"))
    events = await collect(service, said("", "1", "Ann", callback="i:go"))
    (poll,) = [e for e in events if isinstance(e, PollReply)]
    return poll


async def test_wishes_in_two_areas_for_a_short_trip_open_a_day_poll_the_winner_is_planned(
    app: App,
) -> None:
    service = app.service
    poll = await _two_areas_for_one_day(app)
    assert poll.question.startswith("Day 1: ") and " or " in poll.question
    assert "A tie keeps the current plan" in poll.question
    key = said("", "1", "Ann").conversation
    state = await service.conversations.load(key)
    (stored,) = state.group.polls
    assert stored.topic == "area" and stored.open and state.itinerary is not None
    before = day_areas(app.planner.kb, state.itinerary).days
    assert [f"1:{before[0]}"] == stored.options[:1]  # option 0: where the day is spent now
    winner = stored.options[1].split(":")[1]
    label = poll.options[1].split(" — ")[0]
    assert label in poll.question

    counted = await final(service, said("", "1", "Ann", callback=f"v:{poll.poll_key}:1"))
    assert "Vote counted (1/2 members)" in counted.text
    events = await collect(service, said("", "2", "Ben", callback=f"v:{poll.poll_key}:1"))
    assert [e.poll_key for e in events if isinstance(e, ClosePoll)] == [poll.poll_key]
    closed = next(e for e in events if isinstance(e, FinalMessage))
    assert f"Poll closed: day 1 in {label} (2 of 2 votes)" in closed.text
    state = await service.conversations.load(key)
    itinerary = state.itinerary
    assert itinerary is not None and app.planner.check(itinerary) == []  # re-made, re-checked
    assert day_areas(app.planner.kb, itinerary).days == (winner,)  # the day follows the vote
    planned = {i.place_id for d in itinerary.days for i in d.items if i.place_id}
    assert planned & set(stored.places[1]) and not planned & set(stored.places[0])
    assert "dropped by the group's vote" in closed.text  # the fairness line says why
    pinned = [e for e in events if isinstance(e, PinnedPlan)]
    assert pinned and pinned[0].text.startswith(f"📌 v2 · changed by Ben: Day 1: {label} (poll)")
    assert state.group.open_poll() is None  # nothing more to ask


async def test_a_tied_day_poll_keeps_the_current_plan(app: App) -> None:
    service = app.service
    poll = await _two_areas_for_one_day(app)
    key = said("", "1", "Ann").conversation
    before = (await service.conversations.load(key)).itinerary
    await final(service, said("", "1", "Ann", callback=f"v:{poll.poll_key}:0"))
    closed = await final(service, said("", "2", "Ben", callback=f"v:{poll.poll_key}:1"))
    current = poll.options[0].split(" — ")[0]
    assert f"Poll closed: day 1 in {current} (1 of 2 votes)" in closed.text
    after = await service.conversations.load(key)
    assert after.itinerary == before and after.group.open_poll() is None


async def test_a_group_that_never_says_who_is_coming_plans_for_its_members(app: App) -> None:
    service = app.service
    asked = await final(service, said("3 days from 12 March 2027", "1", "Alice"))
    assert "Who is coming?" in asked.text  # one member alone may be planning for others
    await final(service, said("I want the Night Safari", "2", "Bob"))
    summary = await final(service, said("hawker food for me please", "3", "Cara"))
    assert "Travellers: 3 adults" in summary.text
    assert "the 3 of you here (Alice, Bob, Cara)" in summary.text
    plan = await final(service, said("", "1", "Alice", callback="i:go"))
    assert plan.itinerary is not None and plan.itinerary.request.party is not None
    assert plan.itinerary.request.party.size == 3
    assert "3 days · 3 adults" in plan.text


async def test_a_party_someone_states_wins_over_the_members(app: App) -> None:
    service = app.service
    await final(service, said("3 days from 12 March 2027", "1", "Alice"))
    await final(service, said("I want the Night Safari", "2", "Bob"))
    stated = await final(service, said("우리 5명이에요", "3", "민수", language="ko"))
    assert "어른 5명" in stated.text and "여기 계신" not in stated.text
    later = await final(service, said("Gardens by the Bay please", "4", "Dan"))
    assert "Travellers: 5 adults" in later.text  # a new member does not undo what was said


async def test_a_budget_each_said_in_a_group_is_the_trips_and_the_tighter_one_wins(
    app: App,
) -> None:
    service = app.service
    await final(service, said("3 days from 12 March 2027", "1", "Alice"))
    await final(service, said("I want the Night Safari", "2", "Bob"))
    first = await final(service, said("about S$1,500 each", "1", "Alice"))
    assert "Budget: 1,500 SGD per person" in first.text and "No limit" not in first.text
    korean = await final(service, said("1인당 100만원이요", "3", "민수", language="ko"))
    assert "1,000,000 KRW" in korean.text and "1인당" in korean.text
    assert "가장 빠듯한" in korean.text and "Alice S$1,500" in korean.text
    looser = await final(service, said("I can do S$2,000 each", "2", "Bob"))
    assert "1,000,000 KRW" in looser.text  # still the tightest
    assert "the tightest any of you said" in looser.text
    state = await service.conversations.load(said("", "1", "Alice").conversation)
    assert state.request.budget is not None and state.request.budget.currency == "KRW"
    assert all(m.budget_sgd is None for m in state.group.members)  # nobody's own cap
