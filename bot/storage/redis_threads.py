"""The trip threads the bot opened, kept in Redis so every shard and every restart knows them
(the :class:`~bot.storage.ports.ThreadIndex` port).

Key scheme: ``{prefix}:discord:thread:{thread_id}`` -> the parent channel id, expiring with the
conversation history (refreshed on use). A message in such a thread is addressed to the bot even
without a mention, and its conversation is found even when the thread is not in discord.py's
cache. Redis trouble here never fails a turn: the thread's owner (the bot) is the fallback.
"""

from __future__ import annotations

import logging

import redis.asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class RedisThreadIndex:
    """Thread id -> parent channel id, for the threads opened by ``/plan``."""

    def __init__(self, client: aioredis.Redis, prefix: str, ttl_s: int, platform: str) -> None:
        self.client = client
        self.prefix = prefix
        self.ttl_s = ttl_s
        self.platform = platform

    def _key(self, thread_id: str) -> str:
        return f"{self.prefix}:{self.platform}:thread:{thread_id}"

    async def add(self, thread_id: str, parent_id: str) -> None:
        """Remember a trip thread."""
        try:
            await self.client.set(self._key(thread_id), parent_id, ex=self.ttl_s)
        except (RedisError, OSError):
            log.warning("could not remember trip thread %s", thread_id, exc_info=True)

    async def parent_of(self, thread_id: str) -> str | None:
        """The parent channel of a trip thread; ``None`` when it is not one (or Redis failed)."""
        key = self._key(thread_id)
        try:
            parent = await self.client.getex(key, ex=self.ttl_s)
        except (RedisError, OSError):
            log.warning("could not look up thread %s", thread_id, exc_info=True)
            return None
        return str(parent) if parent is not None else None
