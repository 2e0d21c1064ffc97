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

Messages that reached no process — sent while none was connected (a deploy, a crash) or still
on their way from the gateway to Redis when the process died — are fetched when the next process
starts: each stored message also moves its channel's mark
(:class:`~bot.storage.ports.ChannelMarks`), and before storing anything live the feeder asks
Discord for the messages after each mark of the last ``CATCH_UP_S`` (one page of
``CATCH_UP_PAGE`` per channel, channels of this process's shards, at most ``CATCH_UP_CHANNELS``)
and stores them first, in order. It needs the Read Message History permission. What no design
here can save: a poll vote missed that way (Discord keeps no history of vote events), messages
older than the window, and an interaction whose process died before deferring it (Discord shows
the user "The application did not respond").

Workers start once the client is ready (the channel and thread caches are filled), so a
reclaimed message is recognised as in a trip thread just as a live one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import discord

from adapters.discord.bridge import Bridge
from bot.busy import KEPT, Kept, finish_entry, in_line
from bot.errors import StorageUnavailable
from bot.storage.inbox import Inbox, InboxEntry
from bot.storage.ports import ChannelMark, ChannelMarks
from bot.stream_worker import StreamWorker

log = logging.getLogger(__name__)

STORED_EVENTS = ("MESSAGE_CREATE", "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE")
CATCH_UP_S = 3600.0  # a channel quiet for longer is not asked for what it missed
CATCH_UP_PAGE = 100  # messages fetched per channel (Discord's largest page)
CATCH_UP_CHANNELS = 500  # the most recently active channels asked, at most
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
        marks: ChannelMarks | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client, self.bridge, self.inbox = client, bridge, inbox
        self.marks, self.clock = marks, clock
        self.worker: StreamWorker[InboxEntry] = StreamWorker(
            inbox, self._run, lambda entry: entry.id, consumer=consumer,
            concurrency=max_in_flight, reclaim_idle_s=reclaim_idle_s, grace_s=grace_s,
            what="discord inbox entries", keeper=inbox,
        )  # fmt: skip
        self._arrived: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self._caught: set[str] = set()  # message ids stored by the catch-up
        self._gates: dict[str, asyncio.Lock] = {}  # per channel: entries in stream order
        self._gated: dict[str, int] = {}
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
            self._arrived.put_nowait((event, data))

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
        """Store what was missed, then write arrived events to the inbox one by one, in order."""
        await self._catch_up()
        while True:
            event, data = await self._arrived.get()
            if not (event == "MESSAGE_CREATE" and str(data.get("id")) in self._caught):
                await self._store(event, data)
            self._arrived.task_done()

    async def _store(self, event: str, data: Any) -> None:
        record = json.dumps({"k": event, "d": data}, separators=(",", ":"))
        while True:
            try:
                await self._put(record)
                break
            except StorageUnavailable:
                log.warning("discord inbox unavailable; retrying")
                await asyncio.sleep(RETRY_S)
        if event == "MESSAGE_CREATE" and self.marks is not None:
            guild = str(data.get("guild_id") or "")
            mark = ChannelMark(str(data["channel_id"]), str(data["id"]), guild, self.clock())
            await self.marks.advance(mark)

    async def _catch_up(self) -> None:
        """Store the messages sent after each recent channel mark (see the module docstring)."""
        if self.marks is None:
            return
        marks = await self.marks.recent(self.clock() - CATCH_UP_S)
        found = 0
        for mark in [m for m in marks if self._ours(m)][-CATCH_UP_CHANNELS:]:
            try:
                page = await self.client.http.logs_from(
                    int(mark.channel_id), CATCH_UP_PAGE, after=int(mark.message_id)
                )
            except (discord.HTTPException, ValueError) as exc:
                log.warning("could not catch up on channel %s (%s)", mark.channel_id, exc)
                continue
            me = self.client.user
            for data in sorted(page, key=lambda d: int(d["id"])):
                if me is not None and str(data.get("author", {}).get("id")) == str(me.id):
                    continue  # the bot's own message
                if mark.guild_id:
                    data = {**data, "guild_id": mark.guild_id}  # REST leaves it out
                await self._store("MESSAGE_CREATE", data)
                self._caught.add(str(data["id"]))
                found += 1
        if found:
            log.info("caught up on %d Discord messages sent while no process listened", found)

    def _ours(self, mark: ChannelMark) -> bool:
        """Whether ``mark``'s channel belongs to one of this process's shards (DMs: shard 0)."""
        shards = getattr(self.client, "shard_ids", None)
        if shards is None:
            return True
        count = getattr(self.client, "shard_count", None) or 1
        shard = (int(mark.guild_id) >> 22) % count if mark.guild_id else 0
        return shard in shards

    async def _put(self, record: str) -> None:
        await self.inbox.put(record)

    async def _run(self, entry: InboxEntry) -> None:
        kept = Kept()
        KEPT.set(kept)  # this task's context: the turn (and its tasks) may wait or hand it back
        try:
            record = json.loads(entry.payload)
            kind, data, args = record["k"], record["d"], record.get("a", {})
        except (ValueError, KeyError, TypeError):
            log.warning("discord inbox entry %s is not an event; dropped", entry.id)
        else:
            channel = _channel_of(data)
            gate = self._gates.setdefault(channel, asyncio.Lock())
            self._gated[channel] = self._gated.get(channel, 0) + 1
            try:  # one channel's entries in stream order: the next goes once this one ended
                async with gate:  # or, free text, waits in the core's list (bot/busy.py)
                    turn = await in_line(self._turn(entry.id, kind, data, args))
                await turn
            finally:
                self._gated[channel] -= 1
                if not self._gated[channel]:
                    del self._gated[channel], self._gates[channel]
        await finish_entry(self.inbox, entry.id, kept, "discord inbox entry")

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


def _channel_of(data: Any) -> str:
    """The channel (or thread) an event happened in; "" when the payload does not say."""
    if isinstance(data, dict):
        channel = data.get("channel_id") or (data.get("channel") or {}).get("id")
        return str(channel or "")
    return ""
