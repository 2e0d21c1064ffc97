"""Group decisions by vote: when to ask, what the poll says, how votes settle it.

The core opens a poll when members disagree on the dates (the trip's dates or the proposed ones; a
tie keeps the trip's), when members' wishes point to another area than a day of the plan is spent
in (:mod:`bot.group.areas`: "Day 1: Sentosa or Mandai?"), and when the fair plan had to drop a wish
(it did not fit the days, or it was over a member's cap): "which one do we drop?", option 0 being
what the plan already dropped and the others the kept wishes that could make room. Everyone who is
a member may vote once (a new vote replaces the old); the poll closes when every member has voted,
or once its deadline has passed (at the conversation's next turn or the workers' sweep, see
``GroupDesk.close_due``). A "drop" winner is dropped for good (``vetoed``); if it was not option 0,
the group chose to keep option 0 (``pinned``), and the plan is made again. A "dates" winner becomes
the trip's dates; an "area" winner other than option 0 keeps that area's wishes on that day
(:func:`bot.group.areas.settle_area`). A tie keeps the current plan — the poll states this rule in
its question. Pure: the clock's reading is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.i18n import MESSAGES, Lang, t
from bot.i18n.dates import date_range as date_span
from bot.planner.kb import KnowledgeBase

from .areas import area_closed, area_labels, settle_area
from .fairness import FairOutcome, rank_drops
from .ledger import GroupLedger, GroupPoll
from .render import Places

DEADLINE_S = 24 * 3600
MAX_OPTIONS = 4  # the dropped wish and up to three to drop instead
HOURS = DEADLINE_S // 3600  # how long a platform poll that closes by itself may stay open
_VOTE = re.compile(r"^v:([\w-]{1,32}):(~?)(-?\d{1,2})$")


@dataclass(frozen=True)
class Vote:
    poll_key: str
    option: int  # -1: the vote was taken back
    taken_back: bool = False  # ``~<option>``: the vote for ``option`` was taken back (Discord)


def parse_vote(data: str | None) -> Vote | None:
    """``v:<poll key>:<option>`` (``~<option>``: taken back) from a button, the terminal or a
    mapped poll answer."""
    found = _VOTE.match(data or "")
    return Vote(found.group(1), int(found.group(3)), found.group(2) == "~") if found else None


def drop_poll(
    fair: FairOutcome, ledger: GroupLedger, kb: KnowledgeBase, now: float
) -> tuple[GroupPoll, str] | None:
    """A poll about the first wish the plan dropped (and why), unless one is already open."""
    if ledger.open_poll() is not None or fair.outcome.itinerary is None:
        return None
    asked = {p for poll in ledger.polls for p in poll.options[:1]}
    areas = [poll.places[1] for poll in ledger.polls if poll.topic == "area" and poll.places[1:]]
    asked |= {p for places in areas for p in places}  # voted on with their area
    dropped = [
        (p, why) for p, why in fair.dropped.items()
        if f"poll.why.{why}" in MESSAGES and p not in asked and p not in ledger.pinned
    ]  # fmt: skip
    if not dropped:
        return None
    place, why = dropped[0]
    kept = [p for p in fair.outcome.itinerary.request.must_see if p not in ledger.pinned]
    instead = rank_drops(kept, ledger, set(), kb)[: MAX_OPTIONS - 1]
    if not instead:
        return None
    poll = GroupPoll(
        key=f"d{len(ledger.polls) + 1}",
        options=[place, *instead],
        opened_at=now,
        closes_at=now + DEADLINE_S,
    )
    return poll, why


def dates_poll(
    current: tuple[date, date], proposed: tuple[date, date], ledger: GroupLedger, now: float
) -> GroupPoll | None:
    """A poll between the trip's dates and other dates a member proposes (one poll at a time)."""
    if ledger.open_poll() is not None or current == proposed:
        return None
    return GroupPoll(
        key=f"d{len(ledger.polls) + 1}",
        topic="dates",
        options=[_range(current), _range(proposed)],
        opened_at=now,
        closes_at=now + DEADLINE_S,
    )


