"""Messages waiting for a busy conversation (see :mod:`bot.busy` for the folding protocol).

Key scheme (the conversation's hash tag, so the scripts touch one Cluster slot)::

    bt:{c:telegram:-100123}:pending:ids    list of message ids, arrival order   (TTL ttl_s)
    bt:{c:telegram:-100123}:pending:msgs   hash: message id -> JSON message      (TTL ttl_s)

Driver errors become :class:`StorageUnavailable`.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import asdict
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot.errors import StorageUnavailable
from bot.messages import ConversationKey, IncomingMessage, Sender
from bot.storage.redis_store import Keys

PENDING_TTL_S = 600

_PUSH = """
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
  redis.call('RPUSH', KEYS[1], ARGV[1])
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
return 1
"""
_CLAIM = """
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
  redis.call('LREM', KEYS[1], 0, ARGV[1])
  return 1
end
return 0
"""
_PEEK = """
local ids = redis.call('LRANGE', KEYS[1], 0, -1)
local out = {}
for _, id in ipairs(ids) do
  local raw = redis.call('HGET', KEYS[2], id)
  if raw then table.insert(out, raw) end
end
return out
"""


class PendingMessages(ABC):
    """Messages that arrived for a conversation while its lock was held."""

    @abstractmethod
    async def push(self, key: ConversationKey, msg: IncomingMessage) -> None:
        """Add a message (once per message id) before waiting for the lock."""

    @abstractmethod
    async def claim(self, key: ConversationKey, message_id: str) -> bool:
        """Take a message out of the list; ``False`` if it was not (or no longer) there."""

    @abstractmethod
    async def peek(self, key: ConversationKey) -> list[IncomingMessage]:
        """Every waiting message, oldest first, left in the list (the lock holder reads it)."""


class RedisPendingMessages(PendingMessages):
    def __init__(self, client: aioredis.Redis, keys: Keys, *, ttl_s: int = PENDING_TTL_S) -> None:
        self.r = client
        self.keys = keys
        self.ttl_s = ttl_s
        self._push = client.register_script(_PUSH)
        self._claim = client.register_script(_CLAIM)
        self._peek = client.register_script(_PEEK)

    def _names(self, key: ConversationKey) -> list[str]:
        return [self.keys.conv(key, "pending:ids"), self.keys.conv(key, "pending:msgs")]

    async def push(self, key: ConversationKey, msg: IncomingMessage) -> None:
        try:
            await self._push(keys=self._names(key), args=[msg.message_id, encode(msg), self.ttl_s])
        except RedisError as exc:
            raise StorageUnavailable("pending messages") from exc

    async def claim(self, key: ConversationKey, message_id: str) -> bool:
        try:
            return bool(await self._claim(keys=self._names(key), args=[message_id]))
        except RedisError as exc:
            raise StorageUnavailable("pending messages") from exc

    async def peek(self, key: ConversationKey) -> list[IncomingMessage]:
        try:
            raw = await self._peek(keys=self._names(key), args=[])
        except RedisError as exc:
            raise StorageUnavailable("pending messages") from exc
        return [decode(str(item)) for item in raw]


def encode(msg: IncomingMessage) -> str:
    """An incoming message as JSON (its extras as a plain mapping)."""
    data: dict[str, Any] = asdict(msg)
    data["extras"] = dict(msg.extras)
    return json.dumps(data, ensure_ascii=False)


def decode(raw: str) -> IncomingMessage:
    data = json.loads(raw)
    data["sender"] = Sender(**data["sender"])
    return IncomingMessage(**data)
