"""``bot.busy.in_line``: an adapter lets a chat's next update go once this one waits in line."""

from __future__ import annotations

import asyncio

import pytest

from bot.busy import IN_LINE, in_line


async def _folding_turn(placed: asyncio.Event, done: asyncio.Event) -> None:
    signal = IN_LINE.get()
    assert signal is not None
    signal()  # what Folding.arrive does once the message is in the chat's list
    placed.set()
    await done.wait()


async def test_it_returns_once_the_message_waits_in_line_and_the_turn_goes_on() -> None:
    placed, done = asyncio.Event(), asyncio.Event()
    turn = await in_line(_folding_turn(placed, done))
    assert placed.is_set() and not turn.done()  # in line, still running
    done.set()
    await turn


async def test_a_turn_that_never_waits_in_line_is_waited_for() -> None:
    ran: list[str] = []

    async def command() -> None:  # a command's turn: it ends without waiting in line
        ran.append("done")

    turn = await in_line(command())
    assert turn.done() and ran == ["done"]


async def test_an_outer_waiter_hears_it_too() -> None:
    heard: list[str] = []
    token = IN_LINE.set(lambda: heard.append("webhook"))
    try:
        placed, done = asyncio.Event(), asyncio.Event()
        turn = await in_line(_folding_turn(placed, done))
    finally:
        IN_LINE.reset(token)
    assert heard == ["webhook"]
    done.set()
    await turn


async def test_cancelled_while_waiting_it_cancels_the_turn() -> None:
    started = asyncio.Event()

    async def stuck() -> None:
        started.set()
        await asyncio.Event().wait()

    outer = asyncio.create_task(in_line(stuck()))
    await started.wait()
    outer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await outer
    assert all(t.done() for t in asyncio.all_tasks() if t is not asyncio.current_task())
