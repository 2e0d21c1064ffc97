"""A Redis Stream read through a consumer group: what the inbox and the plan-job queue share.

Both keep their work in one stream with one consumer group: workers take new entries
(``XREADGROUP``), keep their running ones alive (``XCLAIM ... JUSTID``), and take over the entries
of a dead worker once idle long enough (``XAUTOCLAIM``); the oldest entry tells how long work has
waited. The entries' fields are each owner's business (:mod:`bot.storage.redis_inbox`,
:mod:`bot.storage.redis_plan_jobs`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import ResponseError


class ConsumerGroup:
    """One stream and its consumer group (created on first use)."""

    def __init__(self, client: aioredis.Redis, stream: str, group: str) -> None:
        self.r = client
        self.stream = stream
        self.group = group
        self._ready = False

    async def ensure(self) -> None:
        """Create the group (and the stream) once; another process may have done it."""
        if self._ready:
            return
        try:
            await self.r.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._ready = True

    async def read(self, consumer: str, count: int, block_s: float) -> list[Any]:
        """New entries for ``consumer`` (waiting up to ``block_s``), as (id, fields) pairs."""
        await self.ensure()
        block = max(1, int(block_s * 1000))
        reply: Any = await self.r.xreadgroup(self.group, consumer, {self.stream: ">"}, count, block)
        return stream_entries(reply)

    async def reclaim(self, consumer: str, min_idle_s: float, count: int) -> list[Any]:
        """Entries idle at least ``min_idle_s`` (a dead worker's), now ``consumer``'s."""
        await self.ensure()
        reply = await self.r.xautoclaim(
            self.stream, self.group, consumer, int(min_idle_s * 1000), "0-0", count=count
        )
        return list(reply[1])

    async def touch(self, consumer: str, ids: Sequence[str]) -> None:
        """Keep ``consumer``'s running entries from looking idle (so none is taken over)."""
        if ids:
            await self.r.xclaim(self.stream, self.group, consumer, 0, list(ids), justid=True)

    async def oldest_age_s(self) -> float:
        """Seconds since the oldest entry still in the stream was added (0 when empty)."""
        first = await self.r.xrange(self.stream, count=1)
        born_ms = int(text(first[0][0]).split("-")[0]) if first else 0
        return max(0.0, time.time() - born_ms / 1000) if born_ms else 0.0


def text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def stream_entries(reply: Any) -> list[Any]:
    """The entries of an ``XREAD``/``XREADGROUP`` reply on one stream (RESP2 or RESP3)."""
    if isinstance(reply, dict):
        return [entry for items in reply.values() for entry in items[0]]
    return [entry for _, items in reply or [] for entry in items]
