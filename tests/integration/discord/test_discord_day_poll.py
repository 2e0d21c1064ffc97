"""A day's area decided in a Discord trip thread: a native poll "Day 1: <area> or <area>?", the
votes counted, the poll ended, the winner's area planned and the pinned plan edited to v2."""

from __future__ import annotations

from tests.integration.discord.conftest import Running
from tests.support.discord import last_with, poll_recorded

BEN = {"id": "1100000000000000779", "username": "ben", "discriminator": "0", "avatar": None,
       "global_name": "Ben"}  # fmt: skip
TRIP = {"days": 1, "start": "2027-03-12", "adults": 2}


async def test_wishes_in_two_areas_open_a_native_day_poll_and_the_winner_is_planned(
    bot: Running,
) -> None:
    fake = bot.fake
    await fake.slash("plan", TRIP)
    (thread_id,) = await fake.wait_for(lambda: list(fake.threads))
    await fake.wait_for(lambda: fake.bot_messages(thread_id))
    await fake.say("I want the ArtScience Museum and CE LA VI", channel=thread_id)
    await last_with(fake, thread_id, "Noted for Minji")
    await fake.say("I want the Singapore Zoo and Bird Paradise", channel=thread_id, user=BEN)
    summary = await last_with(fake, thread_id, "Bird Paradise")
    await fake.press(summary, "i:go")
    (poll,) = await fake.wait_for(lambda: fake.polls(thread_id))
    await poll_recorded(bot.app, poll.id)

    assert poll.poll is not None and poll.components == []  # a native poll, not buttons
    question = poll.poll["question"]["text"]
    areas = [answer.split(" — ")[0] for answer in poll.answers()]
    assert question.startswith(f"Day 1: {areas[0]} or {areas[1]}?")
    assert "A tie keeps the current plan" in question
    wished = poll.answers()[1].split(" — ")[1].split(", ")

    assert await fake.vote(poll.id, 1)
    assert await fake.vote(poll.id, 1, user=BEN)
    result = fake.messages[await last_with(fake, thread_id, "Poll closed")]
    assert f"day 1 in {areas[1]} (2 of 2 votes)" in result.text()
    assert fake.messages[poll.id].poll_ended
    (pinned_id,) = fake.pinned
    pinned = await fake.wait_for(
        lambda: fake.messages[pinned_id].text().startswith("📌 v2") and fake.messages[pinned_id]
    )
    assert f"changed by Ben: Day 1: {areas[1]} (poll)" in pinned.text()
    assert any(name in pinned.text() for name in wished)  # the winning area's wishes planned
