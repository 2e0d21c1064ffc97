"""The Redis implementations of the usage ledger, breaker state, thread index and channel marks
(real Redis)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from bot.brains.llm_breaker import CircuitBreaker
from bot.errors import StorageUnavailable
from bot.messages import ConversationKey
from bot.storage.ports import ChannelMark
from bot.storage.redis_breaker import RedisBreakerStore
from bot.storage.redis_marks import RedisChannelMarks
from bot.storage.redis_store import Keys
from bot.storage.redis_threads import RedisThreadIndex
from bot.storage.redis_usage import USAGE_TTL_S, RedisUsageLedger
from tests.support import drop_prefix, free_port

pytestmark = pytest.mark.redis
DAY = "2026-11-30"
CONV = ConversationKey("telegram", "-100")


@pytest.fixture
async def client(redis_url: str, key_prefix: str) -> AsyncIterator[aioredis.Redis]:
    r: aioredis.Redis = aioredis.Redis.from_url(redis_url, decode_responses=True)
    yield r
    await drop_prefix(r, key_prefix)
    await r.aclose()


@pytest.fixture
async def down() -> AsyncIterator[aioredis.Redis]:
    """A client of a port nobody listens on: every command fails to connect, without retries."""
    r: aioredis.Redis = aioredis.Redis(
        port=free_port(), socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0)
    )
    yield r
    await r.aclose()


async def test_usage_adds_up_per_user_and_conversation_and_expires(
    client: aioredis.Redis, key_prefix: str
) -> None:
    keys = Keys(key_prefix)
    ledger = RedisUsageLedger(client, keys)
    await ledger.record("telegram:7", CONV, DAY, 1000, 200, Decimal("0.0012"))
    await ledger.record("telegram:8", CONV, DAY, 10, 5, Decimal("0.000007"))
    spent = await ledger.spent("telegram:7", CONV, DAY)
    assert spent.user_usd == Decimal("0.0012") and spent.conversation_usd == Decimal("0.001207")
    assert await ledger.today("telegram:7", DAY) == (1200, Decimal("0.001"))
    assert await ledger.today("telegram:9", DAY) == (0, Decimal("0.000"))
    ttl = await client.ttl(keys.user("telegram:7", f"usage:{DAY}"))
    assert 0 < ttl <= USAGE_TTL_S


async def test_usage_store_failures_are_storage_unavailable(down: aioredis.Redis) -> None:
    ledger = RedisUsageLedger(down, Keys("bt"))
    with pytest.raises(StorageUnavailable):
        await ledger.record("telegram:7", CONV, DAY, 1, 1, Decimal(0))
    with pytest.raises(StorageUnavailable):
        await ledger.today("telegram:7", DAY)


async def test_breaker_opens_after_the_threshold_lets_one_probe_and_closes(
    client: aioredis.Redis, key_prefix: str
) -> None:
    now = [1000.0]
    store = RedisBreakerStore(client, Keys(key_prefix))
    breaker = CircuitBreaker(store, threshold=2, cooldown_s=30, clock=lambda: now[0])
    await breaker.failure()
    assert await breaker.state() == "closed" and await breaker.allow()
    await breaker.failure()
    assert await breaker.state() == "open" and not await breaker.allow()
    now[0] += 31
    assert await breaker.state() == "half-open"
    assert await breaker.allow() is True  # the one probe
    assert await breaker.allow() is False  # everyone else waits for it
    await breaker.success()
    assert await breaker.state() == "closed" and await store.open_until() == 0


async def test_a_breaker_whose_store_fails_lets_requests_through(down: aioredis.Redis) -> None:
    store = RedisBreakerStore(down, Keys("bt"))
    with pytest.raises(StorageUnavailable):
        await store.open_until()
    breaker = CircuitBreaker(store, threshold=1)
    await breaker.failure()  # logged, not raised
    assert await breaker.allow() is True and await breaker.state() == "closed"


async def test_trip_threads_are_remembered_and_a_failing_store_never_fails_a_turn(
    client: aioredis.Redis, key_prefix: str, down: aioredis.Redis
) -> None:
    threads = RedisThreadIndex(client, key_prefix, 3600, "discord")
    await threads.add("555", "111")
    assert await threads.parent_of("555") == "111"
    assert await threads.parent_of("556") is None
    assert await client.get(f"{key_prefix}:discord:thread:555") == "111"  # the key scheme kept
    broken = RedisThreadIndex(down, key_prefix, 3600, "discord")
    await broken.add("555", "111")
    assert await broken.parent_of("555") is None


async def test_channel_marks_only_move_forward_and_forget_quiet_channels(
    client: aioredis.Redis, key_prefix: str, down: aioredis.Redis
) -> None:
    marks = RedisChannelMarks(client, key_prefix, "discord", 7200)
    later = "1200000000000000100"
    await marks.advance(ChannelMark("7", later, "9", 1000.0))
    await marks.advance(ChannelMark("7", "1200000000000000099", "9", 1001.0))  # older: ignored
    await marks.advance(ChannelMark("7", "999", "9", 1002.0))  # shorter, so smaller: ignored
    assert await marks.recent(0.0) == [ChannelMark("7", later, "9", 1000.0)]
    newest = "12000000000000000000"  # one digit more: larger, although "1..." < "12..."
    await marks.advance(ChannelMark("7", newest, "9", 1003.0))
    await marks.advance(ChannelMark("8", "5", "", 900.0))  # a direct message, long quiet
    assert await marks.recent(950.0) == [ChannelMark("7", newest, "9", 1003.0)]
    assert await client.hkeys(f"{key_prefix}:discord:marks") == ["7"]  # the quiet one forgotten
    assert 7000 < await client.ttl(f"{key_prefix}:discord:marks") <= 7200
    broken = RedisChannelMarks(down, key_prefix, "discord", 7200)
    await broken.advance(ChannelMark("7", newest, "9", 1004.0))  # logged, not raised
    assert await broken.recent(0.0) == []
