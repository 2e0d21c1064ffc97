"""The outbox codec: a committed reply survives the trip through JSON, without its callbacks."""

from __future__ import annotations

from bot.messages import (
    Choice,
    Choices,
    FileReply,
    FinalMessage,
    PinnedPlan,
    PollReply,
    ReplyEvent,
    ShownMessage,
    Superseded,
    TextDelta,
    Working,
)
from bot.outbox import decode_reply, encode_reply


async def _noop(*_: str) -> None:
    return None


def test_every_shown_event_comes_back_equal_and_live_ones_are_not_stored() -> None:
    events: list[ReplyEvent] = [
        Working(),
        TextDelta("draft"),
        FinalMessage("hi", choices=Choices((Choice("Go", "i:go"),), multi=True), language="ko"),
        FileReply("trip.ics", "text/calendar", b"\x00\xffBEGIN"),
        PollReply("p1", "Which day?", ("Mon", "Tue"), opened=_noop),
        PinnedPlan("v2", "17", saved=_noop),
        Superseded((ShownMessage("5", "old"),), "superseded"),
    ]
    back = decode_reply(encode_reply(events, None))
    assert back.events == events[2:] and back.before is None
    poll = back.events[2]
    assert isinstance(poll, PollReply) and poll.opened is None  # re-attached by the desk


def test_nothing_to_show_stores_nothing() -> None:
    assert encode_reply([Working(), TextDelta("x")], None) == ""
