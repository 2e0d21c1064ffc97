"""One worker loop for every durable queue: take, reclaim, keep alive, hand back.

The inbox of platform updates (Telegram, Discord) and the plan-job queue are both streams read
through a consumer group (:mod:`bot.storage.redis_streams`); their workers differ only in what one
entry *is* and how it runs. This loop is the part they share:

* take up to ``concurrency`` entries at once, a dead worker's first (``reclaim`` of entries idle
  for ``reclaim_idle_s``), then new ones (unless ``take_new`` is off: a webhook process runs only
  what it received and what it reclaims);
* touch the running entries every third of ``reclaim_idle_s``, so a long turn or plan is never
  taken from a live worker;
* ``stop()`` (SIGTERM): take nothing new, let running entries finish for ``grace_s``, cancel the
  rest and hand them back (at once, when the source can; else they are reclaimed after the idle
  time) — another process, or the next one, runs them.

What "done" means belongs to ``run``: it acknowledges (or completes) its entry only after the
work committed, so an entry of a worker killed at any moment stays pending and is retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, Generic, Protocol, TypeVar

from bot.errors import StorageUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
RETRY_S = 1.0  # pause after the store failed, before trying again
TAKE_BLOCK_S = 1.0  # how long one take waits for a new entry


def consumer_name(role: str = "") -> str:
    """A consumer name unique to this process (a restarted process is a new consumer)."""
    prefix = f"{role}-" if role else ""
    return f"{prefix}{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class WorkSource(Protocol[T_co]):
    """A consumer group's side the worker needs (the inbox and the plan-job queue have it)."""

    async def take(self, consumer: str, count: int, block_s: float) -> Sequence[T_co]: ...

    async def reclaim(self, consumer: str, min_idle_s: float, count: int) -> Sequence[T_co]: ...

    async def touch(self, consumer: str, ids: Sequence[str]) -> None: ...


class StreamWorker(Generic[T]):
    """Runs entries of ``source`` through ``run``, up to ``concurrency`` at once."""

    def __init__(
        self,
        source: WorkSource[T],
        run: Callable[[T], Coroutine[Any, Any, None]],
        entry_id: Callable[[T], str],
        *,
        consumer: str,
        concurrency: int,
        reclaim_idle_s: float,
        grace_s: float,
        take_new: bool = True,
        hand_back: Callable[[list[str]], Awaitable[None]] | None = None,
        on_reclaimed: Callable[[int], None] | None = None,
        what: str = "entries",
    ) -> None:
        self.source, self.run, self.entry_id = source, run, entry_id
        self.consumer = consumer
        self.concurrency = max(1, concurrency)
        self.reclaim_idle_s, self.grace_s = reclaim_idle_s, grace_s
        self.take_new = take_new
        self.hand_back, self.on_reclaimed = hand_back, on_reclaimed
        self.what = what  # for the logs: "inbox entries", "plan jobs"
        self.running: dict[asyncio.Task[None], str] = {}
        self._loops: list[asyncio.Task[None]] = []
        self._slot = asyncio.Event()
        self.stopping = False
        self._stopped = asyncio.Event()  # ends a pause at once, even if a cancel was swallowed

    def start(self) -> None:
        """Start taking entries and keeping the running ones alive."""
        self.stopping = False
        self._stopped.clear()
        self._loops = [asyncio.create_task(self._drain()), asyncio.create_task(self._touch())]

    def submit(self, entry: T) -> asyncio.Task[None]:
        """Run an entry this consumer already holds (e.g. stored as taken by a webhook)."""
        task = asyncio.create_task(self.run(entry))
        self.running[task] = self.entry_id(entry)
        task.add_done_callback(self._finished)
        return task

    async def stop(self) -> None:
        """Take nothing new; finish running entries within the grace period; hand back the rest."""
        # A flag as well as cancel(): the Redis client may turn a cancelled read into an error.
        self.stopping = True
        self._stopped.set()
        for loop in self._loops:
            loop.cancel()
        if self._loops:
            await asyncio.wait(self._loops, timeout=5)
        self._loops = []
        if not self.running:
            return
        _, late = await asyncio.wait(list(self.running), timeout=self.grace_s)
        ids = [self.running[task] for task in late if task in self.running]
        for task in late:
            task.cancel()  # its entry stays pending: another process takes it over
        if late:
            await asyncio.gather(*late, return_exceptions=True)
            log.warning("%d running %s handed back", len(late), self.what)
        if ids and self.hand_back is not None:
            try:
                await self.hand_back(ids)
            except StorageUnavailable:  # still pending: reclaimed after the idle time instead
                log.warning("could not hand back %d %s; they are reclaimed later", len(ids),
                            self.what)  # fmt: skip

    async def _drain(self) -> None:
        """Take entries (a dead worker's first) and run each."""
        while not self.stopping:
            free = self.concurrency - len(self.running)
            if free <= 0:
                self._slot.clear()
                await self._slot.wait()
                continue
            try:
                entries = await self._next(free)
            except StorageUnavailable:
                if not self.stopping:
                    log.warning("%s unavailable; retrying", self.what)
                    await self.pause(RETRY_S)
                continue
            mine = set(self.running.values())
            for entry in entries:
                if self.entry_id(entry) not in mine:  # else already running here
                    self.submit(entry)

    async def _next(self, free: int) -> list[T]:
        entries = list(await self.source.reclaim(self.consumer, self.reclaim_idle_s, free))
        if entries:
            log.info("reclaimed %d %s of a stopped worker", len(entries), self.what)
            if self.on_reclaimed is not None:
                self.on_reclaimed(len(entries))
        if self.take_new and len(entries) < free:
            entries += await self.source.take(self.consumer, free - len(entries), TAKE_BLOCK_S)
        elif not self.take_new:
            await self.pause(self.reclaim_idle_s / 3)
        return entries

    async def pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less when the worker stops meanwhile (a stop never waits out a
        pause, even when the Redis client swallowed the cancel)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopped.wait(), seconds)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self.running.pop(task, None)
        self._slot.set()

    async def _touch(self) -> None:
        """Keep running entries ours (a long turn or plan is not a dead worker)."""
        while not self.stopping:
            await self.pause(self.reclaim_idle_s / 3)
            with contextlib.suppress(StorageUnavailable):
                await self.source.touch(self.consumer, list(self.running.values()))
