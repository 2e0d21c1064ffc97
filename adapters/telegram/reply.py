"""Renders one turn's reply events into Telegram messages.

* ``Working``: "typing…" until the first text is visible (renewed every 4.5 s). It starts after a
  short grace (``typing_grace``), so a fast answer costs no extra call; if the core is silent for
  ``typing_after`` seconds, typing starts anyway.
* ``TextDelta``: private chats get a ``sendMessageDraft`` (first delta at once, then at most every
  ``draft_interval``); groups get one message, edited at the pace :class:`GroupPacer` allows.
  Progress is shown as plain text, so a half-written reply can never be invalid markup.
* ``FinalMessage``: HTML parts of at most 4,096 units; in a group the streamed message becomes the
  first part. A button press that answers with another multi-select edits the pressed message.
* ``FileReply``: a document.
* ``PictureReply``: one photo per map with its short caption; a day's photo carries its
  "📍 Stops" button (an album could carry no buttons).
* ``VenueReply``: one ``sendVenue`` per stop, in visit order.
* ``PinnedPlan``: the group's plan, sent and pinned silently once, then edited in place.
* ``Superseded``: older plan messages edited to start with a short mark (within 4,096
  characters, buttons removed); one that can no longer be edited is logged and left.
* ``PollReply`` / ``ClosePoll``: a non-anonymous native poll (``sendPoll``), closed with
  ``stopPoll``; the poll's ids go back to the core so a vote (no chat in it) finds its trip.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from telegram.error import BadRequest, Forbidden

from adapters.telegram.render import Part, draft_text, keyboard_for, render_final, utf16_len
from adapters.telegram.sender import PLATFORM, Sender, Target
from bot.messages import (
    Choices,
    ClosePoll,
    FileReply,
    FinalMessage,
    PictureReply,
    PinnedPlan,
    PollReply,
    ReplyEvent,
    ShownMessage,
    Superseded,
    TextDelta,
    VenueReply,
    Working,
)
from bot.metrics import Metrics

log = logging.getLogger(__name__)

TYPING_RENEW_S = 4.5
MAX_TEXT = 4096  # Telegram's limit, in UTF-16 code units


class Responder:
    """Shows one turn's events in one chat; use as ``async with`` to stop typing at the end."""

    def __init__(
        self,
        sender: Sender,
        target: Target,
        metrics: Metrics,
        *,
        draft_id: int,
        started: float | None = None,
        pressed_message_id: int | None = None,
        draft_interval: float = 1.0,
        typing_after: float = 1.0,
        typing_grace: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sender = sender
        self.target = target
        self.metrics = metrics
        self.draft_id = draft_id
        self.clock = clock
        self.started = started if started is not None else clock()
        self.pressed_message_id = pressed_message_id
        self.draft_interval = draft_interval
        self.typing_after = typing_after
        self.typing_grace = typing_grace
        self.typing_shown = False
        self.streamed = ""
        self.shown = ""  # progress text currently visible
        self.shown_at = 0.0
        self.progress_message_id: int | None = None  # groups: the message being edited
        self.visible = False
        self.replied = False
        self._typing: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Responder:
        self._typing = asyncio.create_task(self._type(self.typing_after))
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stop_typing()

    async def render(self, event: ReplyEvent) -> None:
        """Show one event."""
        if isinstance(event, Working):
            await self._start_typing_now()
        elif isinstance(event, TextDelta):
            self.streamed += event.text
            await self._progress()
        elif isinstance(event, FinalMessage):
            await self._final(event)
        elif isinstance(event, FileReply):
            await self._stop_typing()
            await self.sender.document(self.target, event)
            self._mark_visible()
        elif isinstance(event, PictureReply):
            await self._pictures(event)
        elif isinstance(event, VenueReply):
            await self._stop_typing()
            for venue in event.venues:
                await self.sender.venue(self.target, venue)
            self._mark_visible()
        elif isinstance(event, PollReply):
            await self._poll(event)
        elif isinstance(event, ClosePoll) and event.platform_message_id.isdigit():
            await self.sender.stop_poll(self.target, int(event.platform_message_id))
        elif isinstance(event, PinnedPlan):
            await self._pinned(event)
        elif isinstance(event, Superseded):
            await self._superseded(event)

    async def _superseded(self, event: Superseded) -> None:
        """Mark older plan messages; a message too old or gone is left as it is."""
        for old in event.messages:
            if not old.message_id.isdigit():
                continue
            text = event.text if not old.text else f"{event.text}\n\n{old.text}"
            try:
                await self.sender.edit_plain(self.target, int(old.message_id), _fit(text))
            except (BadRequest, Forbidden) as exc:
                log.info("could not mark an old plan message (%s)", exc.message)

    async def _pictures(self, event: PictureReply) -> None:
        await self._stop_typing()
        for picture in event.pictures:
            button = picture.button
            keyboard = keyboard_for(Choices((button,))) if button is not None else None
            await self.sender.photo(self.target, picture, keyboard)
        self._mark_visible()

    async def _pinned(self, event: PinnedPlan) -> None:
        """Edit the pinned plan in place; send and pin it the first time (or if it is gone)."""
        if event.message_id.isdigit():
            try:
                await self.sender.edit_plain(self.target, int(event.message_id), event.text)
                return
            except BadRequest as exc:
                log.info("pinned plan not editable (%s); sending it again", exc.message)
        sent = await self.sender.send_plain(self.target, event.text)
        await self.sender.pin(self.target, sent.message_id)
        if event.saved is not None:
            await event.saved(str(sent.message_id))

    async def _poll(self, event: PollReply) -> None:
        """A native poll; the core learns its ids to map votes (which carry no chat) back."""
        await self._stop_typing()
        sent = await self.sender.poll(self.target, event.question, event.options)
        self._mark_visible()
        if event.opened is not None and sent.poll is not None:
            await event.opened(sent.poll.id, str(sent.message_id))

    async def _start_typing_now(self) -> None:
        if self.visible or self.typing_shown:
            return
        await self._stop_typing()
        self._typing = asyncio.create_task(self._type(self.typing_grace))

    async def _type(self, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        while not self.visible:
            try:
                self.typing_shown = True
                await self.sender.typing(self.target)
            except Exception:  # typing is cosmetic; the answer must not fail for it
                log.warning("typing action failed", exc_info=True)
                return
            await asyncio.sleep(TYPING_RENEW_S)

    async def _stop_typing(self) -> None:
        task, self._typing = self._typing, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _mark_visible(self) -> None:
        if not self.visible:
            self.visible = True
            self.metrics.first_text.labels(PLATFORM).observe(self.clock() - self.started)

    async def _progress(self) -> None:
        text = draft_text(self.streamed)
        if not text or text == self.shown:
            return
        due = self.clock() - self.shown_at >= self.draft_interval
        if self.target.is_private:
            if self.shown and not due:
                return
            await self.sender.draft(self.target, self.draft_id, text)
        elif self.progress_message_id is None:
            message = await self.sender.send_plain(self.target, text, reply=not self.replied)
            self.progress_message_id, self.replied = message.message_id, True
        else:
            if not due or self.sender.pacer.delay(self.target.chat_id) > 0:
                return  # a later delta or the final message shows it
            await self.sender.edit_plain(self.target, self.progress_message_id, text)
        self.shown, self.shown_at = text, self.clock()
        self._mark_visible()
        await self._stop_typing()

    async def _final(self, final: FinalMessage) -> None:
        await self._stop_typing()
        parts = render_final(final)
        if not parts:
            return
        first, rest = parts[0], parts[1:]
        edit_id = self.progress_message_id
        if edit_id is None and self._edits_pressed(final, parts):
            edit_id = self.pressed_message_id
        if edit_id is None or not await self._replace(edit_id, first):
            edit_id = (
                await self.sender.send(self.target, first, reply=not self.replied)
            ).message_id
        shown = [ShownMessage(str(edit_id), first.plain)]
        self.replied = True
        self._mark_visible()
        for part in rest:
            sent = await self.sender.send(self.target, part)
            shown.append(ShownMessage(str(sent.message_id), part.plain))
        self.progress_message_id = None
        self.shown = ""
        if final.shown is not None:
            await final.shown(tuple(shown))

    def _edits_pressed(self, final: FinalMessage, parts: list[Part]) -> bool:
        """A toggle in a multi-select updates the pressed message instead of adding one."""
        return bool(final.choices and final.choices.multi and len(parts) == 1)

    async def _replace(self, message_id: int, part: Part) -> bool:
        """Edit a message into ``part``; ``False`` if it can no longer be edited."""
        try:
            await self.sender.edit(self.target, message_id, part)
        except BadRequest as exc:
            log.info("could not edit message (%s); sending a new one", exc.message)
            return False
        return True


def _fit(text: str) -> str:
    """``text`` cut to Telegram's message limit (an ellipsis marks the cut)."""
    if utf16_len(text) <= MAX_TEXT:
        return text
    cut = MAX_TEXT - 1
    while utf16_len(text[:cut]) > MAX_TEXT - 1:
        cut -= utf16_len(text[:cut]) - (MAX_TEXT - 1)
    return text[:cut] + "…"
