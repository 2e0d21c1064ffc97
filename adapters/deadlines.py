"""The workers' periodic poll-deadline sweep, the same for every platform.

The core has no timer: a poll past its deadline closes at the next turn of its conversation. So
that a quiet group still sees its poll close on time, each worker runs this loop: every
``interval_s`` seconds it asks the core which conversations of its platform have a poll due
(:meth:`ConversationService.take_due_polls`: each one claimed by a single worker, so two workers
never close the same poll), lets the core close them (:meth:`ConversationService.close_due_polls`)
and shows the events where the conversation lives through the platform's ``show`` callback. The
core's clock decides what is due. The same sweep pushes a plan that a turn answered "still
planning" once its job is done (the core marks such a conversation due).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from bot.aio import cancel_and_wait
from bot.conversation import ConversationService
from bot.messages import ConversationKey, ReplyEvent

log = logging.getLogger(__name__)

SWEEP_INTERVAL_S = 10.0  # one ZRANGEBYSCORE per sweep; a still-planning plan waits at most this
Show = Callable[[ConversationKey, AsyncIterator[ReplyEvent]], Awaitable[None]]


class DeadlineSweep:
    """Closes due polls of one platform every ``interval_s`` seconds while started."""

    def __init__(
        self,
        service: ConversationService,
        platform: str,
        show: Show,
        *,
        interval_s: float = SWEEP_INTERVAL_S,
    ) -> None:
        self.service = service
        self.platform = platform
        self.show = show
        self.interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    async def sweep_once(self) -> int:
        """Close every due poll of the platform now; return how many conversations had one."""
        keys = await self.service.take_due_polls(self.platform)
        for key in keys:
            try:
                await self.show(key, self.service.close_due_polls(key))
            except Exception:  # one chat's failure must not stop the others' deadlines
                log.exception("closing the due polls of %s failed", key)
        return len(keys)

    def start(self) -> None:
        """Run the sweep in the background until :meth:`stop`."""
        if self._task is None:
            self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        """Stop the background sweep (a sweep under way is cancelled; its polls stay due)."""
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait(task)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.sweep_once()
            except Exception:  # Redis down: the next sweep (or the next turn) closes them
                log.warning("poll deadline sweep failed", exc_info=True)
