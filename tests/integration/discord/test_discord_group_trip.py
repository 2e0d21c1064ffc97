"""A group trip in a Discord trip thread: wishes, a vote in a native poll, the plan made again."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.group.money import member_costs
from bot.group.render import Places
from bot.messages import ConversationKey
from standins.discord_api import FakeDiscord
from standins.discord_payloads import CHANNEL_ID, USER_ID
from tests.integration.discord.conftest import Running
from tests.support.discord import last_with, poll_recorded
from tests.support.groups import (
    assert_drop_poll_is_about_the_plan,
    assert_each_member_served,
    assert_the_vote_is_planned,
    fair_lines,
)

BEN: dict[str, Any] = {
    "id": "1100000000000000777",
    "username": "ben",
    "discriminator": "0",
    "avatar": None,
    "global_name": "@everyone Ben",
}
CY: dict[str, Any] = {
    "id": "1100000000000000888",
    "username": "cy",
    "discriminator": "0",
    "avatar": None,
    "global_name": "Cy",
}
TRIP = {"days": 1, "start": "2027-03-12", "adults": 2}
DROP_QUESTION = "Which one do we drop?"
MINJI = str(USER_ID)
WISHED_BY = {  # who wished for each place, as results name them (names never ping)
    "Singapore Zoo (Mandai)": "Minji",
    "Universal Studios Singapore": "@\u200beveryone Ben",
}


async def _drop_poll(bot: Running) -> tuple[int, int]:
    """Minji wishes for the Zoo, Ben for Universal Studios: one day fits one; the group votes."""
    fake = bot.fake
    await fake.slash("plan", TRIP)
    (thread_id,) = await fake.wait_for(lambda: list(fake.threads))
    await fake.wait_for(lambda: fake.bot_messages(thread_id))
    await fake.say("I want to see the Singapore Zoo", channel=thread_id)
    await last_with(fake, thread_id, "Noted for Minji")
    await fake.say("I want Universal Studios", channel=thread_id, user=BEN)
    summary = await last_with(fake, thread_id, "Universal Studios")
    await fake.press(summary, "i:go")
    (poll,) = await fake.wait_for(lambda: fake.polls(thread_id))
    await poll_recorded(bot.app, poll.id)
    return thread_id, poll.id


def _dropped_and_kept(labels: list[str]) -> tuple[str, str]:
    """The wish the plan dropped (the first answer) and the one it kept, read from the vote."""
    assert all(label.startswith("Drop ") for label in labels)
    dropped, kept = (label.removeprefix("Drop ") for label in labels)
    assert {dropped, kept} == set(WISHED_BY)  # the planner may keep either; the vote names both
    return dropped, kept


async def _votes(bot: Running, thread_id: int, wanted: dict[str, int]) -> None:
    """Wait until the trip's first poll holds exactly these votes (votes make no message)."""
    key = ConversationKey("discord", str(CHANNEL_ID), str(thread_id))
    seen: dict[str, int] = {}
    for _ in range(1000):
        state = await bot.app.service.conversations.load(key)
        seen = {u.split(":")[-1]: v for u, v in state.group.polls[0].votes.items()}
        if seen == wanted:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"the poll holds {seen}, not {wanted}")


