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
    ReplyStart,
    ShownMessage,
    Superseded,
    TextDelta,
    Working,
)
from bot.outbox import Unshown, decode_reply, encode_reply


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


def test_a_reply_shown_in_part_keeps_the_numbers_it_had() -> None:
    """What is left after each shown event is numbered as in the whole reply, and the lead (the
    first final message, the one that takes a streamed draft over) stays named until shown."""
    poll = PollReply("p1", "Which day?", ("Mon", "Tue"))
    events: list[ReplyEvent] = [Working(), poll, FinalMessage("plan"), FinalMessage("more")]
    unshown = Unshown(events, None)
    assert unshown.start("d:1") == ReplyStart("d:1", 0, 1)
    left = unshown.shown(poll)
    assert left is not None
    back = decode_reply(left)
    assert (back.first, back.lead) == (1, 1)
    again = Unshown(back.events, back.before, back.first, back.lead)
    assert again.start("d:1") == ReplyStart("d:1", 1, 1)
    left = again.shown(back.events[0])
    assert left is not None
    back = decode_reply(left)
    assert back.events == [FinalMessage("more")]
    later = Unshown(back.events, back.before, back.first, back.lead)
    assert later.start("d:1") == ReplyStart("d:1", 2, None)  # the lead was shown already


def test_a_reply_without_a_final_message_has_no_lead() -> None:
    events: list[ReplyEvent] = [PollReply("p1", "Which day?", ("Mon", "Tue"))]
    assert decode_reply(encode_reply(events, None)).lead is None
    assert Unshown(events, None).start("d:2") == ReplyStart("d:2", 0, None)


async def _parts(_: int) -> None:
    return None


def test_the_parts_of_a_final_message_shown_are_kept_until_it_was_all_shown() -> None:
    plan, after = FinalMessage("Day 1 … Day 4", parts_shown=_parts), FileReply("a.ics", "x", b"1")
    unshown = Unshown([plan, after], None)
    stored = decode_reply(unshown.parts_shown(2))  # two parts of the plan reached the chat
    assert (stored.first, stored.part, stored.events) == (
        0,
        2,
        [FinalMessage("Day 1 … Day 4"), after],
    )
    again = Unshown(stored.events, stored.before, stored.first, stored.lead, stored.part)
    assert again.start("m1") == ReplyStart("m1", 0, 0, 2)  # the retry sends from its third part
    rest = decode_reply(again.shown(plan) or "")
    assert (rest.first, rest.part, rest.events) == (1, 0, [after])
