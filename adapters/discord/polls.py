"""Group decisions as Discord's native message polls (buttons where a poll cannot fit).

A :class:`~bot.messages.PollReply` becomes a poll on its own message: one answer per option
(Discord numbers answers from 1, so answer ``n`` is the core's option ``n - 1``), one choice each,
lasting the core's deadline in hours. Discord would end it by itself then; the core ends it first
(``end_poll``, ``POST /channels/{id}/polls/{message_id}/expire``) once every member has voted or
its own deadline has passed. The core's question states the tie rule and the deadline.

A poll does not fit, and the decision is shown as buttons (``v:<key>:<option>``) instead, when
there are more than 10 options, an option is longer than 55 characters, the question longer than
300, or Discord refuses the poll (the bot lacks *Send Polls* in that channel).

Votes arrive as gateway events (``MESSAGE_POLL_VOTE_ADD`` / ``_REMOVE``, intents ``guild_polls``
and ``dm_polls``) that carry ids only. :func:`vote_to_incoming` makes the core's poll answer of
one: ``poll:<message id>:<option>``, or ``poll:<message id>:~<option>`` when it was taken back —
Discord sends a change of vote as a removal and an addition, so a removal takes back only the
vote it names. The core maps the message id back to the trip that opened the poll.
"""

from __future__ import annotations

from datetime import timedelta

import discord

from bot.messages import Choice, Choices, FinalMessage, IncomingMessage, PollReply, Sender

PLATFORM = "discord"
MAX_ANSWERS = 10
ANSWER_LIMIT = 55
QUESTION_LIMIT = 300
MAX_HOURS = 32 * 24  # Discord's longest poll


def native_poll(poll: PollReply) -> discord.Poll | None:
    """The decision as a Discord poll, or ``None`` when it does not fit one (see above)."""
    if not 2 <= len(poll.options) <= MAX_ANSWERS or len(poll.question) > QUESTION_LIMIT:
        return None
    if any(not option.strip() or len(option) > ANSWER_LIMIT for option in poll.options):
        return None
    hours = min(max(poll.hours, 1), MAX_HOURS)
    native = discord.Poll(question=poll.question, duration=timedelta(hours=hours), multiple=False)
    for option in poll.options:
        native.add_answer(text=option)
    return native


def poll_as_buttons(poll: PollReply) -> FinalMessage:
    """A group decision as buttons, one per option (a vote is a press: ``v:<key>:<option>``)."""
    options = tuple(Choice(o, f"v:{poll.poll_key}:{i}") for i, o in enumerate(poll.options))
    return FinalMessage("🗳 " + poll.question, choices=Choices(options), language=poll.language)


def vote_to_incoming(
    event: discord.RawPollVoteActionEvent, voter: Sender, *, added: bool, serial: str
) -> IncomingMessage:
    """A vote added to (or taken back from) a poll; ``serial`` tells repeated votes apart.

    Not addressed to the bot until the core finds the trip whose poll it is (else dropped).
    """
    option = event.answer_id - 1
    chosen = str(option) if added else f"~{option}"
    action = "add" if added else "remove"
    return IncomingMessage(
        platform=PLATFORM,
        chat_id=f"poll{event.message_id}",
        message_id=f"poll{event.message_id}:{event.user_id}:{action}{option}:{serial}",
        sender=voter,
        is_private=False,
        addressed_to_bot=False,
        callback_data=f"poll:{event.message_id}:{chosen}",
        extras={"poll_id": str(event.message_id)},
    )
