"""The loop of a planner worker (``bundletrip planner``): take plan jobs, plan, store the result.

Jobs come from the :class:`~bot.storage.ports.PlanJobQueue` (a dead worker's first, through
``reclaim`` after ``PLANNER_RECLAIM_IDLE_S``); running jobs are touched every third of that so a
long plan is never taken from a live worker. A job that was started ``MAX_ATTEMPTS`` times
without finishing (it kills its workers) is completed with a failure the turn explains.

``stop()`` (SIGTERM): take nothing new, let running jobs finish for ``grace_s``, hand the rest
back (reclaimable at once by any other worker) and return.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable

from pydantic import ValidationError

from bot.errors import StorageUnavailable
from bot.plan_jobs import PlanJobSpec, encode_outcome, run_job
from bot.planning import JOB_FAILED, Planner, PlanOutcome
from bot.storage.ports import PlanJob, PlanJobQueue

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_S = 1.0  # pause after Redis failed, before trying again


def worker_name() -> str:
    """A name unique to this process (a restarted worker is a new consumer)."""
    return f"planner-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class PlanJobRunner:
    """Runs up to ``concurrency`` plan jobs at once from ``queue`` on ``planner``."""

    def __init__(
        self,
        queue: PlanJobQueue,
        planner: Planner,
        *,
        concurrency: int = 1,
        reclaim_idle_s: float = 10.0,
        grace_s: float = 20.0,
        on_reclaimed: Callable[[int], None] | None = None,
    ) -> None:
        self.queue, self.planner = queue, planner
        self.worker = worker_name()
        self.concurrency = max(1, concurrency)
        self.reclaim_idle_s, self.grace_s = reclaim_idle_s, grace_s
        self.on_reclaimed = on_reclaimed
        self.running: dict[asyncio.Task[None], str] = {}
        self._loops: list[asyncio.Task[None]] = []
        self._slot = asyncio.Event()
        self._stopping = False

    def start(self) -> None:
        self._loops = [asyncio.create_task(self._drain()), asyncio.create_task(self._touch())]

    async def stop(self) -> None:
        """Take nothing new; finish running jobs within the grace period; hand back the rest."""
        self._stopping = True
        for loop in self._loops:
            loop.cancel()
        await asyncio.wait(self._loops, timeout=5)
        self._loops = []
        if not self.running:
            return
        _, late = await asyncio.wait(list(self.running), timeout=self.grace_s)
        entries = [self.running[task] for task in late if task in self.running]
        for task in late:
            task.cancel()
        if late:
            await asyncio.gather(*late, return_exceptions=True)
        if entries:
            try:
                await self.queue.hand_back(entries)
                log.warning("%d running plan jobs handed back to the queue", len(entries))
            except StorageUnavailable:  # still pending: reclaimed after the idle time instead
                log.warning("could not hand back %d plan jobs; they are reclaimed later",
                            len(entries))  # fmt: skip

    async def _drain(self) -> None:
        """Take jobs (a dead worker's first) and run each."""
        while not self._stopping:
            free = self.concurrency - len(self.running)
            if free <= 0:
                self._slot.clear()
                await self._slot.wait()
                continue
            try:
                jobs = await self.queue.reclaim(self.worker, self.reclaim_idle_s, free)
                if jobs:
                    log.info("reclaimed %d plan jobs of a stopped worker", len(jobs))
                    if self.on_reclaimed is not None:
                        self.on_reclaimed(len(jobs))
                if len(jobs) < free:
                    jobs += await self.queue.take(self.worker, free - len(jobs), 1.0)
            except StorageUnavailable:
                if not self._stopping:
                    log.warning("plan queue unavailable; retrying")
                    await asyncio.sleep(RETRY_S)
                continue
            mine = set(self.running.values())
            for job in jobs:
                if job.entry not in mine:  # else already running here (reclaimed from us)
                    task = asyncio.create_task(self._run(job))
                    self.running[task] = job.entry
                    task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self.running.pop(task, None)
        self._slot.set()

    async def _run(self, job: PlanJob) -> None:
        try:
            outcome = await self._outcome(job)
            stored = await self.queue.complete(job, encode_outcome(outcome))
            log.info("plan job %s done (%s)", job.key, "stored" if stored else "already done")
        except StorageUnavailable:  # pending still: retried after reclaim
            log.warning("plan job %s could not be stored; it will be retried", job.key)

    async def _outcome(self, job: PlanJob) -> PlanOutcome:
        tries = await self.queue.attempt(job.key)
        if tries > MAX_ATTEMPTS:
            log.error("plan job %s started %d times without finishing: failed", job.key, tries - 1)
            return PlanOutcome(note=JOB_FAILED)
        try:
            spec = PlanJobSpec.model_validate_json(job.payload)
        except (ValidationError, ValueError):
            log.exception("plan job %s is not a valid job: failed", job.key)
            return PlanOutcome(note=JOB_FAILED)
        try:
            return await run_job(self.planner, spec)
        except Exception:  # a planner bug: the same input fails the same way, so answer now
            log.exception("plan job %s raised: failed", job.key)
            return PlanOutcome(note=JOB_FAILED)

    async def _touch(self) -> None:
        """Keep running jobs ours (a long plan is not a dead worker)."""
        while not self._stopping:
            await asyncio.sleep(self.reclaim_idle_s / 3)
            with contextlib.suppress(StorageUnavailable):
                await self.queue.touch(self.worker, list(self.running.values()))
