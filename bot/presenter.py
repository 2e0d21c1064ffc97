"""The one outbound presenter: how a turn's reply events become what a chat sees, on any platform.

The core decides *when*; a small per-platform :class:`ReplySender` decides *how*:

* ``Working``: typing is shown after a short grace (a fast answer costs no call), renewed while
  nothing is visible, and stopped at the first visible output. With ``typing_after_s`` set,
  typing also starts unasked when the core stays silent that long.
* ``TextDelta``: the reply so far is shown at once, then at most once per ``draft_interval_s``;
  the sender may decline an update (the text is unchanged, a rate limit asks to wait) and a later
  delta or the final message shows it.
* ``FinalMessage``: the sender places it (over the streamed draft, a pressed message or a
  placeholder, or anew) and reports the messages it shows, which the core learns through
  ``FinalMessage.shown``. The stream starts afresh after it.
* ``FileReply`` / ``PictureReply`` / ``VenueReply`` / ``PollReply``: sent; a poll's ids go back
  through ``PollReply.opened``. ``ClosePoll``, ``PinnedPlan`` (its message id back through
  ``PinnedPlan.saved``) and ``Superseded`` are the sender's to carry out.

Adapters: :class:`adapters.telegram.reply.Responder` and :class:`adapters.discord.deliver.Presenter`
are this presenter with their platform's sender.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.aio import cancel_and_wait
from bot.messages import (
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

log = logging.getLogger(__name__)


class ReplySender(Protocol):
    """One platform's way of showing one turn's reply in one chat."""

    async def typing(self) -> None:
        """Show that work is under way."""
        ...

    async def progress(self, text: str) -> bool:
        """Show the reply so far (plain text); ``False`` when it was not shown now."""
        ...

    async def final(
        self, event: FinalMessage, first_shown: Callable[[], None]
    ) -> tuple[ShownMessage, ...] | None:
        """Show the final message, calling ``first_shown`` once its first part is visible;
        return the messages showing it (``None``: nothing was shown)."""
        ...

    async def file(self, event: FileReply) -> None:
        """Send a file."""
        ...

    async def pictures(self, event: PictureReply) -> None:
        """Send pictures (route maps)."""
        ...

    async def venues(self, event: VenueReply) -> None:
        """Send the stops as places."""
        ...

    async def poll(self, event: PollReply) -> tuple[str, str] | None:
        """Open a poll; return its platform poll id and message id (``None``: no native poll)."""
        ...

    async def close_poll(self, event: ClosePoll) -> None:
        """Close a poll this chat showed."""
        ...

    async def pinned(self, event: PinnedPlan) -> str:
        """Show the pinned plan (edited in place, or sent and pinned); return the message id the
        core should remember ("" when there is nothing new to remember)."""
        ...

    async def superseded(self, event: Superseded) -> None:
        """Mark older plan messages as superseded."""
        ...


@dataclass(frozen=True)
class Pacing:
    """How often the presenter touches the chat."""

    draft_interval_s: float = 1.0
    typing_grace_s: float = 0.25  # after ``Working``: wait this long before typing (0: at once)
    typing_renew_s: float | None = 4.5  # renew typing while nothing shows; None: show it once
    typing_after_s: float | None = None  # start typing unasked after this silence; None: never


class ReplyPresenter:
    """Shows one turn's events through a sender; ``async with`` stops typing at the end."""

    def __init__(
        self,
        sender: ReplySender,
        pacing: Pacing | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_visible: Callable[[], None] | None = None,
    ) -> None:
        self.sender = sender
        self.pacing = pacing or Pacing()
        self.clock = clock
        self.on_visible = on_visible  # told once, at the first visible output (metrics)
        self.streamed = ""  # the reply so far, since the last final message
        self.progress_shown = False
        self.shown_at = 0.0
        self.visible = False
        self.typing_shown = False
        self._typing: asyncio.Task[None] | None = None

    async def __aenter__(self) -> ReplyPresenter:
        if self.pacing.typing_after_s is not None:
            self._typing = asyncio.create_task(self._type(self.pacing.typing_after_s))
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stop_typing()

    async def show(self, event: ReplyEvent) -> None:
        """Show one event."""
        if isinstance(event, Working):
            await self._working()
        elif isinstance(event, TextDelta):
            self.streamed += event.text
            await self._progress()
        elif isinstance(event, FinalMessage):
            await self._final(event)
        elif isinstance(event, FileReply):
            await self._visibly(self.sender.file(event))
        elif isinstance(event, PictureReply):
            await self._visibly(self.sender.pictures(event))
        elif isinstance(event, VenueReply):
            await self._visibly(self.sender.venues(event))
        else:
            await self._group_event(event)

    async def _group_event(self, event: ReplyEvent) -> None:
        """Polls, their close, the pinned plan and superseded marks (a group's decisions)."""
        if isinstance(event, PollReply):
            await self._stop_typing()
            ids = await self.sender.poll(event)
            self._mark_visible()
            if ids is not None and event.opened is not None:
                await event.opened(*ids)
        elif isinstance(event, ClosePoll):
            await self.sender.close_poll(event)
        elif isinstance(event, PinnedPlan):
            message_id = await self.sender.pinned(event)
            if message_id and event.saved is not None:
                await event.saved(message_id)
        elif isinstance(event, Superseded):
            await self.sender.superseded(event)

    async def _visibly(self, sending: Awaitable[None]) -> None:
        await self._stop_typing()
        await sending
        self._mark_visible()

    async def _final(self, event: FinalMessage) -> None:
        await self._stop_typing()
        shown = await self.sender.final(event, self._mark_visible)
        self.streamed, self.progress_shown = "", False
        if shown is None:
            return
        self._mark_visible()
        if event.shown is not None:
            await event.shown(shown)

    async def _progress(self) -> None:
        due = self.clock() - self.shown_at >= self.pacing.draft_interval_s
        if self.progress_shown and not due:
            return  # a later delta or the final message shows it
        if not await self.sender.progress(self.streamed):
            return
        self.progress_shown, self.shown_at = True, self.clock()
        self._mark_visible()
        await self._stop_typing()

    async def _working(self) -> None:
        if self.visible or self.typing_shown:
            return
        await self._stop_typing()
        grace = self.pacing.typing_grace_s
        if grace <= 0 and self.pacing.typing_renew_s is None:
            await self._type(0)  # one indicator, shown before anything else
        else:
            self._typing = asyncio.create_task(self._type(grace))

    async def _type(self, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        while not self.visible:
            try:
                self.typing_shown = True
                await self.sender.typing()
            except Exception:  # typing is cosmetic; the answer must not fail for it
                log.warning("typing action failed", exc_info=True)
                return
            if self.pacing.typing_renew_s is None:
                return
            await asyncio.sleep(self.pacing.typing_renew_s)

    async def _stop_typing(self) -> None:
        task, self._typing = self._typing, None
        if task is not None and not task.done():
            await cancel_and_wait(task)

    def _mark_visible(self) -> None:
        if not self.visible:
            self.visible = True
            if self.on_visible is not None:
                self.on_visible()
