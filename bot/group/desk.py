"""The group desk: what the conversation service asks of group trips, in three calls.

* :meth:`GroupDesk.join` — everyone who writes, presses a button or votes in a group becomes a
  member of the trip (their display name and language kept up to date);
* :meth:`GroupDesk.observe` — a member's message that states personal wishes ("no museums",
  "my cap is S$400", "I can only come on days 2–3") is recorded in the ledger and answered here;
  ``None`` lets the brain answer (the message is about the whole trip, or says nothing personal);
* :meth:`GroupDesk.planner` — the planner the turn's tools use: for a group with wishes, a
  :class:`~bot.group.fair_planner.FairPlanner` that plans the merged request fairly and adds one
  line per member.

Polls (dates, drops, votes, deadlines) are handled by its base, :class:`GroupDecisions`
(``bot/group/decisions.py``). ``/group`` and ``/split`` are plain command handlers (see
:meth:`GroupDesk.commands`).
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date
from typing import TYPE_CHECKING

from bot.i18n import Lang, t
from bot.intake.wishes import place_question
from bot.messages import (
    Choice,
    Choices,
    ConversationKey,
    FinalMessage,
    IncomingMessage,
    PinnedPlan,
    PinSaved,
    PollReply,
    ReplyEvent,
    ShownMessage,
    Superseded,
)
from bot.planning import PlanOutcome
from bot.storage.models import ConversationState
from bot.trip import TripRequest

from . import polls as voting
from .deadline import DEADLINE_CALLBACK
from .decisions import GroupDecisions, prefixed
from .fairness import FairOutcome, merged_request, report
from .ledger import GroupLedger
from .money import member_costs
from .names import safe_name
from .render import (
    Places,
    ledger_text,
    pinned_text,
    split_text,
    wish_summary,
)
from .terms import settle
from .versions import Snapshot, what_changed
from .wishes import WishPatch, apply_wishes, read_wishes, shared

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from bot.commands import CommandHandler
    from bot.tools import TripTools


class GroupDesk(GroupDecisions):
    """Members, wishes and fair plans of group trips (their polls: :class:`GroupDecisions`)."""

    def join(self, state: ConversationState, msg: IncomingMessage, lang: Lang) -> None:
        """Make the sender a member of the group's trip (groups only)."""
        if msg.is_private:
            return
        member = state.group.member(msg.user_id)
        wrote = bool(msg.text.strip()) and not msg.text.startswith("/")
        kept = member.lang if member is not None and not wrote else lang  # commands say no language
        name = msg.sender.display_name or (member.name if member else msg.sender.id)
        state.group.join(msg.user_id, name, kept)  # a vote may come with no name (Discord)
        state.request = settle(state.request, state.group)  # the members' party, if unsaid

    def read(self, text: str, today: date) -> WishPatch:
        """A member's own wishes in ``text``."""
        return read_wishes(text, today, self.kb)

    async def observe(
        self, msg: IncomingMessage, lang: Lang, tools: TripTools
    ) -> list[ReplyEvent] | None:
        """Record a member's wishes or vote; answer when the message was only about them."""
        vote = voting.parse_vote(msg.callback_data)
        if vote is not None and not msg.is_private:
            return await self._vote(msg, vote, lang, tools)
        if msg.is_private or msg.callback_data or not msg.text.strip():
            return None
        member = tools.state.group.member(msg.user_id)
        if place_question(msg.text, self.kb) is not None:
            return None  # "what time does the zoo open?" asks; the brain answers it
        patch = self.read(msg.text, tools.today)
        if member is None or (patch.empty and patch.dates is None):
            return None
        disputed = self._dates_dispute(msg, member.name, patch, lang, tools)
        if disputed is not None:
            return disputed
        apply_wishes(member, patch)
        tools.changed = True
        tools.state.request = shared(tools.request, patch)
        if patch.trip_level:
            return None  # about the whole trip too: the brain answers (the wishes are kept)
        places = Places(self.kb, lang)
        noted = t(lang, "group.noted", name=safe_name(member.name),
            what=wish_summary(member, lang, places, tools.request.days),
        )  # fmt: skip
        tools.planner = self.planner(tools.planner, tools.state, lang)
        if tools.state.stage == "planned":
            events = await tools.confirm_and_plan(lang)
            return [prefixed(noted, events)]
        prompt = tools.start_intake(lang)
        choices = prompt.choices or Choices((Choice(t(lang, "group.ledger_button"), "c:/group"),))
        return [FinalMessage(noted + "\n\n" + prompt.text, choices=choices, language=lang)]

    def snapshot(self, state: ConversationState) -> Snapshot:
        """The plan and the ledger as the turn begins (what the version line compares with)."""
        ledger = None if state.is_private else state.group.model_copy(deep=True)
        return Snapshot(state.itinerary, ledger)

    async def decide(
        self, msg: IncomingMessage, lang: Lang, tools: TripTools, before: Snapshot | None = None
    ) -> list[ReplyEvent]:
        """After a turn: the pinned plan brought up to date when the plan changed (trips of two
        or more members; ``before``: the turn's start, to say what changed), then a poll on a
        day's area or on a wish the plan dropped."""
        pin = await self._pin(msg, lang, tools, before or Snapshot(None, None))
        events = [*pin, *self._vote_on_plan(msg, lang, tools)]
        poll = tools.state.group.open_poll()
        if poll is not None and self.polls is not None and not msg.is_private:
            await self.polls.due_at(msg.conversation, poll.closes_at)  # for the workers' sweep
        return events

    async def _pin(
        self, msg: IncomingMessage, lang: Lang, tools: TripTools, before: Snapshot
    ) -> list[ReplyEvent]:
        state, index = tools.state, self.polls
        if msg.is_private or index is None or state.itinerary is None:
            return []
        if len(state.group.members) < 2:
            return []  # one person planning in a group: their plan message is enough
        if state.plan_version <= state.group.pinned_version:
            return []
        state.group.pinned_version = state.plan_version
        tools.changed = True
        member = state.group.member(msg.user_id)
        who = member.name if member else msg.sender.display_name
        what = what_changed(before, state.itinerary, state.group, msg.user_id, self.kb, lang)
        head = (state.plan_version, who, what or _what(msg, lang, before))
        text = pinned_text(state.itinerary, state.group, head, lang, Places(self.kb, lang))
        key = msg.conversation
        events: list[ReplyEvent] = [
            PinnedPlan(text, await index.pin(key), saved=self._saved(key), language=lang)
        ]
        older = await index.take_plans(key)  # plan messages shown before this turn
        if older:
            mark = t(lang, "group.superseded", n=state.plan_version)
            events.append(Superseded(tuple(older), mark, language=lang))
        return events

    def track(self, msg: IncomingMessage, events: list[ReplyEvent]) -> list[ReplyEvent]:
        """Plan messages in groups report their platform ids, to be marked once superseded."""
        index = self.polls
        if msg.is_private or index is None:
            return events
        key = msg.conversation

        async def shown(messages: tuple[ShownMessage, ...]) -> None:
            await index.remember_plans(key, messages)

        out: list[ReplyEvent] = []
        for event in events:
            if isinstance(event, FinalMessage) and event.itinerary is not None:
                event = dataclasses.replace(event, shown=shown)
            elif isinstance(event, PollReply) and event.opened is None:  # a brain's tool opened it
                event = dataclasses.replace(event, opened=self._opened(key, event.poll_key))
            out.append(event)
        return out

    def restore(self, msg: IncomingMessage, events: list[ReplyEvent]) -> list[ReplyEvent]:
        """Events read back from the outbox, with the reports they make once shown again."""
        key = msg.conversation
        again: list[ReplyEvent] = []
        for event in events:
            if isinstance(event, PollReply):
                event = dataclasses.replace(event, opened=self._opened(key, event.poll_key))
            elif isinstance(event, PinnedPlan) and self.polls is not None:
                event = dataclasses.replace(event, saved=self._saved(key))
            again.append(event)
        return self.track(msg, again)

    def _saved(self, key: ConversationKey) -> PinSaved:
        index = self.polls
        assert index is not None

        async def saved(message_id: str) -> None:
            await index.remember_pin(key, message_id)

        return saved

    def commands(self) -> dict[str, CommandHandler]:
        """``/group`` (the ledger) and ``/split`` (who pays what)."""
        return {"group": self._group, "split": self._split}

    async def _group(self, args: str, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
        state = tools.state
        lang = _own_language(tools, lang)
        if state.is_private:
            return [FinalMessage(t(lang, "group.private"), language=lang)]
        places = Places(self.kb, lang)
        reports = None
        if state.itinerary is not None:
            fair = FairOutcome(PlanOutcome(itinerary=state.itinerary))
            reports = report(fair, state.group, self.kb)
        days = len(state.itinerary.days) if state.itinerary else state.request.days
        text = ledger_text(state.group, reports, lang, places, state.itinerary, days)
        return [FinalMessage(text, language=lang)]

    async def _split(self, args: str, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
        state = tools.state
        lang = _own_language(tools, lang)
        if state.itinerary is None:
            return [FinalMessage(t(lang, "group.no_plan"), language=lang)]
        ledger = state.group if state.group.members else _solo(tools)
        text = split_text(member_costs(state.itinerary, ledger, self.kb), ledger, lang)
        return [FinalMessage(text, language=lang)]

    def merged(self, state: ConversationState) -> TripRequest:
        """The request the group's wishes make, every wish kept (for tools and tests)."""
        from .fairness import all_wishes

        return merged_request(state.request, state.group, all_wishes(state.request, state.group))


def _what(msg: IncomingMessage, lang: Lang, before: Snapshot) -> str:
    """What changed the plan when the plans' difference says nothing (the same places)."""
    data = msg.callback_data or ""
    if data.startswith("v:") or data == DEADLINE_CALLBACK:
        return t(lang, "group.what_vote")
    if before.itinerary is None:
        return t(lang, "group.what_plan")
    return t(lang, "group.what_edit")


def _own_language(tools: TripTools, lang: Lang) -> Lang:
    """A member's language as they write it (a bare command says nothing about it)."""
    member = tools.state.group.member(tools.user_id)
    return member.lang if member is not None else lang


def _solo(tools: TripTools) -> GroupLedger:
    ledger = GroupLedger()
    ledger.join(tools.user_id, "", "en")
    return ledger
