"""Group decisions in the desk: polls opened, votes counted, polls closed and their winners
applied (the rules themselves are in :mod:`bot.group.polls`; the platform poll index in
:mod:`bot.storage.polls`).

* a member proposing other dates opens a dates poll (:meth:`GroupDecisions._dates_dispute`);
* members' wishes pointing to an area no day of the plan is spent in open a poll on that day's
  area (:meth:`GroupDecisions._vote_on_plan`, the rule in :mod:`bot.group.areas`);
* a fair plan that had to drop a wish opens a drop poll (:meth:`GroupDecisions._vote_on_plan`);
* a platform poll answer is routed to the trip that opened the poll (:meth:`GroupDecisions.route`)
  and counted; the poll closes when every member voted or at its deadline (at the next turn or a
  workers' sweep, :meth:`GroupDecisions.close_due`), and the plan is made again.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.errors import StorageUnavailable
from bot.i18n import Lang, t
from bot.messages import (
    ClosePoll,
    ConversationKey,
    FinalMessage,
    IncomingMessage,
    PollOpened,
    ReplyEvent,
)
from bot.planner.kb import KnowledgeBase
from bot.planning import Planner
from bot.storage.models import ConversationState
from bot.storage.polls import PollIndex, PollRef

from . import polls as voting
from .deadline import deadline_message
from .fair_planner import FairPlanner
from .ledger import GroupPoll
from .opening import open_dates_poll, open_plan_poll
from .render import Places
from .wishes import WishPatch

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from bot.tools import TripTools


class GroupDecisions:
    """Polls of group trips: opened, voted in, closed (the base of :class:`GroupDesk`)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        polls: PollIndex | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.kb = kb
        self.polls = polls
        self.clock = clock

    def planner(self, base: Planner, state: ConversationState, lang: Lang) -> Planner:
        """The planner for this turn: fair over the members' wishes when there are any."""
        if isinstance(base, FairPlanner):
            base = base.base
        if state.is_private or not state.group.with_wishes:
            return base
        return FairPlanner(base, state.group, lang)

    def _dates_dispute(
        self, msg: IncomingMessage, name: str, patch: WishPatch, lang: Lang, tools: TripTools
    ) -> list[ReplyEvent] | None:
        """Other dates than the trip's, in a group: the group votes (``None``: no dispute)."""
        request = tools.request
        if patch.dates is None or request.start_date is None or request.end_date is None:
            return None
        if patch.dates[0] < tools.today:
            return None  # the brain explains a date in the past
        reply = open_dates_poll(
            tools.state.group, request, patch.dates, name, lang, self.kb, self.clock()
        )
        if reply is None:
            return None
        tools.changed = True
        return [dataclasses.replace(reply, opened=self._opened(msg.conversation, reply.poll_key))]

    async def route(self, msg: IncomingMessage) -> IncomingMessage:
        """A platform poll answer (no chat in it) becomes a vote in the trip that opened it.

        ``poll:<platform poll id>:<options>``: the option indexes chosen, comma-separated (none:
        the vote was taken back), or ``~<index>`` (the vote for that option was taken back)."""
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

    def _vote_on_plan(self, msg: IncomingMessage, lang: Lang, tools: TripTools) -> list[ReplyEvent]:
        """After a fair plan: a poll on a day's area, else on a wish the plan dropped."""
        planner = tools.planner
        if msg.is_private or not isinstance(planner, FairPlanner) or planner.last is None:
            return []
        if tools.state.itinerary is None or tools.state.stage != "planned":
            return []
        reply = open_plan_poll(planner.last, tools.state.group, lang, self.kb, self.clock())
        if reply is None:
            return []
        tools.changed = True
        return [dataclasses.replace(reply, opened=self._opened(msg.conversation, reply.poll_key))]

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
            return [FinalMessage(t(lang, "poll.stale"), language=lang)]
        now = self.clock()
        if now < poll.closes_at:
            voting.record_vote(poll, msg.user_id, vote.option, vote.taken_back)
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
        days = len(tools.state.itinerary.days) if tools.state.itinerary else tools.request.days
        dropped = voting.settle(poll, ledger, days or 1)
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
        return [close, prefixed(text, await tools.confirm_and_plan(lang))]


def prefixed(text: str, events: list[ReplyEvent]) -> ReplyEvent:
    first = events[0] if events else None
    if isinstance(first, FinalMessage):
        return FinalMessage(
            text + "\n\n" + first.text, itinerary=first.itinerary, choices=first.choices,
            language=first.language,
        )  # fmt: skip
    return FinalMessage(text)
