"""A busy chat: messages that arrive while a turn runs are folded into one reply.

Protocol, for free-text messages (commands and buttons keep the plain lock):

1. a message is pushed to the conversation's pending list *before* it waits for the lock;
2. it stays there until a turn that answered it has committed and shown the reply — so a turn
   that dies (``kill -9``, a deploy) leaves its messages to the next lock holder, in order;
3. holding the lock, a message first answers the messages ahead of it in the list (left by a
   turn that died, or that lost the race for the lock) in one folded reply, then its own turn,
   then everything that arrived meanwhile — each message still understood on its own, with its
   own speaker — in ONE reply naming who said what, repeating until the list is empty, and only
   then releases the lock; each message leaves the list once its reply was shown;
4. a message that finds itself gone from the list was answered by a folded turn and ends
   silently (the processed mark and the outbox show anything that turn did not);
5. a message still in the list keeps waiting for the lock (the holder answers it or, if the
   holder dies, the lock is taken over within seconds); after :data:`FOLD_WAIT_LOCKS` lock waits
   it takes itself back and gets the usual "busy" answer — unless the durable inbox keeps it
   (below): then it stays in the list and waits on.

A message run from the durable inbox (:data:`KEPT`, set by the worker that runs the entry) is
never answered "busy, try again": its entry is acknowledged only after its turn returned, so it
can wait. A turn that finds its conversation locked for longer than the lock wait shows "typing…"
and waits on (its entry still pending, touched by its worker, so no one else takes it); a message
that still has no lock after :data:`KEPT_WAIT_LOCKS` lock waits — or any other turn that could
not get a lock it needs — is *handed back*: the turn ends without a word and its entry is left
unacknowledged, so a worker reclaims it after ``inbox_reclaim_idle_s`` and runs it again. Each
message is thus answered exactly once, when its conversation frees up; the processed mark drops a
second run of a message a folded turn already answered.

So a burst of five messages gets at most two replies (the first message's, then one folded reply),
none is answered twice or left unanswered, and the order of the list is the order of the
answers — across processes, since both the list and the lock live in Redis. That is what lets a
webhook answer 200 as soon as the update is stored (adapters/telegram/inbox_loop.py). The store
is :mod:`bot.storage.pending`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from bot.aio import being_cancelled
from bot.errors import StorageUnavailable
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
from bot.storage.inbox import Inbox
from bot.storage.pending import PendingMessages

log = logging.getLogger(__name__)

QUOTE_CHARS = 80
FOLD_WAIT_LOCKS = 4  # a waiting message gives up ("busy") after this many lock waits
KEPT_WAIT_LOCKS = 10  # ... a message the inbox keeps is handed back to it after this many


@dataclass
class Kept:
    """The durable inbox keeps the message being handled until its turn returns (see the module
    docstring); the turn sets :attr:`handed_back` when the inbox must keep it longer."""

    handed_back: bool = False


# Set by the worker that runs an inbox entry, for the task that runs its turn (the turn's own
# tasks copy it, and share the one ``Kept``); unset (terminal chat, tests) a busy conversation
# answers "busy, try again", as nothing would run the message again.
KEPT: ContextVar[Kept | None] = ContextVar("bundletrip_kept", default=None)

# Set by a webhook for the task that runs one update: called once the message has its place in
# the pending list. From then on its order among the chat's messages is fixed in Redis, so the
# webhook may answer 200 and let the platform send the chat's next update (inbox_loop.py).
IN_LINE: ContextVar[Callable[[], None] | None] = ContextVar("bundletrip_in_line", default=None)


async def finish_entry(inbox: Inbox, entry_id: str, kept: Kept, what: str = "inbox entry") -> None:
    """End an inbox entry whose turn returned: acknowledge it, unless the turn was stopped (then
    it stays pending for the next process) or handed it back (its conversation stayed busy)."""
    if being_cancelled():  # stopped mid-turn (a library swallowed it): leave it pending
        raise asyncio.CancelledError
    if kept.handed_back:  # its chat stayed busy: left pending, reclaimed and run again
        log.info("%s %s handed back: its chat is still busy", what, entry_id)
        return
    try:
        await inbox.ack(entry_id)
    except StorageUnavailable:  # retried after reclaim; the processed mark drops it then
        log.warning("could not acknowledge %s %s", what, entry_id)


async def in_line(turn: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Start ``turn`` as a task; return it once its message waits in its chat's list, or once it
    ended (a message that does not fold). An adapter that keeps one chat's updates in order lets
    the next one go then: the list keeps the order from there (see the module docstring).
    Cancelled while waiting, it cancels the turn too.
    """
    placed = asyncio.Event()
    outer = IN_LINE.get()

    def signal() -> None:
        placed.set()
        if outer is not None:  # a webhook waiting for the same message
            outer()

    token = IN_LINE.set(signal)
    try:
        task = asyncio.ensure_future(turn)  # the task copies the context, with ``signal``
    finally:
        IN_LINE.reset(token)
    waiter = asyncio.ensure_future(placed.wait())
    try:
        await asyncio.wait([task, waiter], return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        task.cancel()
        raise
    finally:
        waiter.cancel()
    return task


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
        """Take a place in the conversation's list (before waiting for the lock)."""
        if self.pending is not None:
            await self.pending.push(msg.conversation, msg)
            in_line = IN_LINE.get()
            if in_line is not None:
                in_line()

    async def mine(self, msg: IncomingMessage) -> bool:
        """Take one's own message back; ``False`` when a folded turn already answered it."""
        return self.pending is None or await self.pending.claim(msg.conversation, msg.message_id)

    async def waiting(self, key: ConversationKey) -> list[IncomingMessage]:
        """The messages waiting, oldest first; they stay until :meth:`answered`."""
        return [] if self.pending is None else await self.pending.peek(key)

    async def ahead_of(self, msg: IncomingMessage) -> list[IncomingMessage] | None:
        """The messages waiting ahead of ``msg``; ``None`` when ``msg`` is not waiting."""
        queue = await self.waiting(msg.conversation)
        ids = [m.message_id for m in queue]
        return queue[: ids.index(msg.message_id)] if msg.message_id in ids else None

    async def answered(self, key: ConversationKey, message_ids: Sequence[str]) -> None:
        """Their replies are committed and shown: they leave the list."""
        if self.pending is not None:
            for message_id in message_ids:
                await self.pending.claim(key, message_id)


def fold(answered: Sequence[Answered]) -> list[ReplyEvent]:
    """One reply for several messages: each answer under the name and words it answers (in a
    group even a lone one, shown in the middle of other people's messages)."""
    finals = [(a.msg, e) for a in answered for e in a.events if isinstance(e, FinalMessage)]
    others: list[ReplyEvent] = [
        e
        for a in answered
        for e in a.events
        if isinstance(e, FileReply | PollReply | ClosePoll | PinnedPlan | Superseded)
    ]
    if not finals:
        return others
    if len(finals) == 1 and len(answered) == 1 and answered[0].msg.is_private:
        return [finals[0][1], *others]  # one message in a private chat: no need to say whose
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
