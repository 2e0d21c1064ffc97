"""Message parts -> Discord: where each part goes, and streaming by edits.

An :class:`Outbox` knows one destination: an interaction (its original response, then follow-ups)
or a channel (new messages). :class:`DiscordReplySender` is Discord's side of the core's outbound
presenter (:mod:`bot.presenter`): it turns reply events into parts and decides whether a part
replaces a message (the deferred "thinking…" response, a streamed draft, the message whose button
was pressed) or is sent anew. :class:`Presenter` is the core presenter with that sender; drafts
are edited at most once per ``interval`` seconds, well under Discord's edit rate limit.

Every send and edit carries ``AllowedMentions.none()``: model text never pings anyone.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Literal

import discord

from adapters.discord.pictures import render_pictures, render_venues
from adapters.discord.polls import native_poll, poll_as_buttons
from adapters.discord.render import Part, escape, render_draft, render_file, render_final
from adapters.discord.views import choices_view
from bot.i18n import Lang
from bot.messages import (
    ClosePoll,
    FileReply,
    FinalMessage,
    PictureReply,
    PinnedPlan,
    PollReply,
    ShownMessage,
    Superseded,
    VenueReply,
)
from bot.presenter import Pacing, ReplyPresenter

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
PinnableChannel = discord.TextChannel | discord.Thread | discord.DMChannel
PINNABLE = (discord.TextChannel, discord.Thread, discord.DMChannel)
STREAM_INTERVAL_S = 1.0
NONCE_CHARS = 25  # Discord's longest nonce


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
    if part.poll is not None:
        kwargs["poll"] = part.poll
    return kwargs


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

    async def end_poll(self, message_id: str) -> None:
        """End the native poll on a message of the conversation (one ended already is fine)."""
        channel = self.channel()
        if channel is None or not message_id.isdigit():
            return  # shown as buttons: a late press is answered "that poll is closed"
        try:
            await channel.get_partial_message(int(message_id)).end_poll()
        except discord.HTTPException as exc:
            log.info("could not end a poll (%s)", exc.status)

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
    """A channel or thread: new messages.

    With ``turn`` (the platform message's dedup id) every message carries a nonce made of the
    turn, its content and how often this outbox sent that content before, which Discord enforces
    (``enforce_nonce``: the same nonce from the same author within minutes returns the message
    already created). So a reply sent again after a kill — the send had reached Discord, its
    answer had not reached the killed process — shows once instead of twice.
    """

    def __init__(self, channel: discord.abc.Messageable, lang: Lang, turn: str = "") -> None:
        super().__init__(lang)
        self.target = channel
        self.turn = turn
        self._sent: dict[str, int] = {}

    async def send(self, part: Part) -> Sent:
        kwargs = payload(part, self.lang, editing=False)
        if self.turn:
            kwargs["nonce"] = self._nonce(part)
        return Sent(await self.target.send(**kwargs))

    def _nonce(self, part: Part) -> str:
        file = part.file.filename if part.file else None
        embeds = [e.to_dict() for e in part.embeds]
        shown = repr((part.content, embeds, part.choices, file, part.poll is not None))
        seen = self._sent.get(shown, 0)
        self._sent[shown] = seen + 1
        digest = hashlib.sha256(f"{self.turn}\n{shown}\n{seen}".encode()).hexdigest()
        return digest[:NONCE_CHARS]

    async def typing(self) -> None:
        with contextlib.suppress(discord.HTTPException):  # a missing indicator never fails a turn
            await self.target.typing()

    def channel(self) -> PinnableChannel | None:
        return self.target if isinstance(self.target, PINNABLE) else None


Claim = Literal["first", "state", "never"]


class DiscordReplySender:
    """Shows reply events through an outbox (the :class:`~bot.presenter.ReplySender`).

    ``placeholder`` is a message the turn may take over: ``claim="first"`` gives it the first
    output (a deferred slash command); ``claim="state"`` only a reply that carries new state, an
    itinerary or choices (the message whose button was pressed; an export leaves it alone).
    """

    def __init__(self, outbox: Outbox, placeholder: Sent | None, claim: Claim) -> None:
        self.outbox = outbox
        self.placeholder = placeholder
        self.claim = claim
        self.draft_sent: Sent | None = None

    async def typing(self) -> None:
        await self.outbox.typing()

    async def progress(self, text: str) -> bool:
        part = render_draft(text)
        if self.draft_sent is None:
            # A draft takes over the placeholder: the deferred response, or the pressed
            # message (a "planning…" draft becomes the new plan in place).
            self.draft_sent = await self._place(part, claimable=self.claim != "never")
        else:
            await self.outbox.edit(self.draft_sent, part)
        return True

    async def final(
        self, event: FinalMessage, first_shown: Callable[[], None]
    ) -> tuple[ShownMessage, ...] | None:
        sent = await self._show_parts(render_final(event), replaces=_carries_state(event))
        self.draft_sent = None
        first_shown()
        if event.shown is None:
            return ()  # finding the ids may cost a request: only when the core wants them
        ids = [await self.outbox.message_id(s) for s in sent]
        return tuple(ShownMessage(i) for i in ids if i.isdigit())

    async def file(self, event: FileReply) -> None:
        await self._show_parts(render_file(event), replaces=False)

    async def pictures(self, event: PictureReply) -> None:
        if event.pictures:
            await self._show_parts(render_pictures(event), replaces=False)

    async def venues(self, event: VenueReply) -> None:
        if event.venues:
            await self._show_parts(render_venues(event), replaces=False)

    async def poll(self, event: PollReply) -> tuple[str, str] | None:
        """A native poll where one fits and Discord takes it, else buttons (adapters/discord/
        polls.py); the core learns the poll's message to map votes back and to end it."""
        native = native_poll(event)
        if native is not None:
            try:
                sent = await self.outbox.send(Part(poll=native))
            except discord.HTTPException as exc:  # no Send Polls permission here, say
                log.info("poll refused (%s); shown as buttons", exc.status)
            else:
                shown = await self.outbox.message_id(sent)
                return (shown, shown) if shown else None
        else:
            log.info("a poll of %d options does not fit Discord's; shown as buttons",
                     len(event.options))  # fmt: skip
        await self._show_parts(render_final(poll_as_buttons(event)), replaces=False)
        return None  # buttons: a vote is a press

    async def close_poll(self, event: ClosePoll) -> None:
        """End a native poll early (everyone voted, or the deadline passed); buttons have
        nothing to stop: a late press is answered "that poll is closed"."""
        await self.outbox.end_poll(event.platform_message_id)

    async def pinned(self, event: PinnedPlan) -> str:
        part = render_final(FinalMessage(event.text, language=event.language))[0]
        return await self.outbox.pinned(part, event.message_id)

    async def superseded(self, event: Superseded) -> None:
        ids = [m.message_id for m in event.messages if m.message_id.isdigit()]
        await self.outbox.superseded(ids, escape(event.text))

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


class Presenter(ReplyPresenter):
    """The core presenter with Discord's sender: one typing indicator, drafts by edits."""

    def __init__(
        self,
        outbox: Outbox,
        *,
        placeholder: Sent | None = None,
        claim: Claim = "never",
        interval_s: float = STREAM_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.delivery = DiscordReplySender(outbox, placeholder, claim)
        pacing = Pacing(
            draft_interval_s=interval_s, typing_grace_s=0, typing_renew_s=None, typing_after_s=None
        )
        super().__init__(self.delivery, pacing, clock=clock)

    async def close(self) -> None:
        """End the turn: a deferred "thinking…" response that got no output is removed."""
        await self.delivery.close()


def _carries_state(event: FinalMessage) -> bool:
    return event.itinerary is not None or bool(event.choices and event.choices.options)
