"""Webhook mode as Telegram delivers it: one update of a chat at a time, the next only after the
previous one was answered 200. The webhook answers once the message has its place in the chat's
order, so a burst typed during a long turn still arrives during it and is folded into one reply."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import App, build_app
from bot.config import Settings
from bot.messages import ConversationKey
from standins.telegram_api import StandInBotAPI
from standins.telegram_updates import message, private_chat, user
from tests.conftest import _drop_prefix, fixed_clock
from tests.support.brains import GatedBrain
from tests.support.telegram import Harness, start_worker, telegram_settings

ANN = user(741, "Ann")
CHAT = 741
SAID = [
    "hi, we are planning a trip",
    "4 days from 12 December 2026",
    "2 adults",
    "we love food",
    "S$1500 each",
]


@pytest.fixture
def brain() -> GatedBrain:
    return GatedBrain(SAID[0])  # the first message's turn runs until the test opens the gate


@pytest.fixture
async def gated_core(settings: Settings, brain: GatedBrain) -> AsyncIterator[App]:
    app = build_app(settings, clock=fixed_clock, brain=brain)
    yield app
    await _drop_prefix(app.redis, settings.key_prefix)
    await app.aclose()


@pytest.fixture
async def hook(
    settings: Settings, standin: StandInBotAPI, gated_core: App
) -> AsyncIterator[Harness]:
    worker = await start_worker(telegram_settings(settings, standin, "webhook"), gated_core)
    harness = Harness(standin, worker, "webhook")
    await worker.start()
    yield harness
    await worker.stop()


async def test_a_burst_delivered_one_at_a_time_is_folded_into_one_reply(
    hook: Harness, brain: GatedBrain, gated_core: App
) -> None:
    updates = [hook.standin.new_update(message(private_chat(CHAT), ANN, t)) for t in SAID]
    async with asyncio.timeout(20):
        for update in updates:  # as Telegram does: the next update only after a 200
            assert await hook.post(update) == 200
    assert brain.started.is_set() and not brain.gate.is_set()  # all five in, the first turn runs
    assert hook.standin.messages(CHAT) == []

    brain.gate.set()
    ids = {u["update_id"] for u in updates}
    async with asyncio.timeout(30), hook._changed:
        await hook._changed.wait_for(lambda: ids <= hook.handled)
    replies = hook.standin.messages(CHAT)
    assert 1 <= len(replies) <= 2, [r.shown for r in replies]  # the first turn's, one folded
    turns = await gated_core.service.conversations.recent_turns(
        ConversationKey("telegram", str(CHAT)), 50
    )
    assert sorted(t.text for t in turns if t.role == "user") == sorted(SAID)  # each stored once
    answered = [t for t in turns if t.role == "assistant"]
    assert len(answered) == len(SAID)  # every message answered (once)
