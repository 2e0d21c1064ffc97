"""Redis implementations of the storage ports.

Key scheme (``bt`` is ``KEY_PREFIX``). A conversation's keys share the hash tag ``{c:<conv>}`` and
a user's keys share ``{u:<user>}``, so each group lives in one Redis Cluster slot and every
multi-key script touches one slot only::

    bt:{c:telegram:-100123:7}:state      JSON ConversationState            (TTL history_ttl)
    bt:{c:telegram:-100123:7}:hist       list of JSON Turn, bounded        (TTL history_ttl)
    bt:{c:telegram:-100123:7}:archive    list of JSON ArchivedTrip, newest first, bounded
    bt:{c:telegram:-100123:7}:lock       lock token                        (PX lock_timeout)
    bt:{c:telegram:-100123:7}:seen:<id>  platform message handled          (TTL dedup_ttl)
    bt:{c:telegram:-100123:7}:out:<id>   its committed reply, until shown  (TTL dedup_ttl)
    bt:{u:telegram:42}:profile           hash: lang (/lang)                (TTL history_ttl)
    bt:{u:telegram:42}:convs             hash: conversation -> "private" | "group"
    bt:{u:telegram:42}:names             set: display names the user spoke under
    bt:{u:telegram:42}:req:<YYYY-MM-DD>  daily request counter            (TTL 2 days)
    bt:{u:telegram:42}:usage:<day>       hash: tokens and cost (language-model brain)

Lifetimes: every key expires. A user's ``profile``, ``convs`` and ``names`` get ``history_ttl``
each time the user speaks *and* each time a conversation that lists them as a member (its state
or an archived trip) commits — the reverse index lives as long as the data it points to, so
``/forget`` (:mod:`bot.storage.redis_forget`) finds every group that still holds their words.
The ``/lang`` choice therefore lasts while the user is active anywhere, and lapses with the rest
of their data ``history_ttl`` after they were last seen.

Every driver error is wrapped into :class:`StorageUnavailable` here, at the boundary.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import random
import secrets
import time
import zlib
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot.errors import LockTimeout, StorageUnavailable
from bot.messages import ConversationKey
from bot.storage.lock_keeper import LockKeeper
from bot.storage.models import ArchivedTrip, ConversationState, Turn
from bot.storage.ports import ConversationStore, LockHandle, ProfileStore, QuotaStore

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

ARCHIVE_MAX = 20
HOLD_LIMIT = 10  # a turn holds its lock for at most this many lock_timeout_s
EAGER_POLL_S = 0.05  # a waiter for a conversation lock looks again at most this much later
PATIENT_POLL_S = 0.5  # ... a patient one (waiting in the busy list: the holder answers it)
COMPRESS_ABOVE = 2048
QUOTA_TTL_S = 2 * 86400
_UNSAFE = str.maketrans({"{": "(", "}": ")", " ": "_"})

# Append turns, trim, store state, the processed mark and the reply still to show (the outbox),
# only while the lock token matches.
_COMMIT = """
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[1], ARGV[2], 'EX', ttl)
if ARGV[7] ~= '' then redis.call('SET', KEYS[5], ARGV[7], 'EX', tonumber(ARGV[5])) end
local n = tonumber(ARGV[6])
for i = 1, n do redis.call('RPUSH', KEYS[2], ARGV[7 + i]) end
if n > 0 then
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[4]), -1)
end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ttl) end
if ARGV[5] ~= '' then redis.call('SET', KEYS[4], '1', 'EX', tonumber(ARGV[5])) end
return 1
"""

# Archive the trip, then clear state and history, only while the lock token matches.
_ARCHIVE = """
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
redis.call('LPUSH', KEYS[4], ARGV[2])
redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[3]) - 1)
redis.call('EXPIRE', KEYS[4], tonumber(ARGV[4]))
redis.call('DEL', KEYS[1], KEYS[2])
return 1
"""

# A folded reply (bot/busy.py) becomes the reply of KEYS[1] (if it still has one, as
# reply_left); the others' (KEYS[2..]) are dropped.
_FOLDED = """
redis.call('SET', KEYS[1], ARGV[1], 'XX', 'KEEPTTL')
for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
return 1
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

