"""Cancellation that is never swallowed.

``task.cancel(); with suppress(CancelledError): await task`` is the usual way to stop a helper
task, and it has a trap: when the *current* task is cancelled while it waits there (a worker
stopping at the end of its grace period), the suppress swallows that cancellation too, and the
turn carries on as if nothing happened — then acknowledges an inbox entry whose answer was never
shown. These helpers re-raise a cancellation meant for the current task.
"""

from __future__ import annotations

import asyncio


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
