"""The reply of a committed turn is kept until it was shown: a worker that dies after the commit,
before the platform call, leaves it for the retried delivery, which shows it once."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import pytest

from bot.bootstrap import App
from bot.messages import FinalMessage, IncomingMessage, PictureReply, ReplyEvent
from tests.support import collect, final, message

pytestmark = pytest.mark.redis
TRIP = "3 days from 2027-03-12, 2 adults, we love food"


async def _until_final(app: App, msg: IncomingMessage) -> FinalMessage:
    """Run a turn until its final message is handed over, then die (never pull again)."""
    events = app.service.handle(msg)
    assert isinstance(events, AsyncGenerator)  # ``handle`` is an async generator
    async for event in events:
        if isinstance(event, FinalMessage):
            await events.aclose()  # like a kill: the adapter never shows it
            return event
    raise AssertionError("no final message")


async def test_a_reply_not_shown_is_shown_by_the_retried_delivery_once(app: App) -> None:
    msg = message(TRIP, user="71")
    lost = await _until_final(app, msg)
    again = await collect(app.service, msg)  # the inbox retries the same platform message
    assert [e for e in again if isinstance(e, FinalMessage)] == [lost]
    assert await collect(app.service, msg) == []  # shown and marked: a third delivery is dropped
    turns = await app.service.conversations.recent_turns(msg.conversation, 10)
    assert [t.role for t in turns] == ["user", "assistant"]  # the turn itself ran once


async def test_a_plan_shown_again_brings_its_maps(app: App) -> None:
    await final(app.service, message(TRIP, user="72"))
    press = message(callback="i:go", user="72")
    plan = await _until_final(app, press)
    assert plan.itinerary is not None
    again: list[ReplyEvent] = await collect(app.service, press)
    assert [e for e in again if isinstance(e, FinalMessage)] == [plan]
    assert any(isinstance(e, PictureReply) and e.pictures for e in again)


async def test_a_plan_shown_before_a_kill_during_its_maps_is_not_shown_again(app: App) -> None:
    """The plan reached the platform; the process died while its maps were drawn or sent: the
    retried delivery must not post the plan a second time (issue 13, the load test's doubles)."""
    await final(app.service, message(TRIP, user="74"))
    press = message(callback="i:go", user="74")
    events = app.service.handle(press)
    assert isinstance(events, AsyncGenerator)
    async for event in events:
        if isinstance(event, PictureReply):  # the plan before it was shown (pulled past it)
            await events.aclose()  # killed while showing the maps
            break
    else:
        raise AssertionError("no maps after the plan")
    again = await collect(app.service, press)
    assert [e for e in again if isinstance(e, FinalMessage)] == []
    assert (
        await app.service.conversations.unsent_reply(press.conversation, press.message_id) is None
    )


async def test_a_shown_reply_leaves_nothing_in_the_outbox(app: App) -> None:
    msg = message(TRIP, user="73")
    await final(app.service, msg)
    assert await app.service.conversations.unsent_reply(msg.conversation, msg.message_id) is None
    assert await collect(app.service, msg) == []  # a duplicate delivery is simply dropped
