"""The same request gives the same itinerary, byte for byte, however busy the machine is.

The planner's search is bounded by work, never by the clock (:mod:`bot.planner.search`), and it
iterates nothing in hash order; so a plan made in another process (another hash seed) while
it shares its core with a spinning process is identical to one made here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from bench import plan_digest
from bot.planner import edits
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.planner.service import Infeasible, plan_trip, travel_model
from bot.trip import TripRequest

ROOT = Path(__file__).resolve().parents[3]
KB = load_knowledge_base()
TRAVEL = travel_model(KB)
BUSY_COUNT = 5  # requests planned again in another process on a busy core


def spread(count: int = 10, seed: int = 20261130) -> list[TripRequest]:
    """Varied requests over the real knowledge base (seeded; see :func:`bench.plan_digest.spread`,
    which also plans them, with more seeds)."""
    return plan_digest.spread(KB, count, seed)


def outcome_json(result: Itinerary | Infeasible) -> str:
    return result.model_dump_json()


def edited(it: Itinerary) -> list[Itinerary | Infeasible]:
    """A few edits of a plan: lighter and fuller days, a regenerated day, a removal."""
    out: list[Itinerary | Infeasible] = [
        edits.lighter(it, 0, kb=KB, travel=TRAVEL),
        edits.fuller(it, len(it.days) - 1, kb=KB, travel=TRAVEL),
        edits.regenerate_day(it, 0, kb=KB, travel=TRAVEL),
    ]
    visits = [i.place_id for d in it.days for i in d.items if i.kind == "visit" and i.place_id]
    if visits:
        out.append(edits.remove(it, visits[0], kb=KB, travel=TRAVEL))
    return out


def digest_all(kb: KnowledgeBase = KB, count: int = 10) -> list[str]:
    """Every plan of :func:`spread` (its first ``count`` requests: the same whatever the count)
    and the edits of each, as JSON strings."""
    out = []
    for request in spread(count):
        result = plan_trip(request, kb, travel=TRAVEL)
        out.append(outcome_json(result))
        if isinstance(result, Itinerary):
            out.extend(outcome_json(e) for e in edited(result))
    return out


@cache
def digest_here() -> tuple[str, ...]:
    """:func:`digest_all` made once in this process, for both tests to compare against."""
    return tuple(digest_all())


def test_the_same_request_gives_the_same_itinerary_json() -> None:
    first, second = list(digest_here()), digest_all()
    assert len(first) > len(spread())  # edits were made, not only plans
    assert sum(1 for s in first if s.startswith("{")) >= len(spread())  # mostly real plans
    assert first == second


@contextmanager
def a_busy_core() -> Iterator[int]:
    """Keep one core busy with a spinning process pinned to it while the block runs; yield it.

    A process pinned to that core too shares it with the spinner, and is preempted every few
    milliseconds the whole time, as on a machine whose every core is busy — without burning the
    other core the rest of the suite runs on.
    """
    from tests.support.processes import start  # not at the top: the child imports this module

    core = min(os.sched_getaffinity(0))
    spinner = start("while True: pass", env=os.environ, cold=True)  # a bare interpreter
    try:
        os.sched_setaffinity(spinner.pid, {core})
        yield core
    finally:
        spinner.kill()
        spinner.wait()


def test_a_plan_made_in_another_process_on_a_busy_machine_is_identical() -> None:
    from tests.support.processes import PIPE, start  # as above: the child needs only the planner

    # Half the requests (and their edits): the busy core's spinner burns as much CPU as the
    # child, so the half bounds the test's cost; the first test compares all of them.
    code = (
        "import json, sys\n"
        "from tests.unit.planner.test_determinism import digest_all\n"
        f"json.dump(digest_all(count={BUSY_COUNT}), sys.stdout)\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    with a_busy_core() as core:
        # A new interpreter, whatever the suite's spawn mode: only one has another hash seed.
        child = start(code, cwd=ROOT, env=env, stdout=PIPE, stderr=PIPE, text=True, cold=True)
        try:
            os.sched_setaffinity(child.pid, {core})  # before its imports end; it plans after
            out, err = child.communicate(timeout=300)
        finally:
            child.kill()
            child.wait()
    assert child.returncode == 0, err
    made = json.loads(out)
    assert len(made) > BUSY_COUNT  # plans and their edits
    assert made == list(digest_here())[: len(made)]
