"""Redis implementations of the storage ports.

Key scheme (``bt`` is ``KEY_PREFIX``). A conversation's keys share the hash tag ``{c:<conv>}`` and
a user's keys share ``{u:<user>}``, so each group lives in one Redis Cluster slot and every
multi-key script touches one slot only::

    bt:{c:telegram:-100123:7}:state      JSON ConversationState            (TTL history_ttl)
    bt:{c:telegram:-100123:7}:hist       list of JSON Turn, bounded        (TTL history_ttl)
    bt:{c:telegram:-100123:7}:archive    list of JSON ArchivedTrip, newest first, bounded
    bt:{c:telegram:-100123:7}:lock       lock token                        (PX lock_timeout)
    bt:{c:telegram:-100123:7}:seen:<id>  platform message handled          (TTL dedup_ttl)
    bt:{u:telegram:42}:profile           hash: lang
    bt:{u:telegram:42}:convs             hash: conversation -> "private" | "group"
    bt:{u:telegram:42}:req:<YYYY-MM-DD>  daily request counter            (TTL 2 days)
    bt:{u:telegram:42}:usage:<day>       hash: tokens and cost (language-model brain)

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
from bot.storage.models import FORGOTTEN, ArchivedTrip, ConversationState, Turn
from bot.storage.ports import ConversationStore, Eraser, LockHandle, ProfileStore, QuotaStore

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

ARCHIVE_MAX = 20
LOCK_RENEWALS = 30  # at most ~10 x lock_timeout_s of holding
COMPRESS_ABOVE = 2048
_UNSAFE = str.maketrans({"{": "(", "}": ")", " ": "_"})

# Append turns, trim, store state and the processed mark, only while the lock token matches.
_COMMIT = """
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[1], ARGV[2], 'EX', ttl)
local n = tonumber(ARGV[6])
for i = 1, n do redis.call('RPUSH', KEYS[2], ARGV[6 + i]) end
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

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

# Replace a list's content atomically (used to anonymise group history).
_REPLACE_LIST = """
local ttl = redis.call('TTL', KEYS[1])
redis.call('DEL', KEYS[1])
for i = 1, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
if ttl > 0 and #ARGV > 0 then redis.call('EXPIRE', KEYS[1], ttl) end
return #ARGV
"""


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
    ) -> None:
        self.r = client
        self.keys = keys
        self.max_turns = max_turns
        self.ttl_s = ttl_s
        self.dedup_ttl_s = dedup_ttl_s
        self.lock_timeout_s = lock_timeout_s
        self.lock_wait_s = lock_wait_s
        self._commit = client.register_script(_COMMIT)
        self._archive = client.register_script(_ARCHIVE)
        self._release = client.register_script(_RELEASE)
        self._renew = client.register_script(_RENEW)

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
    async def commit(
        self,
        lock: LockHandle,
        state: ConversationState,
        turns: Sequence[Turn],
        processed_id: str | None,
    ) -> None:
        k = lock.key
        seen = self.keys.conv(k, f"seen:{processed_id or '-'}")
        args: list[str | int] = [
            lock.token,
            encode_state(state),
            self.ttl_s,
            self.max_turns,
            self.dedup_ttl_s if processed_id else "",
            len(turns),
            *(t.model_dump_json(exclude_defaults=True) for t in turns),
        ]
        keys = [self.keys.conv(k, "state"), self.keys.conv(k, "hist"), self.keys.conv(k, "lock")]
        if not await self._commit(keys=[*keys, seen], args=args):
            raise LockTimeout(f"lock on {k} was lost before commit")

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
        if not await self._archive(keys=keys, args=args):
            raise LockTimeout(f"lock on {k} was lost before archive")

    @wrapped
    async def archived(self, key: ConversationKey) -> list[ArchivedTrip]:
        raw = await self.r.lrange(self.keys.conv(key, "archive"), 0, -1)
        return [ArchivedTrip.model_validate_json(item) for item in raw]

    def lock(self, key: ConversationKey) -> AbstractAsyncContextManager[LockHandle]:
        return self._hold(key)

    @asynccontextmanager
    async def _hold(self, key: ConversationKey) -> AsyncIterator[LockHandle]:
        name = self.keys.conv(key, "lock")
        token = secrets.token_hex(12)
        deadline = time.monotonic() + self.lock_wait_s
        delay = 0.002
        try:
            while not await self.r.set(name, token, nx=True, px=int(self.lock_timeout_s * 1000)):
                if time.monotonic() > deadline:
                    raise LockTimeout(f"conversation {key} stayed busy")
                # Jittered back-off: waiters spread out instead of stampeding on release.
                await asyncio.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 1.5, 0.05)
        except (RedisError, OSError) as exc:
            raise StorageUnavailable("redis failed while locking") from exc
        keeper = asyncio.create_task(self._keep(name, token))
        try:
            yield LockHandle(key, token)
        finally:
            keeper.cancel()
            try:
                await self._release(keys=[name], args=[token])
            except (RedisError, OSError):
                # The lock expires on its own after lock_timeout_s; nothing else to do.
                log.warning("could not release lock of %s; it will expire", key)

    async def _keep(self, name: str, token: str) -> None:
        """Extend a held lock while its turn runs (a crashed holder still frees it quickly).

        The lock's TTL stays ``lock_timeout_s``; it is renewed every third of that, for at most
        ``LOCK_RENEWALS`` renewals, so a turn that hangs cannot hold a conversation forever.
        """
        ttl_ms = int(self.lock_timeout_s * 1000)
        for _ in range(LOCK_RENEWALS):
            await asyncio.sleep(self.lock_timeout_s / 3)
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
        await self.r.hset(self.keys.user(user_id, "profile"), "lang", language)

    @wrapped
    async def remember_conversation(
        self, user_id: str, key: ConversationKey, is_private: bool
    ) -> None:
        name = self.keys.user(user_id, "convs")
        async with self.r.pipeline(transaction=True) as pipe:
            pipe.hset(name, str(key), "private" if is_private else "group")
            pipe.expire(name, self.ttl_s)
            await pipe.execute()


