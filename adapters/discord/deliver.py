"""Message parts -> Discord: where each part goes, and streaming by edits.

An :class:`Outbox` knows one destination: an interaction (its original response, then follow-ups)
or a channel (new messages). The :class:`Presenter` turns the core's reply events into parts and
decides whether a part replaces a message (the deferred "thinking…" response, a streamed draft, the
message whose button was pressed) or is sent anew. Drafts are edited at most once per
``interval`` seconds, well under Discord's edit rate limit.

Every send and edit carries ``AllowedMentions.none()``: model text never pings anyone.
"""

from __future__ import annotations

import contextlib
import io
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Literal

import discord

from adapters.discord.pictures import render_pictures, render_venues
from adapters.discord.render import Part, escape, render_draft, render_file, render_final
from adapters.discord.views import choices_view
from bot.i18n import Lang
from bot.messages import (
    Choice,
    Choices,
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
NO_MENTIONS = discord.AllowedMentions.none()
PinnableChannel = discord.TextChannel | discord.Thread | discord.DMChannel
PINNABLE = (discord.TextChannel, discord.Thread, discord.DMChannel)
STREAM_INTERVAL_S = 1.0


class Sent:
    """A message this turn created (or the interaction's original response)."""

    def __init__(self, message: discord.Message | discord.WebhookMessage | None) -> None:
        self.message = message  # None: the interaction's original response


ORIGINAL = Sent(None)


def payload(part: Part, lang: Lang, *, editing: bool) -> dict[str, Any]:
    """Keyword arguments for discord.py's send / edit of ``part``."""
    view = choices_view(part.choices, lang) if part.choices else None
    kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if editing:
        kwargs.update(content=part.content, embeds=list(part.embeds), view=view)
        return kwargs
    if part.content:
        kwargs["content"] = part.content
    if part.embeds:
        kwargs["embeds"] = list(part.embeds)
    if view is not None:
        kwargs["view"] = view
    if part.file is not None:
        kwargs["file"] = discord.File(io.BytesIO(part.file.data), filename=part.file.filename)
    return kwargs


def poll_as_buttons(poll: PollReply) -> FinalMessage:
    """A group decision as buttons, one per option (a vote is a press: ``v:<key>:<option>``)."""
    options = tuple(Choice(o, f"v:{poll.poll_key}:{i}") for i, o in enumerate(poll.options))
    return FinalMessage("🗳 " + poll.question, choices=Choices(options), language=poll.language)


class Outbox(ABC):
    """One destination for the parts of a turn."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    @abstractmethod
    async def send(self, part: Part) -> Sent:
        """Post ``part`` as a new message."""

    async def edit(self, sent: Sent, part: Part) -> None:
        """Replace a message of this turn with ``part``."""
        if sent.message is None:
            raise ValueError("this outbox has no original response")
        await sent.message.edit(**payload(part, self.lang, editing=True))

    async def typing(self) -> None:  # noqa: B027 - optional hook
        """Show that work is under way."""

    def channel(self) -> PinnableChannel | None:
        """Where the conversation's messages live (``None``: nowhere to pin)."""
        return None

    async def pinned(self, part: Part, message_id: str) -> str:
        """Edit the pinned plan in place, or post and pin it; return its message id."""
        channel = self.channel()
        if channel is None:
            return ""
        if message_id.isdigit():
            try:
                message = channel.get_partial_message(int(message_id))
                await message.edit(**payload(part, self.lang, editing=True))
                return message_id
            except discord.HTTPException:
                pass  # gone or not editable: post it again
        sent = await channel.send(**payload(part, self.lang, editing=False))
        with contextlib.suppress(discord.HTTPException):  # pinning needs Manage Messages
            await sent.pin()
        return str(sent.id)

    async def discard(self, sent: Sent) -> None:  # noqa: B027 - optional hook
        """Remove a placeholder that ended up unused."""

    async def message_id(self, sent: Sent) -> str:
        """The platform id of a message of this turn ("" when unknown)."""
        return str(sent.message.id) if sent.message is not None else ""

    async def superseded(self, message_ids: list[str], mark: str) -> None:
        """Put ``mark`` above older plan messages (their embeds stay, their buttons go)."""
        channel = self.channel()
        if channel is None:
            return
        for message_id in message_ids:
            try:
                message = channel.get_partial_message(int(message_id))
                await message.edit(content=mark, view=None, allowed_mentions=NO_MENTIONS)
            except discord.HTTPException as exc:
                log.info("could not mark an old plan message (%s)", exc.status)


class InteractionOutbox(Outbox):
    """An acknowledged interaction: its original response, then follow-ups."""

    def __init__(
        self, interaction: discord.Interaction, lang: Lang, *, ephemeral: bool = False
    ) -> None:
        super().__init__(lang)
        self.interaction = interaction
        self.ephemeral = ephemeral

    async def send(self, part: Part) -> Sent:
        kwargs = payload(part, self.lang, editing=False)
        if self.ephemeral:
            kwargs["ephemeral"] = True
        return Sent(await self.interaction.followup.send(wait=True, **kwargs))

    async def edit(self, sent: Sent, part: Part) -> None:
        if sent.message is None:
            await self.interaction.edit_original_response(**payload(part, self.lang, editing=True))
        else:
            await super().edit(sent, part)

    async def discard(self, sent: Sent) -> None:
        if sent.message is None:
            await self.interaction.delete_original_response()

    async def message_id(self, sent: Sent) -> str:
        if sent.message is not None:
            return str(sent.message.id)
        if self.interaction.message is not None:  # a pressed button: its message was edited
            return str(self.interaction.message.id)
        try:
            return str((await self.interaction.original_response()).id)
        except discord.HTTPException:
            return ""

    def channel(self) -> PinnableChannel | None:
        found = self.interaction.channel
        return found if isinstance(found, PINNABLE) else None


class ChannelOutbox(Outbox):
    """A channel or thread: new messages."""

    def __init__(self, channel: discord.abc.Messageable, lang: Lang) -> None:
        super().__init__(lang)
        self.target = channel

    async def send(self, part: Part) -> Sent:
        return Sent(await self.target.send(**payload(part, self.lang, editing=False)))

    async def typing(self) -> None:
        with contextlib.suppress(discord.HTTPException):  # a missing indicator never fails a turn
            await self.target.typing()

    def channel(self) -> PinnableChannel | None:
        return self.target if isinstance(self.target, PINNABLE) else None


Claim = Literal["first", "state", "never"]


class Presenter:
    """Shows one turn's reply events through an outbox.

    ``placeholder`` is a message the turn may take over: ``claim="first"`` gives it the first
    output (a deferred slash command); ``claim="state"`` only a reply that carries new state, an
    itinerary or choices (the message whose button was pressed; an export leaves it alone).
    """

    def __init__(
        self,
        outbox: Outbox,
        *,
        placeholder: Sent | None = None,
        claim: Claim = "never",
        interval_s: float = STREAM_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.outbox = outbox
        self.placeholder = placeholder
        self.claim = claim
        self.interval_s = interval_s
        self.clock = clock
        self.draft = ""
        self.draft_sent: Sent | None = None
        self.last_draft_at: float | None = None
        self.typed = False

    async def show(self, event: ReplyEvent) -> None:
        """Show one reply event."""
        if isinstance(event, Working):
            if not self.typed:
                self.typed = True
                await self.outbox.typing()
        elif isinstance(event, TextDelta):
            await self._show_delta(event.text)
        elif isinstance(event, FinalMessage):
            await self._show_final(event)
        elif isinstance(event, PinnedPlan):
            await self._show_pinned(event)
        elif isinstance(event, Superseded):
            ids = [m.message_id for m in event.messages if m.message_id.isdigit()]
            await self.outbox.superseded(ids, escape(event.text))
        elif parts := _attachment_parts(event):
            await self._show_parts(parts, replaces=False)

    async def _show_delta(self, text: str) -> None:
        self.draft += text
        now = self.clock()
        if self.last_draft_at is None or now - self.last_draft_at >= self.interval_s:
            self.last_draft_at = now
            await self._show_draft()

    async def _show_final(self, event: FinalMessage) -> None:
        sent = await self._show_parts(render_final(event), replaces=_carries_state(event))
        self.draft, self.draft_sent = "", None
        if event.shown is not None:
            ids = [await self.outbox.message_id(s) for s in sent]
            await event.shown(tuple(ShownMessage(i) for i in ids if i.isdigit()))

    async def _show_pinned(self, event: PinnedPlan) -> None:
        part = render_final(FinalMessage(event.text, language=event.language))[0]
        shown = await self.outbox.pinned(part, event.message_id)
        if shown and event.saved is not None:
            await event.saved(shown)

    async def _show_draft(self) -> None:
        part = render_draft(self.draft)
        if self.draft_sent is None:
            # A draft takes over the placeholder: the deferred response, or the pressed
            # message (a "planning…" draft becomes the new plan in place).
            self.draft_sent = await self._place(part, claimable=self.claim != "never")
        else:
            await self.outbox.edit(self.draft_sent, part)

    async def _show_parts(self, parts: list[Part], *, replaces: bool) -> list[Sent]:
        first, *rest = parts
        if self.draft_sent is not None and first.file is None:
            await self.outbox.edit(self.draft_sent, first)
            shown = [self.draft_sent]
        else:
            claimable = self.claim == "first" or (self.claim == "state" and replaces)
            shown = [await self._place(first, claimable=claimable)]
        for part in rest:
            shown.append(await self.outbox.send(part))
        return shown

    async def _place(self, part: Part, *, claimable: bool) -> Sent:
        if claimable and self.placeholder is not None and part.file is None:
            target, self.placeholder = self.placeholder, None
            await self.outbox.edit(target, part)
            return target
        return await self.outbox.send(part)

    async def close(self) -> None:
        """End the turn: a deferred "thinking…" response that got no output is removed."""
        if self.claim == "first" and self.placeholder is not None:
            await self.outbox.discard(self.placeholder)
            self.placeholder = None


def _carries_state(event: FinalMessage) -> bool:
    return event.itinerary is not None or bool(event.choices and event.choices.options)


def _attachment_parts(event: ReplyEvent) -> list[Part]:
    """The parts showing a file, pictures, venues or a poll; none for any other event.

    ClosePoll shows nothing: the core's next message names the winner, and a late press of an
    old button is answered "that poll is closed".
    """
    if isinstance(event, FileReply):
        return render_file(event)
    if isinstance(event, PictureReply) and event.pictures:
        return render_pictures(event)
    if isinstance(event, VenueReply) and event.venues:
        return render_venues(event)
    if isinstance(event, PollReply):
        return render_final(poll_as_buttons(event))
    return []
