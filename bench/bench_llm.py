"""Benchmark of the language-model brain through the Telegram adapter (issue 5, item 8).

The bot (core + real Redis + the Telegram worker in webhook mode) runs in this process; the
stand-ins — an OpenAI-compatible model that streams like a real one (first token after 200 ms,
then 30 tokens/s, 85 tokens) and the Bot API — run in a child process, so CPU time and RSS
measured here are the bot's own. Times come from both sides' records (CLOCK_MONOTONIC is shared
by the processes of one machine).

(a) one question at a time: own overhead before the first visible text (update posted → first
    draft, minus the model's 200 ms) and after the last token (last token → final message);
(b) 20 chats × 5 questions pushed at once: answers/s, p50/p95 time to the final text, CPU per
    answer, peak RSS; (c) the same 100 questions from 100 chats (no per-chat queueing).

Run: ``.venv/bin/python bench/bench_llm.py`` (needs redis on REDIS_TEST_URL or 127.0.0.1:6379).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import platform
import resource
import statistics
import sys
import time
import uuid
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

TOKENS = 85
FIRST_TOKEN_S = 0.2
TOKENS_PER_S = 30.0
SECRET = "bench-webhook-secret"
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
ANSWER = " ".join(f"w{i}" for i in range(TOKENS - 1)) + " end."
Req = tuple[float, float, float, str]  # model request: sent, first token, last token, question


# -- the stand-ins' process ---------------------------------------------------------------
def standins_main(conn: Connection) -> None:
    asyncio.run(_standins(conn))


async def _standins(conn: Connection) -> None:
    import aiohttp

    from standins.openai_api import StandInOpenAI, Text
    from standins.telegram_api import StandInBotAPI
    from standins.telegram_updates import message, private_chat, user

    def model(_: dict[str, Any]) -> Text:
        return Text(ANSWER, chunk_words=1, first_token_s=FIRST_TOKEN_S, tokens_per_s=TOKENS_PER_S)

    bot_api = StandInBotAPI()
    await bot_api.start()
    async with StandInOpenAI(responder=model) as llm, aiohttp.ClientSession() as http:
        conn.send((llm.url, bot_api.base_url, bot_api.token))
        loop = asyncio.get_running_loop()
        while True:
            command, arg = await loop.run_in_executor(None, conn.recv)
            if command == "stop":
                break
            if command == "post":  # arg: (webhook url, [(chat id, text), ...])
                url, items = arg
                updates = [
                    bot_api.new_update(message(private_chat(c), user(c), text)) for c, text in items
                ]
                posted = time.monotonic()
                await asyncio.gather(*(_post(http, url, u) for u in updates))
                conn.send(posted)
            if command == "wait":  # arg: number of final messages expected in total
                await _finals(bot_api, int(arg))
                conn.send(True)
            if command == "dump":
                calls = [(c.method, c.params.get("chat_id"), c.at) for c in bot_api.calls]
                requests = [(r.at, r.first_token_at, r.done_at, r.last_user) for r in llm.requests]
                conn.send((calls, requests))
    await bot_api.stop()


async def _finals(bot_api: Any, want: int) -> None:
    """Wait until the Bot API stand-in has received ``want`` final messages in total."""
    await bot_api.wait_for(lambda: len(bot_api.calls_of("sendMessage")) >= want, 300)


async def _post(http: Any, url: str, update: dict[str, Any]) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with http.post(url, json=update, headers=headers) as response:
        assert response.status == 200, response.status


# -- the bot's process ---------------------------------------------------------------------
async def bench(conn: Connection) -> dict[str, Any]:
    from pydantic import SecretStr

    from adapters.telegram_adapter import TelegramWorker
    from bot.bootstrap import build_app
    from bot.config import Settings
    from standins.net import free_port

    llm_url, bot_url, token = conn.recv()
    settings = Settings(
        _env_file=None,
        redis_url=REDIS_URL, key_prefix=f"bench{uuid.uuid4().hex[:8]}",
        openai_api_key=SecretStr("sk-bench"), openai_base_url=llm_url,
        telegram_bot_token=SecretStr(token), telegram_api_base_url=bot_url,
        telegram_webhook_url="https://bundletrip.example/telegram",
        telegram_webhook_secret=SecretStr(SECRET), port=free_port(),
        daily_request_limit=100_000, lock_wait_s=120, lock_timeout_s=120,
        llm_daily_budget_usd_per_user=1000, llm_daily_budget_usd_per_conversation=1000,
    )  # fmt: skip
    core = build_app(settings)
    worker = TelegramWorker(settings, core, host="127.0.0.1")
    await worker.start()
    url = f"http://127.0.0.1:{settings.port}{worker.webhook_path}"
    try:
        return await _scenarios(conn, url)
    finally:
        await worker.stop()
        names = [n async for n in core.redis.scan_iter(match=f"{settings.key_prefix}:*")]
        if names:
            await core.redis.delete(*names)
        await core.aclose()


async def _ask(conn: Connection, url: str, items: list[tuple[int, str]], total: int) -> float:
    loop = asyncio.get_running_loop()
    conn.send(("post", (url, items)))
    posted: float = await loop.run_in_executor(None, conn.recv)
    conn.send(("wait", total))
    await loop.run_in_executor(None, conn.recv)
    return posted


async def _scenarios(conn: Connection, url: str) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    out: dict[str, Any] = {}
    await _ask(conn, url, [(900, "warm up")], 1)
    singles: list[tuple[int, float]] = []
    for n in range(10):
        chat = 1000 + n
        singles.append((chat, await _ask(conn, url, [(chat, f"question {n}")], 2 + n)))
    done = 11
    loads: dict[str, list[tuple[int, float]]] = {}
    usage: dict[str, tuple[float, float]] = {}
    for name, chats, per_chat in (("b", range(2000, 2020), 5), ("c", range(3000, 3100), 1)):
        items = [(c, f"q{k} from {c}") for k in range(per_chat) for c in chats]
        cpu0, wall0 = _cpu(), time.monotonic()
        posted = await _ask(conn, url, items, done + len(items))
        usage[name] = (_cpu() - cpu0, time.monotonic() - wall0)
        done += len(items)
        loads[name] = [(c, posted) for c, _ in items]
    conn.send(("dump", None))
    calls, requests = await loop.run_in_executor(None, conn.recv)
    out["a"] = _single(singles, calls, requests)
    for name, posts in loads.items():
        out[name] = _load(posts, calls, requests, *usage[name])
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _of(calls: list[tuple[str, str, float]], method: str, chat: int) -> list[float]:
    return [at for m, c, at in calls if m == method and str(c) == str(chat)]


def _single(
    singles: list[tuple[int, float]],
    calls: list[tuple[str, str, float]],
    requests: list[Req],
) -> dict[str, float]:
    before, after = [], []
    for chat, posted in singles:
        at, first_token, last_token, _ = min(r for r in requests if r[0] >= posted)
        first = min(_of(calls, "sendMessageDraft", chat) or _of(calls, "sendMessage", chat))
        final = max(_of(calls, "sendMessage", chat))
        before.append((first - posted) - (first_token - at))  # minus the model's own wait
        after.append(final - last_token)
    return {
        "before_ms": statistics.median(before) * 1000,
        "after_ms": statistics.median(after) * 1000,
        "before_max_ms": max(before) * 1000,
    }


def _load(
    items: list[tuple[int, float]], calls: list[tuple[str, str, float]], requests: list[Req],
    cpu: float, wall: float,
) -> dict[str, float]:  # fmt: skip
    """Time to the final text, from posting and from when the question became answerable
    (its predecessor in the chat answered), split into: answerable → model request sent,
    model request → last token, last token → final message."""
    by_question = {r[3]: r for r in requests}
    times: list[float] = []
    ready: list[float] = []
    start: list[float] = []
    tail: list[float] = []
    for chat in sorted({c for c, _ in items}):
        posted = next(p for c, p in items if c == chat)
        finals = sorted(_of(calls, "sendMessage", chat))
        for k, (final, answerable) in enumerate(zip(finals, [posted, *finals], strict=False)):
            at, _, done, _ = by_question[f"q{k} from {chat}"]
            times.append(final - posted)
            ready.append(final - answerable)
            start.append(at - answerable)
            tail.append(final - done)
    return {
        "answers": len(times), "wall_s": wall, "answers_per_s": len(times) / wall,
        "p50_s": statistics.median(times), "p95_s": _p95(times),
        "ready_p50_s": statistics.median(ready), "ready_p95_s": _p95(ready),
        "start_p50_ms": statistics.median(start) * 1000,
        "tail_p50_ms": statistics.median(tail) * 1000,
        "cpu_ms_per_answer": cpu / len(times) * 1000,
    }  # fmt: skip


def _p95(times: list[float]) -> float:
    return sorted(times)[int(0.95 * (len(times) - 1))]


def main() -> None:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=standins_main, args=(child,), daemon=True)
    process.start()
    try:
        result = asyncio.run(bench(parent))
    finally:
        parent.send(("stop", None))
        process.join(10)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())  # fmt: skip
    print(f"machine: {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    a = result["a"]
    print(
        f"(a) overhead before first text: p50 {a['before_ms']:.1f} ms "
        f"(max {a['before_max_ms']:.1f}); after last token: p50 {a['after_ms']:.1f} ms"
    )
    for name in ("b", "c"):
        r = result[name]
        print(
            f"({name}) {r['answers']} answers in {r['wall_s']:.2f} s: "
            f"{r['answers_per_s']:.1f}/s, p50 {r['p50_s']:.2f} s, p95 {r['p95_s']:.2f} s, "
            f"CPU {r['cpu_ms_per_answer']:.1f} ms/answer; from answerable: "
            f"p50 {r['ready_p50_s']:.2f} s, p95 {r['ready_p95_s']:.2f} s "
            f"(to model request p50 {r['start_p50_ms']:.0f} ms, "
            f"last token to final p50 {r['tail_p50_ms']:.0f} ms)"
        )
    print(f"peak RSS of the bot process: {result['peak_rss_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
