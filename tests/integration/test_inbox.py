"""The durable inbox on a Redis Stream: entries stay until acknowledged, a dead consumer's entries
are reclaimed after their idle time, a live consumer keeps its running entries by touching them."""

from __future__ import annotations

import time

import pytest

from bot.bootstrap import App, build_app, make_inbox
from bot.config import Settings
from bot.metrics import ObservedInbox
from bot.storage.inbox import InboxEntry
from bot.storage.redis_inbox import RedisStreamInbox
from bot.stream_worker import StreamWorker
from tests.support import drop_prefix, fixed_clock

pytestmark = pytest.mark.redis


async def test_an_entry_is_taken_once_and_gone_after_its_ack(app: App) -> None:
    inbox = make_inbox(app, "test")
    ids = [await inbox.put(f'{{"n": {n}}}') for n in range(3)]
    first = await inbox.take("a", 2, 0.1)
    second = await inbox.take("b", 5, 0.1)
    assert [e.id for e in first + second] == ids  # each once, in order
    assert [e.payload for e in first] == ['{"n": 0}', '{"n": 1}']
    assert (await inbox.stats()).pending == 3
    for entry in first + second:
        await inbox.ack(entry.id)
    assert (await inbox.stats()).pending == 0
    assert await inbox.take("a", 5, 0.1) == []


async def test_a_dead_consumers_entry_is_reclaimed_but_a_touched_one_is_not(app: App) -> None:
    inbox = make_inbox(app, "test")
    assert isinstance(inbox, ObservedInbox) and isinstance(inbox.inner, RedisStreamInbox)
    stream = inbox.inner.stream
    dead, alive = await inbox.put("dead"), await inbox.put("alive")
    await inbox.take("crashed", 1, 0.1)
    await inbox.take("running", 1, 0.1)
    for consumer, entry in (("crashed", dead), ("running", alive)):  # delivered a minute ago
        await app.redis.execute_command(  # type: ignore[no-untyped-call]  # redis-py: untyped
            "XCLAIM", stream, "workers", consumer, 0, entry, "IDLE", 60_000
        )
    await inbox.touch("running", [alive])  # the live consumer's heartbeat
    taken = await inbox.reclaim("new", 30.0, 10)
    assert [e.id for e in taken] == [dead] and taken[0].payload == "dead"
    assert await inbox.reclaim("other", 30.0, 10) == []  # now it is "new"'s, and fresh


async def test_a_stalled_loops_running_entry_is_kept_by_the_heartbeat_thread(
    settings: Settings,
) -> None:
    # The loop that runs the turn is blocked for longer than the idle time after which another
    # process reclaims an entry (a busy machine starves a loop that runs many turns): the
    # worker's own touch cannot run, but the process's lock keeper thread keeps touching the
    # running entry. An entry the worker holds but does not run is reclaimed, as before.
    app = build_app(settings.model_copy(update={"lock_heartbeat_s": 0.1}), clock=fixed_clock)
    inbox = make_inbox(app, "stall")
    try:
        running, idle = await inbox.put("running"), await inbox.put("idle")
        taken = await inbox.take("live", 2, 0.1)
        assert [e.id for e in taken] == [running, idle]

        async def stalled(_entry: InboxEntry) -> None:
            time.sleep(1.5)  # noqa: ASYNC251 - blocks the event loop, as a long stall does

        worker: StreamWorker[InboxEntry] = StreamWorker(
            inbox, stalled, lambda e: e.id, consumer="live", concurrency=1,
            reclaim_idle_s=60.0, grace_s=0.0, keeper=inbox,
        )  # fmt: skip
        await worker.submit(taken[0])
        rival = await inbox.reclaim("rival", 1.0, 10)
        assert [e.id for e in rival] == [idle]  # the running one looked alive all along
    finally:
        await drop_prefix(app.redis, settings.key_prefix)
        await app.aclose()
