"""Every Bot API call the adapter makes, with Telegram's flood rules applied.

* ``RetryAfter`` (HTTP 429) is honoured exactly: the call waits ``retry_after`` seconds and is made
  again, for sends and edits alike, so nothing is dropped (bounded by ``MAX_FLOOD_RETRIES``).
* "message is not modified" is not an error: the message already shows that text.
* ``ChatMigrated``: the group became a supergroup; the target moves to the new chat id (and
  remembers the old one, so the caller can move the conversation once the turn is over and its
  lock released), and the call is made again.
* Groups: sends and edits are paced per chat, at most one a second and 20 a minute (Telegram's
  group limit), by :class:`GroupPacer`. Private chats are not paced.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from telegram import (
    Bot,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from adapters.telegram.render import Part, caption_html
from bot.messages import FileReply, Picture, Venue
from bot.metrics import Metrics

log = logging.getLogger(__name__)

PLATFORM = "telegram"  # the platform label of this adapter's metrics

T = TypeVar("T")
MAX_FLOOD_RETRIES = 8
POLL_QUESTION_MAX = 300  # Bot API limits of sendPoll
POLL_OPTION_MAX = 100
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Target:
    """Where a turn's answers go. ``chat_id`` changes if the group migrates mid-turn."""

    chat_id: int
    thread_id: int | None = None
    is_private: bool = True
    reply_to: int | None = None  # in groups, the first answer replies to the asking message
    migrated_from: int | None = None  # set when Telegram said the group became a supergroup


@dataclass
class GroupPacer:
    """At most one send/edit per ``interval`` and ``per_minute`` per minute, per group chat."""

    interval: float = 1.0
    per_minute: int = 20
    clock: Callable[[], float] = time.monotonic
    sleep: Sleep = asyncio.sleep
    _sent: dict[int, deque[float]] = field(default_factory=dict)
    _locks: dict[int, asyncio.Lock] = field(default_factory=dict)

    def delay(self, chat_id: int) -> float:
        """Seconds until the next send or edit in this chat is allowed (0 = now)."""
        sent = self._sent.get(chat_id)
        if not sent:
            return 0.0
        now = self.clock()
        wait = sent[-1] + self.interval - now
        if len(sent) >= self.per_minute:
            wait = max(wait, sent[-self.per_minute] + 60.0 - now)
        return max(wait, 0.0)

    async def acquire(self, chat_id: int) -> None:
        """Wait for this chat's turn, then count one send or edit."""
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            wait = self.delay(chat_id)
            if wait > 0:
                await self.sleep(wait)
            self._record(chat_id)

    def _record(self, chat_id: int) -> None:
        sent = self._sent.setdefault(chat_id, deque(maxlen=self.per_minute))
        sent.append(self.clock())
        if len(self._sent) > 10_000:  # forget chats idle for a minute
            cutoff = self.clock() - 60.0
            for key in [k for k, v in self._sent.items() if v[-1] < cutoff]:
                self._sent.pop(key, None)
                self._locks.pop(key, None)


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whichever type this PTB version returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def is_not_modified(exc: BadRequest) -> bool:
    return "message is not modified" in exc.message.lower()


def is_parse_error(exc: BadRequest) -> bool:
    return "can't parse entities" in exc.message.lower()


