"""Planning jobs on a Redis Stream with a consumer group (:class:`PlanJobQueue` has the contract).

Keys (one hash tag, so every script's keys share one Cluster slot)::

    bt:{plans}:stream     stream of {"k": <job key>, "p": <payload JSON>}; group "planners"
    bt:{plans}:q:<key>    the job is queued or running (TTL: the result's)
    bt:{plans}:r:<key>    the result: a stream of one entry {"r": <result JSON>} (TTL)
    bt:{plans}:n:<key>    how many times a worker started the job (TTL: the result's)

The result is a one-entry stream so that any number of waiting turns block on it with
``XREAD BLOCK`` and all wake when it is written (a list popped by one waiter would wake one).
The job stream has no TTL, by design (like the inbox): it holds only jobs not yet completed, and
:meth:`RedisPlanJobQueue.complete` acknowledges *and deletes* the entry. One slot holds every
job: planning is CPU-bound and the queue's traffic is a few commands per plan.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis

from bot.storage.ports import PlanJob, PlanJobQueue
from bot.storage.redis_store import Keys, wrapped
from bot.storage.redis_streams import ConsumerGroup, stream_entries, text

GROUP = "planners"
HANDED_BACK = "handed-back"  # the consumer a stopping worker gives its jobs to
BLOCK_CHUNK_S = 2.0  # one XREAD BLOCK at most this long (below the client's socket timeout)

# KEYS: stream, queued, result. ARGV: key, payload, ttl_s. The result if done, else queue the
# job once (nothing when it is already queued or running).
_SUBMIT = """
local done = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)
if done[1] then return done[1][2][2] end
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then
  redis.call('XADD', KEYS[1], '*', 'k', ARGV[1], 'p', ARGV[2])
end
return false
"""

# KEYS: stream, queued, result, attempts. ARGV: entry id, result, ttl_s. Store the first result
# only, wake the waiters (XADD), forget the job.
_COMPLETE = """
local stored = 0
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('XADD', KEYS[3], '*', 'r', ARGV[2])
  redis.call('EXPIRE', KEYS[3], ARGV[3])
  stored = 1
end
redis.call('DEL', KEYS[2], KEYS[4])
redis.call('XACK', KEYS[1], 'planners', ARGV[1])
redis.call('XDEL', KEYS[1], ARGV[1])
return stored
"""


class RedisPlanJobQueue(PlanJobQueue):
    def __init__(self, client: aioredis.Redis, keys: Keys, *, result_ttl_s: int = 900) -> None:
        self.r = client
        self.base = f"{keys.prefix}:{{plans}}"
        self.stream = f"{self.base}:stream"
        self.result_ttl_s = result_ttl_s
        self.group = ConsumerGroup(client, self.stream, GROUP)
        self._submit = client.register_script(_SUBMIT)
        self._complete = client.register_script(_COMPLETE)

    def _key(self, part: str, key: str) -> str:
        return f"{self.base}:{part}:{Keys.tag(key)}"

    @wrapped
    async def submit(self, key: str, payload: str) -> str | None:
        await self.group.ensure()
        keys = [self.stream, self._key("q", key), self._key("r", key)]
        done = await self._submit(keys=keys, args=[key, payload, self.result_ttl_s])
        return None if done is None else text(done)

    @wrapped
    async def wait(self, key: str, timeout_s: float) -> str | None:
        result_key = self._key("r", key)
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            block = max(1, int(min(left, BLOCK_CHUNK_S) * 1000)) if left > 0 else None
            reply: Any = await self.r.xread({result_key: "0-0"}, count=1, block=block)
            entries = stream_entries(reply)
            if entries:
                return text(_field(entries[0][1], "r"))
            if left <= 0:
                return None

    @wrapped
    async def take(self, worker: str, count: int, block_s: float) -> list[PlanJob]:
        return _jobs(await self.group.read(worker, count, block_s))

    @wrapped
    async def reclaim(self, worker: str, min_idle_s: float, count: int) -> list[PlanJob]:
        return _jobs(await self.group.reclaim(worker, min_idle_s, count))

    @wrapped
    async def touch(self, worker: str, entries: Sequence[str]) -> None:
        await self.group.touch(worker, entries)

    @wrapped
    async def hand_back(self, entries: Sequence[str]) -> None:
        if entries:  # idle as if untouched for a day: any reclaim takes them at once
            await self.r.xclaim(
                self.stream, GROUP, HANDED_BACK, 0, list(entries), idle=86_400_000, justid=True
            )

    @wrapped
    async def attempt(self, key: str) -> int:
        name = self._key("n", key)
        async with self.r.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, self.result_ttl_s)
            count, _ = await pipe.execute()
        return int(count)

    @wrapped
    async def complete(self, job: PlanJob, result: str) -> bool:
        keys = [self.stream, self._key("q", job.key), self._key("r", job.key),
                self._key("n", job.key)]  # fmt: skip
        stored = await self._complete(keys=keys, args=[job.entry, result, self.result_ttl_s])
        return bool(stored)

    @wrapped
    async def depth(self) -> tuple[int, float]:
        count = int(await self.r.xlen(self.stream))
        if not count:
            return 0, 0.0
        return count, await self.group.oldest_age_s()


def _field(fields: Any, name: str) -> Any:
    if isinstance(fields, dict):
        return fields.get(name) or fields.get(name.encode())
    pairs = dict(zip(fields[::2], fields[1::2], strict=True))  # a raw reply from a script
    return pairs.get(name) or pairs.get(name.encode())


def _jobs(items: Any) -> list[PlanJob]:
    out: list[PlanJob] = []
    for entry_id, fields in items or []:
        if not fields:  # deleted while pending (completed elsewhere): nothing to do
            continue
        out.append(PlanJob(text(_field(fields, "k")), text(entry_id), text(_field(fields, "p"))))
    return out
