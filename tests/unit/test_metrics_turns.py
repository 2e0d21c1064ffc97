"""bot/metrics.py: turn outcomes and timings, and planner jobs timed in a real pool process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from bot.errors import LockTimeout
from bot.messages import FinalMessage, ReplyEvent, TextDelta, Working
from bot.metrics import Metrics, TimedPlanner, observed_turn
from bot.planner.kb import load_knowledge_base
from bot.trip import Party, TripRequest


async def _events(*items: ReplyEvent | Exception) -> AsyncIterator[ReplyEvent]:
    for item in items:
        if isinstance(item, Exception):
            raise item
        yield item


class Ticks:
    """A clock that moves one second per reading."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


async def _run(metrics: Metrics, *items: ReplyEvent | Exception, first_text: bool = True) -> None:
    turn = observed_turn(_events(*items), metrics, "test", started=0.0, first_text=first_text,
                         clock=Ticks())  # fmt: skip
    async for _ in turn:
        pass


def _value(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, {"platform": "test", **labels})


async def test_turn_outcomes_and_times() -> None:
    m = Metrics()
    await _run(m, Working(), TextDelta("hi"), FinalMessage("hi there"))
    await _run(m, Working())
    with pytest.raises(LockTimeout):
        await _run(m, LockTimeout("busy"))
    with pytest.raises(RuntimeError):
        await _run(m, TextDelta("a"), RuntimeError("boom"))
    assert _value(m, "bundletrip_turns_total", outcome="answered") == 1
    assert _value(m, "bundletrip_turns_total", outcome="silent") == 1
    assert _value(m, "bundletrip_turns_total", outcome="busy") == 1
    assert _value(m, "bundletrip_turns_total", outcome="error") == 1
    # First text at the first clock reading (1 s), the answer at the second (2 s).
    assert _value(m, "bundletrip_first_text_seconds_count") == 2
    assert _value(m, "bundletrip_first_text_seconds_sum") == 2.0
    assert _value(m, "bundletrip_answer_seconds_sum") == 2.0


async def test_an_adapter_that_times_visible_text_itself_is_not_double_counted() -> None:
    m = Metrics()
    await _run(m, TextDelta("hi"), FinalMessage("hi"), first_text=False)
    assert _value(m, "bundletrip_first_text_seconds_count") is None  # never observed
    assert _value(m, "bundletrip_answer_seconds_count") == 1


async def test_plan_jobs_in_a_pool_process_are_counted_and_timed() -> None:
    metrics = Metrics()
    planner = TimedPlanner(load_knowledge_base(), metrics, processes=1)
    try:
        request = TripRequest(
            start_date=date(2026, 12, 12), end_date=date(2026, 12, 13), party=Party(adults=2)
        )
        outcome = await planner.plan_async(request)
    finally:
        planner.close()
    registry = metrics.registry
    result = "ok" if outcome.itinerary is not None else "infeasible"
    assert (
        registry.get_sample_value("bundletrip_plan_jobs_total", {"job": "plan", "outcome": result})
        == 1
    )
    assert outcome.itinerary is not None
    assert registry.get_sample_value("bundletrip_plan_seconds_count", {"job": "plan"}) == 1
