"""Telegram benchmark: one webhook process, the offline brain, the stand-in Bot API, real Redis.

Measures updates per second through one webhook process, the time from an update's POST to the
first visible text (draft, edit or message) the stand-in receives, and Bot API calls per answer;
then the same for a simulated language model streaming an 85-token answer (private chat: drafts;
group: paced edits), to compare with the 15 calls the popular open-source bot makes.

Run with ``python -m bench.bench_telegram`` (Redis from ``REDIS_URL``, default 127.0.0.1:6379);
results go to ``bench/results/telegram.md``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from pydantic import SecretStr

from adapters.telegram_adapter import TelegramWorker
from bench.machine import machine_line, write_result
from bot.bootstrap import App, build_app
from bot.brains.base import Brain, TurnContext
from bot.config import Settings
from bot.messages import FinalMessage, ReplyEvent, TextDelta, Working
from standins.net import free_port
from standins.telegram_api import StandInBotAPI
from standins.telegram_updates import callback, group_chat, message, private_chat, user

CHATS = 40
SEQUENTIAL = 15
SECRET = "bench-secret"
TRIP = "4 days from 12 December 2026, 2 adults, we love food, S$1500 each"
VISIBLE = {"sendMessage", "sendMessageDraft", "editMessageText", "sendDocument"}


NOTES = """
Notes
- First text is measured from the webhook POST to the first sendMessage / sendMessageDraft /
  editMessageText / sendDocument the stand-in receives for that chat.
- Planning costs about 0.5 s of CPU per plan. The core shows a "planning…" draft at once and
  plans off the event loop: in a thread (PLANNER_PROCESSES=0) or in worker processes. Run with
  PLANNER_PROCESSES=2 for the table above; with 0 (a thread, GIL-bound), the same run gave plan
  (button) p50 532 ms one chat at a time (before the draft existed) and 19 s with 40 chats at
  once. CPU for 40 plans is what bounds updates/s on 2 cores.
- Calls per answer count every Bot API call for the chat, plus answerCallbackQuery for buttons; a
  plan of ~4,700 characters is 2 messages. The 85-token stream (25 ms per token, ~2 s): private
  = typing + 2 drafts + final message; group = typing + message + 1 paced edit + final edit.
