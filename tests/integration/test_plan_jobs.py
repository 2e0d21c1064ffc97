"""Planning jobs on the Redis queue (PLANNER_QUEUE=redis), on a single Redis and a real Cluster:
one computation per job key, a dead worker's job reclaimed, a bounded wait that says "still
planning" and loses nothing, a stopping worker's job handed back, a poison job failed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest

from bot.bootstrap import App, make_plan_queue
from bot.config import Settings
from bot.i18n import t
from bot.messages import FinalMessage
from bot.metrics import Metrics
from bot.plan_jobs import QueuedPlanner, decode_outcome, plan_job
from bot.plan_worker import MAX_ATTEMPTS, PlanJobRunner
from bot.planner.itinerary import Itinerary
from bot.planner.kb import load_knowledge_base
from bot.planning import JOB_FAILED, STILL_PLANNING, EditOp, Planner, PlanOutcome
from bot.storage.ports import PlanJobQueue
from bot.trip import Party, TripRequest
from tests.support import final, message, plan_jobs
from tests.support.redis import app_on

pytestmark = pytest.mark.redis
REQUEST = TripRequest(
    start_date=date(2027, 3, 12), end_date=date(2027, 3, 14), party=Party(adults=2)
)


class CountingPlanner(Planner):
    """The real planner, counting the plans and edits it computes."""

    def __init__(self) -> None:
        super().__init__(load_knowledge_base())
        self.plans = 0
        self.edits = 0

    def plan(self, request: TripRequest) -> PlanOutcome:
        self.plans += 1
        return super().plan(request)

    def edit(self, itinerary: Itinerary, op: EditOp) -> PlanOutcome:
        self.edits += 1
        return super().edit(itinerary, op)


@pytest.fixture(params=["single", "cluster"])
def queue_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    return plan_jobs.queue_settings(request, settings, wait_s=30.0)


@pytest.fixture
async def queued_app(queue_settings: Settings) -> AsyncIterator[App]:
    async with app_on(queue_settings) as app:
        yield app


@pytest.fixture
def queue(queued_app: App) -> PlanJobQueue:
    return make_plan_queue(queued_app.settings, queued_app.redis)


@pytest.fixture
async def workers(queue: PlanJobQueue) -> AsyncIterator[list[PlanJobRunner]]:
    started: list[PlanJobRunner] = []
    yield started
    for runner in started:
        await runner.stop()


def start_worker(
    queue: PlanJobQueue, started: list[PlanJobRunner], planner: Planner, **kw: Any
) -> PlanJobRunner:
    runner = PlanJobRunner(queue, planner, **kw)
    runner.start()
    started.append(runner)
    return runner


async def test_the_bot_plans_through_the_queue_in_queue_mode(
    queued_app: App, queue: PlanJobQueue, workers: list[PlanJobRunner]
) -> None:
    assert isinstance(queued_app.planner, QueuedPlanner)
    counting = CountingPlanner()
    start_worker(queue, workers, counting)
    await final(queued_app.service, message("3 days from 2027-03-12, 2 adults", user="71"))
    plan = await final(queued_app.service, message(callback="i:go", user="71"))
    assert plan.itinerary is not None and "Day 1" in plan.text
    assert counting.plans == 1
    edited = await final(queued_app.service, message("make day 2 lighter", user="71"))
    assert counting.edits == 1 and "Day 2" in edited.text
    assert await queue.depth() == (0, 0.0)


async def test_a_job_submitted_twice_is_planned_once(
    queued_app: App, queue: PlanJobQueue, workers: list[PlanJobRunner]
) -> None:
    planner = queued_app.planner
    first = asyncio.create_task(planner.plan_async(REQUEST))
    second = asyncio.create_task(planner.plan_async(REQUEST))
    await asyncio.sleep(0)  # both submitted before any worker runs
    counting = CountingPlanner()
    start_worker(queue, workers, counting, concurrency=2)
    one, two = await first, await second
    assert one.itinerary is not None and one == two
    again = await planner.plan_async(REQUEST)  # the result is kept for the key: no new job
    assert again == one and counting.plans == 1


async def test_a_dead_workers_job_is_reclaimed_and_answered_once(
    queued_app: App, queue: PlanJobQueue, workers: list[PlanJobRunner]
) -> None:
    waiting = asyncio.create_task(queued_app.planner.plan_async(REQUEST))
    async with asyncio.timeout(10):
        while not (taken := await queue.take("dead-worker", 1, 0.1)):  # it dies holding it
            pass
    metrics = Metrics()
    counting = CountingPlanner()
    start_worker(
        queue, workers, counting, reclaim_idle_s=0.3, on_reclaimed=metrics.plan_reclaimed.inc
    )
    outcome = await waiting
    assert outcome.itinerary is not None and counting.plans == 1
    assert metrics.plan_reclaimed._value.get() == 1
    # the dead worker coming back late stores nothing: the first result stays
    assert not await queue.complete(taken[0], '{"note": "late"}')
    assert (await queued_app.planner.plan_async(REQUEST)) == outcome


async def test_a_turn_waits_boundedly_then_says_still_planning_and_loses_nothing(
    queued_app: App, queue: PlanJobQueue, workers: list[PlanJobRunner]
) -> None:
    planner = queued_app.planner
    assert isinstance(planner, QueuedPlanner)
    planner.wait_s = 0.2  # no worker is running
    await final(queued_app.service, message("3 days from 2027-03-12, 2 adults", user="72"))
    waiting = await final(queued_app.service, message(callback="i:go", user="72"))
    assert waiting.text.startswith(t("en", "still_planning"))
    assert waiting.itinerary is None
    counting = CountingPlanner()
    start_worker(queue, workers, counting)
    planner.wait_s = 30.0
    plan = await final(queued_app.service, message(callback="i:go", user="72"))
    assert plan.itinerary is not None and counting.plans == 1  # the same job, not a new one


async def test_a_plan_that_was_still_planning_is_pushed_to_the_chat_once_done(
    queued_app: App, queue: PlanJobQueue, workers: list[PlanJobRunner]
) -> None:
    planner, service = queued_app.planner, queued_app.service
    assert isinstance(planner, QueuedPlanner)
    planner.wait_s = 0.2  # no worker is running
    await final(service, message("3 days from 2027-03-12, 2 adults", user="74"))
    press = message(callback="i:go", user="74")
    waiting = await final(service, press)
    assert waiting.text.startswith(t("en", "still_planning"))
    counting = CountingPlanner()
    start_worker(queue, workers, counting)
    planner.wait_s = 30.0
    due = await service.take_due_polls("console")  # the workers' sweep (adapters/deadlines.py)
    assert due == [press.conversation]
    pushed = [e async for e in service.close_due_polls(due[0])]
    plans = [e for e in pushed if isinstance(e, FinalMessage) and e.itinerary is not None]
    assert len(plans) == 1 and "Day 1" in plans[0].text and counting.plans == 1
    assert await service.take_due_polls("console") == []  # pushed once
    state = await service.conversations.load(press.conversation)
    assert state.itinerary is not None and state.pending_plan is None


async def test_a_stopping_worker_hands_its_job_back_at_once(
    queued_app: App, queue: PlanJobQueue, workers: list[PlanJobRunner]
) -> None:
    spec = plan_job(REQUEST)
    await queue.submit(spec.key(), spec.payload())
    async with asyncio.timeout(10):
        while not (taken := await queue.take("stopping", 1, 0.1)):
            pass
    await queue.hand_back([taken[0].entry])
    reclaimed = await queue.reclaim("other", 3600.0, 5)  # however long the idle time
    assert [job.key for job in reclaimed] == [spec.key()]


async def test_a_job_that_keeps_killing_its_workers_fails_with_an_explanation(
    queued_app: App, queue: PlanJobQueue, workers: list[PlanJobRunner]
) -> None:
    spec = plan_job(REQUEST)
    await queue.submit(spec.key(), spec.payload())
    for _ in range(MAX_ATTEMPTS):
        await queue.attempt(spec.key())  # three workers died running it
    counting = CountingPlanner()
    start_worker(queue, workers, counting)
    result = await queue.wait(spec.key(), 10.0)
    assert result is not None and counting.plans == 0
    outcome = decode_outcome(result)
    assert outcome.note == JOB_FAILED
    assert queued_app.planner.explain(outcome, "ko") == t("ko", "plan_job_failed")
    assert STILL_PLANNING != JOB_FAILED


class BrokenPlanner(Planner):
    def __init__(self) -> None:
        super().__init__(load_knowledge_base())

    def plan(self, request: TripRequest) -> PlanOutcome:
        raise RuntimeError("a bug in the planner")


async def test_a_planner_that_raises_answers_the_turn_at_once_without_retrying(
    queued_app: App, queue: PlanJobQueue, workers: list[PlanJobRunner]
) -> None:
    start_worker(queue, workers, BrokenPlanner())
    outcome = await queued_app.planner.plan_async(REQUEST)
    assert outcome.note == JOB_FAILED
    assert queued_app.planner.explain(outcome, "en") == t("en", "plan_job_failed")
    assert await queue.depth() == (0, 0.0)
