"""The core's view of the planner: plan, edit, check, render, export.

Words → edits live in the understanding layer (:mod:`bot.intake.understand`).

Every itinerary returned here has passed :func:`bot.planner.checker.check_itinerary`; a plan that
fails the checker is never returned (the caller gets an explained failure instead, and the
violation is logged). Planning is CPU-bound and pure; callers run it in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from bot.i18n import Lang, suggestion, t
from bot.planner import adjust, edits
from bot.planner.checker import Violation, check_itinerary
from bot.planner.days import region_values
from bot.planner.edit_kinds import BUTTONS, EDIT_KINDS, EditKind
from bot.planner.itinerary import BLOCKS, Itinerary
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase, load_knowledge_base
from bot.planner.regions import BY_ID, kb_region_map, main_regions
from bot.planner.render import render_day, render_itinerary
from bot.planner.service import Infeasible, plan_trip, travel_model
from bot.planner.stops import make_context
from bot.planner.travel import TravelModel
from bot.planner.value import meal_serves, serves
from bot.trip import TravelStyle, TripRequest

log = logging.getLogger(__name__)
# PlanOutcome.note of a queued job not done within the bounded wait, and of a job that failed
# on every attempt (bot/plan_jobs.py); explain() says so in the user's language.
STILL_PLANNING = "still_planning"
JOB_FAILED = "job_failed"


@dataclass(frozen=True)
class EditOp:
    """One requested change to a plan. Days are 1-based as users say them."""

    action: EditKind
    day: int | None = None
    place_id: str | None = None
    new_place_id: str | None = None
    problem: str | None = None  # an i18n key when the request could not be understood
    value: str = ""
    candidates: tuple[str, ...] = ()  # place ids to ask about when a name was ambiguous

    def callback(self) -> str:
        """This edit as a ``p:`` button payload (the answer to "which one?")."""
        day = str(self.day or 0)
        if self.action == "remove":
            return f"p:rm:{self.place_id}"
        if self.action in ("add", "move"):
            return f"p:{self.action}:{day}:{self.place_id}"
        return f"p:swap:{day}:{self.place_id}:{self.new_place_id or ''}"

    @staticmethod
    def from_callback(data: str) -> EditOp | None:
        """Parse a ``p:`` button payload (``p:ics``, ``p:light:2``, ``p:swap:2:<place>[:<new>]``,
        ``p:rm:<place>``, ``p:add:<day>:<place>``, ``p:move:<day>:<place>``)."""
        parts = data.split(":")
        try:
            if parts[1] == "ics":
                return EditOp("export")
            if parts[1] == "show":
                return EditOp("show")
            if parts[1] in BUTTONS:
                return EditOp(BUTTONS[parts[1]], day=int(parts[2]))
            if parts[1] == "swap":
                new = parts[4] if len(parts) > 4 and parts[4] else None
                return EditOp("swap", day=int(parts[2]) or None, place_id=parts[3],
                              new_place_id=new)  # fmt: skip
            if parts[1] == "rm":
                return EditOp("remove", place_id=parts[2])
            if parts[1] in ("add", "move"):
                action: EditKind = "add" if parts[1] == "add" else "move"
                return EditOp(action, day=int(parts[2]) or None, place_id=parts[3])
        except (IndexError, ValueError):
            return None
        return None


@dataclass(frozen=True)
class PlanOutcome:
    itinerary: Itinerary | None = None
    infeasible: Infeasible | None = None
    violations: tuple[Violation, ...] = ()
    note: str = ""


class Planner:
    """Plans and edits with the knowledge base; checks everything it returns.

    Planning is CPU-bound (~0.1–0.6 s). ``plan_async`` / ``edit_async`` run it off the event
    loop: in a worker thread by default, or in a pool of ``processes`` worker processes (each
    with its own knowledge base) so that several chats plan in parallel on several cores.
    """

    def __init__(
        self, kb: KnowledgeBase, travel: TravelModel | None = None, *, processes: int = 0
    ) -> None:
        self.kb = kb
        self.travel = travel or travel_model(kb)
        self._given_travel = travel  # a test's model wins over the trip's dates
        self.pool: ProcessPoolExecutor | None = None
        if processes > 0:
            self.pool = ProcessPoolExecutor(
                processes, mp_context=multiprocessing.get_context("spawn"), initializer=_warm
            )

    async def plan_async(self, request: TripRequest) -> PlanOutcome:
        if self.pool is None:
            return await asyncio.to_thread(self.plan, request)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, _plan_in_worker, request)

    async def edit_async(self, itinerary: Itinerary, op: EditOp) -> PlanOutcome:
        if self.pool is None:
            return await asyncio.to_thread(self.edit, itinerary, op)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, _edit_in_worker, itinerary, op)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def plan(self, request: TripRequest) -> PlanOutcome:
        return self._checked(plan_trip(request, self.kb, travel=self._travel(request)))

    def _travel(self, request: TripRequest) -> TravelModel:
        """The travel model for the trip's dates (stations that are open then)."""
        return self._given_travel or travel_model(self.kb, request.start_date)

    def edit(self, itinerary: Itinerary, op: EditOp) -> PlanOutcome:
        index = (op.day or 1) - 1
        if op.day is not None and not 0 <= index < len(itinerary.days):
            return PlanOutcome(note=f"day:{op.day}")
        spec = EDIT_KINDS.get(op.action)
        if spec is not None and "place" not in spec.needs:  # a day's load or start, or all days
            result = self._day_edit(itinerary, op, index)
        else:
            result = self._place_edit(itinerary, op, index)
        return PlanOutcome(note="unsupported") if result is None else self._checked(result)

    def _day_edit(
        self, itinerary: Itinerary, op: EditOp, index: int
    ) -> Itinerary | Infeasible | None:
        """An edit of one day's load or start (or less walking everywhere); None if unsupported."""
        kb, travel = self.kb, self._travel(itinerary.request)
        if op.action == "lighter":
            return edits.lighter(itinerary, index, kb=kb, travel=travel)
        if op.action == "fuller":
            return edits.fuller(itinerary, index, kb=kb, travel=travel)
        if op.action == "regen":
            return edits.regenerate_day(itinerary, index, kb=kb, travel=travel)
        if op.action == "later" and op.day is not None:
            at = op.value or None
            return adjust.start_later(itinerary, index, at, kb=kb, travel=travel)
        if op.action == "less_walking":
            return adjust.less_walking(itinerary, kb=kb, travel=travel)
        if op.action == "swap_days" and op.value.isdigit():
            other = int(op.value) - 1
            return edits.swap_days(itinerary, index, other, kb=kb, travel=travel)
        return None

    def _place_edit(
        self, itinerary: Itinerary, op: EditOp, index: int
    ) -> Itinerary | Infeasible | None:
        """An edit of one place (remove, add, more time, move, swap); None if unsupported."""
        kb, travel = self.kb, self._travel(itinerary.request)
        if op.action == "remove" and op.place_id:
            return edits.remove(itinerary, op.place_id, kb=kb, travel=travel)
        if op.action == "add" and op.place_id and op.day is not None and op.value in BLOCKS:
            return adjust.add_at(itinerary, op.place_id, index, op.value, kb=kb, travel=travel)
        if op.action == "longer" and op.place_id:
            return adjust.more_time(itinerary, op.place_id, kb=kb, travel=travel)
        if op.action == "add" and op.place_id:
            day = None if op.day is None else index
            return edits.add(itinerary, op.place_id, day, kb=kb, travel=travel)
        if op.action == "move" and op.place_id and op.day is not None:
            return edits.move(itinerary, op.place_id, index, kb=kb, travel=travel)
        if op.action == "swap" and op.place_id and op.new_place_id:
            return edits.swap(itinerary, op.place_id, op.new_place_id, kb=kb, travel=travel)
        if op.action == "swap" and op.place_id:
            return self._swap_for_best(itinerary, op.place_id)
        return None

    def _swap_for_best(self, itinerary: Itinerary, place_id: str) -> Itinerary | Infeasible:
        """Replace a place with the planner's best alternative (removal also avoids it)."""
        day = next(
            (i for i, d in enumerate(itinerary.days) for it in d.items if it.place_id == place_id),
            0,
        )
        travel = self._travel(itinerary.request)
        removed = edits.remove(itinerary, place_id, kb=self.kb, travel=travel)
        if isinstance(removed, Infeasible):
            return removed
        fuller = edits.fuller(removed, day, kb=self.kb, travel=travel)
        return removed if isinstance(fuller, Infeasible) else fuller

    def _checked(self, result: Itinerary | Infeasible) -> PlanOutcome:
        if isinstance(result, Infeasible):
            return PlanOutcome(infeasible=result)
        violations = check_itinerary(result, self.kb, self._travel(result.request))
        if violations:
            log.error("planner output failed the checker: %s", [v.code for v in violations])
            return PlanOutcome(violations=tuple(violations))
        return PlanOutcome(itinerary=result)

    def check(self, itinerary: Itinerary) -> list[Violation]:
        return check_itinerary(itinerary, self.kb, self._travel(itinerary.request))

    def render(self, itinerary: Itinerary, lang: Lang, day: int | None = None) -> str:
        if day is not None and 1 <= day <= len(itinerary.days):
            return render_day(itinerary, self.kb, day - 1, lang)
        return render_itinerary(itinerary, self.kb, lang)

    def ics(self, itinerary: Itinerary, lang: Lang) -> bytes:
        # Imported here: icalendar costs every bot process ~60 ms to import, and only a trip
        # exported to a calendar needs it.
        from bot.planner.ics import itinerary_to_ics

        return itinerary_to_ics(itinerary, self.kb, lang)

    def explain(self, outcome: PlanOutcome, lang: Lang) -> str:
        """Say why there is no (new) plan, in the user's language."""
        if outcome.infeasible is not None:
            inf = outcome.infeasible
            text = inf.message_ko if lang == "ko" else inf.message_en
            shown = [suggestion_text(s, lang, self.kb) for s in inf.suggestions]
            shown = [s for s in shown if s]
            if shown:
                text += "\n" + "\n".join(f"• {s}" for s in shown)
            return text
        if outcome.note in (STILL_PLANNING, JOB_FAILED):
            return t(
                lang, "still_planning" if outcome.note == STILL_PLANNING else "plan_job_failed"
            )
        if outcome.note.startswith("day:"):
            return t(lang, "no_such_day", value=outcome.note[4:])
        if outcome.violations:
            return t(lang, "plan_failed_check")
        return t(lang, "edit_not_understood")


