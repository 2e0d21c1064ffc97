"""Cancellation that is never swallowed.

``task.cancel(); with suppress(CancelledError): await task`` is the usual way to stop a helper
task, and it has a trap: when the *current* task is cancelled while it waits there (a worker
stopping at the end of its grace period), the suppress swallows that cancellation too, and the
turn carries on as if nothing happened — then acknowledges an inbox entry whose answer was never
shown. These helpers re-raise a cancellation meant for the current task.

The other trap is a cancellation the *stopped* task swallows: Python 3.11's ``asyncio.wait_for``
returns its inner result instead of raising when the cancel arrives just as that result is ready
(python/cpython#86296, fixed in 3.12), and redis-py sends every command through it. A worker loop
cancelled at that moment goes on into its next blocking read; :func:`cancel_all` cancels again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import Any

RECANCEL_S = 0.1  # a task still running this long after its cancel swallowed it: cancel again


def being_cancelled() -> bool:
    """Whether the running task has a cancellation pending (it must stop, not carry on)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def cancel_and_wait(task: asyncio.Task[object] | asyncio.Task[None]) -> None:
    """Cancel ``task`` and wait for it to end; a cancellation of the current task (arriving
    while it waits) still propagates."""
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        if being_cancelled():
            raise


async def cancel_all(
    tasks: Collection[asyncio.Task[Any]], within_s: float
) -> set[asyncio.Task[Any]]:
    """Cancel ``tasks`` and wait up to ``within_s`` for them to end, cancelling again every
    ``RECANCEL_S`` those that swallowed it; return the ones still running."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    pending = {task for task in tasks if not task.done()}
    while pending:
        for task in pending:
            task.cancel()
        left = deadline - loop.time()
        if left <= 0:
            break
        _, pending = await asyncio.wait(pending, timeout=min(RECANCEL_S, left))
    return pending
