"""The language model's tools, each defined once: one :class:`Toolbox` per turn.

Each tool is a typed method over the turn's :class:`~bot.tools.TripTools`, marked ``@tool``: its
name is the tool's name, its docstring the description the model reads, and its one argument's
pydantic model (:mod:`bot.brains.llm_tool_args`) both the JSON schema sent to the model and the
validation of what comes back. :data:`TOOLS`, :data:`TOOL_SCHEMAS` and the dispatch in
:meth:`Toolbox.call` are derived from the methods. A tool's result goes back to the model as
short text, and so does its failure (bad JSON, a field the tool does not take, an unknown
place). What the traveller must see — a plan, the planner's explanation, a calendar file, intake
buttons — is kept aside here and shown by the brain under the model's words, never rewritten by
the model.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel, ValidationError

from bot.brains.llm_tool_args import (
    EditPlanArgs,
    NoArgs,
    OpenPollArgs,
    PlaceDetailsArgs,
    RecordWishArgs,
    SearchPlacesArgs,
    TravelTimeArgs,
    UpdateTripArgs,
    tool_schema,
)
from bot.brains.llm_views import place_line, plan_view, state_view
from bot.group.fair_planner import FairPlanner
from bot.group.fairness import FairOutcome, report
from bot.group.ledger import MemberWishes
from bot.group.opening import PlanTopic, open_dates_poll, open_plan_poll, shown_outcome
from bot.group.render import Places, ledger_text, wish_summary
from bot.group.wishes import apply_wishes, read_wishes, shared
from bot.i18n import Lang
from bot.intake.patch import TripPatch
from bot.intake.places import PlaceIndex
from bot.messages import Choices, FileReply, FinalMessage, PollReply, ReplyEvent
from bot.planner.catalogue import describe_attraction
from bot.planner.edit_kinds import EDIT_KINDS
from bot.planner.geo import ANCHORS
from bot.planner.kb import Attraction, FoodPlace, hhmm, minutes
from bot.planning import EditOp, PlanOutcome
from bot.tools import TripTools
from bot.trip import Money

log = logging.getLogger(__name__)

Place = Attraction | FoodPlace
Method = TypeVar("Method", bound=Callable[..., Awaitable[str]])
_TOOL_NAMES: list[str] = []  # the methods marked @tool, in definition order


def tool(method: Method) -> Method:
    """Mark a :class:`Toolbox` method as a tool the model may call."""
    _TOOL_NAMES.append(method.__name__)
    return method


class ToolFailure(Exception):
    """A tool cannot do what was asked; the message goes back to the model."""


class Toolbox:
    """The tools of one turn, bound to that turn's trip; collects what the user must see."""

    def __init__(self, tools: TripTools, lang: Lang) -> None:
        self.tools = tools
        self.lang = lang
        self.kb = tools.planner.kb
        self.plan: FinalMessage | None = None  # the latest plan the planner produced
        self.notice: str = ""  # the planner's explanation when a plan or edit failed
        self.choices: Choices | None = None  # intake buttons to show
        self.files: list[FileReply] = []
        self.polls: list[PollReply] = []  # polls opened this turn, shown under the reply
        self.called: list[str] = []
        self.rejected = 0  # calls refused for an unknown tool or arguments that do not fit

    async def call(self, name: str, raw_arguments: str) -> str:
        """Run one tool call and return the text for the model (errors included)."""
        self.called.append(name)
        definition = TOOLS.get(name)
        if definition is None:
            self.rejected += 1
            return f"error: there is no tool {name!r}."
        try:
            data = json.loads(raw_arguments or "{}")
            args = definition.args.model_validate(data)
        except json.JSONDecodeError:
            self.rejected += 1
            return "error: the arguments are not valid JSON; send one JSON object."
        except ValidationError as exc:
            self.rejected += 1
            return "error: " + _validation_text(exc)
        try:
            method: Callable[[BaseModel], Awaitable[str]] = getattr(self, name)
            return await method(args)
        except ToolFailure as exc:
            return f"error: {exc}"

    # -- trip ---------------------------------------------------------------------------
    @tool
    async def get_trip(self, _: NoArgs) -> str:
        """Read the current trip request, what is missing, and the plan summary."""
        values = state_view(self.tools.state, self.kb)
        return "\n".join(f"{k}: {v}" for k, v in values.items())

    @tool
    async def update_trip(self, args: UpdateTripArgs) -> str:
        """Record trip details the traveller gave. Send only fields they mentioned. Budget is per
        person for the whole trip unless budget_is_total. Returns what is still missing."""
        patch = _patch(args)
        if args.said:  # the one request parser reads the words; the model's fields win
            patch = _merge(self.tools.read(args.said, self.lang).patch, patch)
        must, avoid = self._resolve_all(args.must_see), self._resolve_all(args.avoid)
        state = self.tools.state
        if must or avoid:
            request = state.request
            new_must = [p for p in dict.fromkeys([*request.must_see, *must]) if p not in avoid]
            new_avoid = [p for p in dict.fromkeys([*request.avoid, *avoid]) if p not in must]
            state.request = request.model_copy(update={"must_see": new_must, "avoid": new_avoid})
            self.tools.changed = True
        if state.stage == "planned":
            return await self._show(await self.tools.replan_with(patch, self.lang), "replanned")
        result = self.tools.update_request(patch, self.lang)
        self.choices = result.prompt.choices
        problems = ", ".join(p.code + (f" ({p.value})" if p.value else "") for p in result.problems)
        view = state_view(state, self.kb)
        lines = [f"recorded. request: {view['request']}", f"missing: {view['missing']}"]
        if problems:
            lines.append(f"problems (those values were dropped): {problems}")
        lines.append("buttons for the next step are shown to the traveller.")
        return "\n".join(lines)

    # -- group trips -------------------------------------------------------------------
    @tool
    async def record_wish(self, args: RecordWishArgs) -> str:
        """Group trips: record the speaking member's OWN wishes from their words (places to see
        or avoid, a personal budget cap, the days they are there, mobility). The plan is made
        fairly for every member; other dates they propose are put to the group's vote."""
        member = self._member()
        patch = read_wishes(args.words, self.tools.today, self.kb)
        if patch.empty and patch.dates is None:
            if patch.trip_level:  # "about S$1,500 each", "4 of us": the whole trip's terms
                raise ToolFailure(
                    "those words are about the whole trip (party, or a budget per person): "
                    "use update_trip; in a group the tightest budget per person wins"
                )
            raise ToolFailure("no personal wish found in those words")
        state = self.tools.state
        said = ""
        if patch.dates is not None:
            said = self._dates_poll(member, patch.dates)
        if not patch.empty:  # the same operation as the rules' (bot/group/desk.py)
            apply_wishes(member, patch)
            state.request = shared(state.request, patch)
            self.tools.changed = True
            places = Places(self.kb, self.lang)
            said = f"recorded for {member.name}: {wish_summary(member, self.lang, places)}" + (
                f"; {said}" if said else ""
            )
        if state.itinerary is not None and not patch.empty:
            said += "; call plan_trip to make the plan again with it"
        return said

    @tool
    async def open_poll(self, args: OpenPollArgs) -> str:
        """Group trips: put a choice to the group's vote, as a poll in the chat. The project
        sets the options from the trip and the plan, the tie rule (a tie keeps the current plan)
        and the deadline (when everyone has voted, or after 24 h); one poll at a time. The poll
        is shown under your reply and its winner is planned by the project."""
        member = self._member()
        ledger, state = self.tools.state.group, self.tools.state
        if ledger.open_poll() is not None:
            raise ToolFailure("a poll is already open; it closes when everyone has voted")
        if args.topic == "dates":
            assert args.start_date is not None and args.end_date is not None  # validated
            return self._dates_poll(member, (args.start_date, args.end_date))
        if state.itinerary is None:
            raise ToolFailure("there is no plan yet; use plan_trip first")
        planner = self.tools.planner
        last = planner.last if isinstance(planner, FairPlanner) else None
        fair = shown_outcome(state.itinerary, state.request, ledger, last)
        topic: PlanTopic = "area" if args.topic == "day" else "drop"
        reply = open_plan_poll(fair, ledger, self.lang, self.kb, self.tools.clock(), topic)
        if reply is None:
            raise ToolFailure(
                "nothing to vote on: no day's area is disputed"
                if topic == "area"
                else "nothing to vote on: no wish was dropped, or the group already voted on it"
            )
        return self._opened(reply)

    def _member(self) -> MemberWishes:
        state = self.tools.state
        member = state.group.member(self.tools.user_id)
        if state.is_private or member is None:
            raise ToolFailure("this is a private chat: use update_trip")
        return member

    def _dates_poll(self, member: MemberWishes, dates: tuple[date, date]) -> str:
        """A dates poll, by the same rule as a member's words in the offline brain."""
        state = self.tools.state
        if state.request.start_date is None or state.request.end_date is None:
            raise ToolFailure("the trip has no dates yet: record these with update_trip")
        if dates[0] < self.tools.today:
            raise ToolFailure("those dates are in the past")
        reply = open_dates_poll(
            state.group, state.request, dates, member.name, self.lang, self.kb, self.tools.clock()
        )
        if reply is None:
            raise ToolFailure("no poll: those are the trip's dates, or a poll is already open")
        return self._opened(reply)

    def _opened(self, reply: PollReply) -> str:
        self.polls.append(reply)
        self.tools.changed = True
        return f"poll opened (shown under your reply): {reply.question} options: " + " | ".join(
            reply.options
        )

    @tool
    async def group_ledger(self, _: NoArgs) -> str:
        """Group trips: each member, their wishes, and how the current plan serves them."""
        state = self.tools.state
        if state.is_private:
            raise ToolFailure("this is a private chat; there is no group ledger")
        reports = None
        if state.itinerary is not None:
            fair = FairOutcome(PlanOutcome(itinerary=state.itinerary))
            reports = report(fair, state.group, self.kb)
        places = Places(self.kb, self.lang)
        return ledger_text(state.group, reports, self.lang, places, state.itinerary)

    @tool
    async def plan_trip(self, _: NoArgs) -> str:
        """Plan the whole trip from the recorded request (the planner checks hours and travel).
        The plan is shown to the traveller under your reply."""
        missing = self.tools.state.request.missing()
        if missing:
            raise ToolFailure(f"cannot plan yet; missing: {', '.join(missing)}")
        return await self._show(await self.tools.confirm_and_plan(self.lang), "planned")

    @tool
    async def edit_plan(self, args: EditPlanArgs) -> str:
        """Change the current plan; other days stay as they are. The action says what to change
        and which of day, place, new_place, time and part it takes."""
        if self.tools.state.itinerary is None:
            raise ToolFailure("there is no plan yet; use plan_trip first")
        place = self._resolve(args.place).id if args.place else None
        new = self._resolve(args.new_place).id if args.new_place else None
        given = {"place": place, "new_place": new, "day": args.day, "other_day": args.other_day}
        lacking = [n for n in EDIT_KINDS[args.action].needs if given[n] is None]
        if lacking:
            raise ToolFailure(f"{args.action} needs {', '.join(lacking)}")
        value = {"later": args.time, "add": args.part}.get(args.action)
        if args.action == "swap_days":
            value = str(args.other_day)
        op = EditOp(args.action, day=args.day, place_id=place, new_place_id=new, value=value or "")
        if args.action == "export":
            events = self.tools.export(self.lang)
            self.files.extend(e for e in events if isinstance(e, FileReply))
            return "the calendar file is attached to your reply."
        return await self._show(await self.tools.edit(op, self.lang), "edited")

    @tool
    async def check_plan(self, _: NoArgs) -> str:
        """Run the independent checker on the current plan."""
        itinerary = self.tools.state.itinerary
        if itinerary is None:
            raise ToolFailure("there is no plan yet")
        violations = self.tools.planner.check(itinerary)
        if not violations:
            return "the checker found no problem: hours, travel times, meals and costs hold."
        return "problems: " + "; ".join(f"{v.code}: {v.detail}" for v in violations[:8])

    async def _show(self, events: list[ReplyEvent], verb: str) -> str:
        final = next((e for e in events if isinstance(e, FinalMessage)), None)
        if final is None:
            raise ToolFailure("nothing came back")
        itinerary = final.itinerary
        if itinerary is not None:
            self.plan, self.notice = final, ""
            return f"{verb}; it is shown under your reply. {plan_view(itinerary, self.kb)}"
        self.notice = final.text
        if final.choices is not None and self.tools.state.stage != "planned":
            self.choices = final.choices
        return f"not done; the traveller sees this explanation: {final.text[:600]}"

    # -- places -------------------------------------------------------------------------
    @tool
    async def search_places(self, args: SearchPlacesArgs) -> str:
        """Find attractions or food places by words, area, style, and opening at a time."""
        day = args.date or self._default_day()
        at = minutes(args.open_at) if args.open_at else None
        query = (args.query or "").lower()
        area = (args.area or "").lower()
        named: set[str] | None = None
        if query:  # names through the place index; otherwise the query may be a tag
            match = PlaceIndex.for_kb(self.kb).lookup(query, kinds="any")
            named = {p.id for p in (*match.places, *match.candidates)}
        found: list[str] = []
        for place in self._places(args.kind):
            if area and area not in place.area.lower():
                continue
            if args.style and (not isinstance(place, Attraction) or args.style not in place.styles):
                continue
            tags = (
                " ".join((place.area, *place.tags)) if isinstance(place, Attraction) else place.area
            )
            if query and named is not None and place.id not in named and query not in tags.lower():
                continue
            intervals = place.open_intervals(day)
            if at is not None and not any(a <= at < b for a, b in intervals):
                continue
            found.append(place_line(place, _hours(intervals, day)))
            if len(found) >= args.limit:
                break
        if not found:
            return "no place matches; try fewer filters."
        return "\n".join(found)

    @tool
    async def place_details(self, args: PlaceDetailsArgs) -> str:
        """Hours on a date, prices, nearest MRT and a short description of one place."""
        place = self._resolve(args.place)
        day = args.date or self._default_day()
        if isinstance(place, Attraction):
            return describe_attraction(place, self.kb, self.lang, day)
        dishes = ", ".join(d.en for d in place.signature_dishes)
        hours = _hours(place.open_intervals(day), day)
        return (
            f"{place.id} | {place.names.en} / {place.names.ko} | {place.area}\n"
            f"{place.summary.en}\nDishes: {dishes}\nMeal about S${place.meal_cost_sgd:g}; {hours}"
        )

    @tool
    async def travel_time(self, args: TravelTimeArgs) -> str:
        """Door-to-door travel between two places or hotel areas: mode, minutes, cost."""
        ends = [self._endpoint(args.from_place), self._endpoint(args.to_place)]
        modes = frozenset(args.transport or self.tools.state.request.transport)
        party = self.tools.state.request.party
        leg = self.tools.planner.travel.leg(
            ends[0], ends[1], modes, minutes(args.depart_at),
            party_size=party.size if party else 1,
        )  # fmt: skip
        return (
            f"{ends[0]} -> {ends[1]} at {args.depart_at}: {leg.mode}, {leg.minutes} min, "
            f"{leg.distance_km:.1f} km, about S${leg.cost_sgd:.2f} per person"
        )

    # -- helpers ------------------------------------------------------------------------
    def _places(self, kind: str) -> list[Place]:
        attractions: list[Place] = list(self.kb.attractions)
        food: list[Place] = list(self.kb.food)
        if kind == "any":
            return attractions + food
        return attractions if kind == "attraction" else food

    def _default_day(self) -> date:
        return self.tools.state.request.start_date or self.tools.today

    def _endpoint(self, query: str) -> str:
        key = query.strip().lower().replace(" ", "-")
        return key if key in ANCHORS else self._resolve(query).id

    def _resolve(self, query: str | None) -> Place:
        raw = (query or "").strip()
        match = PlaceIndex.for_kb(self.kb).lookup(raw, kinds="any")
        if match.place is not None:
            return match.place
        several = match.candidates or match.places
        if several:
            names = ", ".join(f"{p.id} ({p.names.en})" for p in several[:5])
            raise ToolFailure(f"{raw!r} matches several places: {names}; use an id")
        raise ToolFailure(f"{raw!r} is not in the knowledge base; use search_places")

    def _resolve_all(self, queries: list[str]) -> list[str]:
        return [self._resolve(q).id for q in queries]


