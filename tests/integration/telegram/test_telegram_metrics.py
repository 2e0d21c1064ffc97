"""``GET /metrics`` of the real worker (polling and webhook), scraped over HTTP after turns:
prometheus-client text that parses, with the turn, Bot API, planner and inbox families moved."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from standins.telegram_updates import private_chat, user
from tests.support.telegram import Harness

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]

ANN = user(951, "Ann")
TRIP = "4 days from 12 December 2026, 2 adults, we love food, S$1500 each"


async def scrape(bot: Harness) -> tuple[str, Samples]:
    settings = bot.worker.settings
    port = settings.port if bot.mode == "webhook" else settings.metrics_port or settings.port
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain; version=")
            body = await response.text()
    samples: Samples = {}
    for family in text_string_to_metric_families(body):  # raises on text that does not parse
        for s in family.samples:
            samples[(s.name, frozenset(s.labels.items()))] = s.value
    return body, samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_metrics_move_with_turns_and_parse(bot: Harness) -> None:
    _, before = await scrape(bot)
    tg = {"platform": "telegram"}
    assert value(before, "bundletrip_turns_total", outcome="answered", **tg) == 0
    await bot.say(private_chat(951), ANN, "/start")
    await bot.say(private_chat(951), ANN, TRIP)
    await bot.press(private_chat(951), ANN, "i:go", bot.standin.messages(951)[-1])  # plan it
    running = list(bot.worker.inbox.running)  # polling acknowledges after the handlers return
    if running:
        await asyncio.wait(running, timeout=15)
    body, after = await scrape(bot)

    assert value(after, "bundletrip_turns_total", outcome="answered", **tg) == 3
    assert value(after, "bundletrip_updates_total", kind="message", **tg) == 2
    assert value(after, "bundletrip_updates_total", kind="callback", **tg) == 1
    assert value(after, "bundletrip_first_text_seconds_count", **tg) == 3
    assert value(after, "bundletrip_answer_seconds_count", **tg) == 3
    assert value(after, "bundletrip_answer_seconds_bucket", le="+Inf", **tg) == 3
    sent = len(bot.standin.calls_of("sendMessage"))
    assert sent >= 2
    assert value(after, "bundletrip_api_calls_total", method="sendMessage", **tg) == sent
    assert value(after, "bundletrip_updates_in_flight", **tg) == 0
    # The trip was planned: one plan job, timed.
    assert value(after, "bundletrip_plan_jobs_total", job="plan", outcome="ok") == 1
    assert value(after, "bundletrip_plan_seconds_count", job="plan") == 1
    # Inbox gauges are read from Redis at the scrape: everything acknowledged by now.
    assert value(after, "bundletrip_inbox_up", inbox="telegram") == 1
    assert value(after, "bundletrip_inbox_depth", inbox="telegram") == 0
    assert value(after, "bundletrip_inbox_oldest_age_seconds", inbox="telegram") == 0
    # Families with no sample yet are still announced, so alerts can be written against them.
    for name in ("bundletrip_inbox_reclaimed", "bundletrip_lock_waits", "bundletrip_llm_cost_usd",
                 "bundletrip_llm_tokens", "bundletrip_api_retries"):  # fmt: skip
        assert f"# TYPE {name}_total counter" in body


@pytest.mark.parametrize("path", ["/healthz"])
async def test_health_is_served_next_to_metrics(bot: Harness, path: str) -> None:
    settings = bot.worker.settings
    port = settings.port if bot.mode == "webhook" else settings.metrics_port or settings.port
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}{path}") as response:
            assert response.status == 200
