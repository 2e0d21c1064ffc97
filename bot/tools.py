"""Trip tools: the operations a brain may perform on one conversation's trip.

Both brains act only through these methods, so what the traveller said becomes structured fields,
and every itinerary comes from the planner and passes the checker before anyone sees it. The
tools mutate an in-memory :class:`ConversationState`; the conversation service commits it only
after the turn's final message was produced.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from bot.edit_summary import edit_reply
from bot.group.terms import budget_note, party_note, settle
from bot.i18n import Lang, t
from bot.intake.flow import (
    Prompt,
    apply_choice,
    apply_patch,
    assumption_texts,
    field_prompt,
    next_prompt,
)
from bot.intake.parse import party_from_patch
from bot.intake.patch import TripPatch
from bot.intake.request import ParsedRequest, parse_request
from bot.intake.understand import parse_edit
from bot.messages import Choice, Choices, FileReply, FinalMessage, ReplyEvent
from bot.planner.catalogue import describe_attraction
from bot.planner.edit_kinds import EDIT_KINDS
from bot.planner.itinerary import Itinerary
from bot.planner.kb import Attraction
from bot.planning import STILL_PLANNING, EditOp, Planner, PlanOutcome
from bot.storage.models import ConversationState
from bot.trip import TripProblem, TripRequest

# Per-day buttons of the edit vocabulary (bot/planner/edit_kinds.py): payload name -> text key.
DAY_BUTTON_TEXT = {spec.button: f"btn_{kind}" for kind, spec in EDIT_KINDS.items() if spec.button}


@dataclass
class IntakeResult:
    """The outcome of feeding text or a button into intake."""

    prompt: Prompt
    understood: bool
    problems: list[TripProblem] = field(default_factory=list)


class TripTools:
    """Operations on one conversation's trip, bound to the state loaded for this turn."""

    def __init__(
        self,
        state: ConversationState,
        today: date,
        user_id: str,
        planner: Planner,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state = state
        self.today = today
        self.user_id = user_id
        self.planner = planner
        self.clock = clock  # when a poll opened by a tool opens and closes (the desk's clock)
        self.changed = False

    def fork(self) -> TripTools:
        """A copy working on a deep copy of the state (adopted only if the brain succeeds)."""
        state = self.state.model_copy(deep=True)
        return TripTools(state, self.today, self.user_id, self.planner, self.clock)

    def adopt(self, other: TripTools) -> None:
        self.state = other.state
        self.changed = self.changed or other.changed

    # -- trip request --------------------------------------------------------------------
    @property
    def request(self) -> TripRequest:
        return self.state.request

    def parse(self, text: str) -> TripPatch:
        """Parse free text into a patch, must-see and avoid places included (nothing applied)."""
        return self.read(text, "en").patch

    def read(self, text: str, lang: Lang) -> ParsedRequest:
        """The one request parser, with assumptions in ``lang`` and names to ask about; once the
        trip has dates, a month said alone ("the weather in March?") does not move them."""
        parsed = parse_request(text, lang, self.today, self.planner.kb)
        patch = parsed.patch.for_dates_set() if self.state.request.start_date else parsed.patch
        if patch is parsed.patch:
            return parsed
        return dataclasses.replace(parsed, patch=patch, assumptions=assumption_texts(patch, lang))

    def update_request(self, patch: TripPatch, lang: Lang) -> IntakeResult:
        """Merge what the traveller said; report problems; say what to ask next."""
        request, problems = apply_patch(self._group_terms(self.state.request), patch, self.today)
        said = party_from_patch(patch) is not None
        request = self._group_terms(request, party_said=said, budget_said=patch.budget is not None)
        self._set_request(request)
        if self.state.stage == "idle":
            self.state.stage = "intake"
            self.state.intake_owner = self.user_id
        prompt = self._next_prompt(request, lang)
        notes = [problem_text(p, lang) for p in problems]
        if patch.budget is not None and not self.state.is_private:
            notes += [n for n in [budget_note(self.state.group, lang)] if n]
        if notes:
            prompt.text = "\n".join(notes) + "\n\n" + prompt.text
        self.state.awaiting = prompt.awaiting
        return IntakeResult(prompt, understood=not patch.empty, problems=problems)

    def _group_terms(
        self, request: TripRequest, *, party_said: bool = False, budget_said: bool = False
    ) -> TripRequest:
        """In a group, the terms the members set together (:mod:`bot.group.terms`): a party
        said replaces the members' one, a budget said is this member's word on the budget per
        person, and the request gets the members' party and the tightest budget."""
        if self.state.is_private:
            return request
        ledger = self.state.group
        if party_said:
            ledger.party_from_members = False
        member = ledger.member(self.user_id)
        if budget_said and member is not None:
            member.budget_each = request.budget
        settled = settle(request, ledger)
        if settled != request or party_said or budget_said:
            self.changed = True
        return settled

    def _next_prompt(self, request: TripRequest, lang: Lang) -> Prompt:
        """The next intake question or the summary, with the group's assumed party said."""
        assumed = [] if self.state.is_private else [party_note(self.state.group, lang)]
        notes = [a for a in assumed if a]
        return next_prompt(request, lang, self.place_name(lang), notes)

    def choose(self, data: str, lang: Lang) -> IntakeResult:
        """Apply an intake button; raises ``ValueError`` for an unknown payload."""
        request, reopen = apply_choice(self._group_terms(self.state.request), data, self.today)
        kind = data[2:].partition(":")[0]
        request = self._group_terms(
            request, party_said=kind == "party", budget_said=kind == "budget"
        )
        self._set_request(request)
        if self.state.stage == "idle":
            self.state.stage = "intake"
            self.state.intake_owner = self.user_id
        prompt = field_prompt(request, reopen, lang) if reopen else self._next_prompt(request, lang)
        self.state.awaiting = prompt.awaiting
        return IntakeResult(prompt, understood=True)

    def start_intake(self, lang: Lang) -> Prompt:
        """Begin (or resume) intake and return the next question."""
        if self.state.stage == "idle":
            self.state.stage = "intake"
            self.state.intake_owner = self.user_id
            self.changed = True
        self._set_request(self._group_terms(self.state.request))  # members may have joined
        prompt = self._next_prompt(self.state.request, lang)
        self.state.awaiting = prompt.awaiting
        return prompt

    def place_name(self, lang: Lang) -> Callable[[str], str]:
        """Display names of places by id, in ``lang``."""
        places = self.planner.kb.places

        def name(place_id: str) -> str:
            place = places.get(place_id)
            if place is None:
                return place_id
            return place.names.of(lang)

        return name

    def _set_request(self, request: TripRequest) -> None:
        if request != self.state.request:
            self.state.request = request
            self.changed = True

    # -- planning ------------------------------------------------------------------------
    async def plan_command(self, args: str, lang: Lang) -> list[ReplyEvent]:
        """``/plan [text]``: resume intake, take details from ``args``, or show the plan."""
        if args:
            if self.state.stage == "planned":
                return await self.replan_with(self.parse(args), lang)
            result = self.update_request(self.parse(args), lang)
            return [FinalMessage(result.prompt.text, choices=result.prompt.choices, language=lang)]
        if self.state.stage == "planned" and self.state.itinerary is not None:
            text = self.planner.render(self.state.itinerary, lang) + "\n\n" + t(lang, "plan_exists")
            return [self._plan_message(text, lang)]
        prompt = self.start_intake(lang)
        return [FinalMessage(prompt.text, choices=prompt.choices, language=lang)]

    async def confirm_and_plan(self, lang: Lang) -> list[ReplyEvent]:
        """Plan the confirmed request; explain what cannot be met."""
        self._set_request(self._group_terms(self.state.request))
        request = self.state.request
        if request.missing() or request.problems(self.today):
            prompt = self.start_intake(lang)
            return [FinalMessage(prompt.text, choices=prompt.choices, language=lang)]
        outcome = await self.planner.plan_async(request)
        self._pending(outcome, PLAN_AGAIN, lang)
        return self._accept(outcome, lang)

    async def replan_with(self, patch: TripPatch, lang: Lang) -> list[ReplyEvent]:
        """Change the request of a planned trip and plan again."""
        request, problems = apply_patch(self._group_terms(self.state.request), patch, self.today)
        said = party_from_patch(patch) is not None
        request = self._group_terms(request, party_said=said, budget_said=patch.budget is not None)
        if problems or request.missing():
            self.state.stage = "intake"
            result = self.update_request(patch, lang)
            return [FinalMessage(result.prompt.text, choices=result.prompt.choices, language=lang)]
        self._set_request(request)
        outcome = await self.planner.plan_async(request)
        self._pending(outcome, PLAN_AGAIN, lang)
        return self._accept(outcome, lang)

    async def edit(self, op: EditOp, lang: Lang, again: str | None = None) -> list[ReplyEvent]:
        """Apply one edit to the current plan, the rest pinned; the checker runs again.

        ``again``: the button that asks for this edit (when it came from one)."""
        if self.state.itinerary is None:
            return [FinalMessage(t(lang, "no_plan_yet"), language=lang)]
        if op.action == "export":
            return self.export(lang)
        if op.action == "show":
            text = self.planner.render(self.state.itinerary, lang, day=op.day)
            return [self._plan_message(text, lang)]
        before = self.state.itinerary
        outcome = await self.planner.edit_async(before, op)
        if again is None and EditOp.from_callback(op.callback()) == op:
            again = op.callback()
        self._pending(outcome, again, lang)
        if outcome.itinerary is not None:
            self._set_request(outcome.itinerary.request)  # the edit's wish: avoid / must-see
        events = self._accept(outcome, lang)
        after = self.state.itinerary
        if outcome.itinerary is None or after is None:
            return events
        text = edit_reply(before, after, self.planner.kb, lang)
        return [self._plan_message(text, lang)]

    async def edit_from_text(self, text: str, lang: Lang) -> list[ReplyEvent] | None:
        """Understand an edit request in words; ``None`` when the text is not one."""
        if self.state.itinerary is None:
            return None
        op = parse_edit(text, self.state.itinerary, self.planner.kb)
        if op is None:
            return None
        if op.problem:
            return [self._edit_question(op, lang)]
        return await self.edit(op, lang)

    def _edit_question(self, op: EditOp, lang: Lang) -> FinalMessage:
        """Why an edit in words cannot be done yet, with buttons for the likely answers."""
        name = self.place_name(lang)
        value = name(op.value) if op.value in self.planner.kb.places else op.value
        options: list[Choice] = []
        if op.problem == "which_place":
            for pid in op.candidates:
                if op.action == "swap" and op.place_id is not None:
                    answer = EditOp("swap", place_id=op.place_id, new_place_id=pid)
                elif op.action == "swap":
                    answer = EditOp("swap", place_id=pid, new_place_id=op.new_place_id)
                else:
                    answer = EditOp(op.action, day=op.day, place_id=pid)
                if len(answer.callback().encode()) <= 64:  # Telegram's callback limit
                    options.append(Choice(name(pid), answer.callback()))
            value = " · ".join(name(pid) for pid in op.candidates)
        elif op.problem == "which_day" and self.state.itinerary is not None:
            short = EDIT_KINDS[op.action].button
            if short is not None:
                options = [
                    Choice(t(lang, DAY_BUTTON_TEXT[short], n=n), f"p:{short}:{n}")
                    for n in range(1, len(self.state.itinerary.days) + 1)
                ]
        choices = Choices(tuple(options)) if options else None
        return FinalMessage(t(lang, op.problem or "edit_not_understood", value=value),
                            choices=choices, language=lang)  # fmt: skip

    def describe(self, place: Attraction, lang: Lang) -> str:
        """A place's catalogue entry: hours today, price, how to get there, link."""
        return describe_attraction(place, self.planner.kb, lang, self.today)

    def export(self, lang: Lang) -> list[ReplyEvent]:
        """The plan as an .ics calendar file."""
        if self.state.itinerary is None:
            return [FinalMessage(t(lang, "no_plan_yet"), language=lang)]
        data = self.planner.ics(self.state.itinerary, lang)
        start = self.state.itinerary.days[0].date.isoformat() if self.state.itinerary.days else ""
        return [
            FinalMessage(t(lang, "ics_ready"), language=lang),
            FileReply(f"bundletrip-{start}.ics", "text/calendar", data, t(lang, "ics_caption")),
        ]

    async def callback(self, data: str, lang: Lang) -> list[ReplyEvent]:
        """Handle a pressed button (intake ``i:`` or plan ``p:`` payloads)."""
        if data == "i:go":
            return await self.confirm_and_plan(lang)
        if data.startswith("i:"):
            try:
                result = self.choose(data, lang)
            except ValueError:
                return [FinalMessage(t(lang, "stale_button"), language=lang)]
            return [FinalMessage(result.prompt.text, choices=result.prompt.choices, language=lang)]
        if data.startswith("p:"):
            op = EditOp.from_callback(data)
            if op is None:
                return [FinalMessage(t(lang, "stale_button"), language=lang)]
            return await self.edit(op, lang, again=data)
        return [FinalMessage(t(lang, "stale_button"), language=lang)]

    def _pending(self, outcome: PlanOutcome, again: str | None, lang: Lang) -> None:
        """Remember how to ask again for a plan still being planned (``None``: nothing
        pending); the sweep asks once its job is done (:meth:`ConversationService.close_due`)."""
        pending = again if outcome.note == STILL_PLANNING else None
        if pending != self.state.pending_plan:
            self.state.pending_plan, self.state.pending_lang = pending, lang
            self.changed = True

    def _accept(self, outcome: PlanOutcome, lang: Lang) -> list[ReplyEvent]:
        if outcome.itinerary is None:
            text = self.planner.explain(outcome, lang)
            prompt = next_prompt(self.state.request, lang)
            self.state.awaiting = prompt.awaiting if self.state.stage != "planned" else None
            choices = prompt.choices if self.state.stage != "planned" else None
            return [FinalMessage(text, choices=choices, language=lang)]
        self.state.plan_version += 1
        itinerary = outcome.itinerary.model_copy(update={"version": self.state.plan_version})
        self.state.itinerary = itinerary
        self.state.stage = "planned"
        self.state.awaiting = None
        self.changed = True
        text = self.planner.render(itinerary, lang)
        if outcome.note:
            text = outcome.note + "\n\n" + text
        return [self._plan_message(text, lang)]

    def _plan_message(self, text: str, lang: Lang) -> FinalMessage:
        itinerary = self.state.itinerary
        return FinalMessage(
            text, itinerary=itinerary, choices=plan_choices(itinerary, lang), language=lang
        )


PLAN_AGAIN = "i:go"  # the button that plans the confirmed request (again)


def plans(callback_data: str) -> bool:
    """Tell whether a button runs the planner (worth a "planning…" draft)."""
    return callback_data == "i:go" or (
        callback_data.startswith("p:") and callback_data not in ("p:ics", "p:show")
    )


def plan_choices(itinerary: Itinerary | None, lang: Lang) -> Choices | None:
    """Buttons under a plan: export, and per day lighter / fuller / regenerate / swap."""

    if itinerary is None:
        return None
    options = [Choice(t(lang, "btn_ics"), "p:ics"), Choice(t(lang, "btn_whole_plan"), "p:show")]
    for index in range(len(itinerary.days)):
        n = index + 1
        options += [
            Choice(t(lang, key, n=n), f"p:{short}:{n}") for short, key in DAY_BUTTON_TEXT.items()
        ]
    return Choices(tuple(options))


def problem_text(problem: TripProblem, lang: Lang) -> str:
    """The user-facing sentence for a validation problem."""
    return t(lang, f"problem_{problem.code}", value=problem.value)
