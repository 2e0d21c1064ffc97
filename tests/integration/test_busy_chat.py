"""A busy chat through two bot instances on one Redis: a burst folds into two replies at most."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator

import pytest

from bot.bootstrap import App, build_app
from bot.config import Settings
from bot.messages import ConversationKey, FinalMessage, IncomingMessage, ReplyEvent, ReplyStart
from bot.storage.pending import PendingMessages
from tests.support import Where, collect, fixed_clock, message
from tests.support.brains import GatedBrain

pytestmark = pytest.mark.redis


class Arrivals(PendingMessages):
    """The real pending store, telling the test when ``expected`` messages have arrived."""

    def __init__(self, inner: PendingMessages, expected: int, arrived: asyncio.Event) -> None:
        self.inner, self.expected, self.arrived = inner, expected, arrived
        self.count = 0

    async def push(self, key: ConversationKey, msg: IncomingMessage) -> None:
        await self.inner.push(key, msg)
        self.count += 1
        if self.count >= self.expected:
            self.arrived.set()

    async def claim(self, key: ConversationKey, message_id: str) -> bool:
        return await self.inner.claim(key, message_id)

    async def peek(self, key: ConversationKey) -> list[IncomingMessage]:
        return await self.inner.peek(key)


def _watch(app: App, expected: int, arrived: asyncio.Event) -> None:
    inner = app.service.folding.pending
    assert inner is not None
    app.service.folding.pending = Arrivals(inner, expected, arrived)


async def _drop(app: App, settings: Settings) -> None:
    names = [k async for k in app.redis.scan_iter(f"{settings.key_prefix}:*")]
    if names:
        await app.redis.delete(*names)
    await app.aclose()


async def _burst(
    settings: Settings, msgs: list[IncomingMessage]
) -> tuple[list[list[ReplyEvent]], App]:
    brain = GatedBrain(msgs[0].text)
    first = build_app(settings, clock=fixed_clock, brain=brain)
    second = build_app(settings, clock=fixed_clock)
    apps = [first, second]
    try:
        head = asyncio.create_task(collect(first.service, msgs[0]))
        await brain.started.wait()  # the first turn holds the conversation
        later = (
            [m for i, m in enumerate(msgs[1:]) if i % 2 == 0],
            [m for i, m in enumerate(msgs[1:]) if i % 2 == 1],
        )
        arrived = [asyncio.Event(), asyncio.Event()]
        for app, its, event in zip((second, first), later, arrived, strict=True):
            _watch(app, len(its), event)
        rest = [
            asyncio.create_task(collect(apps[i % 2].service, m))
            for i, m in enumerate(msgs[1:], start=1)
        ]
        for event in arrived:
            await event.wait()  # every later message has arrived and waits for the lock
        brain.gate.set()
        results = [await head, *[await task for task in rest]]
        return results, second
    finally:
        await first.aclose()


async def test_a_burst_of_five_in_a_group_gets_at_most_two_replies_each_message_answered_once(
    settings: Settings,
) -> None:
    group: Where = {"chat": "-4242", "private": False}
    said = [
        ("1", "Ann", "hello there"),
        ("2", "Ben", "I want the Night Safari"),
        ("3", "Cy", "no museums for me please"),
        ("4", "Dee", "my cap is S$300"),
        ("5", "Eve", "what time does the zoo open?"),
    ]
    msgs = [message(text, user=u, name=n, **group) for u, n, text in said]
    results, second = await _burst(settings, msgs)
    try:
        finals = [e for r in results for e in r if isinstance(e, FinalMessage)]
        assert 1 <= len(finals) <= 2
        folded = finals[-1].text
        for _, name, text in said[1:]:
            assert f"{name}: “{text}”" in folded  # named, with what they said
        assert "Noted for Ben" in folded and "08:30" in folded  # each understood on its own
        turns = await second.service.conversations.recent_turns(msgs[0].conversation, 50)
        users = [str(t.message_id) for t in turns if t.role == "user"]
        replies = [str(t.message_id) for t in turns if t.role == "assistant"]
        assert sorted(users) == sorted(replies) == sorted(m.message_id for m in msgs)
    finally:
        await _drop(second, settings)


async def test_three_short_messages_in_a_private_chat_get_at_most_two_replies(
    settings: Settings,
) -> None:
    msgs = [message(t, user="77") for t in ("hi", "4 days from 12 March", "2 adults")]
    results, second = await _burst(settings, msgs)
    try:
        finals = [e for r in results for e in r if isinstance(e, FinalMessage)]
        assert len(finals) == 2
        assert "2027-03-12 → 2027-03-15" in finals[-1].text
        state = await second.service.conversations.load(msgs[0].conversation)
        assert state.request.party is not None and state.request.party.adults == 2
    finally:
        await _drop(second, settings)


async def test_a_message_read_by_a_folding_turn_that_died_before_its_commit_is_answered(
    settings: Settings,
) -> None:
    """Issue 13: a folded message leaves the list only once its reply is shown. Here the turn
    that read it died (its lock freed by the heartbeat): the message's own delivery, still
    waiting (or retried by the inbox), answers it instead of ending silently."""
    app = build_app(settings, clock=fixed_clock)
    try:
        msg = message("I want the Night Safari", user="78", chat="-4343", private=False)
        arrived = asyncio.Event()
        _watch(app, 1, arrived)
        pending = app.service.folding.pending
        assert pending is not None
        async with app.service.conversations.lock(msg.conversation):  # the folding turn
            waiting = asyncio.create_task(collect(app.service, msg))
            await arrived.wait()  # pushed, now waiting for the lock
            assert [m.message_id for m in await pending.peek(msg.conversation)] == [msg.message_id]
        # ... which dies here: the lock is free, nothing was committed
        replies = [e for e in await waiting if isinstance(e, FinalMessage)]
        assert len(replies) == 1
        turns = await app.service.conversations.recent_turns(msg.conversation, 10)
        assert [t.role for t in turns] == ["user", "assistant"]
        assert await pending.peek(msg.conversation) == []  # answered: out of the list
        assert await collect(app.service, msg) == []  # answered once: a redelivery is dropped
    finally:
        await _drop(app, settings)


async def test_a_turn_that_died_leaves_its_message_to_the_next_one_in_order(
    settings: Settings,
) -> None:
    """A process killed mid-turn (a deploy, ``kill -9``) leaves its message in the list; the
    chat's next message, once it has the lock, answers the dead turn's message first — the
    order of the chat is kept — and the dead message's retried delivery shows nothing more."""
    brain = GatedBrain("what time does the zoo open?")
    dying = build_app(settings, clock=fixed_clock, brain=brain)
    other = build_app(settings, clock=fixed_clock)
    group: Where = {"chat": "-4444", "private": False}
    first = message("what time does the zoo open?", user="81", name="Ann", **group)
    second = message("I want the Night Safari", user="82", name="Ben", **group)
    try:
        head = asyncio.create_task(collect(dying.service, first))
        await brain.started.wait()  # its turn runs, holding the lock
        arrived = asyncio.Event()
        _watch(other, 1, arrived)
        later = asyncio.create_task(collect(other.service, second))
        await arrived.wait()
        head.cancel()  # the process dies mid-turn: nothing committed, its lock set free
        with contextlib.suppress(asyncio.CancelledError):
            await head
        finals = [e for e in await later if isinstance(e, FinalMessage)]
        assert len(finals) == 2
        assert "Singapore Zoo" in finals[0].text  # Ann's question, answered first
        assert "Noted for Ben" in finals[1].text
        turns = await other.service.conversations.recent_turns(first.conversation, 10)
        said = [(t.role, str(t.message_id)) for t in turns]
        assert said == [("user", first.message_id), ("assistant", first.message_id),
                        ("user", second.message_id), ("assistant", second.message_id)]  # fmt: skip
        assert await collect(other.service, first) == []  # the inbox's retry: nothing more
    finally:
        await dying.aclose()
        await _drop(other, settings)


