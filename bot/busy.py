"""A busy chat: messages that arrive while a turn runs are folded into one reply.

Protocol, for free-text messages (commands and buttons keep the plain lock):

1. a message is pushed to the conversation's pending list *before* it waits for the lock;
2. holding the lock, a message first takes itself back from the list (:meth:`Folding.mine`); if
   it is gone, a folded turn already answered it and it ends silently;
3. after its own turn, the lock holder drains the list and answers everything in it — each
   message is still understood on its own, with its own speaker — in ONE reply naming who said
   what, repeating until the list is empty, and only then releases the lock;
4. a message whose lock wait times out while it is still pending takes itself back and gets the
   usual "busy" answer; if it is gone, it was answered.

So a burst of five messages gets at most two replies (the first message's, then one folded reply),
and none is answered twice or left unanswered — across processes, since both the list and the lock
live in Redis. The store is :mod:`bot.storage.pending`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.group.names import safe_name
from bot.messages import (
    ClosePoll,
    ConversationKey,
    FileReply,
    FinalMessage,
    IncomingMessage,
    PinnedPlan,
    PollReply,
    ReplyEvent,
    Superseded,
)
from bot.storage.pending import PendingMessages

QUOTE_CHARS = 80


@dataclass(frozen=True)
class Answered:
    """One folded message and the events its turn produced."""

    msg: IncomingMessage
    events: Sequence[ReplyEvent]


class Folding:
    """The folding side of the conversation service (a no-op without a pending store)."""

    def __init__(self, pending: PendingMessages | None) -> None:
        self.pending = pending

    def applies(self, msg: IncomingMessage, is_command: bool) -> bool:
        """Free text folds; commands and button presses keep their own turn."""
        return self.pending is not None and not is_command and not msg.callback_data

    async def arrive(self, msg: IncomingMessage) -> None:
        if self.pending is not None:
            await self.pending.push(msg.conversation, msg)

    async def mine(self, msg: IncomingMessage) -> bool:
        """Take one's own message back; ``False`` when a folded turn already answered it."""
        return self.pending is None or await self.pending.claim(msg.conversation, msg.message_id)

    async def waiting(self, key: ConversationKey) -> list[IncomingMessage]:
        return [] if self.pending is None else await self.pending.drain(key)


def fold(answered: Sequence[Answered]) -> list[ReplyEvent]:
    """One reply for several messages: each answer under the name and words it answers."""
    finals = [(a.msg, e) for a in answered for e in a.events if isinstance(e, FinalMessage)]
    others: list[ReplyEvent] = [
        e
        for a in answered
        for e in a.events
        if isinstance(e, FileReply | PollReply | ClosePoll | PinnedPlan | Superseded)
    ]
    if not finals:
        return others
    if len(finals) == 1 and len(answered) == 1:
        return [finals[0][1], *others]
    blocks = [f"↪ {_said(msg)}\n{final.text}" for msg, final in finals]
    last = finals[-1][1]
    shown = next((f for _, f in reversed(finals) if f.itinerary is not None), last)
    folded = FinalMessage(
        "\n\n".join(blocks), itinerary=shown.itinerary, choices=shown.choices,
        language=last.language, shown=shown.shown,
    )  # fmt: skip
    return [folded, *others]


def _said(msg: IncomingMessage) -> str:
    words = " ".join(msg.text.split())
    if len(words) > QUOTE_CHARS:
        words = words[: QUOTE_CHARS - 1] + "…"
    return f"{safe_name(msg.sender.display_name or msg.sender.id)}: “{words}”"
