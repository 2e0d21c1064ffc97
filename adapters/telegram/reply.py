"""Telegram's side of the outbound presenter (:mod:`bot.presenter`): how each reply event looks.

* ``Working``: "typing…" (``sendChatAction``), renewed every 4.5 s until the first text; it also
  starts unasked after ``typing_after`` seconds of silence.
* ``TextDelta``: private chats get a ``sendMessageDraft``; groups get one message, edited at the
  pace :class:`GroupPacer` allows. Progress is shown as plain text, so a half-written reply can
  never be invalid markup.
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

When each is shown (typing grace, draft pacing) is the core presenter's decision.
"""

from __future__ import annotations

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
    ReplyStart,
    ShownMessage,
    Superseded,
    VenueReply,
)
from bot.metrics import Metrics
from bot.presenter import Pacing, ReplyPresenter

log = logging.getLogger(__name__)

TYPING_RENEW_S = 4.5
MAX_TEXT = 4096  # Telegram's limit, in UTF-16 code units


class TelegramReplySender:
    """Shows reply events in one Telegram chat (the :class:`~bot.presenter.ReplySender`)."""

    def __init__(
        self, sender: Sender, target: Target, *, draft_id: int, pressed_message_id: int | None
    ) -> None:
        self.sender = sender
        self.target = target
        self.draft_id = draft_id
        self.pressed_message_id = pressed_message_id
        self.shown = ""  # progress text currently visible
        self.progress_message_id: int | None = None  # groups: the message being edited
        self.replied = False
        self.skip_parts = 0  # parts of the next final message shown by a delivery that died

    async def typing(self) -> None:
        await self.sender.typing(self.target)

    async def progress(self, text: str) -> bool:
        text = draft_text(text)
        if not text or text == self.shown:
            return False
        if self.target.is_private:
            await self.sender.draft(self.target, self.draft_id, text)
        elif self.progress_message_id is None:
            message = await self.sender.send_plain(self.target, text, reply=not self.replied)
            self.progress_message_id, self.replied = message.message_id, True
        elif self.sender.pacer.delay(self.target.chat_id) > 0:
            return False  # a later delta or the final message shows it
        else:
            await self.sender.edit_plain(self.target, self.progress_message_id, text)
        self.shown = text
        return True

    async def final(
        self, event: FinalMessage, first_shown: Callable[[], None]
    ) -> tuple[ShownMessage, ...] | None:
        parts = render_final(event)
        if not parts:
            return None
        skip, self.skip_parts = min(self.skip_parts, len(parts) - 1), 0
        first, rest = parts[skip], parts[skip + 1 :]
        edit_id = self.progress_message_id
        if edit_id is None and self._edits_pressed(event, parts):
            edit_id = self.pressed_message_id
        if edit_id is None or not await self._replace(edit_id, first):
            edit_id = (
                await self.sender.send(self.target, first, reply=not self.replied)
            ).message_id
        shown = [ShownMessage(str(edit_id), first.plain)]
        self.replied = True
        first_shown()
        for count, part in enumerate(rest, start=skip + 1):
            if event.parts_shown is not None:  # recorded before the next part goes out
                await event.parts_shown(count)
            sent = await self.sender.send(self.target, part)
            shown.append(ShownMessage(str(sent.message_id), part.plain))
        self.progress_message_id = None
        self.shown = ""
        return tuple(shown)

    async def file(self, event: FileReply) -> None:
        await self.sender.document(self.target, event)

    async def pictures(self, event: PictureReply) -> None:
        for picture in event.pictures:
            button = picture.button
            keyboard = keyboard_for(Choices((button,))) if button is not None else None
            await self.sender.photo(self.target, picture, keyboard)

    async def venues(self, event: VenueReply) -> None:
        for venue in event.venues:
            await self.sender.venue(self.target, venue)

    async def poll(self, event: PollReply) -> tuple[str, str] | None:
        """A native poll; the core learns its ids to map votes (which carry no chat) back."""
        sent = await self.sender.poll(self.target, event.question, event.options)
        return (sent.poll.id, str(sent.message_id)) if sent.poll is not None else None

    async def close_poll(self, event: ClosePoll) -> None:
        if event.platform_message_id.isdigit():
            await self.sender.stop_poll(self.target, int(event.platform_message_id))

    async def pinned(self, event: PinnedPlan) -> str:
        """Edit the pinned plan in place; send and pin it the first time (or if it is gone)."""
        if event.message_id.isdigit():
            try:
                await self.sender.edit_plain(self.target, int(event.message_id), event.text)
                return ""  # the core knows this message already
            except BadRequest as exc:
                log.info("pinned plan not editable (%s); sending it again", exc.message)
        sent = await self.sender.send_plain(self.target, event.text)
        await self.sender.pin(self.target, sent.message_id)
        return str(sent.message_id)

    async def superseded(self, event: Superseded) -> None:
        """Mark older plan messages; a message too old or gone is left as it is."""
        for old in event.messages:
            if not old.message_id.isdigit():
                continue
            text = event.text if not old.text else f"{event.text}\n\n{old.text}"
            try:
                await self.sender.edit_plain(self.target, int(old.message_id), _fit(text))
            except (BadRequest, Forbidden) as exc:
                log.info("could not mark an old plan message (%s)", exc.message)

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


class Responder(ReplyPresenter):
    """The core presenter with Telegram's sender; ``render`` shows one event."""

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
        begun = started if started is not None else clock()

        def first_text() -> None:
            metrics.first_text.labels(PLATFORM).observe(clock() - begun)

        pacing = Pacing(
            draft_interval_s=draft_interval,
            typing_grace_s=typing_grace,
            typing_renew_s=TYPING_RENEW_S,
            typing_after_s=typing_after,
        )
        self.telegram = TelegramReplySender(
            sender, target, draft_id=draft_id, pressed_message_id=pressed_message_id
        )
        super().__init__(self.telegram, pacing, clock=clock, on_visible=first_text)

    async def render(self, event: ReplyEvent) -> None:
        """Show one event."""
        if isinstance(event, ReplyStart):  # a reply shown again: skip the parts already shown
            self.telegram.skip_parts = event.part
            return
        await self.show(event)


def _fit(text: str) -> str:
    """``text`` cut to Telegram's message limit (an ellipsis marks the cut)."""
    if utf16_len(text) <= MAX_TEXT:
        return text
    cut = MAX_TEXT - 1
    while utf16_len(text[:cut]) > MAX_TEXT - 1:
        cut -= utf16_len(text[:cut]) - (MAX_TEXT - 1)
    return text[:cut] + "…"
