"""Process metrics against real Redis: inbox depth and oldest age read through the inbox port
at scrape time (and ``inbox_up`` 0 when Redis is down), reclaimed entries, lock waits."""

from __future__ import annotations

import time

import pytest
import redis.asyncio as aioredis
from prometheus_client.parser import text_string_to_metric_families
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from bot.bootstrap import App, build_app, make_inbox
from bot.config import Settings
from bot.errors import LockTimeout
from bot.messages import ConversationKey
from bot.metrics import Metrics
from bot.storage.redis_inbox import RedisStreamInbox
from bot.storage.redis_store import Keys
from tests.support import drop_prefix, fixed_clock, free_port

pytestmark = pytest.mark.redis


async def scrape(metrics: Metrics) -> dict[tuple[str, str], float]:
    text = (await metrics.exposition()).decode()
    return {
        (s.name, s.labels.get("inbox", "")): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_inbox_gauges_are_read_from_redis_at_each_scrape(app: App) -> None:
    inbox = make_inbox(app, "gauges")
    assert isinstance(inbox.inner, RedisStreamInbox)  # type: ignore[attr-defined]
    stream = inbox.inner.stream  # type: ignore[attr-defined]
    empty = await scrape(app.metrics)
    assert empty[("bundletrip_inbox_depth", "gauges")] == 0
    assert empty[("bundletrip_inbox_oldest_age_seconds", "gauges")] == 0
    assert empty[("bundletrip_inbox_up", "gauges")] == 1

    # An entry stored two minutes ago (its stream id is its birth time), and two new ones.
    born_ms = int(time.time() * 1000) - 120_000
    await app.redis.xadd(stream, {"p": "old"}, id=f"{born_ms}-0")
    await inbox.put("new 1")
    await inbox.put("new 2")
    await inbox.take("a", 2, 0.1)  # taken but not acknowledged still counts
    busy = await scrape(app.metrics)
    assert busy[("bundletrip_inbox_depth", "gauges")] == 3
    assert 120 <= busy[("bundletrip_inbox_oldest_age_seconds", "gauges")] < 3600

    for entry in await inbox.reclaim("c", 0.0, 10) + await inbox.take("b", 10, 0.1):
        await inbox.ack(entry.id)
    drained = await scrape(app.metrics)
    assert drained[("bundletrip_inbox_depth", "gauges")] == 0
    assert drained[("bundletrip_inbox_oldest_age_seconds", "gauges")] == 0
    # Two entries were pending with "a" and taken over by "c".
    assert drained[("bundletrip_inbox_reclaimed_total", "gauges")] == 2


async def test_inbox_up_drops_to_zero_when_redis_cannot_be_reached(app: App) -> None:
    # Nothing listens there; the refused connect is not retried (redis-py's default backs off
    # ~3 s over three retries before it gives up, which is not what this test is about).
    dead = aioredis.Redis(port=free_port(), socket_connect_timeout=1, retry=Retry(NoBackoff(), 0))
    metrics = Metrics()
    metrics.watch_inbox("down", RedisStreamInbox(dead, Keys(app.settings.key_prefix), "down"))
    try:
        samples = await scrape(metrics)
    finally:
        await dead.aclose()
    assert samples[("bundletrip_inbox_up", "down")] == 0
    assert ("bundletrip_inbox_depth", "down") not in samples


async def test_a_busy_conversation_lock_counts_as_a_lock_wait(settings: Settings) -> None:
    waiter = build_app(settings.model_copy(update={"lock_wait_s": 0.05}), clock=fixed_clock)
    holder = build_app(settings, clock=fixed_clock)
    key = ConversationKey("telegram", "-100515151")
    try:
        async with holder.service.conversations.lock(key):
            with pytest.raises(LockTimeout):
                async with waiter.service.conversations.lock(key):
                    pass
        registry = waiter.metrics.registry
        assert registry.get_sample_value("bundletrip_lock_waits_total") == 1
        assert registry.get_sample_value("bundletrip_lock_wait_seconds_count") == 1
        assert holder.metrics.registry.get_sample_value("bundletrip_lock_waits_total") == 0
    finally:
        await drop_prefix(holder.redis, settings.key_prefix)
        await waiter.aclose()
        await holder.aclose()
