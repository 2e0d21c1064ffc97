"""The PTB side of the adapter: one update handler, one error handler, start-up commands.

:class:`TelegramAdapter` translates each update, hands it to the core and renders the events.
:class:`PerChatUpdateProcessor` lets different chats run concurrently while one chat's updates
run one after another, in arrival order (the core's Redis lock then orders turns across
processes) — except free text, which goes to the core at once: the core folds what arrives
while a turn runs into one reply (``bot/busy.py``), which it cannot do for messages held back
here (a group's burst, or three short messages in a row in a private chat).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import Application, BaseUpdateProcessor, ContextTypes

from adapters.telegram.reply import Responder
from adapters.telegram.sender import PLATFORM, GroupPacer, Sender, Target
from adapters.telegram.translate import BotIdentity, Migration, migration_of, to_incoming
from bot.bootstrap import App
from bot.busy import in_line
from bot.i18n import LANGS, Lang, pick_language, t
from bot.messages import ConversationKey, IncomingMessage, ReplyEvent
from bot.metrics import Metrics, observed_turn

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query", "poll_answer"]
MENU = (
    "plan", "reset", "history", "attractions", "group", "split", "usage", "lang", "forget", "help",
)  # fmt: skip
COMMANDS: dict[Lang, list[tuple[str, str]]] = {
    lang: [(name, t(lang, f"telegram.menu.{name}")) for name in MENU] for lang in LANGS
}


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential (FIFO) within one chat or forum topic: an update
    waits for the one before it to end — or, for free text, to wait in the core's list of a busy
    chat (bot/busy.py), which keeps the order from there and folds a burst into one reply."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[tuple[int, int | None], asyncio.Lock] = {}
        self._waiting: dict[tuple[int, int | None], int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_of(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                if free_text(update):  # the next update goes once this one waits in the
                    turn = await in_line(_coroutine(coroutine))  # core's list (bot/busy.py)
                else:
                    await coroutine
                    return
            await turn
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to free."""


async def _coroutine(awaitable: Awaitable[Any]) -> None:
    await awaitable


def free_text(update: object) -> bool:
    """Tell whether ``update`` is free text (not a command, not a button): the core folds it
    into a turn already running in its chat."""
    if not isinstance(update, Update) or update.effective_chat is None:
        return False
    msg = update.message
    text = msg.text if msg is not None else None
    return bool(text) and not str(text).startswith("/")


def chat_of(update: object) -> tuple[int, int | None] | None:
    """The chat (and forum topic) an update belongs to, if any."""
    if not isinstance(update, Update) or update.effective_chat is None:
        return None
    msg = update.effective_message
    thread = msg.message_thread_id if msg is not None and msg.is_topic_message else None
    return update.effective_chat.id, thread


