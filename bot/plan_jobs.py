"""Planning as jobs on a queue that planner workers on any machine run (``PLANNER_QUEUE=redis``).

A turn that plans or re-plans submits a job and waits for its result; ``bundletrip planner``
workers (:mod:`bot.plan_worker`) take jobs, plan, and store the result. The queue is the
:class:`~bot.storage.ports.PlanJobQueue` port (Redis Streams in :mod:`bot.storage.redis_plan_jobs`).

* **One computation per job key.** The key is a digest of what is planned — the trip request,
  or the itinerary and the edit — so the same trip at the same request version is one job, and
  a second submit (a retried turn, a double click, a second chat asking for the same trip) waits
  for the same result. The result is kept ``PLAN_RESULT_TTL_S``.
* **A bounded wait, never a lost answer.** A turn waits ``PLANNER_QUEUE_WAIT_S`` at most; then
  it answers "still planning" (``STILL_PLANNING``) and the job goes on: the user's next ask
  submits the same key and gets the stored result at once.
* **Payloads are JSON** (pydantic), never pickles: a worker runs only what it can validate.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter

from bot.metrics import Metrics, TimedPlanner
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import STILL_PLANNING, EditOp, Planner, PlanOutcome
from bot.storage.ports import PlanJobQueue
from bot.trip import TripRequest

log = logging.getLogger(__name__)

_OUTCOME: TypeAdapter[PlanOutcome] = TypeAdapter(PlanOutcome)


class PlanJobSpec(BaseModel):
    """What one job plans: a trip request, or an edit of an itinerary."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["plan", "edit"]
    request: TripRequest | None = None
    itinerary: Itinerary | None = None
    op: EditOp | None = None

    def payload(self) -> str:
        return self.model_dump_json(exclude_none=True)

    def key(self) -> str:
        """The job's name: a digest of its payload (same trip, same version → same key)."""
        digest = hashlib.sha256(self.payload().encode("utf-8")).hexdigest()[:32]
        return f"{self.kind}-{digest}"


def plan_job(request: TripRequest) -> PlanJobSpec:
    return PlanJobSpec(kind="plan", request=request)


def edit_job(itinerary: Itinerary, op: EditOp) -> PlanJobSpec:
    return PlanJobSpec(kind="edit", itinerary=itinerary, op=op)


def encode_outcome(outcome: PlanOutcome) -> str:
    return _OUTCOME.dump_json(outcome, exclude_defaults=True).decode("utf-8")


def decode_outcome(text: str) -> PlanOutcome:
    return _OUTCOME.validate_json(text)


async def run_job(planner: Planner, spec: PlanJobSpec) -> PlanOutcome:
    """Run one job on a local planner (a thread, or its process pool)."""
    if spec.kind == "plan" and spec.request is not None:
        return await planner.plan_async(spec.request)
    if spec.kind == "edit" and spec.itinerary is not None and spec.op is not None:
        return await planner.edit_async(spec.itinerary, spec.op)
    raise ValueError(f"incomplete {spec.kind} job")


class QueuedPlanner(TimedPlanner):
    """The planner of a bot process in queue mode: plan and edit jobs go to the planner workers.

    Everything else (render, check, explain, .ics) stays local: it is quick and pure.
    """

    def __init__(
        self, kb: KnowledgeBase, metrics: Metrics, queue: PlanJobQueue, *, wait_s: float
    ) -> None:
        super().__init__(kb, metrics)
        self.queue, self.wait_s = queue, wait_s

    async def plan_async(self, request: TripRequest) -> PlanOutcome:
        return await self._timed("plan", self._queued(plan_job(request)))

    async def edit_async(self, itinerary: Itinerary, op: EditOp) -> PlanOutcome:
        return await self._timed("edit", self._queued(edit_job(itinerary, op)))

    async def _queued(self, spec: PlanJobSpec) -> PlanOutcome:
        key = spec.key()
        done = await self.queue.submit(key, spec.payload())
        if done is None:
            done = await self.queue.wait(key, self.wait_s)
        if done is None:
            log.warning("plan job %s not done in %.0f s: answering 'still planning'", key,
                        self.wait_s)  # fmt: skip
            return PlanOutcome(note=STILL_PLANNING)
        return decode_outcome(done)
