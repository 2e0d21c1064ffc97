"""The planner a group trip uses: the shared planner, planning the merged request fairly."""

from __future__ import annotations

from bot.i18n import Lang
from bot.planner.itinerary import Itinerary
from bot.planning import EditOp, Planner, PlanOutcome
from bot.trip import TripRequest

from .balance import plan_fairly
from .fairness import FairOutcome, report
from .ledger import GroupLedger
from .render import Places, cost_block, fairness_block


class FairPlanner(Planner):
    """The shared planner, planning a group's merged request fairly (same process pool)."""

    def __init__(self, base: Planner, ledger: GroupLedger, lang: Lang) -> None:
        # Share the base planner's knowledge base, travel model and worker pool; own nothing.
        self.__dict__.update(base.__dict__)
        self.base = base
        self.ledger = ledger
        self.lang = lang
        self.last: FairOutcome | None = None  # what the last plan dropped (for a poll)

    def close(self) -> None:
        """The pool belongs to the base planner."""

    async def plan_async(self, request: TripRequest) -> PlanOutcome:
        fair = await plan_fairly(
            self.base.plan_async, request, self.ledger, self.kb, move=self._move
        )
        self.last = fair
        return self._with_lines(fair)

    async def _move(self, itinerary: Itinerary, place: str, day: int) -> PlanOutcome:
        return await self.base.edit_async(itinerary, EditOp("move", day=day, place_id=place))

    def _with_lines(self, fair: FairOutcome) -> PlanOutcome:
        outcome = fair.outcome
        if outcome.itinerary is None:
            return outcome
        places = Places(self.kb, self.lang)
        notes = [
            fairness_block(report(fair, self.ledger, self.kb), self.lang, places),
            cost_block(outcome.itinerary, self.ledger, self.lang, self.kb),
            outcome.note,
        ]
        return PlanOutcome(
            itinerary=outcome.itinerary,
            violations=outcome.violations,
            note="\n\n".join(n for n in notes if n),
        )