async def test_members_vote_in_a_native_poll_and_the_winner_is_planned(bot: Running) -> None:
    fake = bot.fake
    thread_id, poll_id = await _drop_poll(bot)
    poll = fake.messages[poll_id]
    dropped, kept = _dropped_and_kept(poll.answers())
    assert f"{dropped} did not fit the days — vote to swap?" in "\n".join(
        m.text() for m in fake.bot_messages(thread_id)
    )
    assert poll.poll is not None and poll.poll["duration"] == 24
    assert poll.poll["allow_multiselect"] is False
    question = poll.poll["question"]["text"]
    assert DROP_QUESTION in question and "A tie keeps the current plan" in question
    assert poll.components == []  # a poll, not buttons

    assert await fake.vote(poll_id, 1)  # drop the kept one: a swap
    await _votes(bot, thread_id, {MINJI: 1})
    assert not [m for m in fake.bot_messages(thread_id) if "Vote counted" in m.text()]
    assert await fake.vote(poll_id, 1, user=BEN)
    result = fake.messages[await last_with(fake, thread_id, "Poll closed")]
    assert f"drop {kept} (2 of 2 votes)" in result.text()
    assert f"{WISHED_BY[dropped]}: 1/1 of your wishes ✓" in result.text()
    served, wished, why = fair_lines(result.text())[WISHED_BY[kept].replace("@\u200b", "@")]
    assert (served, wished) == (0, 1) and why.endswith(f" · {kept} was dropped by the group's vote")
    (ended,) = fake.calls_to("POST", rf"channels/{thread_id}/polls/{poll_id}/expire")
    assert ended.status == 200 and fake.messages[poll_id].poll_ended
    assert not await fake.vote(poll_id, 0)  # an ended poll takes no more votes
    (pinned_id,) = fake.pinned  # one plan, pinned once and edited in place
    pinned = await fake.wait_for(
        lambda: fake.messages[pinned_id].text().startswith("📌 v2") and fake.messages[pinned_id]
    )
    assert pinned.text().startswith("📌 v2 · changed by")
    assert f"swapped {kept} for {dropped} (poll)" in pinned.text()  # what the vote changed
    days = pinned.text().split("\n", 1)[1]  # the plan under its version line
    assert dropped in days and kept not in days  # the swap is planned
    everything = "\n".join(m.text() for m in fake.bot_messages(thread_id))
    assert "@everyone" not in everything.replace("@\u200beveryone", "")  # names never ping


async def test_a_changed_vote_counts_once_for_the_new_answer(bot: Running) -> None:
    fake = bot.fake
    thread_id, poll_id = await _drop_poll(bot)
    assert await fake.vote(poll_id, 0)
    await _votes(bot, thread_id, {MINJI: 0})
    await fake.change_vote(poll_id, 0, 1)  # the addition arrives before the removal
    await _votes(bot, thread_id, {MINJI: 1})
    assert await fake.vote(poll_id, 1, added=False)  # taken back: nobody has voted now
    await _votes(bot, thread_id, {})
    assert not [m for m in fake.bot_messages(thread_id) if "Poll closed" in m.text()]


async def test_a_voter_who_never_wrote_is_named_by_discord(bot: Running) -> None:
    fake = bot.fake
    thread_id, poll_id = await _drop_poll(bot)
    assert await fake.vote(poll_id, 0, user=CY)  # Cy only votes: the bot asks Discord who
    await _votes(bot, thread_id, {CY["id"]: 0})
    assert fake.calls_to("GET", rf"users/{CY['id']}")
    key = ConversationKey("discord", str(CHANNEL_ID), str(thread_id))
    state = await bot.app.service.conversations.load(key)
    assert [m.name for m in state.group.members] == ["Minji", "@everyone Ben", "Cy"]


async def test_the_decision_is_shown_as_buttons_where_polls_are_refused(bot: Running) -> None:
    fake = bot.fake
    refused = r"^(channels/\d+/messages|webhooks/\d+/[^/]+)$"  # a message or a follow-up
    fake.fail_with("POST", refused, 403, 50013, when=lambda body: "poll" in body)
    await fake.slash("plan", TRIP)
    (thread_id,) = await fake.wait_for(lambda: list(fake.threads))
    await fake.wait_for(lambda: fake.bot_messages(thread_id))
    await fake.say("I want to see the Singapore Zoo", channel=thread_id)
    await last_with(fake, thread_id, "Noted for Minji")
    await fake.say("I want Universal Studios", channel=thread_id, user=BEN)
    summary = await last_with(fake, thread_id, "Universal Studios")
    await fake.press(summary, "i:go")

    poll_id = await last_with(fake, thread_id, DROP_QUESTION)
    poll = fake.messages[poll_id]
    assert poll.poll is None and poll.custom_ids() == ["v:d1:0", "v:d1:1"]
    labels = [c.get("label", "") for row in poll.components for c in row["components"]]
    dropped, kept = _dropped_and_kept(labels)
    assert f"{dropped} did not fit the days — vote to swap?" in "\n".join(
        m.text() for m in fake.bot_messages(thread_id)
    )
    await fake.press(poll_id, "v:d1:1")  # drop the kept one: a swap
    await last_with(fake, thread_id, "Vote counted (1/2 members)")
    await fake.press(poll_id, "v:d1:1", user=BEN)
    result = fake.messages[await last_with(fake, thread_id, "Poll closed")]
    assert f"drop {kept} (2 of 2 votes)" in result.text()
    assert f"{WISHED_BY[dropped]}: 1/1 of your wishes ✓" in result.text()
    assert not fake.calls_to("POST", r"polls/\d+/expire")  # buttons have nothing to end


