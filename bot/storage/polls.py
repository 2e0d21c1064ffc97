"""Where a platform poll belongs (the poll id -> conversation index, and back), and which
message shows a group's pinned plan.

A Telegram ``poll_answer`` carries no chat, so the core keeps, for every poll it opened::

    bt:{p:telegram:5432101}:poll          JSON PollRef   (TTL ttl_s)  — a vote finds its trip
    bt:{c:telegram:-100123}:poll:<key>    JSON PollRef   (TTL ttl_s)  — closing finds the message
    bt:{c:telegram:-100123}:pin           message id     (TTL ttl_s)  — the pinned plan
    bt:{due:telegram}:polls               sorted set: conversation (JSON) by poll deadline — what
                                          the workers' periodic sweep closes
    bt:{c:telegram:-100123}:plans         list of JSON ShownMessage (TTL ttl_s) — plan messages
                                          shown since the pinned plan last changed (to mark)

The first key carries the poll's own hash tag (a vote knows nothing else); the second shares the
conversation's tag. Driver errors become :class:`StorageUnavailable`.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod

import redis.asyncio as aioredis
from pydantic import BaseModel, ConfigDict
from redis.exceptions import RedisError

from bot.errors import StorageUnavailable
from bot.messages import ConversationKey, ShownMessage
from bot.storage.redis_store import Keys

POLL_TTL_S = 30 * 86400
MAX_PLAN_MESSAGES = 20  # the newest plan messages kept to mark; older ones stay as they are


class PollRef(BaseModel):
    """One shown poll: its conversation, the core's decision key, the platform's ids."""

    model_config = ConfigDict(frozen=True)

    platform: str
    chat_id: str
    thread_id: str | None = None
    poll_key: str
    platform_poll_id: str
    message_id: str = ""

    @property
    def conversation(self) -> ConversationKey:
        return ConversationKey(self.platform, self.chat_id, self.thread_id)


class PollIndex(ABC):
    """Maps platform polls to conversations and decisions to platform polls."""

    @abstractmethod
    async def remember(self, ref: PollRef) -> None:
        """Record a poll once the platform has shown it."""

    @abstractmethod
    async def by_platform(self, platform: str, platform_poll_id: str) -> PollRef | None:
        """The poll a platform vote belongs to, if the bot opened it."""

    @abstractmethod
    async def by_key(self, key: ConversationKey, poll_key: str) -> PollRef | None:
        """The platform poll of one of the conversation's decisions, if shown."""

    @abstractmethod
    async def remember_pin(self, key: ConversationKey, message_id: str) -> None:
        """Record the message that shows the conversation's pinned plan."""

    @abstractmethod
    async def pin(self, key: ConversationKey) -> str:
        """The message showing the pinned plan ("" if none)."""

    @abstractmethod
    async def remember_plans(self, key: ConversationKey, shown: tuple[ShownMessage, ...]) -> None:
        """Record messages that show a plan in the conversation (marked once superseded)."""

    @abstractmethod
    async def take_plans(self, key: ConversationKey) -> list[ShownMessage]:
        """The plan messages recorded so far, forgotten as they are returned."""

    @abstractmethod
    async def due_at(self, key: ConversationKey, deadline: float) -> None:
        """Record that a poll of the conversation closes at ``deadline`` (epoch seconds)."""

    @abstractmethod
    async def take_due(self, platform: str, now: float) -> list[ConversationKey]:
        """Conversations of ``platform`` with a poll deadline at or before ``now``, each claimed
        by one caller only (it is forgotten as it is returned)."""


