"""Which decisions fit a Discord poll, and how a vote event reaches the core (pure)."""

from __future__ import annotations

import discord

from adapters.discord.polls import native_poll, vote_to_incoming
from bot.group import polls as voting
from bot.messages import PollReply, Sender


def _reply(*options: str, question: str = "Which one do we drop?", hours: int = 24) -> PollReply:
    return PollReply("d1", question, options, hours=hours)


def test_a_decision_becomes_a_single_choice_poll_lasting_the_deadline() -> None:
    poll = native_poll(_reply("Drop Singapore Zoo", "Drop Night Safari"))
    assert poll is not None
    assert [a.text for a in poll.answers] == ["Drop Singapore Zoo", "Drop Night Safari"]
    assert poll.multiple is False and poll.duration.total_seconds() == 24 * 3600
    assert native_poll(_reply("a", "b", hours=0)).duration.total_seconds() == 3600  # type: ignore[union-attr]
    assert native_poll(_reply("a", "b", hours=9999)).duration.days == 32  # type: ignore[union-attr]


def test_what_does_not_fit_a_poll_is_left_to_buttons() -> None:
    assert native_poll(_reply("Drop " + "x" * 51, "Drop Night Safari")) is None  # 56 characters
    assert native_poll(_reply(*(f"Option {i}" for i in range(11)))) is None
    assert native_poll(_reply("a", "b", question="?" * 301)) is None
    assert native_poll(_reply("only one")) is None
    assert native_poll(_reply("x" * 55, "y")) is not None


def test_a_vote_event_is_a_poll_answer_and_a_removal_takes_back_only_its_answer() -> None:
    data = {"user_id": "7", "channel_id": "30", "message_id": "99", "guild_id": "5",
            "answer_id": 2}  # fmt: skip
    event = discord.RawPollVoteActionEvent(data)  # type: ignore[arg-type]
    added = vote_to_incoming(event, Sender("7", "Ann"), added=True, serial="a-1")
    removed = vote_to_incoming(event, Sender("7", "Ann"), added=False, serial="a-2")
    assert added.callback_data == "poll:99:1" and removed.callback_data == "poll:99:~1"
    assert added.message_id != removed.message_id and not added.addressed_to_bot
    assert added.extras["poll_id"] == "99"
    assert voting.parse_vote("v:d1:~1") == voting.Vote("d1", 1, taken_back=True)
