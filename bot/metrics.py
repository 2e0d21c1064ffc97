"""Every metric a bundletrip process exposes, on one explicit ``prometheus_client`` registry.

The composition root (:func:`bot.bootstrap.build_app`) builds one :class:`Metrics` per process
and hands it to the core and the adapters; adapters only serve :meth:`Metrics.exposition` over
HTTP (``GET /metrics``). Nothing is registered at import time (no default registry), so tests
get an isolated registry each.

Label values are fixed vocabularies (platform, outcome, Bot API method, update kind, model name),
never user data. Per process; Prometheus sums over instances. Planner pool processes
(``PLANNER_PROCESSES``) are children of the worker that submits their jobs: plan jobs and plan
time are measured there, at the submit, and served by that worker's ``/metrics``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from decimal import Decimal

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from bot.busy import KEPT
from bot.errors import LockTimeout, StorageUnavailable
from bot.messages import BusyReply, FinalMessage, ReplyEvent, TextDelta
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import STILL_PLANNING, EditOp, Planner, PlanOutcome
from bot.storage.inbox import Inbox, InboxEntry, InboxStats
from bot.storage.ports import PlanJobQueue
from bot.trip import TripRequest

log = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
PLAN_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The metric families of one process, registered on ``self.registry``."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        r = self.registry = registry or CollectorRegistry()
        p = "bundletrip"
        # -- turns -----------------------------------------------------------------------------
        self.turns = Counter(f"{p}_turns", "Turns handled, by platform and outcome "
                             "(answered, silent, busy, requeued, error).",
                             ["platform", "outcome"],
                             registry=r)  # fmt: skip
        self.first_text = Histogram(f"{p}_first_text_seconds", "Update received to the first "
                                    "text of the answer.", ["platform"],
                                    buckets=LATENCY_BUCKETS, registry=r)  # fmt: skip
        self.answer = Histogram(f"{p}_answer_seconds", "Update received to the final answer.",
                                ["platform"], buckets=LATENCY_BUCKETS, registry=r)  # fmt: skip
        # -- platform (the counters of the former hand-written Telegram exposition) ------------
        self.updates = Counter(f"{p}_updates", "Updates received, by platform and kind.",
                               ["platform", "kind"], registry=r)  # fmt: skip
        self.api_calls = Counter(f"{p}_api_calls", "Platform API calls made, by method.",
                                 ["platform", "method"], registry=r)  # fmt: skip
        self.api_retries = Counter(f"{p}_api_retries", "Rate-limit answers (429) honoured and "
                                   "retried.", ["platform"], registry=r)  # fmt: skip
        self.api_retry_wait = Counter(f"{p}_api_retry_wait_seconds", "Seconds waited on 429s.",
                                      ["platform"], registry=r)  # fmt: skip
        self.errors = Counter(f"{p}_errors", "Updates ending in the adapter's error handler.",
                              ["platform"], registry=r)  # fmt: skip
        self.webhook_rejected = Counter(f"{p}_webhook_rejected", "Webhook requests refused.",
                                        ["reason"], registry=r)  # fmt: skip
        self.in_flight = Gauge(f"{p}_updates_in_flight", "Updates being handled.", ["platform"],
                               registry=r)  # fmt: skip
        # -- inbox and locks -------------------------------------------------------------------
        self.inbox_depth = Gauge(f"{p}_inbox_depth", "Inbox entries not yet acknowledged "
                                 "(read from Redis at scrape time).", ["inbox"],
                                 registry=r)  # fmt: skip
        self.inbox_oldest = Gauge(f"{p}_inbox_oldest_age_seconds", "Age of the oldest inbox "
                                  "entry not acknowledged (read at scrape time).", ["inbox"],
                                  registry=r)  # fmt: skip
        self.inbox_up = Gauge(f"{p}_inbox_up", "1 when the inbox answered the last scrape.",
                              ["inbox"], registry=r)  # fmt: skip
        self.reclaimed = Counter(f"{p}_inbox_reclaimed", "Inbox entries taken over from a "
                                 "stopped worker.", ["inbox"], registry=r)  # fmt: skip
        self.lock_waits = Counter(f"{p}_lock_waits", "Conversation locks found busy on the "
                                  "first try.", registry=r)  # fmt: skip
        self.lock_wait_time = Histogram(f"{p}_lock_wait_seconds", "Time waited for a busy "
                                        "conversation lock.", buckets=LATENCY_BUCKETS,
                                        registry=r)  # fmt: skip
        # -- planner and language model ---------------------------------------------------------
        self.plan_jobs = Counter(f"{p}_plan_jobs", "Planner jobs (plan or edit) run, by "
                                 "outcome (ok, infeasible, waiting, error).", ["job", "outcome"],
                                 registry=r)  # fmt: skip
        self.plan_time = Histogram(f"{p}_plan_seconds", "Planner job time, queueing for a pool "
                                   "process included.", ["job"], buckets=PLAN_BUCKETS,
                                   registry=r)  # fmt: skip
        self.llm_tokens = Counter(f"{p}_llm_tokens", "Language-model tokens, by model and kind "
                                  "(prompt, completion).", ["model", "kind"],
                                  registry=r)  # fmt: skip
        self.llm_cost = Counter(f"{p}_llm_cost_usd", "Language-model spend in USD (price table).",
                                ["model"], registry=r)  # fmt: skip
        # -- planning job queue (PLANNER_QUEUE=redis; served by `bundletrip planner`) ---------
        self.plan_reclaimed = Counter(f"{p}_plan_jobs_reclaimed", "Plan jobs taken over from a "
                                      "stopped planner worker.", registry=r)  # fmt: skip
        self.plan_queue_depth = Gauge(f"{p}_plan_queue_depth", "Plan jobs not yet completed "
                                      "(read from Redis at scrape time).", registry=r)  # fmt: skip
        self.plan_queue_oldest = Gauge(f"{p}_plan_queue_oldest_age_seconds", "Age of the oldest "
                                       "plan job not completed (read at scrape time).",
                                       registry=r)  # fmt: skip
        self._inboxes: dict[str, Inbox] = {}
        self._plan_queue: PlanJobQueue | None = None

    def watch_inbox(self, name: str, inbox: Inbox) -> None:
        """Read ``inbox``'s depth and oldest age (through the port) at every scrape."""
        self._inboxes[name] = inbox

    def watch_plan_queue(self, queue: PlanJobQueue) -> None:
        """Read the plan queue's depth and oldest age at every scrape."""
        self._plan_queue = queue

    async def refresh(self) -> None:
        """Update the gauges read at scrape time (inbox and plan queue stats from the store)."""
        if self._plan_queue is not None:
            try:
                depth, oldest = await self._plan_queue.depth()
                self.plan_queue_depth.set(depth)
                self.plan_queue_oldest.set(oldest)
            except StorageUnavailable:
                log.warning("plan queue stats unavailable for /metrics")
        for name, inbox in self._inboxes.items():
            try:
                stats = await inbox.stats()
            except StorageUnavailable:
                log.warning("inbox %s stats unavailable for /metrics", name)
                self.inbox_up.labels(name).set(0)
                continue
            self.inbox_up.labels(name).set(1)
            self.inbox_depth.labels(name).set(stats.pending)
            self.inbox_oldest.labels(name).set(stats.oldest_age_s)

    async def exposition(self) -> bytes:
        """The Prometheus text exposition of this process, scrape-time gauges refreshed."""
        await self.refresh()
        return generate_latest(self.registry)

    # -- hooks the core calls (plain callables, so the stores need not know prometheus) --------
    def lock_waited(self, seconds: float) -> None:
        self.lock_waits.inc()
        self.lock_wait_time.observe(seconds)

    def llm_used(self, model: str, prompt: int, completion: int, cost: Decimal) -> None:
        self.llm_tokens.labels(model, "prompt").inc(prompt)
        self.llm_tokens.labels(model, "completion").inc(completion)
        self.llm_cost.labels(model).inc(float(cost))

    def plan_done(self, job: str, outcome: str, seconds: float) -> None:
        self.plan_jobs.labels(job, outcome).inc()
        self.plan_time.labels(job).observe(seconds)