class Sender:
    """The adapter's Bot API calls: flood-safe, paced in groups, following migrations."""

    def __init__(
        self,
        bot: Bot,
        metrics: Metrics,
        *,
        pacer: GroupPacer | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.metrics = metrics
        self.pacer = pacer or GroupPacer()
        self.sleep = sleep

    async def call(
        self, method: str, target: Target, make: Callable[[int], Awaitable[T]], *, paced: bool
    ) -> T:
        """Make one call for ``target`` (``make`` gets the chat id), retrying as documented."""
        floods = 0
        while True:
            if paced and not target.is_private:
                await self.pacer.acquire(target.chat_id)
            self.metrics.api_calls.labels(PLATFORM, method).inc()
            try:
                return await make(target.chat_id)
            except RetryAfter as exc:
                floods += 1
                if floods > MAX_FLOOD_RETRIES:
                    raise
                await self._wait_flood(method, retry_seconds(exc))
            except ChatMigrated as exc:
                if exc.new_chat_id == target.chat_id:
                    raise
                log.info("chat migrated to a supergroup; following it")
                target.migrated_from = target.migrated_from or target.chat_id
                target.chat_id = exc.new_chat_id

    async def _wait_flood(self, method: str, seconds: float) -> None:
        self.metrics.api_retries.labels(PLATFORM).inc()
        self.metrics.api_retry_wait.labels(PLATFORM).inc(seconds)
        log.warning("flood control on %s: waiting %.1f s as Telegram asks", method, seconds)
        await self.sleep(seconds)

    async def send(self, target: Target, part: Part, *, reply: bool = False) -> Message:
        """Send one rendered message (HTML; its plain text if Telegram cannot parse it)."""

        async def make(chat: int) -> Message:
            return await self.bot.send_message(
                chat,
                part.html,
                parse_mode=ParseMode.HTML,
                reply_markup=part.keyboard,
                message_thread_id=target.thread_id,
                reply_parameters=_reply(target, reply),
                link_preview_options=NO_PREVIEW,
            )

        try:
            return await self.call("sendMessage", target, make, paced=True)
        except BadRequest as exc:
            if not is_parse_error(exc):
                raise
            log.error("Telegram could not parse our HTML (%s); sending plain text", exc.message)
            return await self.send_plain(target, part.plain, reply=reply, part=part)

    async def send_plain(
        self, target: Target, text: str, *, reply: bool = False, part: Part | None = None
    ) -> Message:
        """Send text without any parse mode (streamed progress, parse-error fallback)."""

        async def make(chat: int) -> Message:
            return await self.bot.send_message(
                chat,
                text,
                reply_markup=part.keyboard if part is not None else None,
                message_thread_id=target.thread_id,
                reply_parameters=_reply(target, reply),
                link_preview_options=NO_PREVIEW,
            )

        return await self.call("sendMessage", target, make, paced=True)

    async def edit(self, target: Target, message_id: int, part: Part) -> None:
        """Replace a message's text and keyboard; an unchanged message is fine."""

        async def make(chat: int) -> object:
            return await self.bot.edit_message_text(
                part.html,
                chat,
                message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=part.keyboard,
                link_preview_options=NO_PREVIEW,
            )

        await self._edit(target, make)

    async def edit_plain(self, target: Target, message_id: int, text: str) -> None:
        """Replace a message's text with plain progress text."""

        async def make(chat: int) -> object:
            return await self.bot.edit_message_text(
                text, chat, message_id, link_preview_options=NO_PREVIEW
            )

        await self._edit(target, make)

    async def _edit(self, target: Target, make: Callable[[int], Awaitable[object]]) -> None:
        try:
            await self.call("editMessageText", target, make, paced=True)
        except BadRequest as exc:
            if not is_not_modified(exc):
                raise

    async def draft(self, target: Target, draft_id: int, text: str) -> None:
        """Show (or update) a streamed draft in a private chat."""

        async def make(chat: int) -> bool:
            return await self.bot.send_message_draft(
                chat, draft_id, text, message_thread_id=target.thread_id
            )

        await self.call("sendMessageDraft", target, make, paced=False)

    async def typing(self, target: Target) -> None:
        """Show "typing…" for about five seconds."""

        async def make(chat: int) -> bool:
            return await self.bot.send_chat_action(
                chat, ChatAction.TYPING, message_thread_id=target.thread_id
            )

        await self.call("sendChatAction", target, make, paced=False)

    async def document(self, target: Target, file: FileReply) -> Message:
        """Send a file (the .ics export) as a document."""
        caption = caption_html(file.caption) or None

        async def make(chat: int) -> Message:
            return await self.bot.send_document(
                chat,
                InputFile(file.data, filename=file.filename),
                caption=caption,
                parse_mode=ParseMode.HTML if caption else None,
                message_thread_id=target.thread_id,
            )

        return await self.call("sendDocument", target, make, paced=True)

    async def photo(
        self, target: Target, picture: Picture, keyboard: InlineKeyboardMarkup | None = None
    ) -> Message:
        """Send one picture as a photo with its caption (and its button)."""
        caption = caption_html(picture.caption) or None

        async def make(chat: int) -> Message:
            return await self.bot.send_photo(
                chat,
                InputFile(picture.data, filename=picture.filename),
                caption=caption,
                parse_mode=ParseMode.HTML if caption else None,
                reply_markup=keyboard,
                message_thread_id=target.thread_id,
            )

        return await self.call("sendPhoto", target, make, paced=True)

    async def venue(self, target: Target, venue: Venue) -> Message:
        """Send one place as a venue (opens in the user's maps app)."""

        async def make(chat: int) -> Message:
            return await self.bot.send_venue(
                chat,
                latitude=venue.lat,
                longitude=venue.lon,
                title=venue.title[:256],
                address=venue.address[:256] or venue.title[:256],
                message_thread_id=target.thread_id,
            )

        return await self.call("sendVenue", target, make, paced=True)

    async def poll(self, target: Target, question: str, options: Sequence[str]) -> Message:
        """Send a non-anonymous, single-answer poll (members' votes reach the bot)."""

        async def make(chat: int) -> Message:
            return await self.bot.send_poll(
                chat,
                question[:POLL_QUESTION_MAX],
                [o[:POLL_OPTION_MAX] for o in options],
                is_anonymous=False,
                allows_multiple_answers=False,
                message_thread_id=target.thread_id,
            )

        return await self.call("sendPoll", target, make, paced=True)

    async def stop_poll(self, target: Target, message_id: int) -> None:
        """Close a poll; one already closed (or gone) is fine."""

        async def make(chat: int) -> object:
            return await self.bot.stop_poll(chat, message_id)

        try:
            await self.call("stopPoll", target, make, paced=True)
        except BadRequest as exc:
            log.info("could not stop a poll (%s)", exc.message)

    async def pin(self, target: Target, message_id: int) -> bool:
        """Pin a message silently; ``False`` when the bot may not pin in this chat."""

        async def make(chat: int) -> bool:
            return await self.bot.pin_chat_message(chat, message_id, disable_notification=True)

        try:
            return await self.call("pinChatMessage", target, make, paced=True)
        except (BadRequest, Forbidden) as exc:
            log.info("could not pin the plan (%s); it is still kept up to date", exc.message)
            return False

    async def answer_callback(self, target: Target, query_id: str) -> None:
        """Stop the button's spinner."""

        async def make(_chat: int) -> bool:
            return await self.bot.answer_callback_query(query_id)

        await self.call("answerCallbackQuery", target, make, paced=False)


def _reply(target: Target, reply: bool) -> ReplyParameters | None:
    if not reply or target.reply_to is None:
        return None
    return ReplyParameters(target.reply_to, allow_sending_without_reply=True)