def _patch(args: UpdateTripArgs) -> TripPatch:
    budget = None
    if args.budget_amount is not None:
        budget = Money(amount=args.budget_amount, currency=args.budget_currency)
    return TripPatch(
        start_date=args.start_date, end_date=args.end_date, days=args.days,
        adults=args.adults, children=args.children, child_ages=list(args.child_ages),
        travellers=args.travellers, transport=list(args.transport), styles=list(args.styles),
        budget=budget, budget_is_total=args.budget_is_total, pace=args.pace,
        hotel_area=args.hotel_area, arrival_time=args.arrival_time,
        departure_time=args.departure_time, seniors=args.seniors,
        max_walk_minutes=args.max_walk_minutes,
    )  # fmt: skip


def _merge(read: TripPatch, given: TripPatch) -> TripPatch:
    """``given`` (the model's fields) over ``read`` (the parser's reading of the words)."""
    merged = TripPatch()
    for name in TripPatch.__dataclass_fields__:
        value = getattr(given, name)
        setattr(merged, name, value if value not in (None, [], False) else getattr(read, name))
    return merged


def _hours(intervals: list[tuple[int, int]], day: date) -> str:
    if not intervals:
        return f"closed on {day:%a} {day}"
    spans = ", ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in intervals)
    return f"open {spans} on {day:%a} {day}"


def _validation_text(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:4]:
        where = ".".join(str(p) for p in err["loc"]) or "arguments"
        if err["type"] == "extra_forbidden":
            parts.append(f"{where} is not an argument of this tool (tools act on this trip only)")
        else:
            parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


@dataclass(frozen=True)
class ToolDef:
    """One tool as the model sees it, derived from its ``@tool`` method."""

    name: str
    description: str
    args: type[BaseModel]
    schema: dict[str, Any]


def _definitions() -> dict[str, ToolDef]:
    out: dict[str, ToolDef] = {}
    for name in _TOOL_NAMES:
        method = getattr(Toolbox, name)
        hints = get_type_hints(method)
        (args,) = [hint for param, hint in hints.items() if param != "return"]
        description = " ".join((inspect.getdoc(method) or "").split())
        if not description:
            raise TypeError(f"tool {name} has no docstring to describe it to the model")
        out[name] = ToolDef(name, description, args, tool_schema(name, description, args))
    return out


TOOLS: dict[str, ToolDef] = _definitions()
"""Every tool by name, in the order the model is shown them."""
TOOL_SCHEMAS: list[dict[str, Any]] = [definition.schema for definition in TOOLS.values()]
