"""One worker loop for every durable queue: take, reclaim, keep alive, hand back.

The inbox of platform updates (Telegram, Discord) and the plan-job queue are both streams read
through a consumer group (:mod:`bot.storage.redis_streams`); their workers differ only in what one
entry *is* and how it runs. This loop is the part they share:

* take up to ``concurrency`` entries at once, a dead worker's first (``reclaim`` of entries idle
  for ``reclaim_idle_s``), then new ones (unless ``take_new`` is off: a webhook process runs only
  what it received and what it reclaims);
* touch the running entries every third of ``reclaim_idle_s``, so a long turn or plan is never
  taken from a live worker — and, given a ``keeper``, have the process's heartbeat thread touch
  them too (bot/storage/lock_keeper.py): a loop starved for longer than the idle time keeps them;
* ``stop()`` (SIGTERM): take nothing new, let running entries finish for ``grace_s``, cancel the
  rest and hand them back (at once, when the source can; else they are reclaimed after the idle
  time) — another process, or the next one, runs them. A turn caught while it shows a committed
  reply (inside :func:`showing`: the platform call and the outbox record after it) is cancelled
  only once that step is over, waited for at most ``SHOWING_BOUND_S``: cancelled in between, the
  message was shown but not recorded, and the next process would show it a second time.

What "done" means belongs to ``run``: it acknowledges (or completes) its entry only after the
work committed, so an entry of a worker killed at any moment stays pending and is retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import socket
import uuid
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar

from bot.aio import cancel_all
from bot.errors import StorageUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
RETRY_S = 1.0  # pause after the store failed, before trying again
# How long one take waits for a new entry; at most a third of the reclaim idle time, so a dead
# worker's entry is reclaimed within 4/3 of that time whatever the idle time is set to.
TAKE_BLOCK_S = 1.0
# How long a stop waits for turns that are showing a reply to finish that step: a send and an
# outbox write take well under a second; a platform's rate-limit wait may not, and then the stop
# cancels anyway, and waits CANCEL_BOUND_S at most for the cancelled turns to end — so a stop
# ends within SHUTDOWN_GRACE_S + 5 s (fly.toml's kill_timeout leaves 5 s more to close clients).
SHOWING_BOUND_S = 4.0
CANCEL_BOUND_S = 1.0


class _Showing:
    """One running entry's :func:`showing` depth, and whether a stop asked to cancel it meanwhile.

    Shared through a context variable by every task the entry's task starts (a turn may run in
    a task of its own that the entry's task awaits): cancelling the entry's task cancels them.
    """

    __slots__ = ("cancel_asked", "depth", "task")

    def __init__(self) -> None:
        self.depth, self.cancel_asked = 0, False
        self.task: asyncio.Task[Any] | None = None


_GUARD: contextvars.ContextVar[_Showing | None] = contextvars.ContextVar("showing", default=None)
_GUARDS: weakref.WeakKeyDictionary[asyncio.Task[Any], _Showing] = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def showing() -> Iterator[None]:
    """Mark the running entry as showing a committed reply: :meth:`StreamWorker.stop` cancels it
    only once the block is left (a cancel asked for meanwhile is carried out then). Outside a
    worker's entry (the terminal chat) nothing cancels a turn, and this does nothing."""
    guard = _GUARD.get()
    if guard is None:
        yield
        return
    guard.depth += 1
    try:
        yield
    finally:
        guard.depth -= 1
        if guard.depth == 0 and guard.cancel_asked and guard.task is not None:
            guard.cancel_asked = False
            guard.task.cancel()  # raised at its next await, outside the block


def cancel_when_shown(task: asyncio.Task[Any]) -> None:
    """Cancel ``task`` now, or as soon as it leaves :func:`showing`."""
    guard = _GUARDS.get(task)
    if guard is not None and guard.depth > 0:
        guard.cancel_asked = True
    else:
        task.cancel()


