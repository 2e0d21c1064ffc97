"""The inbox on a Redis Stream with a consumer group (:mod:`bot.storage.inbox` has the contract).

Keys (one hash tag, one Cluster slot)::

    bt:{inbox:telegram}:stream   stream of {"p": <update JSON>}; group "workers"

The stream has no TTL, by design: it lives as long as the service, and holds only updates not
yet acknowledged — :meth:`RedisStreamInbox.ack` acknowledges *and deletes* the entry. A worker
that dies leaves its entries pending; ``XAUTOCLAIM`` hands them to another worker once they were
idle ``min_idle_s``; live workers ``XCLAIM ... JUSTID`` their running entries every few seconds
so a long turn is never taken from them — from their event loop, and every heartbeat from the
process's lock keeper thread (so a starved loop's entries are kept too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis

from bot.storage.inbox import Inbox, InboxEntry, InboxStats
from bot.storage.lock_keeper import LockKeeper
from bot.storage.redis_store import Keys, wrapped
from bot.storage.redis_streams import ConsumerGroup, text

GROUP = "workers"

# Add an entry and deliver it to ARGV[1] in one step (no other consumer can take it first),
# with any older entries not yet delivered; the new one is last (the script is atomic).
_PUT_TAKEN = """
redis.call('XADD', KEYS[1], '*', 'p', ARGV[2])
local got = redis.call('XREADGROUP', 'GROUP', 'workers', ARGV[1], 'STREAMS', KEYS[1], '>')
return got[1][2]
"""


class RedisStreamInbox(Inbox):
    def __init__(
        self, client: aioredis.Redis, keys: Keys, name: str, keeper: LockKeeper | None = None
    ) -> None:
        self.r = client
        self.stream = f"{keys.prefix}:{{inbox:{Keys.tag(name)}}}:stream"
        self.group = ConsumerGroup(client, self.stream, GROUP)
        self._put_taken = client.register_script(_PUT_TAKEN)
        self.keeper = keeper  # the process's heartbeat thread (bot/storage/lock_keeper.py)

    def keep(self, consumer: str, entry_id: str) -> None:
        if self.keeper is not None:
            self.keeper.keep_entry(self.stream, GROUP, consumer, entry_id)

    def let_go(self, consumer: str, entry_id: str) -> None:
        if self.keeper is not None:
            self.keeper.drop_entry(self.stream, GROUP, consumer, entry_id)

    @wrapped
    async def put(self, payload: str) -> str:
        await self.group.ensure()
        return text(await self.r.xadd(self.stream, {"p": payload}))

    @wrapped
    async def put_taken(self, consumer: str, payload: str) -> list[InboxEntry]:
        await self.group.ensure()
        items = await self._put_taken(keys=[self.stream], args=[consumer, payload])
        pairs = [(entry_id, dict(zip(fields[::2], fields[1::2], strict=True)))
                 for entry_id, fields in items]  # fmt: skip
        return _entries(pairs)

    @wrapped
    async def take(self, consumer: str, count: int, block_s: float) -> list[InboxEntry]:
        return _entries(await self.group.read(consumer, count, block_s))

    @wrapped
    async def reclaim(self, consumer: str, min_idle_s: float, count: int) -> list[InboxEntry]:
        return _entries(await self.group.reclaim(consumer, min_idle_s, count))

    @wrapped
    async def touch(self, consumer: str, ids: Sequence[str]) -> None:
        await self.group.touch(consumer, ids)

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
        return InboxStats(depth, await self.group.oldest_age_s())


def _entries(items: Any) -> list[InboxEntry]:
    out: list[InboxEntry] = []
    for entry_id, fields in items or []:
        if not fields:  # deleted while pending (acknowledged elsewhere): nothing to do
            continue
        payload = fields.get("p") or fields.get(b"p")
        out.append(InboxEntry(text(entry_id), text(payload)))
    return out
