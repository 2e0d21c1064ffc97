"""A busy group through two real ``bundletrip telegram`` processes (webhook mode) on one Redis:
a burst of five messages gets at most two replies, none unanswered, none answered twice."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from aiohttp import web

from bot.bootstrap import App
from bot.messages import ConversationKey
from bot.storage.redis_store import Keys
from standins.openai_api import StandInOpenAI, Text
from standins.telegram_api import StandInBotAPI
from standins.telegram_updates import group_chat, message, user
from tests.integration.telegram import test_telegram_crash as crash
from tests.integration.telegram.test_telegram_crash import BotProcess

# Real processes: in the xdist group that runs every process-spawning test one at a time.
pytestmark = [pytest.mark.redis, pytest.mark.spawns, pytest.mark.xdist_group("spawned-processes")]
# The real processes and their fixture, shared with the crash tests (workdir and observer come
# from tests/integration/conftest.py).
spawn = crash.spawn
GROUP = -100777
BOT = "@bundletrip_test_bot"
SAID = [
    (901, "Ann", "hello there"),
    (902, "Ben", "I want the Night Safari"),
    (903, "Cy", "no museums for me please"),
    (904, "Dee", "my cap is S$300"),
    (905, "Eve", "what time does the zoo open?"),
]


class GatedModel(StandInOpenAI):
    """A language model that holds its first answer until released: the first message's turn is
    then running (the group's lock held, nothing committed) for as long as the test needs."""

    def __init__(self) -> None:
        super().__init__(responder=lambda body: Text("Happy to help with that."))
        self.first = asyncio.Event()
        self.released = asyncio.Event()

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        if not self.first.is_set():
            self.first.set()
            await self.released.wait()
        return await super()._completions(request)


async def _waiting(observer: App, count: int) -> None:
    """Wait until ``count`` messages wait in the group's pending list (bot/busy.py)."""
    prefix = observer.settings.key_prefix
    async with asyncio.timeout(60):
        while True:
            names = [n async for n in observer.redis.scan_iter(match=f"{prefix}:*pending:msgs*")]
            waiting = sum([await observer.redis.hlen(n) for n in names])
            if waiting >= count:
                return
            await asyncio.sleep(0.05)  # another process works; nothing here to await


async def _answered(observer: App, count: int) -> None:
    """Wait until ``count`` messages of the group have their replies stored and shown (the lock
    is released only after the folded reply was shown)."""
    key = ConversationKey("telegram", str(GROUP))
    lock = Keys(observer.settings.key_prefix).conv(key, "lock")
    async with asyncio.timeout(60):
        while True:
            turns = await observer.service.conversations.recent_turns(key, 50)
            stored = len([t for t in turns if t.role == "assistant"]) >= count
            if stored and not await observer.redis.exists(lock):
                return
            await asyncio.sleep(0.05)  # another process works; nothing here to await


async def test_a_burst_of_five_through_two_processes_gets_at_most_two_replies(
    spawn: Callable[..., BotProcess], standin: StandInBotAPI, observer: App
) -> None:
    async with GatedModel() as model:
        # Both processes stay alive, so nothing is to be reclaimed or taken over: the default-like
        # reclaim idle time and heartbeat (not the crash tests' 1 s and 0.3 s) keep a process
        # that stalls for a second on a loaded machine from looking dead to the other one.
        env = {"OPENAI_API_KEY": "sk-test-never-logged", "OPENAI_BASE_URL": model.url,
               "LLM_TURN_TIMEOUT_S": "120", "LLM_READ_TIMEOUT_S": "120",
               "INBOX_RECLAIM_IDLE_S": "15", "LOCK_HEARTBEAT_S": "2"}  # fmt: skip
        first, second = spawn("webhook", env), spawn("webhook", env)
        await first.start()
        await second.start()
        chat = group_chat(GROUP)
        updates = [
            standin.new_update(message(chat, user(uid, name), f"{BOT} {text}"))
            for uid, name, text in SAID
        ]
        await first.deliver(updates[0])
        async with asyncio.timeout(60):
            await model.first.wait()  # the first turn runs and holds the group
        for number, update in enumerate(updates[1:], start=1):
            await (second if number % 2 else first).deliver(update)  # both processes take some
        await _waiting(observer, len(updates) - 1)
        model.released.set()
        statuses = await asyncio.gather(*first.posts, *second.posts)
        assert statuses == [200] * len(updates)  # every delivery acknowledged
        # Free text is acknowledged once it waits in line; the model answers until all is shown
        # (stopped before, it failed the turns over to the offline brain after its retries).
        await _answered(observer, len(updates))

    replies = standin.messages(GROUP)
    assert 1 <= len(replies) <= 2, [r.shown for r in replies]
    folded = replies[-1].shown
    assert "Happy to help with that." in folded  # the model answered the folded turn too
    for _, name, text in SAID[1:]:
        assert f"{name}: “{text}”" in folded, folded  # each later message, naming its sender
    turns = await observer.service.conversations.recent_turns(
        ConversationKey("telegram", str(GROUP)), 50
    )
    said = [t.text for t in turns if t.role == "user"]
    assert sorted(said) == sorted(text for _, _, text in SAID)  # each stored once
