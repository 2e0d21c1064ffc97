"""Token usage and cost of the language model, per user and per conversation per day.

Cost comes from a dated price table (``bot/data/llm_prices.json`` or ``LLM_PRICE_TABLE``):
a model is priced by the longest table entry its name starts with (``gpt-4o-mini-2024-07-18`` →
``gpt-4o-mini``), so a dated model version needs no new entry; a model the table does not know
is priced at ``default`` (deliberately not cheap) and logged once. Local servers (Ollama,
llama.cpp) are listed at zero.

Redis keys (hash tags as in :mod:`bot.storage.redis_store`), hashes with integer fields
``requests``, ``prompt_tokens``, ``completion_tokens``, ``tokens`` and ``cost_micro_usd``::

    bt:{u:telegram:42}:usage:2026-11-27          the user's usage that day (TTL 3 days)
    bt:{c:telegram:-100123}:usage:2026-11-27     the conversation's usage that day

``/forget`` removes the user's key with the rest of the user's keys.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import redis.asyncio as aioredis
from pydantic import BaseModel, ConfigDict
from redis.exceptions import RedisError

from bot.brains.llm_stream import Usage
from bot.errors import StorageUnavailable
from bot.messages import ConversationKey
from bot.storage.redis_store import Keys

log = logging.getLogger(__name__)

MICRO = Decimal("0.000001")
MILLION = Decimal(1_000_000)
USAGE_TTL_S = 3 * 86400


class ModelPrice(BaseModel):
    model_config = ConfigDict(frozen=True)

    input_per_mtok: Decimal
    output_per_mtok: Decimal
    cached_input_per_mtok: Decimal | None = None


class PriceTable(BaseModel):
    """USD per million tokens, by model-name prefix, as of a date."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    source: str
    currency: Literal["USD"] = "USD"
    models: dict[str, ModelPrice]
    default: ModelPrice

    def price(self, model: str) -> ModelPrice:
        """The price of ``model`` (longest matching prefix, else ``default``)."""
        name = model.lower().rsplit("/", 1)[-1]
        matches = [key for key in self.models if name.startswith(key.lower())]
        if not matches:
            _warn_unknown(model)
            return self.default
        return self.models[max(matches, key=len)]

    def cost(self, model: str, usage: Usage) -> Decimal:
        """The cost of one request in USD, to the micro-dollar."""
        price = self.price(model)
        cached = min(usage.cached_tokens, usage.prompt_tokens)
        cached_rate = price.cached_input_per_mtok or price.input_per_mtok
        total = (
            (usage.prompt_tokens - cached) * price.input_per_mtok
            + cached * cached_rate
            + usage.completion_tokens * price.output_per_mtok
        ) / MILLION
        return total.quantize(MICRO)


@lru_cache(maxsize=8)
def _warn_unknown(model: str) -> None:
    log.warning("model %r is not in the price table; priced at the table's default", model)


def load_price_table(path: str | None = None) -> PriceTable:
    """Load the price table from ``path`` or the bundled one."""
    if path:
        raw = Path(path).read_text(encoding="utf-8")
    else:
        raw = resources.files("bot.data").joinpath("llm_prices.json").read_text(encoding="utf-8")
    return PriceTable.model_validate(json.loads(raw))


UsageHook = Callable[[str, int, int, Decimal], None]
"""Told of every model request: model, prompt tokens, completion tokens, cost in USD."""


@dataclass(frozen=True)
class Spent:
    user_usd: Decimal
    conversation_usd: Decimal


class UsageLedger:
    """Records tokens and cost in Redis and reads today's spend back."""

    def __init__(self, client: aioredis.Redis, keys: Keys) -> None:
        self.r = client
        self.keys = keys

    def _keys(self, user_id: str, conv: ConversationKey, day: str) -> tuple[str, str]:
        return self.keys.user(user_id, f"usage:{day}"), self.keys.conv(conv, f"usage:{day}")

    async def record(
        self, user_id: str, conv: ConversationKey, day: str, usage: Usage, cost: Decimal
    ) -> None:
        """Add one request's tokens and cost to the user's and the conversation's day."""
        micro = int(cost / MICRO)
        fields = {
            "requests": 1,
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "tokens": usage.prompt_tokens + usage.completion_tokens,
            "cost_micro_usd": micro,
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


def _usd(micro: object) -> Decimal:
    return (Decimal(int(str(micro))) * MICRO) if micro else Decimal(0)


async def usage_today(
    client: aioredis.Redis, keys: Keys, user_id: str, day: str
) -> tuple[int, Decimal]:
    """Tokens and cost (USD, to a tenth of a cent) the user spent in smart mode on ``day``."""
    try:
        tokens, micro = await client.hmget(
            keys.user(user_id, f"usage:{day}"), ["tokens", "cost_micro_usd"]
        )
    except (RedisError, OSError) as exc:
        raise StorageUnavailable("usage could not be read") from exc
    return int(tokens or 0), _usd(micro).quantize(Decimal("0.001"))