class TelegramAdapter:
    """Translates updates for the core and renders its answers."""

    def __init__(
        self,
        core: App,
        metrics: Metrics,
        *,
        draft_interval: float = 1.0,
        pacer: GroupPacer | None = None,
    ) -> None:
        self.core = core
        self.metrics = metrics
        self.draft_interval = draft_interval
        self.pacer = pacer or GroupPacer()
        self.me = BotIdentity(0, "")
        self.sender: Sender | None = None

    def attach(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Register the handlers on a built (not yet initialised) application."""
        from telegram.ext import TypeHandler

        application.add_handler(TypeHandler(Update, self.on_update))
        application.add_error_handler(self.on_error)

    async def started(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """After ``initialize``: learn who we are and publish the command menus."""
        bot = application.bot
        self.me = BotIdentity(bot.id, bot.username)
        self.sender = Sender(bot, self.metrics, pacer=self.pacer)
        for lang, commands in COMMANDS.items():
            menu = [BotCommand(name, text) for name, text in commands]
            await bot.set_my_commands(menu, language_code=None if lang == "en" else lang)

    async def on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle one update end to end."""
        started = time.monotonic()
        self.metrics.updates.labels(PLATFORM, _kind(update)).inc()
        self.metrics.in_flight.labels(PLATFORM).inc()
        try:
            migration = migration_of(update)
            if migration is not None:
                await self.migrate(migration)
                return
            incoming = to_incoming(update, self.me)
            if incoming is not None:
                incoming = await self.core.service.route(incoming)  # a vote finds its trip
                await self._answer(update, incoming, started)
        finally:
            self.metrics.in_flight.labels(PLATFORM).dec()

    async def _answer(self, update: Update, incoming: IncomingMessage, started: float) -> None:
        sender = self._sender()
        target = target_for(incoming)
        events = observed_turn(  # the Responder times the first *visible* text
            self.core.service.handle(incoming), self.metrics, PLATFORM, started=started,
            first_text=False,
        )  # fmt: skip
        if target is None:  # nowhere to answer (poll answers): let the core record it
            async for _ in events:
                pass
            return
        query_id = incoming.extras.get("callback_query_id")
        if query_id:
            await sender.answer_callback(target, query_id)
        pressed = incoming.extras.get("pressed_message_id")
        responder = Responder(
            sender, target, self.metrics,
            draft_id=update.update_id % 2_000_000_000 + 1, started=started,
            pressed_message_id=int(pressed) if pressed else None,
            draft_interval=self.draft_interval,
        )  # fmt: skip
        async with responder:
            async for event in events:
                await responder.render(event)
        if target.migrated_from is not None:  # after the turn: its lock is released
            await self.migrate(Migration(target.migrated_from, target.chat_id))

    async def show_due(self, key: ConversationKey, events: AsyncIterator[ReplyEvent]) -> None:
        """Show in its chat what closing a conversation's due polls produced (the sweep)."""
        thread = int(key.thread_id) if key.thread_id else None
        target = Target(int(key.chat_id), thread, is_private=False)
        responder = Responder(self._sender(), target, self.metrics, draft_id=1)
        async with responder:
            async for event in events:
                await responder.render(event)

    async def migrate(self, migration: Migration) -> None:
        """Keep a group's conversation when it becomes a supergroup."""
        old = ConversationKey("telegram", str(migration.old_chat_id))
        new = ConversationKey("telegram", str(migration.new_chat_id))
        await self.core.service.migrate(old, new)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one catch-all: log (never the token or message text), then apologise."""
        self.metrics.errors.labels(PLATFORM).inc()
        update_id = update.update_id if isinstance(update, Update) else None
        error = context.error
        log.error("update %s failed: %s", update_id, type(error).__name__, exc_info=error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        user = update.effective_user
        text = update.effective_message.text or "" if update.effective_message else ""
        lang = pick_language(None, text, user.language_code if user else None)
        chat = update.effective_chat
        thread = chat_of(update)
        target = Target(chat.id, thread[1] if thread else None, chat.type == chat.PRIVATE)
        try:
            await self._sender().send_plain(target, t(lang, "apology"))
        # The error handler must never raise: the turn's error is logged above, and a failed
        # apology (network, Bot API, our sender) must not hide it. Best effort, so catch all.
        except Exception as exc:  # noqa: BLE001
            log.warning("could not send the apology: %s", type(exc).__name__)

    def _sender(self) -> Sender:
        if self.sender is None:
            raise RuntimeError("TelegramAdapter.started() was not called")
        return self.sender


def target_for(incoming: IncomingMessage) -> Target | None:
    """Where the answers to ``incoming`` go (``None`` if it has no chat)."""
    if not incoming.chat_id.lstrip("-").isdigit():
        return None
    reply_to = None
    if not incoming.is_private and incoming.callback_data is None:
        reply_to = int(incoming.message_id)
    thread = int(incoming.thread_id) if incoming.thread_id else None
    return Target(int(incoming.chat_id), thread, incoming.is_private, reply_to)


def _kind(update: Update) -> str:
    if update.message is not None:
        return "message"
    if update.callback_query is not None:
        return "callback"
    if update.poll_answer is not None:
        return "poll_answer"
    return "other"
