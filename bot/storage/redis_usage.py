"""The language model's usage ledger on Redis (the :class:`~bot.storage.ports.UsageLedger` port).

Keys (hash tags as in :mod:`bot.storage.redis_store`), hashes with integer fields ``requests``,
``prompt_tokens``, ``completion_tokens``, ``tokens`` and ``cost_micro_usd``::

    bt:{u:telegram:42}:usage:2026-11-27          the user's usage that day (TTL 3 days)
    bt:{c:telegram:-100123}:usage:2026-11-27     the conversation's usage that day

``/forget`` removes the user's key with the rest of the user's keys. Driver errors become
:class:`StorageUnavailable`.
"""

from __future__ import annotations

from decimal import Decimal

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot.errors import StorageUnavailable
from bot.messages import ConversationKey
from bot.storage.ports import Spent
from bot.storage.redis_store import Keys

MICRO = Decimal("0.000001")
USAGE_TTL_S = 3 * 86400


class RedisUsageLedger:
    """Records tokens and cost in Redis and reads a day's spend back."""

    def __init__(self, client: aioredis.Redis, keys: Keys) -> None:
        self.r = client
        self.keys = keys

    def _keys(self, user_id: str, conv: ConversationKey, day: str) -> tuple[str, str]:
        return self.keys.user(user_id, f"usage:{day}"), self.keys.conv(conv, f"usage:{day}")

    async def record(
        self,
        user_id: str,
        conv: ConversationKey,
        day: str,
        prompt_tokens: int,
        completion_tokens: int,
        cost_usd: Decimal,
    ) -> None:
        """Add one request's tokens and cost to the user's and the conversation's day."""
        fields = {
            "requests": 1,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "tokens": prompt_tokens + completion_tokens,
            "cost_micro_usd": int(cost_usd / MICRO),
        }
        try:
            for key in self._keys(user_id, conv, day):  # two hash tags: one pipeline each
                async with self.r.pipeline(transaction=True) as pipe:
                    for name, value in fields.items():
                        pipe.hincrby(key, name, value)
                    pipe.expire(key, USAGE_TTL_S)
                    await pipe.execute()
        except (RedisError, OSError) as exc:
            raise StorageUnavailable("usage could not be recorded") from exc

    async def spent(self, user_id: str, conv: ConversationKey, day: str) -> Spent:
        """Today's spend of the user and of the conversation, in USD."""
        user_key, conv_key = self._keys(user_id, conv, day)
        try:
            user = await self.r.hget(user_key, "cost_micro_usd")
            conversation = await self.r.hget(conv_key, "cost_micro_usd")
        except (RedisError, OSError) as exc:
            raise StorageUnavailable("usage could not be read") from exc
        return Spent(_usd(user), _usd(conversation))

    async def today(self, user_id: str, day: str) -> tuple[int, Decimal]:
        """Tokens and cost (USD, to a tenth of a cent) the user spent in smart mode on ``day``."""
        try:
            tokens, micro = await self.r.hmget(
                self.keys.user(user_id, f"usage:{day}"), ["tokens", "cost_micro_usd"]
            )
        except (RedisError, OSError) as exc:
            raise StorageUnavailable("usage could not be read") from exc
        return int(tokens or 0), _usd(micro).quantize(Decimal("0.001"))


def _usd(micro: object) -> Decimal:
    return (Decimal(int(str(micro))) * MICRO) if micro else Decimal(0)
