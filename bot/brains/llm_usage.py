"""What a language-model request costs: the dated price table.

Cost comes from a dated price table (``bot/data/llm_prices.json`` or ``LLM_PRICE_TABLE``):
a model is priced by the longest table entry its name starts with (``gpt-4o-mini-2024-07-18`` →
``gpt-4o-mini``), so a dated model version needs no new entry; a model the table does not know
is priced at ``default`` (deliberately not cheap) and logged once. Local servers (Ollama,
llama.cpp) are listed at zero.

What each request cost is recorded through the :class:`~bot.storage.ports.UsageLedger` port
(on Redis: :mod:`bot.storage.redis_usage`, which documents the keys).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.brains.llm_stream import Usage

log = logging.getLogger(__name__)

MICRO = Decimal("0.000001")
MILLION = Decimal(1_000_000)


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
