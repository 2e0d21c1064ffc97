"""The reply of a committed turn, kept in Redis until it was shown (the outbox).

A turn's commit stores, with its state and its "processed" mark, the reply events it is about to
yield (:meth:`bot.storage.ports.ConversationStore.commit`); once the adapter has shown them all,
the core marks the reply sent. A process killed in between (after the commit, before or during
the platform's ``sendMessage``) leaves the entry: the retried delivery of the same platform message
(inbox reclaim, webhook redelivery) finds it processed *and* unsent, and shows the stored reply —
so the answer is not lost.

The entry shrinks as the reply is shown (:class:`Unshown`): after each stored event reached the
platform, what is left replaces it, so a retried delivery shows only the rest — a kill while the
maps of a plan are drawn or sent, or while the pinned plan is updated, does not show the plan
again (the maps of a plan already shown are not drawn again either: extras, not the answer).

A final message too long for one platform message goes out in parts; each part but the last is
recorded (``part``) before the next is sent, so a kill between two parts of a long plan sends only
the parts not yet shown (:meth:`Unshown.parts_shown`).

The window that no design can close on a platform without idempotent sends (Telegram's Bot API
has no idempotency key): one call carried out whose outcome was not yet recorded — from the moment
Telegram carries out the ``sendMessage`` until the outbox write lands (the answer's way back, its
parsing, one Redis write) — is sent again after a kill in that moment: that one message (or part)
is shown *at least* once. In every other case (a clean turn, a duplicate delivery, a kill before
the send or after it) it is shown exactly once. That the *live* holder of a conversation keeps
its lock while it shows a reply, however starved its event loop, is the lock keeper's
(bot/storage/lock_keeper.py): no second delivery shows a reply its first is still showing.

What is stored: the events after the commit (final text, files, polls, the pinned plan, marks of
superseded messages) as JSON, without their callbacks (the group desk re-attaches them), and the
itinerary shown before the turn, so the maps drawn again show the same changed days. Maps are not
stored (they are drawn again from the itinerary); live-only events (``Working``, ``TextDelta``)
are never stored. With them: how many events were shown already (``first``) and which event is
the reply's first final message (``lead``), so the rest is shown again under the numbers it had
(:class:`bot.messages.ReplyStart`) — a platform with idempotent sends (Discord's nonces) then
recognises a send that did reach it before the kill, and the draft a final message took over.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.messages import FinalMessage, PinnedPlan, PollReply, ReplyEvent, ReplyStart
from bot.planner.itinerary import Itinerary

Stored = Annotated[ReplyEvent, Field(discriminator="kind")]


class _Record(BaseModel):
    model_config = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")

    events: list[Stored]
    before: Itinerary | None = None
    first: int = 0  # the number of ``events[0]`` in the whole reply (the ones before were shown)
    lead: int | None = None  # the number of the reply's first final message
    part: int = 0  # the parts of ``events[0]`` (a final message sent in parts) shown already


@dataclass(frozen=True)
class UnsentReply:
    """A committed reply read back: its events (no callbacks), the itinerary before it, the
    number of its first event still to show and of the reply's first final message."""

    events: list[ReplyEvent]
    before: Itinerary | None
    first: int = 0
    lead: int | None = None
    part: int = 0


_LIVE = ("working", "delta", "pictures", "reply_start")


def encode_reply(events: list[ReplyEvent], before: Itinerary | None) -> str:
    """The outbox text of a turn's reply ("" when there is nothing to show)."""
    kept = [e for e in events if e.kind not in _LIVE]
    return _encode(kept, before, 0, lead_of(kept))


def lead_of(events: list[ReplyEvent]) -> int | None:
    """The number of the first final message among a reply's stored events."""
    kept = [e for e in events if e.kind not in _LIVE]
    return next((n for n, e in enumerate(kept) if isinstance(e, FinalMessage)), None)


def _encode(
    kept: list[ReplyEvent], before: Itinerary | None, first: int, lead: int | None, part: int = 0
) -> str:
    if not kept:
        return ""
    shows_plan = any(isinstance(e, FinalMessage) and e.itinerary is not None for e in kept)
    record = _Record(events=[_bare(e) for e in kept], before=before if shows_plan else None,
                     first=first, lead=lead, part=part)  # fmt: skip
    return record.model_dump_json()


def decode_reply(text: str) -> UnsentReply:
    """Read back what :func:`encode_reply` stored."""
    record = _Record.model_validate_json(text)
    return UnsentReply(list(record.events), record.before, record.first, record.lead, record.part)


class Unshown:
    """What of a committed reply is still to show, as its events are shown one by one."""

    def __init__(
        self, events: list[ReplyEvent], before: Itinerary | None, first: int = 0,
        lead: int | None = None, part: int = 0,
    ) -> None:  # fmt: skip
        """``events`` from number ``first`` on (``part`` parts of it shown); ``lead`` as stored
        (from event 0: found here)."""
        self.events = [e for e in events if e.kind not in _LIVE]
        self.before = before
        self.first = first
        self.part = part
        self.lead = lead_of(self.events) if first == 0 else lead

    def start(self, reply: str) -> ReplyStart:
        """The event that opens the rest of this reply (the one to the delivery ``reply``)."""
        lead = self.lead if self.lead is not None and self.lead >= self.first else None
        return ReplyStart(reply, self.first, lead, self.part)

    def shown(self, event: ReplyEvent) -> str | None:
        """The outbox text once ``event`` was shown ("" when all was shown); ``None`` when the
        entry does not change (a live event, or nothing stored)."""
        if event.kind in _LIVE or not self.events:
            return None
        self.events.pop(0)
        self.first += 1
        self.part = 0
        return _encode(self.events, self.before, self.first, self.lead)

    def parts_shown(self, count: int) -> str:
        """The outbox text once ``count`` parts of the next event (a final message sent in parts)
        were shown: a retried delivery sends only the parts after them."""
        self.part = count
        return _encode(self.events, self.before, self.first, self.lead, count)


def _bare(event: ReplyEvent) -> ReplyEvent:
    """The event without its callbacks (functions are not data; they are re-attached)."""
    if isinstance(event, FinalMessage) and (event.shown or event.parts_shown) is not None:
        return dataclasses.replace(event, shown=None, parts_shown=None)
    if isinstance(event, PollReply) and event.opened is not None:
        return dataclasses.replace(event, opened=None)
    if isinstance(event, PinnedPlan) and event.saved is not None:
        return dataclasses.replace(event, saved=None)
    return event