class RedisPollIndex(PollIndex):
    """The index on Redis (key names built from the same prefix as every other key)."""

    def __init__(self, client: aioredis.Redis, keys: Keys, *, ttl_s: int = POLL_TTL_S) -> None:
        self.r = client
        self.keys = keys
        self.ttl_s = ttl_s

    def _platform_key(self, platform: str, poll_id: str) -> str:
        return f"{self.keys.prefix}:{{p:{self.keys.tag(platform)}:{self.keys.tag(poll_id)}}}:poll"

    def _conv_key(self, key: ConversationKey, poll_key: str) -> str:
        return self.keys.conv(key, f"poll:{self.keys.tag(poll_key)}")

    async def remember(self, ref: PollRef) -> None:
        raw = ref.model_dump_json()
        try:
            platform_key = self._platform_key(ref.platform, ref.platform_poll_id)
            await self.r.set(platform_key, raw, ex=self.ttl_s)
            await self.r.set(self._conv_key(ref.conversation, ref.poll_key), raw, ex=self.ttl_s)
        except RedisError as exc:
            raise StorageUnavailable("poll index") from exc

    async def by_platform(self, platform: str, platform_poll_id: str) -> PollRef | None:
        return await self._get(self._platform_key(platform, platform_poll_id))

    async def by_key(self, key: ConversationKey, poll_key: str) -> PollRef | None:
        return await self._get(self._conv_key(key, poll_key))

    async def remember_pin(self, key: ConversationKey, message_id: str) -> None:
        try:
            await self.r.set(self.keys.conv(key, "pin"), message_id, ex=self.ttl_s)
        except RedisError as exc:
            raise StorageUnavailable("pinned plan") from exc

    async def pin(self, key: ConversationKey) -> str:
        try:
            return str(await self.r.get(self.keys.conv(key, "pin")) or "")
        except RedisError as exc:
            raise StorageUnavailable("pinned plan") from exc

    async def remember_plans(self, key: ConversationKey, shown: tuple[ShownMessage, ...]) -> None:
        if not shown:
            return
        name = self.keys.conv(key, "plans")
        raws = [_shown_json(s) for s in shown]
        try:
            async with self.r.pipeline(transaction=True) as pipe:
                pipe.rpush(name, *raws)
                pipe.ltrim(name, -MAX_PLAN_MESSAGES, -1)
                pipe.expire(name, self.ttl_s)
                await pipe.execute()
        except RedisError as exc:
            raise StorageUnavailable("plan messages") from exc

    async def take_plans(self, key: ConversationKey) -> list[ShownMessage]:
        name = self.keys.conv(key, "plans")
        try:
            async with self.r.pipeline(transaction=True) as pipe:
                pipe.lrange(name, 0, -1)
                pipe.delete(name)
                raws, _ = await pipe.execute()
        except RedisError as exc:
            raise StorageUnavailable("plan messages") from exc
        return [ShownMessage(**json.loads(raw)) for raw in raws]

    def _due_key(self, platform: str) -> str:
        return f"{self.keys.prefix}:{{due:{self.keys.tag(platform)}}}:polls"

    async def due_at(self, key: ConversationKey, deadline: float) -> None:
        member = json.dumps([key.platform, key.chat_id, key.thread_id])
        try:
            await self.r.zadd(self._due_key(key.platform), {member: deadline})
        except RedisError as exc:
            raise StorageUnavailable("poll deadlines") from exc

    async def take_due(self, platform: str, now: float) -> list[ConversationKey]:
        name = self._due_key(platform)
        try:
            found = await self.r.zrangebyscore(name, "-inf", now, start=0, num=100)
            members = [str(m) for m in found]
            taken = [m for m in members if await self.r.zrem(name, m)]  # one sweeper each
        except RedisError as exc:
            raise StorageUnavailable("poll deadlines") from exc
        keys = []
        for raw in taken:
            platform_, chat_id, thread_id = json.loads(raw)
            keys.append(ConversationKey(platform_, chat_id, thread_id))
        return keys

    async def _get(self, name: str) -> PollRef | None:
        try:
            raw = await self.r.get(name)
        except RedisError as exc:
            raise StorageUnavailable("poll index") from exc
        return PollRef.model_validate_json(raw) if raw else None


def _shown_json(shown: ShownMessage) -> str:
    return json.dumps({"message_id": shown.message_id, "text": shown.text}, ensure_ascii=False)
