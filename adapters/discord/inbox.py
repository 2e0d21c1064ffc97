"""Discord's gateway events through the durable inbox (:mod:`bot.storage.inbox`).

A gateway event is not acknowledged to Discord and never sent again, so an event is safe once it
is in Redis: messages and poll votes are written to the ``discord`` inbox stream as they arrive
(their raw gateway payload, in arrival order, by one feeder task), interactions right after they
were deferred — Discord wants an answer within three seconds, so the receiving process defers
first and the worker answers later (the token is good for 15 minutes). Workers — this process's
:class:`~bot.stream_worker.StreamWorker`, or any other Discord process's — take the entries,
rebuild the discord.py objects from the payload, run the turn through the
:class:`~adapters.discord.bridge.Bridge`, and acknowledge only after it returned, i.e. after its
commit and its answer. A process killed mid-turn leaves its entries pending; the next one
reclaims them after ``INBOX_RECLAIM_IDLE_S``; the core's processed mark and outbox make the
retried turn answer once (a vote's message id is its inbox entry id, so a retried vote counts
once).

What no design here can save: an event still on its way from the gateway to Redis (a few
milliseconds) when the process dies, and an interaction whose process died before deferring it
(Discord shows the user "The application did not respond").

Workers start once the client is ready (the channel and thread caches are filled), so a
reclaimed message is recognised as in a trip thread just as a live one.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import discord

from adapters.discord.bridge import Bridge
from bot.aio import being_cancelled
from bot.errors import StorageUnavailable
from bot.storage.inbox import Inbox, InboxEntry
from bot.stream_worker import StreamWorker

log = logging.getLogger(__name__)

STORED_EVENTS = ("MESSAGE_CREATE", "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE")
KEPT_INTERACTIONS = 1000  # raw interaction payloads kept until their handler deferred them
RETRY_S = 1.0  # pause after Redis failed, before storing the event again


class DiscordInbox:
    """Stores one Discord process's events in the inbox and runs turns taken from it."""

    def __init__(
        self,
        client: discord.Client,
        bridge: Bridge,
        inbox: Inbox,
        *,
        consumer: str,
        reclaim_idle_s: float,
        grace_s: float,
        max_in_flight: int = 64,
    ) -> None:
        self.client, self.bridge, self.inbox = client, bridge, inbox
        self.worker: StreamWorker[InboxEntry] = StreamWorker(
            inbox, self._run, lambda entry: entry.id, consumer=consumer,
            concurrency=max_in_flight, reclaim_idle_s=reclaim_idle_s, grace_s=grace_s,
            what="discord inbox entries",
        )  # fmt: skip
        self._arrived: asyncio.Queue[str] = asyncio.Queue()
        self._feeder: asyncio.Task[None] | None = None
        self._interactions: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self.started = False

    def capture(self, parsers: dict[str, Callable[[Any], None]]) -> None:
        """Route the gateway's message and vote events to the inbox; keep interactions' raw
        payloads (their handlers defer, then store them)."""
        for event in STORED_EVENTS:
            parsers[event] = self._arrival(event)
        dispatch_interaction = parsers["INTERACTION_CREATE"]

        def interaction(data: Any) -> None:
            self._interactions[int(data["id"])] = data
            while len(self._interactions) > KEPT_INTERACTIONS:
                self._interactions.popitem(last=False)
            dispatch_interaction(data)

        parsers["INTERACTION_CREATE"] = interaction

    def _arrival(self, event: str) -> Callable[[Any], None]:
        def store(data: Any) -> None:
            me = self.client.user
            author = data.get("author") or {}
            if me is not None and str(author.get("id")) == str(me.id):
                return  # the bot's own message
            self._arrived.put_nowait(json.dumps({"k": event, "d": data}, separators=(",", ":")))

        return store

    async def deferred(self, interaction: discord.Interaction, kind: str, **args: Any) -> None:
        """Store an interaction its handler has just deferred; a worker answers it."""
        data = self._interactions.pop(interaction.id, None)
        if data is None:  # not seen by the parser (cannot happen with the gateway)
            raise LookupError(f"no raw payload for interaction {interaction.id}")
        await self._put(json.dumps({"k": kind, "d": data, "a": args}, separators=(",", ":")))

    def start_storing(self) -> None:
        """Store events as they arrive (from ``setup_hook``, before the first event)."""
        if self._feeder is None:
            self._feeder = asyncio.create_task(self._feed())

    def start_taking(self) -> None:
        """Start the workers once the client is ready (see the module docstring); once."""
        if not self.started:
            self.started = True
            self.worker.start()

    async def stop(self) -> None:
        """Store what arrived; take nothing new; hand back what the grace period cannot finish."""
        await self._flush()
        if self._feeder is not None:
            self._feeder.cancel()
            await asyncio.gather(self._feeder, return_exceptions=True)
            self._feeder = None
        await self.worker.stop()

    async def _flush(self) -> None:
        if self._feeder is None:
            return
        try:
            async with asyncio.timeout(5):
                await self._arrived.join()
        except TimeoutError:
            log.warning("%d Discord events not stored at shutdown", self._arrived.qsize())

    async def _feed(self) -> None:
        """Write arrived events to the inbox one by one, in arrival order."""
        while True:
            record = await self._arrived.get()
            while True:
                try:
                    await self._put(record)
                    break
                except StorageUnavailable:
                    log.warning("discord inbox unavailable; retrying")
                    await asyncio.sleep(RETRY_S)
            self._arrived.task_done()

    async def _put(self, record: str) -> None:
        await self.inbox.put(record)

    async def _run(self, entry: InboxEntry) -> None:
        try:
            record = json.loads(entry.payload)
            kind, data, args = record["k"], record["d"], record.get("a", {})
        except (ValueError, KeyError, TypeError):
            log.warning("discord inbox entry %s is not an event; dropped", entry.id)
        else:
            await self._turn(entry.id, kind, data, args)
        if being_cancelled():  # stopped mid-turn (a library swallowed it): leave it pending
            raise asyncio.CancelledError
        try:
            await self.inbox.ack(entry.id)
        except StorageUnavailable:  # retried after reclaim; the processed mark drops it then
            log.warning("could not acknowledge discord inbox entry %s", entry.id)

    async def _turn(self, entry_id: str, kind: str, data: Any, args: dict[str, Any]) -> None:
        state: Any = self.client._connection  # discord.py's own way to build its objects
        bridge = self.bridge
        if kind == "MESSAGE_CREATE":
            channel, _ = state._get_guild_channel(data)
            await bridge.message(discord.Message(state=state, channel=channel, data=data))
        elif kind in ("MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE"):
            event = discord.RawPollVoteActionEvent(data)
            await bridge.poll_vote(event, added=kind.endswith("ADD"), serial=entry_id)
        elif kind == "slash":
            interaction = discord.Interaction(data=data, state=state)
            await bridge.slash_deferred(interaction, args["line"], private=args["private"])
        elif kind == "plan":
            await bridge.plan_deferred(discord.Interaction(data=data, state=state), args["line"])
        elif kind == "component":
            await bridge.component_deferred(discord.Interaction(data=data, state=state))
        else:
            log.warning("discord inbox entry %s of unknown kind %s; dropped", entry_id, kind)
