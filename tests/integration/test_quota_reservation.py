"""The daily quota is reserved atomically before a turn and given back when the turn fails."""

from __future__ import annotations

import asyncio

import pytest

from bot.bootstrap import App, build_app
from bot.config import Settings
from bot.i18n import t
from bot.messages import FinalMessage, IncomingMessage, Sender
from tests.support import drop_prefix, fixed_clock
from tests.support.brains import BrokenBrain, StuckBrain

pytestmark = pytest.mark.redis
DAY = "2026-11-27"
USER = "telegram:4545"


def _mention(chat: int, text: str = "@bundletrip_bot 3 days from 10 December") -> IncomingMessage:
    return IncomingMessage(
        platform="telegram", chat_id=f"-100{chat}", message_id=f"m{chat}",
        sender=Sender(id="4545", display_name="Quin"), text=text, is_private=False,
        addressed_to_bot=True,
    )  # fmt: skip


async def _finals(app: App, msg: IncomingMessage) -> list[str]:
    return [e.text async for e in app.service.handle(msg) if isinstance(e, FinalMessage)]


async def test_parallel_turns_at_45_of_50_serve_exactly_five(app: App) -> None:
    for _ in range(45):
        await app.service.quotas.add(USER, DAY)
    replies = await asyncio.gather(*(_finals(app, _mention(chat)) for chat in range(20)))
    refused = t("en", "quota_reached", limit=50)
    served = [r for r in replies if r != [refused]]
    assert len(served) == 5, replies
    assert all(len(r) == 1 for r in replies)
    assert await app.service.quotas.used(USER, DAY) == 50


async def test_a_free_command_does_not_use_a_reservation(app: App) -> None:
    await _finals(app, _mention(1, "/help"))
    await _finals(app, _mention(2, "/lang ko"))
    assert await app.service.quotas.used(USER, DAY) == 0
    await _finals(app, _mention(3))
    assert await app.service.quotas.used(USER, DAY) == 1


async def test_a_failed_turn_gives_its_reservation_back(settings: Settings) -> None:
    app = build_app(
        settings, clock=fixed_clock, brain=BrokenBrain("bug in a brain", working_first=True)
    )
    try:
        for _ in range(49):
            await app.service.quotas.add(USER, DAY)
        with pytest.raises(RuntimeError):
            await _finals(app, _mention(1))
        assert await app.service.quotas.used(USER, DAY) == 49
        app.service.brain = app.service.fallback
        assert await _finals(app, _mention(2)) != [t("en", "quota_reached", limit=50)]
        assert await app.service.quotas.used(USER, DAY) == 50
    finally:
        await drop_prefix(app.redis, settings.key_prefix)
        await app.aclose()


async def test_a_cancelled_turn_gives_its_reservation_back(settings: Settings) -> None:
    brain = StuckBrain()
    app = build_app(settings, clock=fixed_clock, brain=brain)
    try:
        turn = asyncio.create_task(_finals(app, _mention(1)))
        await brain.started.wait()
        assert await app.service.quotas.used(USER, DAY) == 1  # reserved while it runs
        turn.cancel()
        with pytest.raises(asyncio.CancelledError):
            await turn
        assert await app.service.quotas.used(USER, DAY) == 0
    finally:
        await drop_prefix(app.redis, settings.key_prefix)
        await app.aclose()