# Count one request only while under the limit (KEYS[1] the day's counter): -1 when refused.
_RESERVE = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return -1 end
used = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return used
"""

_GIVE_BACK = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""


def lock_ttl_s(lock_timeout_s: float, heartbeat_s: float) -> float:
    """A conversation lock's TTL: three heartbeats (at most ``lock_timeout_s``)."""
    return min(lock_timeout_s, 3 * heartbeat_s)


def wrapped(fn: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Turn driver errors into :class:`StorageUnavailable` at the boundary."""

    @wraps(fn)
    async def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await fn(*args, **kwargs)
        except (RedisError, OSError) as exc:
            raise StorageUnavailable(f"redis failed in {fn.__name__}") from exc

    return inner


class Keys:
    """Builds key names; see the module docstring for the scheme."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    @staticmethod
    def tag(value: str) -> str:
        return value.translate(_UNSAFE)

    def conv(self, key: ConversationKey, part: str) -> str:
        return f"{self.prefix}:{{c:{self.tag(str(key))}}}:{part}"

    def conv_pattern(self, conv: str) -> str:
        return f"{self.prefix}:{{c:{self.tag(conv)}}}:*"

    def user(self, user_id: str, part: str) -> str:
        return f"{self.prefix}:{{u:{self.tag(user_id)}}}:{part}"

    def user_pattern(self, user_id: str) -> str:
        return f"{self.prefix}:{{u:{self.tag(user_id)}}}:*"


def encode_state(state: ConversationState) -> str:
    """Compact JSON; large documents (a stored itinerary) are zlib-compressed, base64, ``z:``."""
    raw = state.model_dump_json(exclude_defaults=True)
    if len(raw) < COMPRESS_ABOVE:
        return raw
    return "z:" + base64.b64encode(zlib.compress(raw.encode("utf-8"), 6)).decode("ascii")


def decode_state(value: str) -> ConversationState:
    if value.startswith("z:"):
        value = zlib.decompress(base64.b64decode(value[2:])).decode("utf-8")
    return ConversationState.model_validate_json(value)


class RedisConversationStore(ConversationStore):
    def __init__(
        self,
        client: aioredis.Redis,
        keys: Keys,
        *,
        max_turns: int,
        ttl_s: int,
        dedup_ttl_s: int,
        lock_timeout_s: float,
        lock_wait_s: float,
        lock_heartbeat_s: float = 2.0,
        on_lock_wait: Callable[[float], None] | None = None,
        keeper: LockKeeper | None = None,
    ) -> None:
        self.r = client
        # The owner heartbeat: a thread's (see bot/storage/lock_keeper.py), else this loop's.
        self.keeper = keeper
        self.on_lock_wait = on_lock_wait  # metrics: seconds waited for a busy lock
        self.keys = keys
        self.max_turns = max_turns
        self.ttl_s = ttl_s
        self.dedup_ttl_s = dedup_ttl_s
        self.lock_timeout_s = lock_timeout_s
        self.lock_wait_s = lock_wait_s
        # The lock's TTL is three heartbeats: a live holder renews it every heartbeat, and the
        # lock of a holder that died (kill -9, a lost machine) frees within seconds.
        self.lock_ttl_s = lock_ttl_s(lock_timeout_s, lock_heartbeat_s)
        self._commit = client.register_script(_COMMIT)
        self._archive = client.register_script(_ARCHIVE)
        self._release = client.register_script(_RELEASE)
        self._renew = client.register_script(_RENEW)
        self._folded = client.register_script(_FOLDED)

    @wrapped
    async def load(self, key: ConversationKey) -> ConversationState:
        raw = await self.r.get(self.keys.conv(key, "state"))
        if raw is None:
            return ConversationState()
        return decode_state(raw if isinstance(raw, str) else raw.decode("utf-8"))

    @wrapped
    async def recent_turns(self, key: ConversationKey, limit: int) -> list[Turn]:
        if limit <= 0:
            return []
        raw = await self.r.lrange(self.keys.conv(key, "hist"), -limit, -1)
        return [Turn.model_validate_json(item) for item in raw]

    @wrapped
    async def is_processed(self, key: ConversationKey, message_id: str) -> bool:
        return bool(await self.r.exists(self.keys.conv(key, f"seen:{message_id}")))

    @wrapped
    async def unsent_reply(self, key: ConversationKey, message_id: str) -> str | None:
        raw = await self.r.get(self.keys.conv(key, f"out:{message_id}"))
        return raw.decode() if isinstance(raw, bytes) else raw

    @wrapped
    async def reply_sent(self, key: ConversationKey, message_id: str) -> None:
        await self.r.delete(self.keys.conv(key, f"out:{message_id}"))

    @wrapped
    async def reply_left(self, key: ConversationKey, message_id: str, reply: str) -> None:
        name = self.keys.conv(key, f"out:{message_id}")
        if reply:
            await self.r.set(name, reply, xx=True, keepttl=True)
        else:
            await self.r.delete(name)

    @wrapped
    async def replies_folded(
        self, key: ConversationKey, into: str, reply: str, others: Sequence[str]
    ) -> None:
        names = [self.keys.conv(key, f"out:{m}") for m in (into, *others)]
        if reply:
            await self._folded(keys=names, args=[reply])
        else:
            await self.r.delete(*names)

    @wrapped
    async def commit(
        self,
        lock: LockHandle,
        state: ConversationState,
        turns: Sequence[Turn],
        processed_id: str | None,
        reply: str = "",
    ) -> None:
        k = lock.key
        seen = self.keys.conv(k, f"seen:{processed_id or '-'}")
        out = self.keys.conv(k, f"out:{processed_id or '-'}")
        args: list[str | int] = [
            lock.token,
            encode_state(state),
            self.ttl_s,
            self.max_turns,
            self.dedup_ttl_s if processed_id else "",
            len(turns),
            reply if processed_id else "",
            *(t.model_dump_json(exclude_defaults=True) for t in turns),
        ]
        keys = [self.keys.conv(k, "state"), self.keys.conv(k, "hist"), self.keys.conv(k, "lock")]
        if not await self._commit(keys=[*keys, seen, out], args=args):
            raise LockTimeout(f"lock on {k} was lost before commit")
        await self._index_members(k, state.members, state.is_private)

    async def _index_members(
        self, key: ConversationKey, members: Sequence[str], is_private: bool
    ) -> None:
        """Point every member's reverse index at this conversation for as long as it lives.

        The conversation's keys were just given ``ttl_s``; so are its members' index entries
        (the other members' too, not only the speaker's), so ``/forget`` finds every
        conversation that still holds a member's words. Each user's keys are in their own
        slot: one non-transactional pipeline, a command per key.
        """
        if not members:
            return
        async with self.r.pipeline(transaction=False) as pipe:
            for member in dict.fromkeys(members):
                index = self.keys.user(member, "convs")
                pipe.hset(index, str(key), "private" if is_private else "group")
                for name in (index, self.keys.user(member, "names")):
                    pipe.expire(name, self.ttl_s)
            await pipe.execute()

    @wrapped
    async def archive(self, lock: LockHandle, trip: ArchivedTrip) -> None:
        k = lock.key
        keys = [
            self.keys.conv(k, "state"),
            self.keys.conv(k, "hist"),
            self.keys.conv(k, "lock"),
            self.keys.conv(k, "archive"),
        ]
        args: list[str | int] = [
            lock.token, trip.model_dump_json(exclude_defaults=True), ARCHIVE_MAX, self.ttl_s
        ]  # fmt: skip
        private = (await self.load(k)).is_private  # read before the script clears the state
        if not await self._archive(keys=keys, args=args):
            raise LockTimeout(f"lock on {k} was lost before archive")
        # The archive's TTL was just renewed: so is the index of everyone whose words it holds.
        members = [m for old in await self.archived(k) for m in old.members]
        await self._index_members(k, members, private)

    @wrapped
    async def archived(self, key: ConversationKey) -> list[ArchivedTrip]:
        raw = await self.r.lrange(self.keys.conv(key, "archive"), 0, -1)
        return [ArchivedTrip.model_validate_json(item) for item in raw]

    def lock(
        self, key: ConversationKey, *, patient: bool = False
    ) -> AbstractAsyncContextManager[LockHandle]:
        return self._hold(key, PATIENT_POLL_S if patient else EAGER_POLL_S)

    @asynccontextmanager
    async def _hold(self, key: ConversationKey, poll_s: float) -> AsyncIterator[LockHandle]:
        name = self.keys.conv(key, "lock")
        token = secrets.token_hex(12)
        began = time.monotonic()
        deadline = began + self.lock_wait_s
        delay = 0.002
        waited = False
        try:
            while not await self.r.set(name, token, nx=True, px=int(self.lock_ttl_s * 1000)):
                waited = True
                if time.monotonic() > deadline:
                    self._waited(began)
                    raise LockTimeout(f"conversation {key} stayed busy")
                # Jittered back-off: waiters spread out instead of stampeding on release.
                await asyncio.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 1.5, poll_s)
        except (RedisError, OSError) as exc:
            raise StorageUnavailable("redis failed while locking") from exc
        if waited:
            self._waited(began)
        keeper: asyncio.Task[None] | None = None
        if self.keeper is not None:
            self.keeper.hold(name, token)
        else:
            keeper = asyncio.create_task(self._keep(name, token))
        try:
            yield LockHandle(key, token)
        finally:
            if keeper is not None:
                keeper.cancel()
            if self.keeper is not None:
                self.keeper.drop(name, token)
            try:
                await self._release(keys=[name], args=[token])
            except (RedisError, OSError):
                # The lock expires on its own within three heartbeats; nothing else to do.
                log.warning("could not release lock of %s; it will expire", key)

    def _waited(self, began: float) -> None:
        if self.on_lock_wait is not None:
            self.on_lock_wait(time.monotonic() - began)

    async def _keep(self, name: str, token: str) -> None:
        """Renew a held lock every heartbeat while its turn runs (the owner's heartbeat).

        The TTL stays three heartbeats, so a dead owner's lock frees within seconds; renewals
        stop after ``HOLD_LIMIT x lock_timeout_s``, so a turn that hangs cannot hold a
        conversation forever (its commit then fails with LockTimeout).
        """
        ttl_ms = int(self.lock_ttl_s * 1000)
        beat = self.lock_ttl_s / 3
        for _ in range(int(HOLD_LIMIT * self.lock_timeout_s / beat)):
            await asyncio.sleep(beat)
            try:
                if not await self._renew(keys=[name], args=[token, ttl_ms]):
                    return  # lost: commit will notice and refuse
            except (RedisError, OSError):
                log.warning("could not renew a conversation lock")


