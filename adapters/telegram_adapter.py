"""The Telegram worker (``bundletrip telegram``): python-telegram-bot 22 on the shared core.

Long polling by default; webhook mode when ``TELEGRAM_WEBHOOK_URL`` is set, served by our own
aiohttp app on ``0.0.0.0:$PORT``, which also serves ``/metrics`` (polling mode serves it on
``$METRICS_PORT``, default ``$PORT``; the metrics are defined in ``bot/metrics.py``).
The pieces live in ``adapters/telegram/``:

    translate.py  Update -> IncomingMessage           render.py   plain text -> HTML parts
    sender.py     Bot API calls, 429s, pacing          reply.py    events -> drafts/edits/messages
    handlers.py   PTB handlers, per-chat ordering      webhook.py  aiohttp: webhook, health, metrics
    migrate.py    group -> supergroup                  logs.py     the token never reaches a log

Every update goes through the durable inbox in Redis before Telegram is told it arrived, and
turns are taken from there (``inbox_loop.py``): a crash or a deploy loses no message.
Polling must run as exactly one instance (Telegram answers a second ``getUpdates`` caller with
409 Conflict, and the two would steal each other's updates); webhook mode can run several,
because the inbox, state and locks live in Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application
from telegram.request import HTTPXRequest

from adapters.deadlines import DeadlineSweep
from adapters.metrics_http import serve_metrics
from adapters.telegram.handlers import ALLOWED_UPDATES, PerChatUpdateProcessor, TelegramAdapter
from adapters.telegram.inbox_loop import InboxRunner
from adapters.telegram.logs import install_token_redaction
from adapters.telegram.sender import GroupPacer
from adapters.telegram.translate import to_incoming
from adapters.telegram.webhook import make_web_app
from bot.bootstrap import App, build_app, make_inbox
from bot.config import Settings
from bot.tls import tls_context

__all__ = ["TelegramWorker", "run_telegram", "to_incoming"]

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class ConfigError(Exception):
    """The Telegram settings cannot work (no token, webhook without secret)."""


class TelegramWorker:
    """One running worker: the PTB application, the adapter and, in webhook mode, the server."""

    def __init__(
        self,
        settings: Settings,
        core: App,
        *,
        host: str = "0.0.0.0",
        poll_timeout: float = 10.0,
        draft_interval: float = 1.0,
        pacer: GroupPacer | None = None,
    ) -> None:
        if settings.telegram_bot_token is None:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set")
        self.settings = settings
        self.token = settings.telegram_bot_token.get_secret_value()
        self.webhook = settings.telegram_webhook_url is not None
        if self.webhook and settings.telegram_webhook_secret is None:
            raise ConfigError("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
        self.host = host
        self.poll_timeout = poll_timeout
        self.metrics = core.metrics  # this process's registry, built by build_app
        self.adapter = TelegramAdapter(
            core, self.metrics, draft_interval=draft_interval, pacer=pacer
        )
        self.application = self._build()
        self.inbox = InboxRunner(
            make_inbox(core, "telegram"), self.application,
            reclaim_idle_s=settings.inbox_reclaim_idle_s, grace_s=settings.shutdown_grace_s,
            poll_timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES,
        )  # fmt: skip
        self._runner: web.AppRunner | None = None
        self.sweep = DeadlineSweep(core.service, "telegram", self.adapter.show_due)

    def _build(self) -> AnyApplication:
        tls = {"verify": tls_context()}  # shared: a context of their own costs ~65 ms each
        builder = (
            Application.builder()
            .token(self.token)
            .base_url(self.settings.telegram_api_base_url)
            # PTB's own defaults (256 connections for calls, 1 for getUpdates), one TLS context
            .request(HTTPXRequest(connection_pool_size=256, httpx_kwargs=tls))
            .get_updates_request(HTTPXRequest(connection_pool_size=1, httpx_kwargs=tls))
            .concurrent_updates(PerChatUpdateProcessor(256))
            .updater(None)  # updates come through the durable inbox (inbox_loop.py)
        )
        application = builder.build()
        self.adapter.attach(application)
        return application

    @property
    def webhook_path(self) -> str:
        url = self.settings.telegram_webhook_url or ""
        return urlsplit(url).path.rstrip("/") or "/telegram"

    async def start(self) -> None:
        """Initialise, publish commands, then start polling or serving the webhook."""
        install_token_redaction(self.token)
        await self.application.initialize()
        await self.adapter.started(self.application)
        await self.application.start()
        if self.webhook:  # the webhook server serves /metrics too
            await self._start_webhook()
        else:
            await self.application.bot.delete_webhook()
            port = self.settings.metrics_port or self.settings.port
            self._runner = await serve_metrics(self.metrics, self.host, port)
        await self.inbox.start(polling=not self.webhook)
        self.sweep.start()  # polls close at their deadline even in a quiet group
        log.info("telegram worker started as @%s (%s)", self.adapter.me.username, self.mode)

    @property
    def mode(self) -> str:
        return "webhook" if self.webhook else "polling"

    async def _start_webhook(self) -> None:
        secret = self.settings.telegram_webhook_secret
        assert secret is not None and self.settings.telegram_webhook_url is not None
        app = make_web_app(
            bot=self.application.bot, process=self.process, secret=secret.get_secret_value(),
            path=self.webhook_path, metrics=self.metrics,
        )  # fmt: skip
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.settings.port).start()
        await self.application.bot.set_webhook(
            self.settings.telegram_webhook_url, secret_token=secret.get_secret_value(),
            allowed_updates=ALLOWED_UPDATES, max_connections=40,
        )  # fmt: skip

    async def process(self, update: Update) -> None:
        """Store one webhook update in the durable inbox and run it (answered 200 after)."""
        await self.inbox.run_now(update)

    async def stop(self) -> None:
        """Stop taking updates, finish running turns (or hand them back), close clients."""
        # The web server closes its socket and waits for webhook requests in flight while the
        # inbox gives running turns their grace period and hands back the rest.
        await self.sweep.stop()
        runner, self._runner = self._runner, None
        closing = asyncio.create_task(runner.cleanup()) if runner is not None else None
        await self.inbox.stop()
        if closing is not None:
            await closing
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()


def run_telegram(settings: Settings) -> int:
    """Run the worker until SIGINT/SIGTERM; the exit code of ``bundletrip telegram``."""
    try:
        return asyncio.run(_serve(settings))
    except ConfigError as exc:
        log.error("cannot start the Telegram worker: %s", exc)
        return 2


async def _serve(settings: Settings) -> int:
    core = build_app(settings)
    try:
        worker = TelegramWorker(settings, core)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await worker.start()
        try:
            await stop.wait()
        finally:
            await worker.stop()
    finally:
        await core.aclose()
    return 0
