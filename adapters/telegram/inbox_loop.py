"""Telegram updates through the durable inbox (:mod:`bot.storage.inbox`).

Polling: each ``getUpdates`` batch is written to the inbox *before* the next call moves the
offset (Telegram forgets an update only when a later call confirms it), and workers take the
entries. Webhook: the update is written as already taken by the receiving process, which runs
its turn and answers 200 once the update's place in its chat's order is fixed — free text as
soon as it waits in the chat's pending list (bot/busy.py), anything else after its turn — so
Telegram keeps one chat's updates in order across processes while a burst typed during a long
turn still arrives and is folded. Either way a crash after the write loses nothing.

Each entry runs through PTB's update processor (per-chat FIFO, see
:class:`~adapters.telegram.handlers.PerChatUpdateProcessor`) and is acknowledged only after the
turn returned, i.e. after its commit — or not at all when its chat stayed busy and the turn handed
it back (:data:`bot.busy.KEPT`): then it is reclaimed and run again. Running entries are touched
every few seconds; entries of a worker that died are reclaimed after ``inbox_reclaim_idle_s`` and
retried — the core's processed mark drops a turn that had already committed, so each message is
answered once.

``stop()`` (SIGTERM) stops taking updates, lets running turns finish for ``shutdown_grace_s``,
then cancels the rest: their entries stay pending and another (or the next) process takes them.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import Application

from bot.busy import IN_LINE, KEPT, Kept, finish_entry
from bot.errors import StorageUnavailable
from bot.storage.inbox import Inbox, InboxEntry
from bot.stream_worker import StreamWorker, consumer_name

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
RETRY_S = 1.0  # pause after Redis or the Bot API failed, before trying again


class InboxRunner:
    """Feeds one process's updates into the inbox and runs turns taken from it.

    Taking, reclaiming, touching and handing back are :class:`~bot.stream_worker.StreamWorker`'s
    (the planner and Discord workers use the same loop); this class feeds Telegram's updates in
    and says how one entry runs.
    """

    def __init__(
        self,
        inbox: Inbox,
        application: AnyApplication,
        *,
        reclaim_idle_s: float,
        grace_s: float,
        poll_timeout: float = 10.0,
        allowed_updates: Sequence[str] = (),
        max_in_flight: int = 64,
    ) -> None:
        self.inbox = inbox
        self.application = application
        self.consumer = consumer_name()
        self.poll_timeout = poll_timeout
        self.allowed_updates = list(allowed_updates)
        self.worker: StreamWorker[InboxEntry] = StreamWorker(
            inbox, self._run, lambda entry: entry.id, consumer=self.consumer,
            concurrency=max_in_flight, reclaim_idle_s=reclaim_idle_s, grace_s=grace_s,
            what="inbox entries", keeper=inbox,
        )  # fmt: skip
        self._feeder: asyncio.Task[None] | None = None

    @property
    def running(self) -> dict[asyncio.Task[None], str]:
        return self.worker.running

    @property
    def _stopping(self) -> bool:
        return self.worker.stopping

    async def start(self, *, polling: bool) -> None:
        """Start draining (and, when polling, feeding) the inbox."""
        # Webhook entries are stored as taken by the receiving process: only reclaim here.
        self.worker.take_new = polling
        self.worker.start()
        if polling:
            self._feeder = asyncio.create_task(self._feed())

    async def put(self, update: Update) -> None:
        """Store one polled update durably."""
        await self.inbox.put(_payload(update))

    async def run_now(self, update: Update) -> None:
        """Store a webhook update as taken by this process and run its turn; return once its
        place in the chat's order is fixed.

        Telegram sends a chat's next update only after this returns (the webhook's 200). Free
        text returns as soon as it waits in the chat's pending list (bot/busy.py): the list keeps
        the order across processes, and messages typed during a long turn arrive and are folded
        into one reply. Anything else (commands, buttons, a full worker) returns after its turn.
        If this process dies meanwhile, the entry is reclaimed by another (and Telegram
        redelivers what was not answered; the duplicate is dropped).
        """
        if self._stopping:
            raise StorageUnavailable("shutting down: not taking new turns")
        *older, entry = await self.inbox.put_taken(self.consumer, _payload(update))
        for waiting in older:  # left by a process that fed without taking: ours now
            self.worker.submit(waiting)
        in_line = asyncio.Event()
        token = IN_LINE.set(in_line.set)  # copied into the turn's task, and only into it
        try:
            turn = self.worker.submit(entry)
        finally:
            IN_LINE.reset(token)
        waits: list[asyncio.Task[Any]] = [turn]
        if len(self.worker.running) <= self.worker.concurrency:  # else Telegram waits for it
            waits.append(asyncio.create_task(in_line.wait()))
        try:  # neither task is cancelled when the connection drops
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for placed in waits[1:]:
                placed.cancel()
        if turn.done() and not turn.cancelled():
            turn.result()  # a turn that failed fails the request, as before

    async def stop(self) -> None:
        """Take nothing new; finish running turns within the grace period; hand back the rest."""
        self.worker.stopping = True  # before the feeder's cancel: no new update is stored
        if self._feeder is not None:
            self._feeder.cancel()
            await asyncio.wait([self._feeder], timeout=5)
            self._feeder = None
        await self.worker.stop()

    async def _feed(self) -> None:
        """Long-poll the Bot API; store each batch before the next call confirms it."""
        bot = self.application.bot
        offset: int | None = None
        while not self._stopping:
            try:
                updates = await bot.get_updates(
                    offset=offset, timeout=int(self.poll_timeout),
                    allowed_updates=self.allowed_updates or None,
                )  # fmt: skip
                for update in updates:
                    await self.put(update)
                    offset = update.update_id + 1
            except (NetworkError, StorageUnavailable) as exc:
                if not self._stopping:
                    log.warning("polling paused: %s", type(exc).__name__)
                    await self.worker.pause(RETRY_S)

    async def _run(self, entry: InboxEntry) -> None:
        app = self.application
        try:
            update = Update.de_json(json.loads(entry.payload), app.bot)
        # PTB's de_json raises whatever a wrong shape provokes (KeyError, TypeError, ...): a
        # stored entry that is not an update is dropped, never retried forever.
        except Exception as exc:  # noqa: BLE001
            log.warning("inbox entry %s is not an update (%s); dropped", entry.id, exc)
            update = None
        kept = Kept()
        KEPT.set(kept)  # this task's context: the turn (and its tasks) may wait or hand it back
        if update is not None:
            await app.update_processor.process_update(update, app.process_update(update))
        await finish_entry(self.inbox, entry.id, kept)


def _payload(update: Update) -> str:
    return json.dumps(update.to_dict(), separators=(",", ":"))
