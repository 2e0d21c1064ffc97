"""Message parts -> Discord: where each part goes, and streaming by edits.

An :class:`Outbox` knows one destination: an interaction (its original response, then follow-ups)
or a channel (new messages). :class:`DiscordReplySender` is Discord's side of the core's outbound
presenter (:mod:`bot.presenter`): it turns reply events into parts and decides whether a part
replaces a message (the deferred "thinking…" response, a streamed draft, the message whose button
was pressed) or is sent anew. :class:`Presenter` is the core presenter with that sender; drafts
are edited at most once per ``interval`` seconds, well under Discord's edit rate limit.

Every send and edit carries ``AllowedMentions.none()``: model text never pings anyone.

Idempotent sends: every new channel message of a reply carries a nonce that Discord enforces
(``enforce_nonce``: the same nonce from the same author within a few minutes returns the message
already created instead of a second one). The nonce names the reply (the delivery it answers,
:attr:`~bot.messages.IncomingMessage.dedup_id`), the event's number in it and the part —
never the content — so the same send after a kill (Discord created the message, the killed
process never heard so) is recognised, even when it is shown by another delivery (a folded reply
shown again by the folded message's own, :class:`~bot.messages.ReplyStart`) or rendered
differently (a streamed draft, then the final message). The first final message of a reply and
the draft it takes over share the ``lead`` nonce; a lead send answered with a message that shows
something else (the draft left behind) is edited into place. Beyond Discord's few minutes a
nonce is forgotten: a delivery retried later than that (no process left to reclaim it) may show
its reply twice. Webhook follow-ups (deferred interactions) take no nonce.
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
    ReplyEvent,
    ReplyStart,
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
LIVE = ("working", "delta", "pictures", "reply_start")  # not numbered (bot/outbox.py)
LEAD = "lead"  # the slot of a reply's first final message and of the draft it takes over


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


def nonce_of(key: str) -> str:
    """Discord's nonce for the send named ``key`` (reply, event number, part)."""
    return hashlib.sha256(key.encode()).hexdigest()[:NONCE_CHARS]


def shows(message: discord.Message | discord.WebhookMessage | None, part: Part) -> bool:
    """Whether ``message`` (what a send returned) already shows ``part``: a nonce seen before
    returns the message made then — maybe a draft that a final message was to replace."""
    if message is None:
        return True
    return (
        (message.content or "").strip() == (part.content or "").strip()
        and [(e.description or "").strip() for e in message.embeds]
        == [(e.description or "").strip() for e in part.embeds]
        and bool(message.components) == bool(part.choices and part.choices.options)
    )


