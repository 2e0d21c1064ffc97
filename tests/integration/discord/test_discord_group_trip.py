"""A group trip in a Discord trip thread: wishes, a vote by buttons, the plan made again."""

from __future__ import annotations

from standins.discord_api import FakeDiscord
from tests.integration.discord.conftest import Running

BEN = {"id": "1100000000000000777", "username": "ben", "discriminator": "0", "avatar": None,
       "global_name": "@everyone Ben"}  # fmt: skip
TRIP = {"days": 1, "start": "2027-03-12", "adults": 2}


async def _last_with(fake: FakeDiscord, thread_id: int, text: str) -> int:
    shown = await fake.wait_for(
        lambda: [m for m in fake.bot_messages(thread_id) if text in m.text()]
    )
    return int(shown[-1].id)


async def test_members_vote_with_buttons_and_the_winner_is_planned(bot: Running) -> None:
    fake = bot.fake
    await fake.slash("plan", TRIP)
    (thread_id,) = await fake.wait_for(lambda: list(fake.threads))
    await fake.wait_for(lambda: fake.bot_messages(thread_id))
    await fake.say("I want to see the Singapore Zoo", channel=thread_id)
    await _last_with(fake, thread_id, "Noted for Minji")
    await fake.say("I want Universal Studios", channel=thread_id, user=BEN)
    summary = await _last_with(fake, thread_id, "Universal Studios")
    await fake.press(summary, "i:go")

    poll_id = await _last_with(fake, thread_id, "Which one do we drop?")
    poll = fake.messages[poll_id]
    assert poll.custom_ids() == ["v:d1:0", "v:d1:1"]
    assert "A tie keeps the current plan" in poll.text()
    await fake.press(poll_id, "v:d1:1")
    await _last_with(fake, thread_id, "Vote counted (1/2 members)")
    await fake.press(poll_id, "v:d1:1", user=BEN)
    result = fake.messages[await _last_with(fake, thread_id, "Poll closed")]
    assert "drop Universal Studios Singapore (2 of 2 votes)" in result.text()
    assert "Minji: 1/1 of your wishes ✓" in result.text()
    (pinned_id,) = fake.pinned  # one plan, pinned once and edited in place
    pinned = await fake.wait_for(
        lambda: fake.messages[pinned_id].text().startswith("📌 v2") and fake.messages[pinned_id]
    )
    assert pinned.text().startswith("📌 v2 · changed by") and "a vote closed" in pinned.text()
    assert "Singapore Zoo" in pinned.text()
    everything = "\n".join(m.text() for m in fake.bot_messages(thread_id))
    assert "@everyone" not in everything.replace("@\u200beveryone", "")  # names never ping


async def test_the_older_plan_message_is_marked_superseded_and_keeps_its_plan(
    bot: Running,
) -> None:
    fake = bot.fake
    await fake.slash("plan", TRIP)
    (thread_id,) = await fake.wait_for(lambda: list(fake.threads))
    await fake.wait_for(lambda: fake.bot_messages(thread_id))
    await fake.say("I want to see the Singapore Zoo", channel=thread_id)
    await _last_with(fake, thread_id, "Noted for Minji")
    await fake.say("I want Universal Studios", channel=thread_id, user=BEN)
    summary = await _last_with(fake, thread_id, "Universal Studios")
    await fake.press(summary, "i:go")
    poll_id = await _last_with(fake, thread_id, "Which one do we drop?")
    [plan] = [m for m in fake.bot_messages(thread_id) if m.embeds and "Cost per member" in m.text()]
    assert not plan.content.startswith("⚠️")

    await fake.press(poll_id, "v:d1:1")
    await fake.press(poll_id, "v:d1:1", user=BEN)
    await _last_with(fake, thread_id, "Poll closed")
    marked = await fake.wait_for(lambda: plan.content.startswith("⚠️") and plan)
    assert marked.content == "⚠️ Superseded — see the pinned plan (v2)."
    assert "Universal Studios" in marked.text()  # the old plan's embeds stay under the mark
    assert marked.components == []  # its buttons no longer act on an old plan


async def test_a_poll_closes_at_its_deadline_by_the_clients_sweep(bot: Running) -> None:
    fake = bot.fake
    await fake.slash("plan", TRIP)
    (thread_id,) = await fake.wait_for(lambda: list(fake.threads))
    await fake.wait_for(lambda: fake.bot_messages(thread_id))
    await fake.say("I want to see the Singapore Zoo", channel=thread_id)
    await _last_with(fake, thread_id, "Noted for Minji")
    await fake.say("I want Universal Studios", channel=thread_id, user=BEN)
    summary = await _last_with(fake, thread_id, "Universal Studios")
    await fake.press(summary, "i:go")
    poll_id = await _last_with(fake, thread_id, "Which one do we drop?")
    await fake.press(poll_id, "v:d1:0", user=BEN)
    await _last_with(fake, thread_id, "Vote counted (1/2 members)")

    sweep = bot.client.sweep
    assert await sweep.sweep_once() == 0
    groups = bot.app.service.groups
    opened = groups.clock()
    groups.clock = lambda: opened + 25 * 3600  # the injected clock; nobody writes
    assert await sweep.sweep_once() == 1
    result = fake.messages[await _last_with(fake, thread_id, "Poll closed")]
    assert "drop Singapore Zoo (Mandai) (1 of 1 votes)" in result.text()
    await fake.press(poll_id, "v:d1:1")
    await _last_with(fake, thread_id, "That poll is closed")
