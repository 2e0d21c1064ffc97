"""A message behind a long turn of its chat, through the real worker and inbox (both modes):
never "busy, try again", never lost, answered once (bot/busy.py, ``KEPT``).

The long turn is the test holding the chat's real Redis lock (as another process's slow turn
would, renewed by the lock keeper). Lock waits are counted through the store's metric hook, not
timed; the lock wait is short so that many run out.
"""

from __future__ import annotations

import asyncio

import pytest

from bot import conversation
from bot.bootstrap import App
from bot.config import Settings
from bot.i18n import t
from bot.messages import ConversationKey
from standins.telegram_updates import message, private_chat, user
from tests.support.locks import after_waits
from tests.support.telegram import Harness

ANN = user(701, "Ann", "en")
KEY = ConversationKey("telegram", "701")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"lock_wait_s": 0.1, "inbox_reclaim_idle_s": 0.6})


async def inbox_drained(bot: Harness) -> None:
    """Wait until every inbox entry was acknowledged (the ack follows the turn's end)."""
    for _ in range(200):
        if (await bot.worker.inbox.inbox.stats()).pending == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("an inbox entry was never acknowledged")


def requeued(core: App) -> float:
    labels = {"platform": "telegram", "outcome": "requeued"}
    return core.metrics.registry.get_sample_value("bundletrip_turns_total", labels) or 0.0


async def test_a_command_behind_a_long_turn_waits_and_is_answered_once(
    bot: Harness, core: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conversation, "KEPT_WAIT_LOCKS", 1000)  # waits as long as it takes
    waited = after_waits(core, 3)  # three lock waits ran out: "busy" came after the first
    async with core.service.conversations.lock(KEY):
        update = bot.standin.new_update(message(private_chat(701), ANN, "/help"))
        delivered = asyncio.create_task(bot.redeliver(update))
        async with asyncio.timeout(20):
            await waited.wait()
        await bot.standin.wait_for(lambda: bool(bot.standin.calls_of("sendChatAction")))
        assert bot.standin.messages(701) == []  # "typing…" meanwhile, and no word
    await delivered
    [reply] = bot.standin.messages(701)
    assert reply.shown != t("en", "busy") and "/plan" in reply.shown
    await inbox_drained(bot)


async def test_a_command_handed_back_to_the_inbox_is_answered_once_when_the_chat_frees(
    bot: Harness, core: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conversation, "KEPT_WAIT_LOCKS", 2)
    async with core.service.conversations.lock(KEY):
        update = bot.standin.new_update(message(private_chat(701), ANN, "/help"))
        await bot.redeliver(update)  # its turn ended: handed back, not answered
        assert bot.standin.messages(701) == []
        assert requeued(core) >= 1
        assert (await bot.worker.inbox.inbox.stats()).pending == 1  # kept, not acknowledged
    await bot.standin.wait_for(lambda: bool(bot.standin.messages(701)))  # reclaimed, run again
    await inbox_drained(bot)
    [reply] = bot.standin.messages(701)
    assert reply.shown != t("en", "busy") and "/plan" in reply.shown
