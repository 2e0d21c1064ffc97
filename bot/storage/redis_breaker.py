"""The circuit breaker's shared state on Redis (the :class:`~bot.storage.ports.BreakerStore` port).

Keys: ``bt:{llm}:breaker`` (hash ``failures``, ``open_until``) and ``bt:{llm}:breaker:probe``
(the half-open probe token, TTL = cool-down). One breaker for every instance of the deployment.
Driver errors become :class:`StorageUnavailable`; the policy lives in :mod:`bot.brains.llm_breaker`.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from bot.storage.redis_store import Keys, wrapped


class RedisBreakerStore:
    """Failures, open-until time and the probe token of the language model's breaker."""

    def __init__(self, client: aioredis.Redis, keys: Keys) -> None:
        self.r = client
        self.key = f"{keys.prefix}:{{llm}}:breaker"
        self.probe_key = f"{self.key}:probe"

    @wrapped
    async def open_until(self) -> float:
        return float(await self.r.hget(self.key, "open_until") or 0)

    @wrapped
    async def take_probe(self, ttl_s: float) -> bool:
        ttl_ms = max(1, int(ttl_s * 1000))
        return bool(await self.r.set(self.probe_key, "1", nx=True, px=ttl_ms))

    @wrapped
    async def add_failure(self, keep_s: int) -> int:
        failures = int(await self.r.hincrby(self.key, "failures", 1))
        await self.r.expire(self.key, keep_s)
        return failures

    @wrapped
    async def open(self, until: float) -> None:
        await self.r.hset(self.key, "open_until", repr(until))
        await self.r.delete(self.probe_key)

    @wrapped
    async def close(self) -> None:
        await self.r.delete(self.key, self.probe_key)