async def test_a_folded_reply_once_shown_is_not_shown_again_by_a_retried_delivery(
    settings: Settings,
) -> None:
    msgs = [message(t, user="79") for t in ("hi", "4 days from 12 March", "2 adults")]
    results, second = await _burst(settings, msgs)
    try:
        assert len([e for r in results for e in r if isinstance(e, FinalMessage)]) == 2
        for msg in msgs:  # the inbox retries every one of them (e.g. a kill before the acks)
            assert await collect(second.service, msg) == []
    finally:
        await _drop(second, settings)


async def test_a_folded_reply_shown_before_a_kill_is_shown_again_once_as_the_first_ones(
    settings: Settings,
) -> None:
    """Issue 13, the small load test's extra Discord message: the folding turn showed the folded
    reply and died before marking it sent. The folded reply is kept as the first folded
    message's (the others' replies dropped in the same step), so the retried deliveries show it
    once more under that message's key — Discord's nonces recognise it — and no message gets
    its own reply beside it."""
    head, *folded = [message(t, user="80") for t in ("hi", "4 days from 12 March", "2 adults")]
    brain = GatedBrain(head.text)
    app = build_app(settings, clock=fixed_clock, brain=brain)
    try:
        arrived = asyncio.Event()
        _watch(app, len(folded), arrived)
        shown: list[FinalMessage] = []

        async def folding_turn() -> None:
            events = app.service.handle(head)
            assert isinstance(events, AsyncGenerator)
            async for event in events:
                if isinstance(event, FinalMessage):
                    shown.append(event)
                    if len(shown) == 2:  # the folded reply reached the platform ...
                        await events.aclose()  # ... and the process dies before marking it
                        return

        turn = asyncio.create_task(folding_turn())
        await brain.started.wait()
        waiting = [asyncio.create_task(collect(app.service, m)) for m in folded]
        await arrived.wait()
        brain.gate.set()
        await turn
        again = [await task for task in waiting]  # their own deliveries (or the inbox's retry)
        assert all(m.text in shown[1].text for m in folded)  # one reply answered both
        assert again[0] == [ReplyStart(folded[0].dedup_id, 0, 0), shown[1]]
        assert again[1] == []
        for msg in [head, *folded]:
            assert await collect(app.service, msg) == []
    finally:
        await _drop(app, settings)
