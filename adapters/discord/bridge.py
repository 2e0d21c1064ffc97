"""One Discord turn end to end: acknowledge, translate, hand to the core, show the replies.

Every interaction entry point awaits ``defer()`` before anything else, so Discord's three-second
acknowledgement deadline holds however long the core takes (it then has 15 minutes for follow-ups);
then it stores the interaction in the durable inbox (``handoff``, :mod:`adapters.discord.inbox`)
and a worker answers it through the matching ``*_deferred`` method. Messages and poll votes reach
:meth:`Bridge.message` and :meth:`Bridge.poll_vote` from those workers too.
All work after that runs under :meth:`Bridge._guarded`, the adapter's single catch-all: it logs
first, then sends a fixed, translated apology (never the exception's text).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any, Literal

import discord

from adapters.discord.deliver import (
    NO_MENTIONS,
    ORIGINAL,
    STREAM_INTERVAL_S,
    ChannelOutbox,
    Claim,
    InteractionOutbox,
    Outbox,
    Presenter,
)
from adapters.discord.metrics import PLATFORM
from adapters.discord.polls import vote_to_incoming
from adapters.discord.render import Part
from adapters.discord.translate import (
    Place,
    from_interaction,
    from_message,
    place_of,
    sender_of,
)
from adapters.discord.views import callback_data
from bot.conversation import ConversationService
from bot.errors import StorageUnavailable
from bot.i18n import Lang, pick_language, t
from bot.messages import ConversationKey, IncomingMessage, ReplyEvent, Sender
from bot.metrics import Metrics, observed_turn
from bot.storage.ports import ThreadIndex

log = logging.getLogger(__name__)

Handoff = Callable[..., Awaitable[None]]
THREAD_ARCHIVE_MINUTES: Literal[4320] = 4320  # three days without messages
THREAD_NAME_LIMIT = 100


class Bridge:
    """Connects discord.py events to the conversation service."""

    def __init__(
        self,
        client: discord.Client,
        service: ConversationService,
        threads: ThreadIndex,
        *,
        default_language: str = "en",
        interval_s: float = STREAM_INTERVAL_S,
        metrics: Metrics | None = None,
    ) -> None:
        self.client = client
        self.metrics = metrics or Metrics()
        self.service = service
        self.threads = threads
        self.default_language = default_language
        self.interval_s = interval_s
        # A poll vote event has no id of its own: this process's votes are numbered.
        self._votes = itertools.count(1)
        self._run = uuid.uuid4().hex[:8]
        # Stores a deferred interaction in the durable inbox (adapters/discord/inbox.py); a
        # worker answers it. ``None``: answered by the process that received it.
        self.handoff: Handoff | None = None

    def language(self, locale: object, said: str = "") -> Lang:
        """The language of adapter texts and apologies (the core picks its own)."""
        code = str(locale) if locale is not None else None
        return pick_language(None, said, code, self.default_language)

    # -- entry points ------------------------------------------------------------------------
    async def slash(
        self, interaction: discord.Interaction, line: str, *, private: bool = False
    ) -> None:
        """A slash command that the core answers as the command line ``line``."""
        ephemeral = private and interaction.guild_id is not None
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)
        if not await self._handed_over(interaction, "slash", line=line, private=private):
            await self.slash_deferred(interaction, line, private=private)

    async def slash_deferred(
        self, interaction: discord.Interaction, line: str, *, private: bool = False
    ) -> None:
        """Answer a deferred slash command (here, or in a worker that took it from the inbox)."""
        ephemeral = private and interaction.guild_id is not None
        lang = self.language(interaction.locale, line)
        outbox = InteractionOutbox(interaction, lang, ephemeral=ephemeral)
        await self._guarded(self._slash(interaction, line, outbox), outbox, "slash")

    async def plan(self, interaction: discord.Interaction, line: str) -> None:
        """``/plan``: in a server channel, open a thread for the trip and continue there."""
        await interaction.response.defer(thinking=True)
        if not await self._handed_over(interaction, "plan", line=line):
            await self.plan_deferred(interaction, line)

    async def plan_deferred(self, interaction: discord.Interaction, line: str) -> None:
        """Answer a deferred ``/plan``."""
        outbox = InteractionOutbox(interaction, self.language(interaction.locale, line))
        await self._guarded(self._plan(interaction, line, outbox), outbox, "plan")

    async def component(self, interaction: discord.Interaction) -> None:
        """A pressed button or a chosen menu option."""
        await interaction.response.defer()  # deferred update of the message pressed
        if not await self._handed_over(interaction, "component"):
            await self.component_deferred(interaction)

    async def component_deferred(self, interaction: discord.Interaction) -> None:
        """Answer a deferred button press or menu choice."""
        outbox = InteractionOutbox(interaction, self.language(interaction.locale))
        await self._guarded(self._component(interaction, outbox), outbox, "component")

    async def _handed_over(
        self, interaction: discord.Interaction, kind: str, **args: str | bool
    ) -> bool:
        """Store a deferred interaction in the durable inbox; ``False``: answer it here."""
        if self.handoff is None:
            return False
        try:
            await self.handoff(interaction, kind, **args)
        except StorageUnavailable:  # answered here (the core says if it cannot store the turn)
            log.warning("discord inbox unavailable: interaction answered without it")
            return False
        return True

    async def message(self, message: discord.Message) -> None:
        """A message in a channel, thread or DM the bot can read."""
        me = self.client.user
        if me is None or message.author.id == me.id:
            return
        incoming = await self._from_message(message, me.id)
        if incoming is None:
            return
        outbox = ChannelOutbox(
            message.channel, self.language(None, message.content), incoming.dedup_id
        )
        for_bot = incoming.addressed_to_bot or incoming.is_private
        work = self._turn(incoming, self._presenter(outbox))
        await self._guarded(work, outbox if for_bot else None, "message")  # no apology to chatter

    async def poll_vote(
        self, event: discord.RawPollVoteActionEvent, *, added: bool, serial: str | None = None
    ) -> None:
        """A vote added to or taken back from a poll (the core knows which polls are its own);
        ``serial`` names this vote event (its inbox entry id: a retried vote counts once)."""
        me = self.client.user
        if me is None or event.user_id == me.id:
            return
        voter = await self._voter(event)
        serial = serial or f"{self._run}-{next(self._votes)}"
        incoming = vote_to_incoming(event, voter, added=added, serial=serial)
        channel = await self._channel(event.channel_id)
        if channel is None:
            return
        outbox = ChannelOutbox(channel, self.language(voter.language_code), incoming.dedup_id)
        await self._guarded(self._turn(incoming, self._presenter(outbox)), None, "poll_vote")

    async def _voter(self, event: discord.RawPollVoteActionEvent) -> Sender:
        """The voter's name (a vote event carries only ids): cached, else asked of Discord."""
        guild = self.client.get_guild(event.guild_id) if event.guild_id else None
        user: discord.abc.User | None = guild.get_member(event.user_id) if guild else None
        user = user or self.client.get_user(event.user_id)
        if user is None:
            try:
                user = await self.client.fetch_user(event.user_id)
            except discord.HTTPException:
                log.info("voter %s unknown; counted without a name", event.user_id)
                return Sender(str(event.user_id))
        locale = guild.preferred_locale if guild is not None else None
        return sender_of(user, str(locale) if locale is not None else None)

    async def _channel(self, channel_id: int) -> discord.abc.Messageable | None:
        """A channel or thread by id: cached, else fetched (another shard's guild)."""
        channel = self.client.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.client.fetch_channel(channel_id)
            except discord.HTTPException:
                log.warning("channel %s not found", channel_id)
                return None
        return channel if isinstance(channel, discord.abc.Messageable) else None

    # -- the turns -----------------------------------------------------------------------------
    async def _slash(self, interaction: discord.Interaction, line: str, outbox: Outbox) -> None:
        place = await self._place(interaction.channel, interaction.channel_id, interaction.guild_id)
        incoming = from_interaction(interaction, place, text=line)
        outbox.turn = incoming.dedup_id
        await self._turn(incoming, self._presenter(outbox, claim="first"))

    async def _plan(self, interaction: discord.Interaction, line: str, outbox: Outbox) -> None:
        channel = interaction.channel
        thread = None
        if isinstance(channel, discord.TextChannel):
            thread = await self._open_thread(channel, interaction.user, outbox.lang)
        if channel is None or thread is None:
            await self._slash(interaction, line, outbox)
            return
        await self.threads.add(str(thread.id), str(channel.id))
        note = t(outbox.lang, "discord.thread_opened", thread=thread.mention)
        await interaction.edit_original_response(content=note, allowed_mentions=NO_MENTIONS)
        place = Place(str(channel.id), str(thread.id), str(interaction.guild_id))
        incoming = from_interaction(interaction, place, text=line)
        thread_outbox = ChannelOutbox(thread, outbox.lang, incoming.dedup_id)
        await self._turn(incoming, self._presenter(thread_outbox))

    async def _open_thread(
        self, channel: discord.TextChannel, user: discord.abc.User, lang: Lang
    ) -> discord.Thread | None:
        name = t(lang, "discord.thread_name", name=user.display_name)[:THREAD_NAME_LIMIT]
        try:
            return await channel.create_thread(
                name=name,
                type=discord.ChannelType.public_thread,
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
            )
        except discord.HTTPException:
            log.warning(
                "cannot open a thread in channel %s; staying in it", channel.id, exc_info=True
            )
            return None

    async def _component(self, interaction: discord.Interaction, outbox: Outbox) -> None:
        data = callback_data(interaction.data)
        if data is None:
            return
        place = await self._place(interaction.channel, interaction.channel_id, interaction.guild_id)
        incoming = from_interaction(interaction, place, callback=data)
        outbox.turn = incoming.dedup_id
        await self._turn(incoming, self._presenter(outbox, claim="state"))

    async def _from_message(self, message: discord.Message, bot_id: int) -> IncomingMessage | None:
        channel = message.channel
        guild_id = message.guild.id if message.guild else getattr(channel, "guild_id", None)
        parent = await self._trip_parent(channel, guild_id)
        owned = isinstance(channel, discord.Thread) and channel.owner_id == bot_id
        place = place_of(channel, channel.id, guild_id, parent)
        return from_message(message, bot_id, place, in_trip_thread=owned or parent is not None)

    async def _turn(self, incoming: IncomingMessage, presenter: Presenter) -> None:
        events = observed_turn(
            self.service.handle(incoming), self.metrics, PLATFORM, started=time.monotonic()
        )
        async for event in events:
            await presenter.show(event)
        await presenter.close()

    async def show_due(self, key: ConversationKey, events: AsyncIterator[ReplyEvent]) -> None:
        """Show in its thread or channel what closing a conversation's due polls produced."""
        channel = await self._channel(int(key.thread_id or key.chat_id))
        if channel is None:
            async for _ in events:  # closed all the same; nowhere to show it
                pass
            return
        presenter = Presenter(ChannelOutbox(channel, self.language(None)))
        async for event in events:
            await presenter.show(event)
        await presenter.close()

    # -- helpers ---------------------------------------------------------------------------------
    def _presenter(self, outbox: Outbox, claim: Claim = "never") -> Presenter:
        placeholder = ORIGINAL if claim != "never" else None
        return Presenter(outbox, placeholder=placeholder, claim=claim, interval_s=self.interval_s)

    async def _place(self, channel: object, channel_id: int | None, guild_id: int | None) -> Place:
        parent = await self._trip_parent(channel, guild_id)
        return place_of(channel, channel_id or 0, guild_id, parent)

    async def _trip_parent(self, channel: object, guild_id: int | None) -> str | None:
        """The parent channel when ``channel`` is a trip thread not known as a thread here."""
        if guild_id is None or isinstance(channel, discord.Thread | discord.TextChannel):
            return None
        channel_id = getattr(channel, "id", None)
        return await self.threads.parent_of(str(channel_id)) if channel_id else None

    async def _guarded(
        self, work: Coroutine[Any, Any, None], outbox: Outbox | None, where: str
    ) -> None:
        """The adapter's catch-all: log first, then a fixed, translated apology (to ``outbox``)."""
        self.metrics.updates.labels(PLATFORM, where).inc()  # slash, plan, component, message
        in_flight = self.metrics.in_flight.labels(PLATFORM)
        in_flight.inc()
        try:
            await work
        except Exception:
            self.metrics.errors.labels(PLATFORM).inc()
            log.exception("discord %s turn failed", where)
            if outbox is None:
                return
            key = f"{outbox.turn}|apology" if outbox.turn else ""  # a retried failure: once
            with contextlib.suppress(discord.HTTPException):
                await outbox.send(Part(content=t(outbox.lang, "apology")), key)
        finally:
            in_flight.dec()
