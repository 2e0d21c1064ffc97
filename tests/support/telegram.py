"""The Telegram test harness: a driver of the real PTB worker (polling or webhook), its settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from pydantic import SecretStr
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from adapters.telegram.sender import GroupPacer
from adapters.telegram_adapter import TelegramWorker
from bot.bootstrap import App
from bot.config import Settings
from standins.net import free_port
from standins.telegram_api import Sent, StandInBotAPI
from standins.telegram_updates import Json, callback, message

SECRET = "s3cret-webhook-token"
WEBHOOK_URL = "https://bundletrip.example/telegram"


class Harness:
    """Delivers updates to a running worker (queue or webhook POST) and waits until handled."""

    def __init__(
        self, standin: StandInBotAPI, worker: TelegramWorker, mode: str,
        peer: Harness | None = None,
    ) -> None:  # fmt: skip
        self.standin = standin
        self.worker = worker
        self.mode = mode
        # Workers share one inbox: an update posted to one may be handled by its peer.
        self.handled: set[int] = peer.handled if peer else set()
        self._changed: asyncio.Condition = peer._changed if peer else asyncio.Condition()
        worker.application.add_handler(TypeHandler(Update, self._done), group=99)

    async def _done(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        async with self._changed:
            self.handled.add(update.update_id)
            self._changed.notify_all()

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.worker.settings.port}{self.worker.webhook_path}"

    async def post(self, update: Json, secret: str | None = SECRET) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with aiohttp.ClientSession() as session:
            async with session.post(self.webhook_url, json=update, headers=headers) as response:
                return response.status

    async def deliver(self, payload: Json) -> Json:
        """Send one update the way this mode receives it; return once it was handled."""
        update = self.standin.new_update(payload)
        await self.redeliver(update)
        return update

    async def redeliver(self, update: Json) -> None:
        if self.mode == "webhook":
            assert await self.post(update) == 200
        else:
            await self.standin.push_update(update)
        async with asyncio.timeout(15), self._changed:
            await self._changed.wait_for(lambda: update["update_id"] in self.handled)

    async def wait_handled(self, updates: list[Json], within_s: float = 30) -> None:
        """Wait until every one of ``updates`` was handled (by this worker or a peer)."""
        async with asyncio.timeout(within_s), self._changed:
            await self._changed.wait_for(
                lambda: all(u["update_id"] in self.handled for u in updates)
            )

    async def say(self, chat: Json, sender: Json, text: str, **kw: Any) -> Json:
        payload = message(chat, sender, text, **kw)
        await self.deliver(payload)
        return dict(payload["message"])

    async def press(self, chat: Json, sender: Json, data: str, on: Sent) -> None:
        await self.deliver(callback(chat, sender, data, on.as_json()))


def telegram_settings(settings: Settings, standin: StandInBotAPI, mode: str) -> Settings:
    update: dict[str, Any] = {
        "telegram_bot_token": SecretStr(standin.token),
        "telegram_api_base_url": standin.base_url,
        "port": free_port(),
    }
    if mode == "webhook":
        update["telegram_webhook_url"] = WEBHOOK_URL
        update["telegram_webhook_secret"] = SecretStr(SECRET)
    return settings.model_copy(update=update)


async def start_worker(settings: Settings, core: App) -> TelegramWorker:
    worker = TelegramWorker(
        settings, core, host="127.0.0.1", poll_timeout=1, draft_interval=0.02,
        # Telegram's 20 a minute per group is tested on its own (test_telegram_delivery); a whole
        # group trip sends more than 20 in one test minute, so the harness allows more.
        pacer=GroupPacer(interval=0.01, per_minute=120),
    )  # fmt: skip
    return worker


@asynccontextmanager
async def running_worker(
    settings: Settings, standin: StandInBotAPI, mode: str, core: App
) -> AsyncIterator[Harness]:
    """The real Telegram worker on ``core`` in ``mode`` ("polling" or "webhook"), started, with
    its harness; stopped afterwards (the core is the caller's)."""
    worker = await start_worker(telegram_settings(settings, standin, mode), core)
    harness = Harness(standin, worker, mode)
    await worker.start()
    try:
        yield harness
    finally:
        await worker.stop()


@asynccontextmanager
async def webhook_pair(
    settings: Settings, standin: StandInBotAPI, cores: list[App]
) -> AsyncIterator[list[Harness]]:
    """A webhook worker per core (two processes' worth on one Redis), started; the harnesses
    share what was handled. Workers and cores are stopped afterwards."""
    workers = [
        await start_worker(telegram_settings(settings, standin, "webhook"), c) for c in cores
    ]
    first = Harness(standin, workers[0], "webhook")
    bots = [first, *(Harness(standin, w, "webhook", peer=first) for w in workers[1:])]
    for w in workers:
        await w.start()
    try:
        yield bots
    finally:
        for w in workers:
            await w.stop()
        for c in cores:
            await c.aclose()
