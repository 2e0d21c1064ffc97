"""A circuit breaker for the language model, shared by every instance through Redis.

States: *closed* (requests go out), *open* (after ``threshold`` consecutive failures: no request
for ``cooldown_s``; the offline brain answers at once instead of waiting for timeouts), *half-open*
(after the cool-down one probe request may go out — a success closes the breaker, a failure opens
it for another cool-down). Only unavailability counts as failure (network, timeouts, 429, 5xx, cut
streams), never a user's budget.

Key: ``bt:{llm}:breaker`` (hash ``failures``, ``open_until``) and ``bt:{llm}:breaker:probe``
(the half-open probe token, TTL = cool-down). If Redis itself fails the breaker lets requests
through; the model's own errors still fall back per turn.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import redis.asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class CircuitBreaker:
    """Counts consecutive failures; opens, cools down, then lets one probe through."""

    def __init__(
        self,
        client: aioredis.Redis,
        key: str,
        *,
        threshold: int = 3,
        cooldown_s: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.r = client
        self.key = key
        self.probe_key = f"{key}:probe"
        self.threshold = threshold
        self.cooldown_s = cooldown_s
        self.clock = clock

    async def state(self) -> str:
        """``closed``, ``open`` or ``half-open`` (for logs and tests)."""
        try:
            raw = await self.r.hget(self.key, "open_until")
        except (RedisError, OSError):
            return "closed"
        open_until = float(raw or 0)
        if not open_until:
            return "closed"
        return "open" if self.clock() < open_until else "half-open"

    async def allow(self) -> bool:
        """Tell whether a request may go out now (taking the probe when half-open)."""
        try:
            raw = await self.r.hget(self.key, "open_until")
            open_until = float(raw or 0)
            if not open_until:
                return True
            if self.clock() < open_until:
                return False
            ttl_ms = max(1, int(self.cooldown_s * 1000))
            return bool(await self.r.set(self.probe_key, "1", nx=True, px=ttl_ms))
        except (RedisError, OSError):
            log.warning("circuit breaker state unavailable; letting the request through")
            return True

    async def success(self) -> None:
        """Close the breaker."""
        try:
            await self.r.delete(self.key, self.probe_key)
        except (RedisError, OSError):
            log.warning("circuit breaker could not record a success")

    async def failure(self) -> None:
        """Count a failure; open (again) at the threshold."""
        try:
            failures = int(await self.r.hincrby(self.key, "failures", 1))
            if failures >= self.threshold:
                until = self.clock() + self.cooldown_s
                await self.r.hset(self.key, "open_until", repr(until))
                await self.r.delete(self.probe_key)
                log.warning(
                    "language model failed %d times in a row: offline for %.0f s",
                    failures, self.cooldown_s,
                )  # fmt: skip
            await self.r.expire(self.key, int(self.cooldown_s * 10) + 3600)
        except (RedisError, OSError):
            log.warning("circuit breaker could not record a failure")