def _guarded(coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Start ``coroutine`` as a task with a :class:`_Showing` guard of its own."""
    guard = _Showing()
    token = _GUARD.set(guard)
    try:
        task = asyncio.create_task(coroutine)  # copies the context, with the guard
    finally:
        _GUARD.reset(token)
    guard.task = task
    _GUARDS[task] = guard
    return task


def consumer_name(role: str = "") -> str:
    """A consumer name unique to this process (a restarted process is a new consumer)."""
    prefix = f"{role}-" if role else ""
    return f"{prefix}{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class WorkSource(Protocol[T_co]):
    """A consumer group's side the worker needs (the inbox and the plan-job queue have it)."""

    async def take(self, consumer: str, count: int, block_s: float) -> Sequence[T_co]: ...

    async def reclaim(self, consumer: str, min_idle_s: float, count: int) -> Sequence[T_co]: ...

    async def touch(self, consumer: str, ids: Sequence[str]) -> None: ...


class EntryKeeper(Protocol):
    """Touches running entries from outside the event loop (the inbox, with a keeper thread)."""

    def keep(self, consumer: str, entry_id: str) -> None: ...

    def let_go(self, consumer: str, entry_id: str) -> None: ...


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
        keeper: EntryKeeper | None = None,
    ) -> None:
        self.source, self.run, self.entry_id = source, run, entry_id
        self.consumer = consumer
        self.concurrency = max(1, concurrency)
        self.reclaim_idle_s, self.grace_s = reclaim_idle_s, grace_s
        self.take_new = take_new
        self.hand_back, self.on_reclaimed = hand_back, on_reclaimed
        self.what = what  # for the logs: "inbox entries", "plan jobs"
        self.keeper = keeper
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
        task = _guarded(self.run(entry))
        self.running[task] = entry_id = self.entry_id(entry)
        if self.keeper is not None:
            self.keeper.keep(self.consumer, entry_id)
        task.add_done_callback(self._finished)
        return task

    async def stop(self) -> None:
        """Take nothing new; finish running entries within the grace period; hand back the rest."""
        # A flag as well as cancel(): the Redis client may turn a cancelled read into an error.
        self.stopping = True
        self._stopped.set()
        await cancel_all(self._loops, within_s=5)  # a take's read may swallow the first cancel
        self._loops = []
        if not self.running:
            return
        _, late = await asyncio.wait(list(self.running), timeout=self.grace_s)
        ids = [self.running[task] for task in late if task in self.running]
        for task in late:
            cancel_when_shown(task)  # its entry stays pending: another process takes it over
        if late:
            _, stuck = await asyncio.wait(late, timeout=SHOWING_BOUND_S)
            for task in stuck:  # still showing (a rate-limit wait?): the deadline comes first
                task.cancel()
            # Bounded too: a library that swallows a cancel must not keep the process alive
            # past the platform's kill timeout (its entry stays pending all the same).
            # (an error a turn ended with is logged by _finished, which retrieves it)
            left = (await asyncio.wait(late, timeout=CANCEL_BOUND_S))[1] if stuck else set()
            if left:
                log.warning("%d %s did not stop when cancelled", len(left), self.what)
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
            block = min(TAKE_BLOCK_S, self.reclaim_idle_s / 3)
            entries += await self.source.take(self.consumer, free - len(entries), block)
        elif not self.take_new:
            await self.pause(self.reclaim_idle_s / 3)
        return entries

    async def pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less when the worker stops meanwhile (a stop never waits out a
        pause, even when the Redis client swallowed the cancel)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopped.wait(), seconds)

    def _finished(self, task: asyncio.Task[None]) -> None:
        entry_id = self.running.pop(task, None)
        if entry_id is not None and self.keeper is not None:
            self.keeper.let_go(self.consumer, entry_id)
        self._slot.set()
        if not task.cancelled() and (error := task.exception()) is not None:
            # Left pending, so retried after the reclaim; said here, or it is never seen.
            log.error("%s %s failed", self.what, entry_id, exc_info=error)

    async def _touch(self) -> None:
        """Keep running entries ours (a long turn or plan is not a dead worker)."""
        while not self.stopping:
            await self.pause(self.reclaim_idle_s / 3)
            with contextlib.suppress(StorageUnavailable):
                await self.source.touch(self.consumer, list(self.running.values()))
