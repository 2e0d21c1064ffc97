"""Plan jobs are named by what they plan and travel as JSON that round-trips exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.bootstrap import build_app
from bot.config import Settings
from bot.plan_jobs import (
    PlanJobSpec,
    QueuedPlanner,
    decode_outcome,
    edit_job,
    encode_outcome,
    plan_job,
)
from bot.planner.kb import load_knowledge_base
from bot.planning import STILL_PLANNING, EditOp, Planner, PlanOutcome
from bot.trip import Money, Party, TripRequest

REQUEST = TripRequest(
    start_date=date(2027, 3, 12), end_date=date(2027, 3, 14), party=Party(adults=2)
)


def test_the_same_trip_is_one_job_and_a_changed_one_another() -> None:
    again = TripRequest.model_validate_json(REQUEST.model_dump_json())
    assert plan_job(REQUEST).key() == plan_job(again).key()
    changed = REQUEST.model_copy(update={"party": Party(adults=3)})
    assert plan_job(changed).key() != plan_job(REQUEST).key()


def test_an_edit_job_is_named_by_the_itinerary_and_the_edit() -> None:
    itinerary = Planner(load_knowledge_base()).plan(REQUEST).itinerary
    assert itinerary is not None
    lighter = edit_job(itinerary, EditOp("lighter", day=2))
    assert lighter.key() == edit_job(itinerary, EditOp("lighter", day=2)).key()
    assert lighter.key() != edit_job(itinerary, EditOp("lighter", day=1)).key()
    newer = itinerary.model_copy(update={"version": itinerary.version + 1})
    assert lighter.key() != edit_job(newer, EditOp("lighter", day=2)).key()
    assert PlanJobSpec.model_validate_json(lighter.payload()) == lighter


def test_outcomes_round_trip_exactly() -> None:
    planner = Planner(load_knowledge_base())
    planned = planner.plan(REQUEST)
    assert planned.itinerary is not None
    short = REQUEST.model_copy(update={"budget": Money(amount=Decimal(1))})
    infeasible = planner.plan(short)
    outcomes = [planned, infeasible, PlanOutcome(note=STILL_PLANNING)]
    for outcome in outcomes:
        assert decode_outcome(encode_outcome(outcome)) == outcome
    assert infeasible.infeasible is not None  # the budget cannot be met: explained, not a plan


async def test_queue_mode_without_redis_plans_in_the_process_for_make_chat() -> None:
    app = build_app(Settings(_env_file=None, redis_url=None, planner_queue="redis"))
    try:
        assert app.embedded_redis and not isinstance(app.planner, QueuedPlanner)
        assert (await app.planner.plan_async(REQUEST)).itinerary is not None
    finally:
        await app.aclose()