class RedisQuotaStore(QuotaStore):
    def __init__(self, client: aioredis.Redis, keys: Keys) -> None:
        self.r = client
        self.keys = keys

    @wrapped
    async def used(self, user_id: str, day: str) -> int:
        value = await self.r.get(self.keys.user(user_id, f"req:{day}"))
        return int(value or 0)

    @wrapped
    async def add(self, user_id: str, day: str) -> int:
        name = self.keys.user(user_id, f"req:{day}")
        async with self.r.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, 2 * 86400)
            count, _ = await pipe.execute()
        return int(count)


class RedisEraser(Eraser):
    """Implements /forget over the key scheme above."""

    def __init__(self, client: aioredis.Redis, keys: Keys, conversations: ConversationStore):
        self.r = client
        self.keys = keys
        self.conversations = conversations
        self._replace = client.register_script(_REPLACE_LIST)

    @wrapped
    async def forget_user(self, user_id: str) -> int:
        convs = {
            str(k): str(v)
            for k, v in (await self.r.hgetall(self.keys.user(user_id, "convs"))).items()
        }
        removed = 0
        for conv, kind in convs.items():
            if kind == "private":
                removed += await self._delete_matching(self.keys.conv_pattern(conv))
            else:
                removed += await self._anonymise_group(conv, user_id)
        removed += await self._delete_matching(self.keys.user_pattern(user_id))
        return removed

    async def _delete_matching(self, pattern: str) -> int:
        names = [name async for name in self.r.scan_iter(match=pattern, count=500)]
        if names:
            await self.r.delete(*names)
        return len(names)

    async def _anonymise_group(self, conv: str, user_id: str) -> int:
        key = _parse_conversation(conv)
        async with self.conversations.lock(key) as held:
            hist = self.keys.conv(key, "hist")
            turns = [Turn.model_validate_json(t) for t in await self.r.lrange(hist, 0, -1)]
            changed = 0
            for turn in turns:
                if turn.speaker == user_id:
                    turn.speaker, turn.name, turn.text = FORGOTTEN, "", ""
                    changed += 1
            if changed:
                dumped = [t.model_dump_json(exclude_defaults=True) for t in turns]
                await self._replace(keys=[hist], args=dumped)
            state = await self.conversations.load(key)
            in_group = state.group.member(user_id) is not None
            if user_id in state.members or state.intake_owner == user_id or in_group:
                alone = state.group.forget(user_id)  # their wishes leave the trip
                must_see = [p for p in state.request.must_see if p not in alone]
                state.request = state.request.model_copy(update={"must_see": must_see})
                state.members = [m for m in state.members if m != user_id]
                state.intake_owner = None if state.intake_owner == user_id else state.intake_owner
                await self.conversations.commit(held, state, [], None)
            await self._scrub_archive(key, user_id)
        return changed

    async def _scrub_archive(self, key: ConversationKey, user_id: str) -> None:
        name = self.keys.conv(key, "archive")
        trips = [ArchivedTrip.model_validate_json(t) for t in await self.r.lrange(name, 0, -1)]
        if any(user_id in t.members for t in trips):
            for trip in trips:
                trip.members = [m for m in trip.members if m != user_id]
                for turn in trip.turns:
                    if turn.speaker == user_id:
                        turn.speaker, turn.name, turn.text = FORGOTTEN, "", ""
            await self._replace(
                keys=[name], args=[t.model_dump_json(exclude_defaults=True) for t in trips]
            )


def _parse_conversation(conv: str) -> ConversationKey:
    parts = conv.split(":")
    thread = ":".join(parts[2:]) or None
    return ConversationKey(parts[0], parts[1], thread)
