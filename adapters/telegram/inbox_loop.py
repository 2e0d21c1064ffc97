"""Telegram updates through the durable inbox (:mod:`bot.storage.inbox`).

Polling: each ``getUpdates`` batch is written to the inbox *before* the next call moves the
offset (Telegram forgets an update only when a later call confirms it), and workers take the
entries. Webhook: the update is written as already taken by the receiving process, which runs
its turn and answers 200 after it (so Telegram keeps one chat's updates in order across
processes). Either way a crash after the write loses nothing.

Each entry runs through PTB's update processor (per-chat FIFO, see
:class:`~adapters.telegram.handlers.PerChatUpdateProcessor`) and is acknowledged only after the
turn returned, i.e. after its commit. Running entries are touched every few seconds; entries of a
worker that died are reclaimed after ``inbox_reclaim_idle_s`` and retried — the core's processed
mark drops a turn that had already committed, so each message is answered once.

``stop()`` (SIGTERM) stops taking updates, lets running turns finish for ``shutdown_grace_s``,
then cancels the rest: their entries stay pending and another (or the next) process takes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import uuid
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import Application

from bot.errors import StorageUnavailable
from bot.storage.inbox import Inbox, InboxEntry

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
RETRY_S = 1.0  # pause after Redis or the Bot API failed, before trying again


def consumer_name() -> str:
    """A name unique to this process (a restarted process is a new consumer)."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class InboxRunner:
    """Feeds one process's updates into the inbox and runs turns taken from it."""

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
        self.reclaim_idle_s = reclaim_idle_s
        self.grace_s = grace_s
        self.poll_timeout = poll_timeout
        self.allowed_updates = list(allowed_updates)
        self.max_in_flight = max_in_flight
        self.running: dict[asyncio.Task[None], str] = {}
        self._loops: list[asyncio.Task[None]] = []
        self._slot = asyncio.Event()
        self._stopping = False
        self.polling = True

    async def start(self, *, polling: bool) -> None:
        """Start draining (and, when polling, feeding) the inbox."""
        self.polling = polling
        self._loops = [asyncio.create_task(self._drain()), asyncio.create_task(self._touch())]
        if polling:
            self._loops.append(asyncio.create_task(self._feed()))

    async def put(self, update: Update) -> None:
        """Store one polled update durably."""
        await self.inbox.put(_payload(update))

    async def run_now(self, update: Update) -> None:
        """Store a webhook update as taken by this process, run its turn, acknowledge it.

        The webhook answers 200 after this: Telegram sends a chat's next update only then, so
        one chat's turns keep their order across processes. If this process dies meanwhile,
        the entry is reclaimed by another (and Telegram redelivers; the duplicate is dropped).
        """
        if self._stopping:
            raise StorageUnavailable("shutting down: not taking new turns")
        *older, entry = await self.inbox.put_taken(self.consumer, _payload(update))
        for waiting in older:  # left by a process that fed without taking: ours now
            self._start(waiting)
        await asyncio.shield(self._start(entry))  # a dropped connection does not cancel it

    def _start(self, entry: InboxEntry) -> asyncio.Task[None]:
        task = asyncio.create_task(self._run(entry))
        self.running[task] = entry.id
        task.add_done_callback(self._finished)
        return task

    async def stop(self) -> None:
        """Take nothing new; finish running turns within the grace period; hand back the rest."""
        # A flag as well as cancel(): the Redis client may turn a cancelled read into an error.
        self._stopping = True
        for loop in self._loops:
            loop.cancel()
        await asyncio.wait(self._loops, timeout=5)
        self._loops = []
        if self.running:
            _, late = await asyncio.wait(list(self.running), timeout=self.grace_s)
            for task in late:
                task.cancel()  # its entry stays pending: another process takes it over
            if late:
                log.warning("%d running turns handed back to the inbox", len(late))
                await asyncio.gather(*late, return_exceptions=True)

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
                    await asyncio.sleep(RETRY_S)

    async def _drain(self) -> None:
        """Take entries (a dead worker's first) and run each as a turn."""
        while not self._stopping:
            free = self.max_in_flight - len(self.running)
            if free <= 0:
                self._slot.clear()
                await self._slot.wait()
                continue
            try:
                entries = await self.inbox.reclaim(self.consumer, self.reclaim_idle_s, free)
                if entries:
                    log.info("reclaimed %d inbox entries of a stopped worker", len(entries))
                if self.polling and free > len(entries):  # webhook entries: taken by receiver
                    entries += await self.inbox.take(self.consumer, free - len(entries), 1.0)
                else:
                    await asyncio.sleep(self.reclaim_idle_s / 3)
            except StorageUnavailable:
                if not self._stopping:
                    log.warning("inbox unavailable; retrying")
                    await asyncio.sleep(RETRY_S)
                continue
            mine = set(self.running.values())
            for entry in entries:
                if entry.id not in mine:  # else already running here (reclaimed from us)
                    self._start(entry)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self.running.pop(task, None)
        self._slot.set()

    async def _run(self, entry: InboxEntry) -> None:
        app = self.application
        try:
            update = Update.de_json(json.loads(entry.payload), app.bot)
        # PTB's de_json raises whatever a wrong shape provokes (KeyError, TypeError, ...): a
        # stored entry that is not an update is dropped, never retried forever.
        except Exception as exc:  # noqa: BLE001
            log.warning("inbox entry %s is not an update (%s); dropped", entry.id, exc)
            update = None
        if update is not None:
            await app.update_processor.process_update(update, app.process_update(update))
        try:
            await self.inbox.ack(entry.id)
        except StorageUnavailable:  # retried after reclaim; the processed mark drops it then
            log.warning("could not acknowledge inbox entry %s", entry.id)

    async def _touch(self) -> None:
        """Keep running entries ours (a long turn is not a dead worker)."""
        while not self._stopping:
            await asyncio.sleep(self.reclaim_idle_s / 3)
            with contextlib.suppress(StorageUnavailable):
                await self.inbox.touch(self.consumer, list(self.running.values()))


def _payload(update: Update) -> str:
    return json.dumps(update.to_dict(), separators=(",", ":"))
