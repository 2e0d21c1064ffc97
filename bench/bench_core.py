"""Core benchmark: per-turn overhead on real Redis, turns per second, Redis bytes per conversation.

The brain is replaced by one that answers instantly, so the numbers are the core's own cost:
language detection, lock, de-duplication, state load, atomic commit, quota. Run with
``python -m bench.bench_core`` (Redis from ``REDIS_URL``, default 127.0.0.1:6379); results go to
``bench/results/core.md``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from bench.machine import machine_line, write_result
from bot.bootstrap import App, build_app
from bot.brains.base import Brain, TurnContext
from bot.config import Settings
from bot.messages import FinalMessage, IncomingMessage, ReplyEvent, Sender

TURNS = 400
CONVERSATIONS = 40
HISTORY_TURNS = 50


class InstantBrain(Brain):
    """Answers at once with a reply of typical length (no planning, no network)."""

    name = "instant"

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        yield FinalMessage("Noted — " + ctx.message.text[:200], language=ctx.lang)


def incoming(chat: str, index: int, text: str) -> IncomingMessage:
    return IncomingMessage(
        platform="bench",
        chat_id=chat,
        message_id=f"{chat}-{index}",
        sender=Sender(id=chat, display_name="Bench", language_code="en"),
        text=text,
    )


async def one_turn(app: App, msg: IncomingMessage) -> float:
    start = time.perf_counter()
    async for _ in app.service.handle(msg):
        pass
    return time.perf_counter() - start


async def overhead(app: App) -> list[float]:
    chat = uuid.uuid4().hex[:8]
    samples = []
    for i in range(TURNS):
        samples.append(await one_turn(app, incoming(chat, i, f"we would like to see more {i}")))
    return samples[20:]  # warm-up excluded


async def throughput(app: App) -> float:
    async def chat(c: int) -> None:
        for i in range(TURNS // CONVERSATIONS):
            await one_turn(app, incoming(f"tp{c}", i, f"message {i} of chat {c}"))

    start = time.perf_counter()
    await asyncio.gather(*(chat(c) for c in range(CONVERSATIONS)))
    return TURNS / (time.perf_counter() - start)


async def bytes_per_conversation(app: App, prefix: str) -> int:
    chat = "mem"
    text = "4 days from 12 March, two adults and a 6-year-old, we love food, S$1,500 each"
    for i in range(HISTORY_TURNS):
        await one_turn(app, incoming(chat, i, text))
    total = 0
    async for key in app.redis.scan_iter(match=f"{prefix}:{{c:bench:{chat}}}:*"):
        total += int(await app.redis.memory_usage(key) or 0)
    return total


async def bytes_with_a_plan(settings: Settings, prefix: str) -> int:
    """A realistic conversation with the offline brain: a 4-day plan, then 46 more turns."""
    app = build_app(settings, clock=lambda: datetime.now(UTC))
    chat = "planned"
    script = ["4 days from 12 March, two adults and a 6-year-old, love food, S$1,500 each", "yes"]
    script += ["make day 2 lighter", "what about day 3?", "make day 2 fuller", "hello"] * 12
    try:
        for i, text in enumerate(script[:HISTORY_TURNS]):
            await one_turn(app, incoming(chat, i, text))
        total = 0
        async for key in app.redis.scan_iter(match=f"{prefix}:{{c:bench:{chat}}}:*"):
            total += int(await app.redis.memory_usage(key) or 0)
        return total
    finally:
        await app.aclose()


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def main() -> None:
    prefix = f"bench{uuid.uuid4().hex[:6]}"
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    settings = Settings(_env_file=None, redis_url=url, key_prefix=prefix, daily_request_limit=10**6)
    app = build_app(settings, brain=InstantBrain(), clock=lambda: datetime.now(UTC))
    try:
        samples = await overhead(app)
        tps = await throughput(app)
        size = await bytes_per_conversation(app, prefix)
        planned = await bytes_with_a_plan(settings, prefix)
    finally:
        keys = [k async for k in app.redis.scan_iter(match=f"{prefix}:*")]
        if keys:
            await app.redis.delete(*keys)
        await app.aclose()
    rows = [
        ("per-turn overhead p50", f"{statistics.median(samples) * 1000:.2f} ms", "≤ 2 ms"),
        ("per-turn overhead p99", f"{pct(samples, 0.99):.2f} ms", "≤ 10 ms"),
        ("turns per second, one process, 40 chats", f"{tps:.0f}", "—"),
        (f"Redis bytes per conversation after {HISTORY_TURNS} turns", f"{size:,}", "≤ 20,000"),
        (
            f"… the same with a 4-day plan stored and edited ({HISTORY_TURNS} turns)",
            f"{planned:,}",
            "≤ 20,000",
        ),
    ]
    write_result("core", "Core benchmark (instant brain, real Redis)", rows, machine_line())


if __name__ == "__main__":
    asyncio.run(main())
