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
import logging
from collections.abc import Callable

from pydantic import ValidationError

from bot.errors import StorageUnavailable
from bot.plan_jobs import PlanJobSpec, encode_outcome, run_job
from bot.planning import JOB_FAILED, Planner, PlanOutcome
from bot.storage.ports import PlanJob, PlanJobQueue
from bot.stream_worker import StreamWorker, consumer_name

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


class PlanJobRunner:
    """Runs up to ``concurrency`` plan jobs at once from ``queue`` on ``planner``.

    The taking, reclaiming, touching and handing back is :class:`~bot.stream_worker.StreamWorker`'s
    (shared with the inbox workers); this class says how one job runs.
    """

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
        self.worker = consumer_name("planner")
        self.loop: StreamWorker[PlanJob] = StreamWorker(
            queue, self._run, lambda job: job.entry, consumer=self.worker,
            concurrency=concurrency, reclaim_idle_s=reclaim_idle_s, grace_s=grace_s,
            hand_back=queue.hand_back, on_reclaimed=on_reclaimed, what="plan jobs",
        )  # fmt: skip

    @property
    def concurrency(self) -> int:
        return self.loop.concurrency

    @property
    def running(self) -> dict[asyncio.Task[None], str]:
        return self.loop.running

    def start(self) -> None:
        self.loop.start()

    async def stop(self) -> None:
        """Take nothing new; finish running jobs within the grace period; hand back the rest."""
        await self.loop.stop()

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