@dataclass(frozen=True)
class DayAreas:
    """Where a plan's days are spent: each place's area (a planner region) and each day's main
    area, the one most of its visiting time is spent in (``None``: a day with no visits)."""

    of: Mapping[str, str]
    days: tuple[str | None, ...]


def day_areas(kb: KnowledgeBase, itinerary: Itinerary) -> DayAreas:
    """The areas of ``itinerary``'s places and days, as the planner divides the city."""
    rmap = kb_region_map(kb)
    return DayAreas(of=rmap.of, days=main_regions(itinerary, rmap))


def style_days(kb: KnowledgeBase, itinerary: Itinerary, style: TravelStyle) -> list[int]:
    """The days (1-based) of ``itinerary`` with a visit or a meal that serves ``style``, as the
    planner values places for it (a local hawker meal serves "food")."""
    request = itinerary.request.model_copy(update={"styles": [style], "interests": []})
    places = kb.places
    out: list[int] = []
    for number, day in enumerate(itinerary.days, start=1):
        for item in day.items:
            place = places.get(item.place_id or "")
            if isinstance(place, Attraction) and str(style) in serves(request, 0, place):
                out.append(number)
                break
            if isinstance(place, FoodPlace) and meal_serves(request, place):
                out.append(number)
                break
    return out