async def observed_turn(
    events: AsyncIterator[ReplyEvent],
    metrics: Metrics,
    platform: str,
    *,
    started: float,
    first_text: bool = True,
    clock: Callable[[], float] = time.monotonic,
) -> AsyncIterator[ReplyEvent]:
    """Pass a turn's events through, counting its outcome and timing its first text and answer.

    ``started`` is when the update arrived (``clock`` time). ``first_text=False`` when the
    adapter times the first text itself (when it became visible). Outcomes: ``answered`` (a
    text was shown), ``silent``, ``busy`` (answered "busy, try again": the conversation stayed
    locked and nothing keeps the message), ``requeued`` (the conversation stayed locked and the
    durable inbox runs the message again later, see :data:`bot.busy.KEPT`), ``error``. A turn
    that raises is counted ``busy`` (its conversation stayed locked) or ``error`` and the
    exception goes on.
    """
    texted, answered, busy = False, False, False
    outcome = "error"
    try:
        async for event in events:
            busy = busy or isinstance(event, BusyReply)
            if not texted and isinstance(event, TextDelta | FinalMessage):
                texted = True
                if first_text:
                    metrics.first_text.labels(platform).observe(clock() - started)
            if not answered and isinstance(event, FinalMessage):
                answered = True
                metrics.answer.labels(platform).observe(clock() - started)
            yield event
        kept = KEPT.get()
        if busy:
            outcome = "busy"
        elif kept is not None and kept.handed_back:
            outcome = "requeued"
        else:
            outcome = "answered" if answered or texted else "silent"
    except LockTimeout:
        outcome = "busy"
        raise
    finally:
        metrics.turns.labels(platform, outcome).inc()


