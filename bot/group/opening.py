"""Opening a group poll: the one operation behind every poll, whether the rules ask for it (the
group desk, after a member proposes other dates or after a fair plan) or the language model does
(its ``open_poll`` tool, :mod:`bot.brains.llm_tools`).

Each function puts the poll in the ledger and returns what the chat is shown: a
:class:`~bot.messages.PollReply` whose question states the tie rule (a tie keeps the current
plan) and the deadline (:data:`bot.group.polls.DEADLINE_S`); the desk adds the platform's report
once it is shown. ``None``: the rules open no poll (one is open already, the dates are the same,
nothing to decide). Which options a poll offers is always the rules' choice
(:mod:`bot.group.polls`, :mod:`bot.group.areas`), never the caller's. Pure: the clock's reading
is passed in.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from bot.i18n import Lang
from bot.messages import PollReply
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import PlanOutcome
from bot.trip import TripRequest

from . import polls as voting
from .areas import area_poll, area_question, free_day_poll
from .fairness import FairOutcome, Reason, all_wishes
from .ledger import GroupLedger, GroupPoll
from .names import safe_name
from .render import Places

PlanTopic = Literal["any", "area", "drop"]  # "any": a day's area first, else a dropped wish


def open_dates_poll(
    ledger: GroupLedger,
    request: TripRequest,
    proposed: tuple[date, date],
    name: str,
    lang: Lang,
    kb: KnowledgeBase,
    now: float,
) -> PollReply | None:
    """A poll between the trip's dates and the dates ``name`` proposes."""
    if request.start_date is None or request.end_date is None:
        return None
    poll = voting.dates_poll((request.start_date, request.end_date), proposed, ledger, now)
    if poll is None:
        return None
    question = voting.dates_question(poll, safe_name(name), lang)
    return _opened(ledger, poll, question, lang, kb)


def open_plan_poll(
    fair: FairOutcome,
    ledger: GroupLedger,
    lang: Lang,
    kb: KnowledgeBase,
    now: float,
    topic: PlanTopic = "any",
) -> PollReply | None:
    """A poll on the plan: a day's area when wishes pull to another area, else a dropped wish,
    else a free day's area when another is near-equal and members' styles pull both ways."""
    poll = area_poll(fair, ledger, kb, now, voting.DEADLINE_S) if topic != "drop" else None
    if poll is not None:
        return _opened(ledger, poll, area_question(poll, lang), lang, kb)
    made = voting.drop_poll(fair, ledger, kb, now) if topic != "area" else None
    if made is not None:
        poll, why = made
        return _opened(ledger, poll, voting.question(poll, why, lang, Places(kb, lang)), lang, kb)
    poll = free_day_poll(fair, ledger, kb, now, voting.DEADLINE_S) if topic != "drop" else None
    if poll is not None:
        return _opened(ledger, poll, area_question(poll, lang, free=True), lang, kb)
    return None


def shown_outcome(
    itinerary: Itinerary, request: TripRequest, ledger: GroupLedger, last: FairOutcome | None
) -> FairOutcome:
    """The fair outcome of the plan the group sees: the fair planner's own when it made this
    plan (with why each wish was dropped), else the plan with its unplanned wishes as not
    fitting the days."""
    if last is not None and last.outcome.itinerary is itinerary:
        return last
    planned = {i.place_id for d in itinerary.days for i in d.items if i.place_id}
    dropped: dict[str, Reason] = {
        p: "no_fit" for p in all_wishes(request, ledger) if p not in planned
    }
    return FairOutcome(PlanOutcome(itinerary=itinerary), dropped)


def _opened(
    ledger: GroupLedger, poll: GroupPoll, question: str, lang: Lang, kb: KnowledgeBase
) -> PollReply:
    ledger.polls.append(poll)
    labels = voting.labels(poll, lang, Places(kb, lang))
    return PollReply(poll.key, question, labels, hours=voting.HOURS, language=lang)
