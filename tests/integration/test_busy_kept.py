"""A message the durable inbox keeps is never answered "busy, try again" (bot/busy.py, ``KEPT``).

A turn of the same conversation holds the lock (another process's slow turn: the test holds the
real Redis lock, renewed by the lock keeper) for longer than the lock wait. A message with the
inbox behind it waits on, shows "typing…", and is answered once when the lock frees; past
``KEPT_WAIT_LOCKS`` lock waits it ends silently, handed back to the inbox. Without the inbox
(the terminal chat) the answer is still "busy", counted as the ``busy`` outcome. Waits are
counted (the lock-wait metric), not timed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

import bot.conversation
from bot.bootstrap import App, build_app
from bot.busy import KEPT, Kept
from bot.config import Settings
from bot.i18n import t
from bot.messages import BusyReply, FinalMessage, IncomingMessage, ReplyEvent, Working
from bot.metrics import observed_turn
from tests.support import drop_prefix, fixed_clock, message
from tests.support.locks import after_waits, lock_waits

pytestmark = pytest.mark.redis
LOCK_WAIT_S = 0.1


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    application = build_app(settings.model_copy(update={"lock_wait_s": LOCK_WAIT_S}),
                            clock=fixed_clock)  # fmt: skip
    yield application
    await drop_prefix(application.redis, settings.key_prefix)
    await application.aclose()


async def turn(app: App, msg: IncomingMessage, kept: Kept | None) -> list[ReplyEvent]:
    """One turn as an adapter runs it (counted by the turn metrics), inbox-kept or not."""
    KEPT.set(kept)  # this task's context only
    events = observed_turn(app.service.handle(msg), app.metrics, "console", started=0.0)
    return [event async for event in events]


def outcome(app: App, name: str) -> float:
    value = app.metrics.registry.get_sample_value(
        "bundletrip_turns_total", {"platform": "console", "outcome": name}
    )
    return value or 0.0


@pytest.mark.parametrize("text", ["/help", "what is there to do on Sentosa?"])
async def test_a_kept_message_behind_a_long_turn_waits_and_is_answered_once(
    app: App, text: str
) -> None:
    msg = message(text, user="6101")
    kept = Kept()
    waited = after_waits(app, 6)  # past the lock wait, and the free-text list's give-up (4)
    async with app.service.conversations.lock(msg.conversation):
        running = asyncio.create_task(turn(app, msg, kept))
        async with asyncio.timeout(20):
            await waited.wait()
        assert not running.done()  # no "busy" answer: it still waits
    events = await running
    finals = [e for e in events if isinstance(e, FinalMessage)]
    assert len(finals) == 1 and finals[0].text != t("en", "busy")
    assert not isinstance(finals[0], BusyReply) and not kept.handed_back
    assert await app.service.conversations.is_processed(msg.conversation, msg.message_id)
    if text.startswith("/"):
        assert isinstance(events[0], Working)  # "typing…" while it waited
    assert outcome(app, "answered") == 1 and outcome(app, "busy") == 0


async def test_a_kept_message_past_its_waits_goes_back_to_the_inbox_silently(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.conversation, "KEPT_WAIT_LOCKS", 3)
    msg = message("/help", user="6102")
    kept = Kept()
    async with app.service.conversations.lock(msg.conversation):
        events = await turn(app, msg, kept)
    assert kept.handed_back
    assert events == [Working()]  # "typing…", never "busy, try again"
    assert lock_waits(app) == 3
    assert not await app.service.conversations.is_processed(msg.conversation, msg.message_id)
    assert outcome(app, "requeued") == 1 and outcome(app, "busy") == 0
    # Run again (the inbox reclaimed it) once the conversation is free: answered once.
    again = Kept()
    finals = [e for e in await turn(app, msg, again) if isinstance(e, FinalMessage)]
    assert len(finals) == 1 and finals[0].text != t("en", "busy") and not again.handed_back


async def test_without_the_inbox_a_busy_conversation_answers_busy(app: App) -> None:
    msg = message("/help", user="6103")
    async with app.service.conversations.lock(msg.conversation):
        events = await turn(app, msg, None)
    assert events == [BusyReply(t("en", "busy"), language="en")]
    assert outcome(app, "busy") == 1 and outcome(app, "answered") == 0
