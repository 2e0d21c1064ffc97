"""The inbox on a Redis Stream with a consumer group (:mod:`bot.storage.inbox` has the contract).

Keys (one hash tag, one Cluster slot)::

    bt:{inbox:telegram}:stream   stream of {"p": <update JSON>}; group "workers"

The stream has no TTL, by design: it lives as long as the service, and holds only updates not
yet acknowledged — :meth:`RedisStreamInbox.ack` acknowledges *and deletes* the entry. A worker
that dies leaves its entries pending; ``XAUTOCLAIM`` hands them to another worker once they were
idle ``min_idle_s``; live workers ``XCLAIM ... JUSTID`` their running entries every few seconds
so a long turn is never taken from them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import ResponseError

from bot.storage.inbox import Inbox, InboxEntry, InboxStats
from bot.storage.redis_store import Keys, wrapped

GROUP = "workers"

# Add an entry and deliver it to ARGV[1] in one step (no other consumer can take it first),
# with any older entries not yet delivered; the new one is last (the script is atomic).
_PUT_TAKEN = """
redis.call('XADD', KEYS[1], '*', 'p', ARGV[2])
local got = redis.call('XREADGROUP', 'GROUP', 'workers', ARGV[1], 'STREAMS', KEYS[1], '>')
return got[1][2]
"""


class RedisStreamInbox(Inbox):
    def __init__(self, client: aioredis.Redis, keys: Keys, name: str) -> None:
        self.r = client
        self.stream = f"{keys.prefix}:{{inbox:{Keys.tag(name)}}}:stream"
        self._ready = False
        self._put_taken = client.register_script(_PUT_TAKEN)

    async def _group(self) -> None:
        if self._ready:
            return
        try:
            await self.r.xgroup_create(self.stream, GROUP, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._ready = True

    @wrapped
    async def put(self, payload: str) -> str:
        await self._group()
        return _text(await self.r.xadd(self.stream, {"p": payload}))

    @wrapped
    async def put_taken(self, consumer: str, payload: str) -> list[InboxEntry]:
        await self._group()
        items = await self._put_taken(keys=[self.stream], args=[consumer, payload])
        pairs = [(entry_id, dict(zip(fields[::2], fields[1::2], strict=True)))
                 for entry_id, fields in items]  # fmt: skip
        return _entries(pairs)

    @wrapped
    async def take(self, consumer: str, count: int, block_s: float) -> list[InboxEntry]:
        await self._group()
        block = max(1, int(block_s * 1000))
        reply: Any = await self.r.xreadgroup(GROUP, consumer, {self.stream: ">"}, count, block)
        if isinstance(reply, dict):  # RESP3
            return [entry for items in reply.values() for entry in _entries(items[0])]
        return [entry for _, items in reply or [] for entry in _entries(items)]

    @wrapped
    async def reclaim(self, consumer: str, min_idle_s: float, count: int) -> list[InboxEntry]:
        await self._group()
        reply = await self.r.xautoclaim(
            self.stream, GROUP, consumer, int(min_idle_s * 1000), "0-0", count=count
        )
        return _entries(reply[1])

    @wrapped
    async def touch(self, consumer: str, ids: Sequence[str]) -> None:
        if ids:
            await self.r.xclaim(self.stream, GROUP, consumer, 0, list(ids), justid=True)

    @wrapped
    async def ack(self, entry_id: str) -> None:
        async with self.r.pipeline(transaction=True) as pipe:
            pipe.xack(self.stream, GROUP, entry_id)
            pipe.xdel(self.stream, entry_id)
            await pipe.execute()

    @wrapped
    async def stats(self) -> InboxStats:
        depth = int(await self.r.xlen(self.stream))
        if not depth:
            return InboxStats(0, 0.0)
        first = await self.r.xrange(self.stream, count=1)
        born_ms = int(_text(first[0][0]).split("-")[0]) if first else 0
        return InboxStats(depth, max(0.0, time.time() - born_ms / 1000) if born_ms else 0.0)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _entries(items: Any) -> list[InboxEntry]:
    out: list[InboxEntry] = []
    for entry_id, fields in items or []:
        if not fields:  # deleted while pending (acknowledged elsewhere): nothing to do
            continue
        payload = fields.get("p") or fields.get(b"p")
        out.append(InboxEntry(_text(entry_id), _text(payload)))
    return out