async def test_the_older_plan_message_is_marked_superseded_and_keeps_its_plan(
    bot: Running,
) -> None:
    fake = bot.fake
    thread_id, poll_id = await _drop_poll(bot)
    _, kept = _dropped_and_kept(fake.messages[poll_id].answers())
    [plan] = [m for m in fake.bot_messages(thread_id) if m.embeds and "Cost per member" in m.text()]
    assert not plan.content.startswith("⚠️")

    await fake.vote(poll_id, 1)
    await _votes(bot, thread_id, {MINJI: 1})
    await fake.vote(poll_id, 1, user=BEN)
    await last_with(fake, thread_id, "Poll closed")
    marked = await fake.wait_for(lambda: plan.content.startswith("⚠️") and plan)
    assert marked.content == "⚠️ Superseded — see the pinned plan (v2)."
    assert kept in marked.text()  # the old plan's embeds stay under the mark
    assert marked.components == []  # its buttons no longer act on an old plan


async def test_a_poll_closes_at_its_deadline_by_the_clients_sweep(bot: Running) -> None:
    fake = bot.fake
    thread_id, poll_id = await _drop_poll(bot)
    dropped, _ = _dropped_and_kept(fake.messages[poll_id].answers())
    await fake.vote(poll_id, 0, user=BEN)  # keep the plan as it is
    await _votes(bot, thread_id, {BEN["id"]: 0})

    sweep = bot.client.sweep
    assert await sweep.sweep_once() == 0
    groups = bot.app.service.groups
    opened = groups.clock()
    groups.clock = lambda: opened + 25 * 3600  # the injected clock; nobody writes
    assert await sweep.sweep_once() == 1
    result = fake.messages[await last_with(fake, thread_id, "Poll closed")]
    assert f"drop {dropped} (1 of 1 votes)" in result.text()
    assert fake.messages[poll_id].poll_ended  # ended on Discord too, by the sweep
    assert not await fake.vote(poll_id, 1)


MINSU: dict[str, Any] = {
    "id": "1100000000000000999",
    "username": "minsu",
    "discriminator": "0",
    "avatar": None,
    "global_name": "민수",
}
THREE_DAYS = {"days": 3, "start": "2027-03-12", "adults": 3}


async def _poll_after(fake: FakeDiscord, thread_id: int, seen: int) -> int:
    """The first poll the bot posts after ``seen`` polls, once the bot has recorded it."""
    polls = await fake.wait_for(lambda: fake.polls(thread_id)[seen:])
    return int(polls[0].id)


