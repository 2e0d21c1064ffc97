"""A stop (SIGTERM) cancels turns that outlive the grace period — but never one in the middle of
showing a committed reply: cancelled between the platform's send and the outbox record, the next
process would show that reply a second time (the deploy test's "Answer #0." shown twice)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot import stream_worker
from bot.stream_worker import StreamWorker, showing


class Entries:
    """A work source that hands out its entries once, then has nothing new."""

    def __init__(self, *ids: str) -> None:
        self.ids = list(ids)
        self.touched: list[str] = []

    async def take(self, consumer: str, count: int, block_s: float) -> Sequence[str]:
        if self.ids:
            out, self.ids = self.ids[:count], self.ids[count:]
            return out
        await asyncio.Event().wait()  # blocks until the worker stops
        return []

    async def reclaim(self, consumer: str, min_idle_s: float, count: int) -> Sequence[str]:
        return []

    async def touch(self, consumer: str, ids: Sequence[str]) -> None:
        self.touched.extend(ids)


class Turns:
    """Turn "showing" sends its reply (released by the test) and records it inside
    :func:`showing`, then waits forever; turn "thinking" waits forever outside it."""

    def __init__(self, inner: bool = False) -> None:
        self.started = {name: asyncio.Event() for name in ("showing", "thinking")}
        self.send_done = asyncio.Event()
        self.thinking_cancelled = asyncio.Event()
        self.log: list[str] = []
        self.inner = inner  # run the turn in a task of its own, as a busy chat's turn runs

    async def run(self, entry: str) -> None:
        if self.inner:  # the entry's task awaits the turn's (bot/busy.py's in_line)
            await asyncio.ensure_future(self.turn(entry))
        else:
            await self.turn(entry)

    async def turn(self, entry: str) -> None:
        self.started[entry].set()
        try:
            if entry == "showing":
                with showing():
                    await self.send_done.wait()  # the platform call, on its way
                    self.log.append("sent")
                    self.log.append("recorded")  # the outbox write after it
            await asyncio.Event().wait()  # the rest of the turn: never ends by itself
            self.log.append(f"{entry} finished")  # pragma: no cover - must not happen
        except asyncio.CancelledError:
            self.log.append(f"{entry} cancelled")
            if entry == "thinking":
                self.thinking_cancelled.set()
            raise


def worker(source: Entries, turns: Turns, handed_back: list[str]) -> StreamWorker[str]:
    async def hand_back(ids: list[str]) -> None:
        handed_back.extend(ids)

    return StreamWorker(
        source, turns.run, lambda entry: entry, consumer="test", concurrency=2,
        reclaim_idle_s=30, grace_s=0, hand_back=hand_back,
    )  # fmt: skip


@pytest.mark.parametrize("inner", [False, True], ids=["in-the-entry-task", "in-a-task-of-its-own"])
async def test_a_turn_showing_its_reply_is_cancelled_only_once_it_is_shown_and_recorded(
    inner: bool,
) -> None:
    turns, handed_back = Turns(inner), list[str]()
    work = worker(Entries("showing", "thinking"), turns, handed_back)
    work.start()
    for started in turns.started.values():
        await started.wait()
    stop = asyncio.create_task(work.stop())
    await turns.thinking_cancelled.wait()  # the grace is over: the stop has cancelled its turns
    assert turns.log == ["thinking cancelled"]  # the one showing goes on
    turns.send_done.set()
    await stop
    assert turns.log == ["thinking cancelled", "sent", "recorded", "showing cancelled"]
    assert sorted(handed_back) == ["showing", "thinking"]  # neither ended: both run again


async def test_a_turn_stuck_while_showing_is_cancelled_after_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stream_worker, "SHOWING_BOUND_S", 0.01)
    turns, handed_back = Turns(), list[str]()
    work = worker(Entries("showing", "thinking"), turns, handed_back)
    work.start()
    for started in turns.started.values():
        await started.wait()
    await work.stop()  # the send never returns (a platform's long rate-limit wait)
    assert sorted(turns.log) == ["showing cancelled", "thinking cancelled"]
    assert sorted(handed_back) == ["showing", "thinking"]