def _range(dates: tuple[date, date]) -> str:
    return f"{dates[0].isoformat()}/{dates[1].isoformat()}"


def date_range(option: str) -> tuple[date, date]:
    """``"2027-03-12/2027-03-14"`` → the two dates."""
    start, end = option.split("/")
    return date.fromisoformat(start), date.fromisoformat(end)


def dates_label(option: str, lang: Lang) -> str:
    """``12 Mar – 14 Mar 2027`` / ``2027년 3월 12일 – 3월 14일``."""
    start, end = date_range(option)
    return date_span(start, end, lang)


def dates_question(poll: GroupPoll, name: str, lang: Lang) -> str:
    return t(lang, "poll.dates_question", name=name, current=dates_label(poll.options[0], lang))


def question(poll: GroupPoll, why: str, lang: Lang, places: Places) -> str:
    """The poll's question, with its tie rule and deadline."""
    return t(lang, "poll.question", why=t(lang, f"poll.why.{why}"), current=places(poll.options[0]))


def labels(poll: GroupPoll, lang: Lang, places: Places) -> tuple[str, ...]:
    """The options as shown (at most 100 characters each, Telegram's limit)."""
    if poll.topic == "dates":
        return tuple(dates_label(o, lang) for o in poll.options)
    if poll.topic == "area":
        return area_labels(poll, lang, places)
    return tuple(t(lang, "poll.option", place=places(p))[:100] for p in poll.options)


def record_vote(poll: GroupPoll, user_id: str, option: int, taken_back: bool = False) -> None:
    """Count (or replace, or take back with ``-1``) one member's vote; ``taken_back``: the vote
    for ``option`` goes, if it is still their vote (a change of vote may arrive in any order)."""
    if taken_back:
        if poll.votes.get(user_id) == option:
            del poll.votes[user_id]
    elif 0 <= option < len(poll.options):
        poll.votes[user_id] = option
    else:
        poll.votes.pop(user_id, None)


def due(poll: GroupPoll, ledger: GroupLedger, now: float) -> bool:
    """Tell whether the poll closes now: every member voted, or the deadline passed."""
    members = {m.user_id for m in ledger.members}
    return members <= set(poll.votes) or now >= poll.closes_at


def overdue(ledger: GroupLedger, now: float, skip: str | None = None) -> list[GroupPoll]:
    """The open polls whose deadline has passed (but ``skip``, a poll this turn votes in)."""
    return [
        p for p in ledger.polls
        if p.open and 0 < p.closes_at <= now and p.key != skip
    ]  # fmt: skip


def settle(poll: GroupPoll, ledger: GroupLedger, days: int = 1) -> str:
    """Close the poll and apply its winner to the ledger (a trip of ``days`` days); return the
    winning option."""
    poll.open = False
    winner = poll.options[poll.winner()]
    if poll.topic == "dates":
        return winner  # the desk moves the trip to these dates
    if poll.topic == "area":
        settle_area(poll, ledger, days)
        return winner
    if winner not in ledger.vetoed:
        ledger.vetoed.append(winner)
    kept = poll.options[0]
    if winner != kept and kept not in ledger.pinned:
        ledger.pinned.append(kept)  # the group chose to keep what the plan had dropped
    return winner


def closed_text(poll: GroupPoll, place: str, lang: Lang, places: Places) -> str:
    counts = poll.tally()
    if poll.topic == "dates":
        return t(lang, "poll.dates_closed",
            dates=dates_label(place, lang), votes=counts[poll.options.index(place)],
            voters=len(poll.votes),
        )  # fmt: skip
    if poll.topic == "area":
        return area_closed(poll, place, lang)
    return t(
        lang,
        "poll.closed",
        place=places(place),
        votes=counts[poll.options.index(place)],
        voters=len(poll.votes),
    )


def voted_text(poll: GroupPoll, members: Sequence[str], lang: Lang) -> str:
    done = sum(1 for m in members if m in poll.votes)
    return t(lang, "poll.voted", done=done, total=len(members))