"""


class StreamingModel(Brain):
    """A stand-in language model: 85 tokens at 25 ms each (about 2 s), like a real stream."""

    name = "simulated-llm"

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        yield Working()
        words = [f"word{i} " for i in range(85)]
        for word in words:
            await asyncio.sleep(0.025)
            yield TextDelta(word)
        yield FinalMessage("".join(words).strip(), language=ctx.lang)


def bench_settings(standin: StandInBotAPI, port: int) -> Settings:
    return Settings(
        _env_file=None,
        redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        key_prefix=f"bench{uuid.uuid4().hex[:8]}", openai_api_key=None,
        telegram_bot_token=SecretStr(standin.token), telegram_api_base_url=standin.base_url,
        telegram_webhook_url="https://bench.example/telegram",
        telegram_webhook_secret=SecretStr(SECRET), port=port, daily_request_limit=10_000,
        planner_processes=int(os.environ.get("PLANNER_PROCESSES", "0")),
    )  # fmt: skip


class Client:
    """Posts updates to the webhook and reads first-text times and call counts off the stand-in."""

    def __init__(self, standin: StandInBotAPI, url: str, session: aiohttp.ClientSession) -> None:
        self.standin, self.url, self.session = standin, url, session
        self.latencies: dict[str, list[float]] = {}
        self.calls: dict[str, list[int]] = {}

    async def post(self, kind: str, chat_id: int, payload: dict[str, Any]) -> None:
        update = self.standin.new_update(payload)
        seen = len(self.standin.calls)
        start = time.monotonic()
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with self.session.post(self.url, json=update, headers=headers) as response:
            assert response.status == 200, response.status
        mine = [c for c in self.standin.calls[seen:] if _chat(c) == chat_id]
        shown = [c.at for c in mine if c.method in VISIBLE]
        if shown:
            self.latencies.setdefault(kind, []).append(min(shown) - start)
        extra = 1 if "callback_query" in payload else 0  # answerCallbackQuery has no chat_id
        self.calls.setdefault(kind, []).append(len(mine) + extra)


def _chat(call: Any) -> int | None:
    value = call.params.get("chat_id")
    return int(value) if value else None


async def conversation(client: Client, chat_id: int) -> None:
    chat, sender = private_chat(chat_id), user(chat_id, "Bench")
    await client.post("/start", chat_id, message(chat, sender, "/start"))
    await client.post("trip text", chat_id, message(chat, sender, TRIP))
    summary = client.standin.messages(chat_id)[-1]
    await client.post("plan (button)", chat_id, callback(chat, sender, "i:go", summary.as_json()))
    plan = client.standin.messages(chat_id)[-1]
    await client.post(".ics (button)", chat_id, callback(chat, sender, "p:ics", plan.as_json()))


async def run_offline(standin: StandInBotAPI) -> tuple[Client, Client, float, int]:
    """One chat at a time (latency, calls), then CHATS chats at once (throughput)."""
    settings = bench_settings(standin, free_port())
    core = build_app(settings)
    worker = TelegramWorker(settings, core, host="127.0.0.1")
    await worker.start()
    try:
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{settings.port}/telegram"
            alone = Client(standin, url, session)
            await conversation(alone, 1)  # warm-up: imports, scripts, connections
            alone.latencies.clear()
            alone.calls.clear()
            for i in range(SEQUENTIAL):
                await conversation(alone, 5_000 + i)
            loaded = Client(standin, url, session)
            start = time.monotonic()
            await asyncio.gather(*(conversation(loaded, 10_000 + i) for i in range(CHATS)))
            elapsed = time.monotonic() - start
    finally:
        errors = worker.metrics.errors
        await worker.stop()
        await _cleanup(core, settings)
    print(f"updates that ended in the error handler: {errors}")
    return alone, loaded, elapsed, CHATS * 4


async def run_streaming(standin: StandInBotAPI) -> Client:
    settings = bench_settings(standin, free_port())
    core = build_app(settings, brain=StreamingModel())
    worker = TelegramWorker(settings, core, host="127.0.0.1")
    await worker.start()
    try:
        async with aiohttp.ClientSession() as session:
            client = Client(standin, f"http://127.0.0.1:{settings.port}/telegram", session)
            for i in range(5):
                chat = private_chat(20_000 + i)
                text = message(chat, user(20_000 + i), "tell me something")
                await client.post("85-token stream, private", 20_000 + i, text)
                mention = message(group_chat(-30_000 - i), user(7), "@bundletrip_test_bot tell me")
                await client.post("85-token stream, group", -30_000 - i, mention)
    finally:
        await worker.stop()
        await _cleanup(core, settings)
    return client


async def _cleanup(core: App, settings: Settings) -> None:
    names = [n async for n in core.redis.scan_iter(match=f"{settings.key_prefix}:*", count=1000)]
    if names:
        await core.redis.delete(*names)
    await core.aclose()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def rows_for(client: Client, label: str) -> list[tuple[str, str, str]]:
    rows = []
    for kind, values in client.latencies.items():
        kind = f"{kind} ({label})"
        ms = [v * 1000 for v in values]
        calls = client.calls[kind.rsplit(" (", 1)[0]]
        rows.append((f"first visible text, {kind}",
                     f"p50 {statistics.median(ms):.0f} ms, p95 {p95(ms):.0f} ms (n={len(ms)})",
                     "p50 < 300 ms"))  # fmt: skip
        spread = f"median {statistics.median(calls):.0f}, max {max(calls)}"
        rows.append((f"Bot API calls per answer, {kind}", spread, "≤ 5"))
    return rows


async def main() -> None:
    standin = StandInBotAPI()
    await standin.start()
    try:
        alone, loaded, elapsed, updates = await run_offline(standin)
        streamed = await run_streaming(standin)
    finally:
        await standin.stop()
    rows = [(f"updates/s, one webhook process, {CHATS} chats in parallel (offline brain)",
             f"{updates / elapsed:.1f} ({updates} updates in {elapsed:.2f} s)", "—")]  # fmt: skip
    rows += rows_for(alone, "one chat at a time") + rows_for(loaded, f"{CHATS} chats at once")
    rows += rows_for(streamed, "simulated LLM")
    title = "Telegram adapter: webhook throughput, first text, API calls"
    path = write_result("telegram", title, rows, machine_line())
    with path.open("a", encoding="utf-8") as out:
        out.write(NOTES)


if __name__ == "__main__":
    asyncio.run(main())
