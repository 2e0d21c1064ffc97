"""The group desk: what the conversation service asks of group trips, in three calls.

* :meth:`GroupDesk.join` — everyone who writes, presses a button or votes in a group becomes a
  member of the trip (their display name and language kept up to date);
* :meth:`GroupDesk.observe` — a member's message that states personal wishes ("no museums",
  "my cap is S$400", "I can only come on days 2–3") is recorded in the ledger and answered here;
  ``None`` lets the brain answer (the message is about the whole trip, or says nothing personal);
* :meth:`GroupDesk.planner` — the planner the turn's tools use: for a group with wishes, a
  :class:`FairPlanner` that plans the merged request fairly and adds one line per member.

``/group`` and ``/split`` are plain command handlers (see :meth:`GroupDesk.commands`).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from bot.errors import StorageUnavailable
from bot.i18n import Lang
from bot.intake.understand import place_question
from bot.messages import (
    Choice,
    Choices,
    ClosePoll,
    ConversationKey,
    FinalMessage,
    IncomingMessage,
    PinnedPlan,
    PinSaved,
    PollOpened,
    PollReply,
    ReplyEvent,
    ShownMessage,
    Superseded,
)
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import EditOp, Planner, PlanOutcome
from bot.storage.models import ConversationState
from bot.storage.polls import PollIndex, PollRef
from bot.trip import TripRequest

from . import polls as voting
from .deadline import DEADLINE_CALLBACK, deadline_message
from .fairness import FairOutcome, merged_request, plan_fairly, report
from .ledger import GroupLedger, GroupPoll
from .money import member_costs
from .names import safe_name
from .render import (
    Places,
    cost_block,
    fairness_block,
    ledger_text,
    pinned_text,
    split_text,
    tr,
    wish_summary,
)
from .wishes import WishPatch, apply_wishes, read_wishes

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from bot.conversation import CommandHandler
    from bot.tools import TripTools


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
            fairness_block(report(fair, self.ledger), self.lang, places),
            cost_block(outcome.itinerary, self.ledger, self.lang),
            outcome.note,
        ]
        return PlanOutcome(
            itinerary=outcome.itinerary,
            violations=outcome.violations,
            note="\n\n".join(n for n in notes if n),
        )


class GroupDesk:
    """Members, wishes and fair plans of group trips."""

    def __init__(
        self,
        kb: KnowledgeBase,
        polls: PollIndex | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.kb = kb
        self.polls = polls
        self.clock = clock

    def join(self, state: ConversationState, msg: IncomingMessage, lang: Lang) -> None:
        """Make the sender a member of the group's trip (groups only)."""
        if msg.is_private:
            return
        member = state.group.member(msg.user_id)
        wrote = bool(msg.text.strip()) and not msg.text.startswith("/")
        kept = member.lang if member is not None and not wrote else lang  # commands say no language
        state.group.join(msg.user_id, msg.sender.display_name or msg.sender.id, kept)

    def planner(self, base: Planner, state: ConversationState, lang: Lang) -> Planner:
        """The planner for this turn: fair over the members' wishes when there are any."""
        if isinstance(base, FairPlanner):
            base = base.base
        if state.is_private or not state.group.with_wishes:
            return base
        return FairPlanner(base, state.group, lang)

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
        _share(tools, patch)
        if patch.trip_level:
            return None  # about the whole trip too: the brain answers (the wishes are kept)
        places = Places(self.kb, lang)
        noted = tr(
            lang, "noted", name=safe_name(member.name),
            what=wish_summary(member, lang, places, tools.request.days),
        )  # fmt: skip
        tools.planner = self.planner(tools.planner, tools.state, lang)
        if tools.state.stage == "planned":
            events = await tools.confirm_and_plan(lang)
            return [_prefixed(noted, events)]
        prompt = tools.start_intake(lang)
        choices = prompt.choices or Choices((Choice(tr(lang, "ledger_button"), "c:/group"),))
        return [FinalMessage(noted + "\n\n" + prompt.text, choices=choices, language=lang)]

    def _dates_dispute(
        self, msg: IncomingMessage, name: str, patch: WishPatch, lang: Lang, tools: TripTools
    ) -> list[ReplyEvent] | None:
        """Other dates than the trip's, in a group: the group votes (``None``: no dispute)."""
        request = tools.request
        if patch.dates is None or request.start_date is None or request.end_date is None:
            return None
        if patch.dates[0] < tools.today:
            return None  # the brain explains a date in the past
        poll = voting.dates_poll(
            (request.start_date, request.end_date), patch.dates, tools.state.group, self.clock()
        )
        if poll is None:
            return None
        tools.state.group.polls.append(poll)
        tools.changed = True
        places = Places(self.kb, lang)
        return [
            PollReply(
                poll.key, voting.dates_question(poll, safe_name(name), lang),
                voting.labels(poll, lang, places),
                opened=self._opened(msg.conversation, poll.key), language=lang,
            )
        ]  # fmt: skip

    async def route(self, msg: IncomingMessage) -> IncomingMessage:
        """A platform poll answer (no chat in it) becomes a vote in the trip that opened it."""
        data = msg.callback_data or ""
        if self.polls is None or not data.startswith("poll:"):
            return msg
        _, poll_id, options = [*data.split(":", 2), "", ""][:3]
        ref = await self.polls.by_platform(msg.platform, poll_id)
        if ref is None:
            return msg
        first = options.split(",")[0] if options else "-1"
        return dataclasses.replace(
            msg, chat_id=ref.chat_id, thread_id=ref.thread_id, addressed_to_bot=True,
            callback_data=f"v:{ref.poll_key}:{first}",
        )  # fmt: skip

    async def decide(self, msg: IncomingMessage, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
        """After a turn: the pinned plan brought up to date when the plan changed (trips of two
        or more members), then a poll when the plan had to drop a wish."""
        events = [*await self._pin(msg, lang, tools), *self._drop_vote(msg, lang, tools)]
        poll = tools.state.group.open_poll()
        if poll is not None and self.polls is not None and not msg.is_private:
            await self.polls.due_at(msg.conversation, poll.closes_at)  # for the workers' sweep
        return events

    async def close_due(
        self, msg: IncomingMessage, lang: Lang, tools: TripTools
    ) -> list[ReplyEvent]:
        """Close the group's polls whose deadline has passed, by the tie rule each one states
        (a vote for a poll closes it in its own turn, as every vote does)."""
        if msg.is_private:
            return []
        vote = voting.parse_vote(msg.callback_data)
        skip = vote.poll_key if vote is not None else None
        events: list[ReplyEvent] = []
        for poll in voting.overdue(tools.state.group, self.clock(), skip):
            events += await self._close(msg, poll, lang, tools)
            tools.changed = True
        return events

    async def due_again(self, key: ConversationKey) -> None:
        """Put a conversation back among those with a due poll (a sweep could not close it)."""
        if self.polls is None:
            return
        try:
            await self.polls.due_at(key, self.clock())
        except StorageUnavailable:
            log.warning("could not keep %s among the due polls", key)

    def deadline_message(self, key: ConversationKey, state: ConversationState) -> IncomingMessage:
        """The internal message a deadline sweep runs as (no member sent it)."""
        return deadline_message(key, state, self.clock())

    async def _pin(self, msg: IncomingMessage, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
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
        head = (state.plan_version, who, _what(msg, lang))
        text = pinned_text(state.itinerary, state.group, head, lang, Places(self.kb, lang))
        key = msg.conversation
        events: list[ReplyEvent] = [
            PinnedPlan(text, await index.pin(key), saved=self._saved(key), language=lang)
        ]
        older = await index.take_plans(key)  # plan messages shown before this turn
        if older:
            mark = tr(lang, "superseded", n=state.plan_version)
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

        return [
            dataclasses.replace(e, shown=shown)
            if isinstance(e, FinalMessage) and e.itinerary is not None else e
            for e in events
        ]  # fmt: skip

    def _drop_vote(self, msg: IncomingMessage, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
        planner = tools.planner
        if msg.is_private or not isinstance(planner, FairPlanner) or planner.last is None:
            return []
        if tools.state.itinerary is None or tools.state.stage != "planned":
            return []
        ledger = tools.state.group
        made = voting.drop_poll(planner.last, ledger, self.kb, self.clock())
        if made is None:
            return []
        poll, why = made
        ledger.polls.append(poll)
        tools.changed = True
        places = Places(self.kb, lang)
        return [
            PollReply(
                poll.key, voting.question(poll, why, lang, places),
                voting.labels(poll, lang, places),
                opened=self._opened(msg.conversation, poll.key), language=lang,
            )
        ]  # fmt: skip

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

    def _opened(self, key: ConversationKey, poll_key: str) -> PollOpened | None:
        index = self.polls
        if index is None:
            return None

        async def opened(platform_poll_id: str, message_id: str) -> None:
            await index.remember(
                PollRef(
                    platform=key.platform, chat_id=key.chat_id, thread_id=key.thread_id,
                    poll_key=poll_key, platform_poll_id=platform_poll_id, message_id=message_id,
                )
            )  # fmt: skip

        return opened

    async def _vote(
        self, msg: IncomingMessage, vote: voting.Vote, lang: Lang, tools: TripTools
    ) -> list[ReplyEvent]:
        ledger = tools.state.group
        poll = ledger.poll(vote.poll_key)
        if poll is None or not poll.open:
            return [FinalMessage(voting.STALE[lang], language=lang)]
        now = self.clock()
        if now < poll.closes_at:
            voting.record_vote(poll, msg.user_id, vote.option)
        tools.changed = True
        if not voting.due(poll, ledger, now):
            if msg.extras.get("poll_id"):
                return []  # a native poll shows the vote itself: no message per vote
            members = [m.user_id for m in ledger.members]
            return [FinalMessage(voting.voted_text(poll, members, lang), language=lang)]
        return await self._close(msg, poll, lang, tools)

    async def _close(
        self, msg: IncomingMessage, poll: GroupPoll, lang: Lang, tools: TripTools
    ) -> list[ReplyEvent]:
        ledger = tools.state.group
        dropped = voting.settle(poll, ledger)
        places = Places(self.kb, lang)
        ref = await self.polls.by_key(msg.conversation, poll.key) if self.polls else None
        close = ClosePoll(
            poll.key, ref.platform_poll_id if ref else "", ref.message_id if ref else ""
        )
        text = voting.closed_text(poll, dropped, lang, places)
        if poll.topic == "dates" and dropped != poll.options[0]:
            start, end = voting.date_range(dropped)
            update = {"start_date": start, "end_date": end, "requested_days": None}
            tools.state.request = tools.request.model_copy(update=update)
            if tools.state.stage != "planned":
                prompt = tools.start_intake(lang)
                return [close, FinalMessage(text + "\n\n" + prompt.text, choices=prompt.choices,
                                            language=lang)]  # fmt: skip
        elif dropped == poll.options[0] or tools.state.stage != "planned":
            return [close, FinalMessage(text, language=lang)]
        tools.planner = self.planner(tools.planner, tools.state, lang)
        return [close, _prefixed(text, await tools.confirm_and_plan(lang))]

    def commands(self) -> dict[str, CommandHandler]:
        """``/group`` (the ledger) and ``/split`` (who pays what)."""
        return {"group": self._group, "split": self._split}

    async def _group(self, args: str, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
        state = tools.state
        lang = _own_language(tools, lang)
        if state.is_private:
            return [FinalMessage(tr(lang, "private"), language=lang)]
        places = Places(self.kb, lang)
        reports = None
        if state.itinerary is not None:
            fair = FairOutcome(PlanOutcome(itinerary=state.itinerary))
            reports = report(fair, state.group)
        days = len(state.itinerary.days) if state.itinerary else state.request.days
        text = ledger_text(state.group, reports, lang, places, state.itinerary, days)
        return [FinalMessage(text, language=lang)]

    async def _split(self, args: str, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
        state = tools.state
        lang = _own_language(tools, lang)
        if state.itinerary is None:
            return [FinalMessage(tr(lang, "no_plan"), language=lang)]
        ledger = state.group if state.group.members else _solo(tools)
        text = split_text(member_costs(state.itinerary, ledger), ledger, lang)
        return [FinalMessage(text, language=lang)]

    def merged(self, state: ConversationState) -> TripRequest:
        """The request the group's wishes make, every wish kept (for tools and tests)."""
        from .fairness import all_wishes

        return merged_request(state.request, state.group, all_wishes(state.request, state.group))


def _share(tools: TripTools, patch: WishPatch) -> None:
    """Wished places and styles are the group's too (shown in the trip summary)."""
    request = tools.request
    must_see = list(dict.fromkeys([*request.must_see, *patch.must_see]))
    styles = list(dict.fromkeys([*request.styles, *patch.styles]))
    if must_see != request.must_see or styles != request.styles:
        tools.state.request = request.model_copy(update={"must_see": must_see, "styles": styles})


def _what(msg: IncomingMessage, lang: Lang) -> str:
    """What changed the plan, for the pinned plan's version line."""
    data = msg.callback_data or ""
    if data.startswith("v:") or data == DEADLINE_CALLBACK:
        return tr(lang, "what_vote")
    if data.startswith("p:"):
        return tr(lang, "what_edit")
    if data or not msg.text.strip():
        return tr(lang, "what_plan")
    words = " ".join(msg.text.split())
    return f"“{words[:60]}{'…' if len(words) > 60 else ''}”"


def _own_language(tools: TripTools, lang: Lang) -> Lang:
    """A member's language as they write it (a bare command says nothing about it)."""
    member = tools.state.group.member(tools.user_id)
    return member.lang if member is not None else lang


def _solo(tools: TripTools) -> GroupLedger:
    ledger = GroupLedger()
    ledger.join(tools.user_id, "", "en")
    return ledger


def _prefixed(text: str, events: list[ReplyEvent]) -> ReplyEvent:
    first = events[0] if events else None
    if isinstance(first, FinalMessage):
        return FinalMessage(
            text + "\n\n" + first.text, itinerary=first.itinerary, choices=first.choices,
            language=first.language,
        )  # fmt: skip
    return FinalMessage(text)