def area_values(
    kb: KnowledgeBase, request: TripRequest, used: Iterable[str] = ()
) -> dict[str, float]:
    """What a free day in each area is worth for ``request`` (its styles, party, avoided
    places), as the planner weighs areas when it chooses where a day without must-sees goes;
    ``used``: places planned on other days."""
    ctx = make_context(request, kb, travel_model(kb, request.start_date))
    return region_values(ctx, frozenset(used))


def area_highlights(
    kb: KnowledgeBase, request: TripRequest, area: str, used: Iterable[str] = (), count: int = 2
) -> list[str]:
    """The places of ``area`` worth most for ``request`` (not among ``used``), best first."""
    ctx = make_context(request, kb, travel_model(kb, request.start_date))
    taken, of = set(used), kb_region_map(kb).of
    found = [a for a in ctx.eligible if of.get(a.id) == area and a.id not in taken]
    found.sort(key=lambda a: (-ctx.value(a), a.id))
    return [a.id for a in found[:count]]


def area_name(area: str, lang: Lang) -> str:
    """An area's display name in ``lang`` (the id itself when unknown)."""
    region = BY_ID.get(area)
    if region is None:
        return area
    return region.name_ko if lang == "ko" else region.name_en


def suggestion_text(phrase: str, lang: Lang, kb: KnowledgeBase) -> str:
    """A planner suggestion (written in English) in ``lang``; "" when there is no translation.

    The planner's suggestions are short fixed phrases ("raise the budget", "drop <place>").
    A Korean reply never shows an English one: unknown phrases are left out.
    """
    if lang != "ko":
        return phrase
    known = suggestion(phrase, lang)
    if known is not None:
        return known
    verb, _, name = phrase.strip().partition(" ")
    if verb.lower() in ("drop", "move"):
        place = kb.places.get(name) or next(
            (p for p in kb.places.values() if p.names.en.lower() == name.lower()), None
        )
        if place is not None:
            return t(lang, f"suggest.{verb.lower()}", place=place.names.ko)
    return ""


_WORKER: Planner | None = None


def _warm() -> None:
    """Process-pool initializer: load the knowledge base and travel model once per worker."""
    global _WORKER
    _WORKER = Planner(load_knowledge_base())


def _plan_in_worker(request: TripRequest) -> PlanOutcome:
    if _WORKER is None:
        _warm()
    assert _WORKER is not None
    return _WORKER.plan(request)


def _edit_in_worker(itinerary: Itinerary, op: EditOp) -> PlanOutcome:
    if _WORKER is None:
        _warm()
    assert _WORKER is not None
    return _WORKER.edit(itinerary, op)
