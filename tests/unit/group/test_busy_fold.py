"""A folded reply keeps what is not text: the pinned plan, the superseded marks, plan ids."""

from __future__ import annotations

from typing import Any

from bot.busy import Answered, fold
from bot.messages import (
    FinalMessage,
    IncomingMessage,
    PinnedPlan,
    Sender,
    ShownMessage,
    Superseded,
)


def _msg(mid: str, who: str, text: str) -> IncomingMessage:
    return IncomingMessage("telegram", "-1", mid, Sender(who, who), text, is_private=False)


async def _noted(_: tuple[ShownMessage, ...]) -> None:
    return None


def test_a_folded_reply_keeps_the_pinned_plan_and_the_superseded_marks() -> None:
    pinned = PinnedPlan("📌 v2 · changed by Ann")
    marks = Superseded((ShownMessage("7", "old plan"),), "⚠️ Superseded — see the pinned plan (v2).")
    answered = [
        Answered(_msg("1", "Ann", "no museums"), [FinalMessage("Noted for Ann")]),
        Answered(_msg("2", "Ben", "cap 400"), [FinalMessage("Plan", shown=_noted), pinned, marks]),
    ]
    folded = fold(answered)
    assert isinstance(folded[0], FinalMessage) and "Ann: “no museums”" in folded[0].text
    assert pinned in folded and marks in folded


def test_a_folded_plan_still_reports_its_messages() -> None:
    from bot.planner.itinerary import Itinerary

    fields: dict[str, Any] = {"days": [], "version": 2}  # only what the fold reads
    plan = Itinerary.model_construct(**fields)
    answered = [
        Answered(_msg("1", "Ann", "hi"), [FinalMessage("Hi")]),
        Answered(_msg("2", "Ben", "plan"), [FinalMessage("Plan", itinerary=plan, shown=_noted)]),
    ]
    (folded,) = fold(answered)
    assert isinstance(folded, FinalMessage) and folded.shown is _noted


def test_a_lone_folded_message_is_named_in_a_group_and_plain_in_a_private_chat() -> None:
    group = fold(
        [Answered(_msg("1", "Ann", "what time does the zoo open?"), [FinalMessage("8:30")])]
    )
    assert isinstance(group[0], FinalMessage)
    assert group[0].text == "↪ Ann: “what time does the zoo open?”\n8:30"  # amid others' messages
    alone = IncomingMessage("telegram", "7", "2", Sender("7", "Bo"), "hi", is_private=True)
    private = fold([Answered(alone, [FinalMessage("Hello")])])
    assert isinstance(private[0], FinalMessage) and private[0].text == "Hello"
