"""A cancellation meant for the current task is never swallowed by stopping a helper task; a
task that swallows its own cancellation is cancelled again."""

from __future__ import annotations

import asyncio
import contextlib

from bot.aio import being_cancelled, cancel_all, cancel_and_wait


async def _helper(started: asyncio.Event, stopping: asyncio.Event, release: asyncio.Event) -> None:
    try:  # like a typing indicator task that takes a moment to end
        started.set()
        await asyncio.Event().wait()
    finally:
        stopping.set()
        await release.wait()


async def _carries_on_when_stopped(stop: str) -> bool:
    """Whether a turn cancelled while it waits for its helper to end carries on regardless."""
    started, stopping, release = asyncio.Event(), asyncio.Event(), asyncio.Event()
    carried_on = False

    async def turn() -> None:
        nonlocal carried_on
        task = asyncio.create_task(_helper(started, stopping, release))
        await started.wait()
        if stop == "suppress":  # the old pattern
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        else:
            await cancel_and_wait(task)
        carried_on = True  # ... and would acknowledge its inbox entry, unanswered

    running = asyncio.create_task(turn())
    await stopping.wait()  # the turn now waits for its helper to end ...
    running.cancel()  # ... when the worker stops it
    release.set()
    with contextlib.suppress(asyncio.CancelledError):
        await running
    return carried_on


async def test_stopping_a_helper_does_not_swallow_the_callers_own_cancellation() -> None:
    assert await _carries_on_when_stopped("suppress")  # the trap the helper avoids
    assert not await _carries_on_when_stopped("cancel_and_wait")


async def test_a_helper_stopped_by_its_owner_ends_quietly() -> None:
    started, stopping, release = asyncio.Event(), asyncio.Event(), asyncio.Event()
    release.set()
    helper = asyncio.create_task(_helper(started, stopping, release))
    await started.wait()
    await cancel_and_wait(helper)  # no error: the cancellation was the helper's, not ours
    assert helper.cancelled() and not being_cancelled()


async def test_a_loop_that_swallows_its_cancel_is_cancelled_again_and_ends() -> None:
    """As a worker loop whose Redis write went through Python 3.11's wait_for when the stop came
    (python/cpython#86296): the first cancel is lost and the loop goes on into a blocking read."""
    writing, swallowed = asyncio.Event(), asyncio.Event()

    async def loop() -> None:
        with contextlib.suppress(asyncio.CancelledError):
            writing.set()
            await asyncio.Event().wait()  # the write, whose wait_for drops the cancel
        swallowed.set()
        await asyncio.Event().wait()  # the next take's read, blocking

    task = asyncio.create_task(loop())
    await writing.wait()
    assert await cancel_all([task], within_s=30) == set()
    assert swallowed.is_set() and task.cancelled()


async def test_a_task_still_running_when_the_time_is_up_is_given_back_cancelled() -> None:
    started = asyncio.Event()

    async def stubborn() -> None:
        with contextlib.suppress(asyncio.CancelledError):
            started.set()
            await asyncio.Event().wait()
        await asyncio.Event().wait()

    task = asyncio.create_task(stubborn())
    await started.wait()
    assert await cancel_all([task], within_s=0) == {task}  # no time to end: given back
    assert await cancel_all([task], within_s=30) == set()  # cancelled until it ends
    assert task.cancelled()