class TimedPlanner(Planner):
    """The planner, counting its jobs and timing them (pool queueing included) in ``metrics``."""

    def __init__(self, kb: KnowledgeBase, metrics: Metrics, *, processes: int = 0) -> None:
        super().__init__(kb, processes=processes)
        self.metrics = metrics

    async def plan_async(self, request: TripRequest) -> PlanOutcome:
        return await self._timed("plan", super().plan_async(request))

    async def edit_async(self, itinerary: Itinerary, op: EditOp) -> PlanOutcome:
        return await self._timed("edit", super().edit_async(itinerary, op))

    async def _timed(self, job: str, work: Awaitable[PlanOutcome]) -> PlanOutcome:
        began, outcome = time.monotonic(), "error"
        try:
            result = await work
            outcome = "ok" if result.itinerary is not None else "infeasible"
            if result.note == STILL_PLANNING:
                outcome = "waiting"
            return result
        finally:
            self.metrics.plan_done(job, outcome, time.monotonic() - began)


class ObservedInbox(Inbox):
    """An inbox that counts the entries it reclaims from stopped workers in ``metrics``."""

    def __init__(self, inner: Inbox, name: str, metrics: Metrics) -> None:
        self.inner, self.name, self.metrics = inner, name, metrics
        metrics.watch_inbox(name, inner)

    async def put(self, payload: str) -> str:
        return await self.inner.put(payload)

    async def put_taken(self, consumer: str, payload: str) -> list[InboxEntry]:
        return await self.inner.put_taken(consumer, payload)

    async def take(self, consumer: str, count: int, block_s: float) -> list[InboxEntry]:
        return await self.inner.take(consumer, count, block_s)

    async def reclaim(self, consumer: str, min_idle_s: float, count: int) -> list[InboxEntry]:
        entries = await self.inner.reclaim(consumer, min_idle_s, count)
        if entries:
            self.metrics.reclaimed.labels(self.name).inc(len(entries))
        return entries

    async def touch(self, consumer: str, ids: Sequence[str]) -> None:
        await self.inner.touch(consumer, ids)

    def keep(self, consumer: str, entry_id: str) -> None:
        self.inner.keep(consumer, entry_id)

    def let_go(self, consumer: str, entry_id: str) -> None:
        self.inner.let_go(consumer, entry_id)

    async def ack(self, entry_id: str) -> None:
        await self.inner.ack(entry_id)

    async def stats(self) -> InboxStats:
        return await self.inner.stats()
