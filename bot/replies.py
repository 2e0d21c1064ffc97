"""Showing a committed reply (see :mod:`bot.outbox`): its events in order, each plan followed by
its maps, the outbox shrunk after each event the adapter has shown — and, on a retried delivery
of a message already processed, whatever of its reply was never shown.

The adapter pulls the next event only after showing the one before, so "yielded and resumed"
means "shown".
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Sequence

from bot.group.desk import GroupDesk
from bot.i18n import Lang
from bot.messages import ConversationKey, FinalMessage, IncomingMessage, ReplyEvent
from bot.outbox import Unshown, decode_reply, encode_reply
from bot.pictures import map_reply
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.storage.ports import ConversationStore
from bot.stream_worker import showing

log = logging.getLogger(__name__)


class Replies:
    """Shows committed replies and keeps the outbox in step."""

    def __init__(
        self, conversations: ConversationStore, groups: GroupDesk, kb: KnowledgeBase
    ) -> None:
        self.conversations, self.groups, self.kb = conversations, groups, kb

    async def committed(
        self, msg: IncomingMessage, events: Sequence[ReplyEvent], before: Itinerary | None,
        *, track: bool = True,
    ) -> AsyncIterator[ReplyEvent]:  # fmt: skip
        """A committed reply's events; with ``track``, the outbox keeps only what is still to
        show after each one (:class:`bot.outbox.Unshown`)."""
        unshown = Unshown(list(events), before) if track else None
        async for event in self._show(msg, events, before, unshown):
            yield event

    async def unsent(self, msg: IncomingMessage) -> AsyncIterator[ReplyEvent]:
        """Show again a committed reply that was never marked sent; nothing for a duplicate."""
        key = msg.conversation
        stored = await self.conversations.unsent_reply(key, msg.message_id)
        if stored is None:
            log.info("duplicate delivery %s in %s dropped", msg.message_id, key)
            return
        log.info("the reply to %s in %s was not shown: showing it now", msg.message_id, key)
        reply = decode_reply(stored)
        unshown = Unshown(reply.events, reply.before, reply.first, reply.lead, reply.part)
        yield unshown.start(msg.dedup_id)  # the rest, under the numbers it had when first shown
        events = self.groups.restore(msg, reply.events)
        async for event in self._show(msg, events, reply.before, unshown):
            yield event
        await self.conversations.reply_sent(key, msg.message_id)

    async def folded(
        self, events: Sequence[ReplyEvent], answered: Sequence[IncomingMessage]
    ) -> AsyncIterator[ReplyEvent]:
        """A folded reply (:mod:`bot.busy`) to ``answered`` (the folded messages whose own
        replies are stored, in order), shown as the reply to the first: kept as its outbox entry
        (shrinking as it is shown) while the others' are dropped, in one step — so a retried
        delivery of any of them shows it again under the same key (Discord: the same nonces,
        one message) or shows nothing, never their own replies a second time. No maps: a folded
        reply shows none live either."""
        if not answered or not events:
            return
        first, others = answered[0], [m.message_id for m in answered[1:]]
        unshown = Unshown(list(events), None)
        stored = encode_reply(list(events), None)
        await self.conversations.replies_folded(first.conversation, first.message_id, stored,
                                                others)  # fmt: skip
        yield unshown.start(first.dedup_id)
        for event in events:
            with showing():  # shown and recorded, or neither, when the process is stopped
                yield self._recording(first.conversation, first.message_id, event, unshown)
                left = unshown.shown(event)
                if left is not None:
                    await self.conversations.reply_left(first.conversation, first.message_id, left)

    async def _show(
        self, msg: IncomingMessage, events: Sequence[ReplyEvent], before: Itinerary | None,
        unshown: Unshown | None,
    ) -> AsyncIterator[ReplyEvent]:  # fmt: skip
        for event in events:
            with showing():  # shown and recorded, or neither, when the process is stopped
                yield self._recording(msg.conversation, msg.message_id, event, unshown)
                left = unshown.shown(event) if unshown is not None else None
                if left is not None:  # shown: the outbox keeps only what is still to show
                    await self.conversations.reply_left(msg.conversation, msg.message_id, left)
            if isinstance(event, FinalMessage) and event.itinerary is not None:
                lang: Lang = "ko" if event.language == "ko" else "en"
                pictures = await map_reply(event.itinerary, before, self.kb, lang)
                if pictures is not None:
                    yield pictures

    def _recording(
        self, key: ConversationKey, message_id: str, event: ReplyEvent, unshown: Unshown | None
    ) -> ReplyEvent:
        """A final message that records in the outbox each of its parts shown but the last (that
        one is the whole event shown): a kill between the parts of a long plan, or while one is
        on its way, sends again at most the part on its way, not the ones before it."""
        if unshown is None or not isinstance(event, FinalMessage):
            return event

        async def parts_shown(count: int) -> None:
            await self.conversations.reply_left(key, message_id, unshown.parts_shown(count))

        return dataclasses.replace(event, parts_shown=parts_shown)
