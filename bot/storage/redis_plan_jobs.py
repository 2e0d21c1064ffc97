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
from redis.exceptions import ResponseError

from bot.storage.ports import PlanJob, PlanJobQueue
from bot.storage.redis_store import Keys, wrapped

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
        self._ready = False
        self._submit = client.register_script(_SUBMIT)
        self._complete = client.register_script(_COMPLETE)

    def _key(self, part: str, key: str) -> str:
        return f"{self.base}:{part}:{Keys.tag(key)}"

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
    async def submit(self, key: str, payload: str) -> str | None:
        await self._group()
        keys = [self.stream, self._key("q", key), self._key("r", key)]
        done = await self._submit(keys=keys, args=[key, payload, self.result_ttl_s])
        return None if done is None else _text(done)

    @wrapped
    async def wait(self, key: str, timeout_s: float) -> str | None:
        result_key = self._key("r", key)
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            block = max(1, int(min(left, BLOCK_CHUNK_S) * 1000)) if left > 0 else None
            reply: Any = await self.r.xread({result_key: "0-0"}, count=1, block=block)
            entries = _stream_entries(reply)
            if entries:
                return _text(_field(entries[0][1], "r"))
            if left <= 0:
                return None

    @wrapped
    async def take(self, worker: str, count: int, block_s: float) -> list[PlanJob]:
        await self._group()
        block = max(1, int(block_s * 1000))
        reply: Any = await self.r.xreadgroup(GROUP, worker, {self.stream: ">"}, count, block)
        return _jobs(_stream_entries(reply))

    @wrapped
    async def reclaim(self, worker: str, min_idle_s: float, count: int) -> list[PlanJob]:
        await self._group()
        reply = await self.r.xautoclaim(
            self.stream, GROUP, worker, int(min_idle_s * 1000), "0-0", count=count
        )
        return _jobs(reply[1])

    @wrapped
    async def touch(self, worker: str, entries: Sequence[str]) -> None:
        if entries:
            await self.r.xclaim(self.stream, GROUP, worker, 0, list(entries), justid=True)

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
        first = await self.r.xrange(self.stream, count=1)
        born_ms = int(_text(first[0][0]).split("-")[0]) if first else 0
        return count, max(0.0, time.time() - born_ms / 1000) if born_ms else 0.0


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _field(fields: Any, name: str) -> Any:
    if isinstance(fields, dict):
        return fields.get(name) or fields.get(name.encode())
    pairs = dict(zip(fields[::2], fields[1::2], strict=True))  # a raw reply from a script
    return pairs.get(name) or pairs.get(name.encode())


def _stream_entries(reply: Any) -> list[Any]:
    """The entries of an ``XREAD``/``XREADGROUP`` reply on one stream (RESP2 or RESP3)."""
    if isinstance(reply, dict):
        return [entry for items in reply.values() for entry in items[0]]
    return [entry for _, items in reply or [] for entry in items]


def _jobs(items: Any) -> list[PlanJob]:
    out: list[PlanJob] = []
    for entry_id, fields in items or []:
        if not fields:  # deleted while pending (completed elsewhere): nothing to do
            continue
        out.append(PlanJob(_text(_field(fields, "k")), _text(entry_id), _text(_field(fields, "p"))))
    return out
