"""LLM tokens and spend reach the process metrics, equal to what the usage ledger records."""

from __future__ import annotations

from decimal import Decimal

from bot.bootstrap import App
from bot.storage.redis_store import Keys
from standins.openai_api import Call, StandInOpenAI, Text, Tools
from tests.integration.llm.helpers import say

DAY = "2026-11-27"


async def test_tokens_and_cost_counters_match_the_ledger(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(Tools([Call("get_trip", {})]), Text("All set."))
    await say(llm_app, "hello", user="9")
    ledger = await llm_app.redis.hgetall(
        Keys(llm_app.settings.key_prefix).user("telegram:9", f"usage:{DAY}")
    )
    registry = llm_app.metrics.registry
    model = llm_app.settings.openai_model

    def tokens(kind: str) -> float | None:
        return registry.get_sample_value(
            "bundletrip_llm_tokens_total", {"model": model, "kind": kind}
        )

    assert tokens("prompt") == int(ledger["prompt_tokens"]) > 0
    assert tokens("completion") == int(ledger["completion_tokens"]) > 0
    cost = registry.get_sample_value("bundletrip_llm_cost_usd_total", {"model": model})
    assert cost is not None and cost > 0
    # The ledger keeps whole micro-dollars (truncated); the counter keeps the exact float.
    micro = ledger["cost_micro_usd"]
    assert isinstance(micro, str)  # the client decodes responses
    assert abs(Decimal(str(cost)) - Decimal(micro) / 1_000_000) < Decimal("1e-6")