class RedisProfileStore(ProfileStore):
    def __init__(self, client: aioredis.Redis, keys: Keys, *, ttl_s: int) -> None:
        self.r = client
        self.keys = keys
        self.ttl_s = ttl_s

    @wrapped
    async def language(self, user_id: str) -> str | None:
        value = await self.r.hget(self.keys.user(user_id, "profile"), "lang")
        return None if value is None else str(value)

    @wrapped
    async def set_language(self, user_id: str, language: str) -> None:
        name = self.keys.user(user_id, "profile")
        async with self.r.pipeline(transaction=True) as pipe:
            pipe.hset(name, "lang", language)
            pipe.expire(name, self.ttl_s)
            await pipe.execute()

    @wrapped
    async def remember_conversation(
        self, user_id: str, key: ConversationKey, is_private: bool, name: str = ""
    ) -> None:
        index = self.keys.user(user_id, "convs")
        names = self.keys.user(user_id, "names")
        async with self.r.pipeline(transaction=True) as pipe:
            pipe.hset(index, str(key), "private" if is_private else "group")
            if name:
                pipe.sadd(names, name)
            for kept in (index, names, self.keys.user(user_id, "profile")):
                pipe.expire(kept, self.ttl_s)
            await pipe.execute()


class RedisQuotaStore(QuotaStore):
    def __init__(self, client: aioredis.Redis, keys: Keys) -> None:
        self.r = client
        self.keys = keys
        self._reserve = client.register_script(_RESERVE)
        self._give_back = client.register_script(_GIVE_BACK)

    @wrapped
    async def used(self, user_id: str, day: str) -> int:
        value = await self.r.get(self.keys.user(user_id, f"req:{day}"))
        return int(value or 0)

    @wrapped
    async def add(self, user_id: str, day: str) -> int:
        name = self.keys.user(user_id, f"req:{day}")
        async with self.r.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, QUOTA_TTL_S)
            count, _ = await pipe.execute()
        return int(count)

    @wrapped
    async def reserve(self, user_id: str, day: str, limit: int) -> bool:
        name = self.keys.user(user_id, f"req:{day}")
        return int(await self._reserve(keys=[name], args=[limit, QUOTA_TTL_S])) >= 0

    @wrapped
    async def release(self, user_id: str, day: str) -> None:
        await self._give_back(keys=[self.keys.user(user_id, f"req:{day}")])
