"""The conversation lock: exclusive across clients, renewed while a turn runs, freed on crash."""

from __future__ import annotations

import asyncio

import pytest

from bot.bootstrap import build_app
from bot.config import Settings
from bot.errors import LockTimeout
from bot.messages import ConversationKey
from tests.support import fixed_clock

pytestmark = pytest.mark.redis
KEY = ConversationKey("console", "lock-test")


async def test_a_long_turn_keeps_its_lock_past_the_timeout(settings: Settings) -> None:
    short = settings.model_copy(update={"lock_timeout_s": 0.3, "lock_wait_s": 0.2})
    holder, rival = build_app(short, clock=fixed_clock), build_app(short, clock=fixed_clock)
    try:
        async with holder.service.conversations.lock(KEY) as held:
            await asyncio.sleep(1.0)  # three lock timeouts: renewal keeps it ours
            with pytest.raises(LockTimeout):
                async with rival.service.conversations.lock(KEY):
                    pass
            state = await holder.service.conversations.load(KEY)
            await holder.service.conversations.commit(held, state, [], "m1")
        async with rival.service.conversations.lock(KEY):
            pass  # released at once when the turn ends
    finally:
        await holder.aclose()
        await rival.aclose()


async def test_a_lock_whose_holder_vanished_expires(settings: Settings) -> None:
    short = settings.model_copy(update={"lock_timeout_s": 0.3, "lock_wait_s": 2.0})
    app = build_app(short, clock=fixed_clock)
    try:
        name = app.service.conversations.keys.conv(KEY, "lock")  # type: ignore[attr-defined]
        await app.redis.set(name, "a-crashed-process", px=300)
        async with app.service.conversations.lock(KEY):
            assert await app.redis.get(name) != "a-crashed-process"
    finally:
        await app.redis.delete(name)
        await app.aclose()
