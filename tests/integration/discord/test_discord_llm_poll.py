"""The language-model brain opens a poll itself in a Discord trip thread: the scripted model (the
OpenAI stand-in, the real openai client) calls ``open_poll``, a native poll appears through the
real discord.py client, the votes are counted and the winner becomes the trip's dates."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest

from bot.config import Settings
from bot.messages import ConversationKey
from standins.discord_api import FakeDiscord
from standins.discord_payloads import CHANNEL_ID
from standins.openai_api import Call, StandInOpenAI, Text, Tools
from tests.integration.discord.conftest import Running, running_bot
from tests.integration.llm.conftest import FAST

BEN: dict[str, Any] = {"id": "1100000000000000791", "username": "ben", "discriminator": "0",
                       "avatar": None, "global_name": "Ben"}  # fmt: skip
TRIP = {"days": 1, "start": "2027-03-12", "adults": 2}


@pytest.fixture
async def model() -> AsyncIterator[StandInOpenAI]:
    async with StandInOpenAI() as server:
        yield server


@pytest.fixture
async def llm_bot(
    discord_settings: Settings, fake: FakeDiscord, model: StandInOpenAI
) -> AsyncIterator[Running]:
    settings = discord_settings.model_copy(update={**FAST, "openai_base_url": model.url})
    async with running_bot(settings, fake) as running:
        yield running


async def test_the_model_opens_a_native_dates_poll_and_the_vote_moves_the_trip(
    llm_bot: Running, model: StandInOpenAI
) -> None:
    fake = llm_bot.fake
    await fake.slash("plan", TRIP)
    (thread_id,) = await fake.wait_for(lambda: list(fake.threads))
    await fake.wait_for(lambda: fake.bot_messages(thread_id))
    dates = {"topic": "dates", "start_date": "2027-03-19", "end_date": "2027-03-19"}
    model.script(Tools([Call("open_poll", dates)]), Text("Let's vote on it."))
    await fake.say("the week after suits me better tbh", channel=thread_id, user=BEN)

    (poll,) = await fake.wait_for(lambda: fake.polls(thread_id))
    assert poll.poll is not None and poll.components == []  # a native poll, not buttons
    assert poll.poll["question"]["text"].startswith("Ben proposes other dates.")
    assert "A tie keeps" in poll.poll["question"]["text"]
    assert len(poll.answers()) == 2 and poll.answers()[1].startswith("19")
    index = llm_bot.app.service.groups.polls
    assert index is not None
    for _ in range(500):  # the bot records the poll once Discord has shown it
        if await index.by_platform("discord", str(poll.id)) is not None:
            break
        await asyncio.sleep(0.01)

    assert await fake.vote(poll.id, 1)
    assert await fake.vote(poll.id, 1, user=BEN)
    closed = await fake.wait_for(
        lambda: [m for m in fake.bot_messages(thread_id) if "Poll closed" in m.text()]
    )
    assert "(2 of 2 votes)" in closed[-1].text()
    assert fake.messages[poll.id].poll_ended
    key = ConversationKey("discord", str(CHANNEL_ID), str(thread_id))
    state = await llm_bot.app.service.conversations.load(key)
    assert state.request.start_date == date(2027, 3, 19)