async def test_three_members_plan_the_issues_trip_with_native_polls(bot: Running) -> None:
    """Dates by a poll, a wish that does not fit settled by a poll, each winner planned, every
    cap kept, cost and a fairness line per member, one pinned plan edited in place."""
    fake = bot.fake
    await fake.slash("plan", THREE_DAYS)
    (thread_id,) = await fake.wait_for(lambda: list(fake.threads))
    await fake.wait_for(lambda: fake.bot_messages(thread_id))
    wishes = [
        (USER_ID, "I want the Night Safari, Adventure Cove Waterpark and the S.E.A. Aquarium",
         "Noted for Minji"),
        (BEN, "my budget is S$400 and I arrive on day 2", "cap S$400"),
        (BEN, "I want Universal Studios and Gardens by the Bay", "Gardens by the Bay"),
        (MINSU, "저는 박물관은 싫어요. 싱가포르 동물원, 리버 원더스, 버드 파라다이스 가고 싶어요",
         "민수님 바람을 기록했어요"),
    ]  # fmt: skip
    for who, text, answer in wishes:
        await fake.say(text, channel=thread_id, user=None if who == USER_ID else who)  # type: ignore[arg-type]
        await last_with(fake, thread_id, answer)

    await fake.say("can we do 13-15 March 2027 instead?", channel=thread_id, user=BEN)
    dates_id = await _poll_after(fake, thread_id, 0)
    dates = fake.messages[dates_id]
    assert dates.answers() == ["12 Mar – 14 Mar 2027", "13 Mar – 15 Mar 2027"]
    assert "A tie keeps 12 Mar – 14 Mar 2027" in dates.poll["question"]["text"]  # type: ignore[index]
    await poll_recorded(bot.app, dates_id)
    for voter in (None, BEN, MINSU):
        assert await fake.vote(dates_id, 1, user=voter)
    summary = await last_with(fake, thread_id, "Poll closed: 13 Mar – 15 Mar 2027 (3 of 3 votes)")
    assert "2027-03-13 → 2027-03-15" in fake.messages[summary].text()
    assert fake.messages[dates_id].poll_ended
    await fake.press(summary, "i:go")

    drop_id = await _poll_after(fake, thread_id, 1)
    drop = fake.messages[drop_id]
    key = ConversationKey("discord", str(CHANNEL_ID), str(thread_id))
    state = await bot.app.service.conversations.load(key)
    poll = state.group.polls[1]
    assert_drop_poll_is_about_the_plan(state, poll)  # not which place: the planner may change
    kept, voted_out = poll.options[:2]
    names = Places(bot.app.planner.kb, "en")
    assert drop.answers()[:2] == [f"Drop {names(kept)}", f"Drop {names(voted_out)}"]
    (pinned_id,) = await fake.wait_for(lambda: fake.pinned)
    assert fake.messages[pinned_id].text().startswith("📌 v1")
    await poll_recorded(bot.app, drop_id)
    for voter in (None, BEN, MINSU):
        assert await fake.vote(drop_id, 1, user=voter)  # keep what the plan dropped
    closed = f"Poll closed: drop {names(voted_out)}"
    result = fake.messages[await last_with(fake, thread_id, closed)]
    lines = result.text()
    assert "(3 of 3 votes)" in lines
    assert_each_member_served(lines, ["Minji", "@everyone Ben", "민수"])  # a line per member
    state = await bot.app.service.conversations.load(key)
    assert_the_vote_is_planned(state, kept, voted_out, lines, bot.app.planner.kb)
    assert "Cost per member:" in lines and "(days 2–3)" in lines
    assert fake.messages[drop_id].poll_ended

    pinned = await fake.wait_for(
        lambda: fake.messages[pinned_id].text().startswith("📌 v2") and fake.messages[pinned_id]
    )
    assert fake.pinned == [pinned_id]  # one plan message, pinned once, edited in place
    version, days = pinned.text().split("\n", 1)
    assert version.endswith(" (poll)")  # by whichever vote came last
    assert names(kept) in version and names(voted_out) in version  # what the vote changed
    assert names(kept) in days and names(voted_out) not in days  # the winner is planned

    first_plan = next(
        m for m in fake.bot_messages(thread_id) if m.embeds and "Cost per" in m.text()
    )
    await fake.wait_for(lambda: first_plan.content.startswith("⚠️ Superseded"))  # the turn's end

    state = await bot.app.service.conversations.load(key)
    assert state.itinerary is not None
    assert state.itinerary.request.start_date is not None
    assert state.itinerary.request.start_date.isoformat() == "2027-03-13"
    costs = member_costs(state.itinerary, state.group, bot.app.planner.kb)
    for member, cost in zip(state.group.members, costs.members, strict=True):
        assert member.budget_sgd is None or cost.total <= member.budget_sgd  # every cap kept