class Outbox(ABC):
    """One destination for the parts of a turn; ``turn`` names its delivery ("" unknown)."""

    def __init__(self, lang: Lang, turn: str = "") -> None:
        self.lang = lang
        self.turn = turn

    @abstractmethod
    async def send(self, part: Part, key: str = "") -> Sent:
        """Post ``part`` as a new message; ``key`` names the send (the same key, the same
        message: a nonce where the destination takes one)."""

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

    async def pinned(self, part: Part, message_id: str, key: str = "") -> str:
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
        kwargs = payload(part, self.lang, editing=False)
        if key:
            kwargs["nonce"] = nonce_of(key)
        sent = await channel.send(**kwargs)
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

    async def send(self, part: Part, key: str = "") -> Sent:  # webhooks take no nonce
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
    """A channel or thread: new messages, each with the nonce of its ``key`` (see the module
    docstring); ``turn`` is the platform message's dedup id ("": sends without keys)."""

    def __init__(self, channel: discord.abc.Messageable, lang: Lang, turn: str = "") -> None:
        super().__init__(lang, turn)
        self.target = channel

    async def send(self, part: Part, key: str = "") -> Sent:
        kwargs = payload(part, self.lang, editing=False)
        if key:
            kwargs["nonce"] = nonce_of(key)
        return Sent(await self.target.send(**kwargs))

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
        # Which reply the events belong to and the number of the current one (see the module
        # docstring): the turn's own from event 0 until the core says otherwise (ReplyStart).
        self.reply = outbox.turn
        self.number = -1
        self.lead: int | None = None
        self.lead_known = False

    def begin(self, start: ReplyStart) -> None:
        """The events that follow are reply ``start.reply`` from its event ``start.first``."""
        self.reply, self.number = start.reply, start.first - 1
        self.lead, self.lead_known = start.lead, True

    def count(self, event: ReplyEvent) -> None:
        """Number ``event`` as the core's outbox does (live-only events are not numbered)."""
        if event.kind in LIVE:
            return
        self.number += 1
        if not self.lead_known and isinstance(event, FinalMessage):
            self.lead, self.lead_known = self.number, True

    def _key(self, slot: str) -> str:
        return f"{self.reply}|{slot}" if self.reply else ""

    async def typing(self) -> None:
        await self.outbox.typing()

    async def progress(self, text: str) -> bool:
        part = render_draft(text)
        if self.draft_sent is None:
            # A draft takes over the placeholder: the deferred response, or the pressed
            # message (a "planning…" draft becomes the new plan in place). In a channel it is
            # the reply's lead message: a retried turn finds the draft already there.
            slot = LEAD if self.number < 0 else f"{self.number}.draft"  # (none after a final)
            claimable = self.claim != "never"
            self.draft_sent = await self._place(part, claimable=claimable, slot=slot)
        else:
            await self.outbox.edit(self.draft_sent, part)
        return True

    async def final(
        self, event: FinalMessage, first_shown: Callable[[], None]
    ) -> tuple[ShownMessage, ...] | None:
        slot = LEAD if self.number == self.lead else str(self.number)
        sent = await self._show_parts(
            render_final(event), replaces=_carries_state(event), slot=slot, takes_draft=True
        )
        self.draft_sent = None
        first_shown()
        if event.shown is None:
            return ()  # finding the ids may cost a request: only when the core wants them
        ids = [await self.outbox.message_id(s) for s in sent]
        return tuple(ShownMessage(i) for i in ids if i.isdigit())

    async def file(self, event: FileReply) -> None:
        await self._show_parts(render_file(event), replaces=False, slot=f"{self.number}")

    async def pictures(self, event: PictureReply) -> None:
        if event.pictures:  # drawn after the final message numbered ``number``
            slot = f"{self.number}.maps"
            await self._show_parts(render_pictures(event), replaces=False, slot=slot)

    async def venues(self, event: VenueReply) -> None:
        if event.venues:
            await self._show_parts(render_venues(event), replaces=False, slot=f"{self.number}")

    async def poll(self, event: PollReply) -> tuple[str, str] | None:
        """A native poll where one fits and Discord takes it, else buttons (adapters/discord/
        polls.py); the core learns the poll's message to map votes back and to end it."""
        native = native_poll(event)
        if native is not None:
            try:
                sent = await self.outbox.send(Part(poll=native), self._key(f"{self.number}.poll"))
            except discord.HTTPException as exc:  # no Send Polls permission here, say
                log.info("poll refused (%s); shown as buttons", exc.status)
            else:
                shown = await self.outbox.message_id(sent)
                return (shown, shown) if shown else None
        else:
            log.info("a poll of %d options does not fit Discord's; shown as buttons",
                     len(event.options))  # fmt: skip
        buttons = render_final(poll_as_buttons(event))
        await self._show_parts(buttons, replaces=False, slot=f"{self.number}")
        return None  # buttons: a vote is a press

    async def close_poll(self, event: ClosePoll) -> None:
        """End a native poll early (everyone voted, or the deadline passed); buttons have
        nothing to stop: a late press is answered "that poll is closed"."""
        await self.outbox.end_poll(event.platform_message_id)

    async def pinned(self, event: PinnedPlan) -> str:
        part = render_final(FinalMessage(event.text, language=event.language))[0]
        return await self.outbox.pinned(part, event.message_id, self._key(f"{self.number}.pin"))

    async def superseded(self, event: Superseded) -> None:
        ids = [m.message_id for m in event.messages if m.message_id.isdigit()]
        await self.outbox.superseded(ids, escape(event.text))

    async def _show_parts(
        self, parts: list[Part], *, replaces: bool, slot: str, takes_draft: bool = False
    ) -> list[Sent]:
        """Show ``parts``: the first over the draft (a final message) or a claimable
        placeholder, else anew; the sends keyed ``slot``, ``slot.1``, … (see the module
        docstring)."""
        first, *rest = parts
        if takes_draft and self.draft_sent is not None and first.file is None:
            await self.outbox.edit(self.draft_sent, first)
            shown = [self.draft_sent]
        else:
            claimable = self.claim == "first" or (self.claim == "state" and replaces)
            shown = [await self._place(first, claimable=claimable, slot=slot)]
        for n, part in enumerate(rest, 1):
            shown.append(await self.outbox.send(part, self._key(f"{slot}.{n}")))
        return shown

    async def _place(self, part: Part, *, claimable: bool, slot: str) -> Sent:
        if claimable and self.placeholder is not None and part.file is None:
            target, self.placeholder = self.placeholder, None
            await self.outbox.edit(target, part)
            return target
        sent = await self.outbox.send(part, self._key(slot))
        if slot == LEAD and not shows(sent.message, part):
            await self.outbox.edit(sent, part)  # the draft a dead turn left: it becomes this
        return sent

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

    async def show(self, event: ReplyEvent) -> None:
        """Show one event, numbered as the core's outbox numbers it (the nonces' keys)."""
        if isinstance(event, ReplyStart):
            self.delivery.begin(event)
            return
        self.delivery.count(event)
        await super().show(event)

    async def close(self) -> None:
        """End the turn: a deferred "thinking…" response that got no output is removed."""
        await self.delivery.close()


def _carries_state(event: FinalMessage) -> bool:
    return event.itinerary is not None or bool(event.choices and event.choices.options)
