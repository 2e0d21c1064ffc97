"""The conversation service: one turn at a time per conversation, for every platform.

``handle(message)`` is the single entry point. For each platform message it

1. drops what is not for the bot (other bots; group chatter not addressed to it, except the next
   answer of the member who started the intake);
2. takes the conversation's lock (held in Redis, so turns never interleave across processes);
3. drops a delivery it has already processed (de-duplication by platform message id);
4. answers commands itself and hands free text to the brain (falling back to the offline brain);
5. commits state, both history turns, the processed mark and the reply (the outbox,
   :mod:`bot.outbox`) atomically, *then* yields the final reply — so anything the user saw is
   stored, and a failure before that leaves nothing half-done — and marks the reply sent once the
   adapter has shown it; a retried delivery of a processed message shows a reply never marked.

Redis failures become a short "try again in a moment"; nothing is lost, because nothing of the
failed turn was acknowledged. A conversation that stays locked longer than the lock wait answers
"busy, try again" only where nothing keeps the message (the terminal chat); a message from the
durable inbox waits on, or goes back to the inbox, and is answered once the conversation is free
(:data:`bot.busy.KEPT`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.brains.base import Brain, TurnContext
from bot.busy import FOLD_WAIT_LOCKS, KEPT, KEPT_WAIT_LOCKS, Answered, Folding, fold
from bot.catalogue_commands import attraction_suggestions
from bot.commands import FREE_COMMANDS, Command, CommandHandler, parse_command
from bot.errors import BrainError, LockTimeout, StorageUnavailable
from bot.group.desk import GroupDesk
from bot.i18n import Lang, pick_language, t
from bot.messages import (
    BusyReply,
    ConversationKey,
    FileReply,
    FinalMessage,
    IncomingMessage,
    PollReply,
    ReplyEvent,
    Sender,
    TextDelta,
    Working,
)
from bot.migration import migrate_conversation
from bot.outbox import encode_reply
from bot.pictures import STOPS_PREFIX, stop_venues
from bot.planner.kb import Attraction
from bot.planning import Planner
from bot.replies import Replies
from bot.service_commands import ServiceCommands, TurnOutcome, UsageReader
from bot.service_commands import ServiceConfig as ServiceConfig  # where callers look for it
from bot.storage.models import ConversationState, Turn
from bot.storage.pending import PendingMessages
from bot.storage.ports import ConversationStore, Eraser, LockHandle, ProfileStore, QuotaStore
from bot.stream_worker import showing
from bot.tools import TripTools, plans

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class ConversationService(ServiceCommands):
    """Commands, intake, brain, state and locks: everything but the platform."""

    def __init__(
        self,
        *,
        conversations: ConversationStore,
        profiles: ProfileStore,
        quotas: QuotaStore,
        eraser: Eraser,
        brain: Brain,
        fallback: Brain,
        clock: Clock,
        planner: Planner,
        config: ServiceConfig | None = None,
        extra_commands: dict[str, CommandHandler] | None = None,
        usage: UsageReader | None = None,
        groups: GroupDesk | None = None,
        pending: PendingMessages | None = None,
    ) -> None:
        self.conversations = conversations
        self.profiles = profiles
        self.quotas = quotas
        self.eraser = eraser
        self.brain = brain
        self.fallback = fallback
        self.clock = clock
        self.planner = planner
        self.config = config or ServiceConfig()
        self.tz = ZoneInfo(self.config.timezone)
        self.extra_commands = extra_commands or {}
        self.usage = usage
        self.groups = groups or GroupDesk(planner.kb)
        self.folding = Folding(pending)
        self.replies = Replies(conversations, self.groups, planner.kb)

    def today(self) -> date:
        return self.clock().astimezone(self.tz).date()

    async def handle(self, msg: IncomingMessage) -> AsyncIterator[ReplyEvent]:
        """Answer one platform message with a stream of reply events (possibly none)."""
        if msg.sender.is_bot or not (msg.text.strip() or msg.callback_data):
            return
        lang = pick_language(None, msg.text, msg.sender.language_code, self.config.default_language)
        try:
            msg = await self.route(msg)
            lang = await self._language(msg)
            async for event in self._handle(msg, lang):
                yield event
        except StorageUnavailable:
            log.warning("storage unavailable for %s", msg.conversation, exc_info=True)
            yield FinalMessage(t(lang, "storage_down"), language=lang)
        except LockTimeout:
            kept = KEPT.get()
            if kept is not None:  # the inbox runs it again once the conversation is free
                kept.handed_back = True
                log.info("conversation %s still busy; its message goes back to the inbox",
                         msg.conversation)  # fmt: skip
                return
            log.warning("conversation %s busy", msg.conversation)
            yield BusyReply(t(lang, "busy"), language=lang)

    def suggest_attractions(self, typed: str, limit: int) -> list[Attraction]:
        """Attractions for an autocomplete: by number or any name, as the user types."""
        return attraction_suggestions(self.planner.kb, typed, limit)

    async def migrate(self, old: ConversationKey, new: ConversationKey) -> bool:
        """Move a conversation whose chat got a new id; ``False`` when there was nothing to move."""
        return await migrate_conversation(self.conversations, self.profiles, old, new)

    async def route(self, msg: IncomingMessage) -> IncomingMessage:
        """The message as the core sees it: a poll answer is a vote in the trip that opened it."""
        return await self.groups.route(msg)

    async def take_due_polls(self, platform: str) -> list[ConversationKey]:
        """Claim the conversations of ``platform`` with a poll past its deadline (one sweeper
        each; none without a poll index)."""
        index = self.groups.polls
        if index is None:
            return []
        return await index.take_due(platform, self.groups.clock())

    async def close_due_polls(self, key: ConversationKey) -> AsyncIterator[ReplyEvent]:
        """Close the conversation's polls whose deadline passed, and push a plan that was
        still being planned at its turn once its job is done (a worker's periodic sweep)."""
        try:
            async with self.conversations.lock(key) as held:
                state = await self.conversations.load(key)
                if state.pending_plan:
                    async for event in self._pending_plan(key, state, held):
                        yield event
                    return
                msg = self.groups.deadline_message(key, state)
                lang: Lang = "ko" if msg.sender.language_code == "ko" else "en"
                planner = self.groups.planner(self.planner, state, lang)
                tools = TripTools(state, self.today(), msg.user_id, planner, self.groups.clock)
                seen = self.groups.snapshot(state)
                events = await self.groups.close_due(msg, lang, tools)
                if not events:
                    return
                events += await self.groups.decide(msg, lang, tools, seen)
                await self.conversations.commit(held, tools.state, [], msg.message_id)
                for event in self.groups.track(msg, events):
                    yield event
        except (StorageUnavailable, LockTimeout):
            log.warning("could not close the due polls of %s", key, exc_info=True)
            await self.groups.due_again(key)  # the next sweep tries again

    async def _pending_plan(
        self, key: ConversationKey, state: ConversationState, held: LockHandle
    ) -> AsyncIterator[ReplyEvent]:
        """Ask again for the plan a turn answered "still planning"; show it once it is done
        (the job's result is kept, so asking again is instant), else look again later."""
        again = state.pending_plan or ""
        lang: Lang = "ko" if state.pending_lang == "ko" else "en"
        msg = IncomingMessage(
            platform=key.platform, chat_id=key.chat_id, thread_id=key.thread_id,
            message_id=f"plan-ready:{state.version}", is_private=state.is_private,
            sender=Sender(state.intake_owner or "", "", lang), callback_data=again,
        )  # fmt: skip
        tools = TripTools(state, self.today(), msg.user_id, self.groups.planner(self.planner,
                          state, lang))  # fmt: skip
        before = state.itinerary
        events = await tools.callback(again, lang)
        if tools.state.pending_plan:  # still not done: the next sweep asks again
            await self.groups.due_again(key)
            return
        events += await self.groups.decide(msg, lang, tools)
        outbox = encode_reply(events, before)
        await self.conversations.commit(held, tools.state, [], msg.message_id, outbox)
        async for event in self.replies.committed(msg, self.groups.track(msg, events), before):
            yield event

    async def _language(self, msg: IncomingMessage) -> Lang:
        chosen = await self.profiles.language(msg.user_id)
        return pick_language(
            chosen, msg.text, msg.sender.language_code, self.config.default_language
        )

    async def _handle(self, msg: IncomingMessage, lang: Lang) -> AsyncIterator[ReplyEvent]:
        command = _command_of(msg)
        if command is not None and command.name == "forget":
            # Outside the lock: erasing takes the locks of the user's group conversations.
            count = await self.eraser.forget_user(msg.user_id)
            log.info("forgot a user of %s (%d records)", msg.platform, count)
            yield FinalMessage(t(lang, "forget_done", count=count), language=lang)
            return
        if (
            not msg.is_private
            and not msg.addressed_to_bot
            and not await self._awaited(msg, command)
        ):
            return
        key = msg.conversation
        if msg.callback_data and msg.callback_data.startswith(STOPS_PREFIX):
            # Read-only: a day's stops as venues; no lock, no history, no quota.
            state = await self.conversations.load(key)
            yield stop_venues(state.itinerary, msg.callback_data, self.planner.kb, lang)
            return
        folds = self.folding.applies(msg, command is not None)  # see bot/busy.py
        if folds:
            await self.folding.arrive(msg)
        waits = 0
        while True:
            try:
                async with self.conversations.lock(key, patient=folds) as held:
                    async for event in self._locked(msg, lang, command, folds, held):
                        yield event
                return
            except LockTimeout:
                waits += 1
            still = await self._still_waits(msg, folds, waits)
            if still is None:
                return  # a folded turn answered it and showed the reply
            if not still:  # "busy" where nothing keeps the message, else back to the inbox
                raise LockTimeout(f"conversation {key} stayed busy")
            if waits == 1 and not folds and KEPT.get() is not None:
                yield Working()  # "typing…" while it waits for the turn ahead of it

    async def _still_waits(self, msg: IncomingMessage, folds: bool, waits: int) -> bool | None:
        """After ``waits`` lock waits timed out: wait again (``True``), give up (``False``), or
        ``None`` when a folded turn answered the message meanwhile (bot/busy.py).

        Still waiting in the list: the lock holder answers it, or the lock is taken over when
        the holder died. Gone: answered, or a folded turn failed on it and it is answered on its
        own once the lock is free. A message the durable inbox keeps waits longest and then goes
        back to the inbox; else a message gives up with the "busy" answer (free text after
        taking itself back from the list, so no holder answers it too).
        """
        listed = folds and await self.folding.ahead_of(msg) is not None
        if folds and not listed:
            if await self.conversations.is_processed(msg.conversation, msg.message_id):
                return None
        if KEPT.get() is not None:
            return waits < KEPT_WAIT_LOCKS
        if not folds:
            return False
        return not (listed and waits >= FOLD_WAIT_LOCKS and await self.folding.mine(msg))

    async def _locked(
        self, msg: IncomingMessage, lang: Lang, command: Command | None, folds: bool,
        held: LockHandle,
    ) -> AsyncIterator[ReplyEvent]:  # fmt: skip
        """The turn once the lock is held: a duplicate or an unshown reply, else a new turn."""
        key = msg.conversation
        if folds:
            # Messages ahead of this one (their turn died, or they lost the race for the lock)
            # are answered first, in order. Gone from the list means a folded turn answered
            # it: the processed mark and the outbox say what is left to show.
            ahead = await self.folding.ahead_of(msg)
            if ahead:
                async for event in self._answer_waiting(key, held, ahead):
                    yield event
        if await self.conversations.is_processed(key, msg.message_id):
            async for event in self.replies.unsent(msg):  # killed before it was shown?
                yield event
            if folds:
                await self.folding.answered(key, [msg.message_id])
            return
        state = await self.conversations.load(key)
        state.is_private = msg.is_private
        async for event in self._turn(msg, lang, command, state, held):
            yield event
        # The adapter has shown every event (it pulls the next only after showing one).
        await self.conversations.reply_sent(key, msg.message_id)
        if folds:
            await self.folding.answered(key, [msg.message_id])
        while waiting := await self.folding.waiting(key):
            async for event in self._answer_waiting(key, held, waiting):
                yield event

    async def _answer_waiting(
        self, key: ConversationKey, held: LockHandle, waiting: list[IncomingMessage]
    ) -> AsyncIterator[ReplyEvent]:
        """Answer waiting messages in one reply, in order; then they leave the list."""
        answered: list[Answered] = []
        for item in waiting:
            if await self.conversations.is_processed(key, item.message_id):
                continue  # committed by a turn that died before the list heard of it
            lang = await self._language(item)
            state = await self.conversations.load(key)
            state.is_private = item.is_private
            turn = self._turn(item, lang, None, state, held, folded=True)
            try:
                events = [e async for e in turn]
            except StorageUnavailable:
                raise
            # One message must not sink the others: it leaves the list unanswered, so its own
            # delivery (still waiting, or retried by the inbox) runs it and answers the error.
            except Exception:
                log.exception("a folded message failed in %s; it is answered on its own", key)
                continue
            answered.append(Answered(item, events))
        async for event in self.replies.folded(fold(answered), [a.msg for a in answered if
                                               encode_reply(list(a.events), None)]):  # fmt: skip
            yield event
        for done in answered:  # shown: a retried delivery of one of them shows nothing
            await self.conversations.reply_sent(key, done.msg.message_id)
        await self.folding.answered(key, [item.message_id for item in waiting])

    async def _awaited(self, msg: IncomingMessage, command: Command | None) -> bool:
        """In groups, the intake owner's next plain answer counts even when not addressed."""
        if command is not None or msg.callback_data:
            return False
        state = await self.conversations.load(msg.conversation)
        return state.stage == "intake" and state.intake_owner == msg.user_id

    async def _turn(
        self,
        msg: IncomingMessage,
        lang: Lang,
        command: Command | None,
        state: ConversationState,
        held: LockHandle,
        folded: bool = False,
    ) -> AsyncIterator[ReplyEvent]:
        if len(msg.text) > self.config.max_message_chars:
            reply = t(lang, "too_long", length=len(msg.text), limit=self.config.max_message_chars)
            async for event in self._committed(
                held, state, msg, FinalMessage(reply, language=lang)
            ):
                yield event
            return
        counted = command is None or command.name not in FREE_COMMANDS
        day = self.today().isoformat()
        # Reserved before the turn (atomic, so parallel turns cannot pass the limit together);
        # the reservation becomes the count when a counting turn commits, else it is given back.
        if counted and not await self.quotas.reserve(msg.user_id, day, self.config.daily_limit):
            refused = FinalMessage(
                t(lang, "quota_reached", limit=self.config.daily_limit), language=lang
            )
            async for event in self._committed(held, state, msg, refused):
                yield event
            return
        reserved = counted
        try:
            async for event in self._reserved_turn(msg, lang, command, state, held, folded):
                if event is _COUNTED:
                    reserved = False
                else:
                    yield event
        finally:
            if reserved:
                await self._give_back(msg.user_id, day)

    async def _give_back(self, user_id: str, day: str) -> None:
        try:
            await self.quotas.release(user_id, day)
        except StorageUnavailable:
            log.warning("a reserved request could not be given back")

    async def _reserved_turn(
        self,
        msg: IncomingMessage,
        lang: Lang,
        command: Command | None,
        state: ConversationState,
        held: LockHandle,
        folded: bool = False,
    ) -> AsyncIterator[ReplyEvent]:
        """The turn after its quota check; yields ``_COUNTED`` once it committed and counts."""
        if command is not None and command.name == "reset":
            async for event in self._reset(msg, lang, state, held):
                yield event
            return
        before = state.itinerary  # replaced, never mutated, by an edit
        seen = self.groups.snapshot(state)  # what the pinned plan's version line compares with
        self.groups.join(state, msg, lang)  # groups: whoever writes or presses is a member
        planner = self.groups.planner(self.planner, state, lang)
        tools = TripTools(state, self.today(), msg.user_id, planner, self.groups.clock)
        due = await self.groups.close_due(msg, lang, tools)  # polls whose deadline passed
        outcome: TurnOutcome | None = None
        if command is not None:
            outcome = await self._command(msg, lang, command, tools)
        elif (noted := await self.groups.observe(msg, lang, tools)) is not None:
            outcome = TurnOutcome(noted, counts=True)
        else:
            outcome = TurnOutcome([], counts=True)
            async for event in self._brain_turn(msg, lang, tools):
                if isinstance(event, FinalMessage | FileReply | PollReply):
                    outcome.events.append(event)
                else:
                    yield event  # working / deltas stream before the commit
        outcome.events[:0] = due
        outcome.events += await self.groups.decide(msg, lang, tools, seen)  # polls, the pin
        outbox = encode_reply(outcome.events, before)  # shown again if we die before showing it
        outcome.events = self.groups.track(msg, outcome.events)  # plan messages, to supersede
        turns = self._turns(msg, tools.state, outcome) if outcome.record else []
        if turns:
            await self.profiles.remember_conversation(
                msg.user_id, msg.conversation, msg.is_private, msg.sender.display_name
            )
        # From the commit until the reply is shown, a stop (SIGTERM) lets the turn finish: the
        # draft streamed so far would otherwise be followed by the reply again from the outbox.
        with showing():
            await self.conversations.commit(held, tools.state, turns, msg.message_id, outbox)
            if tools.state.pending_plan:  # "still planning": the sweep pushes the plan when done
                await self.groups.due_again(msg.conversation)
            if outcome.counts:
                yield _COUNTED
            # Folded turns' events are collected, not shown, as they come: their outbox stays
            # whole.
            async for event in self.replies.committed(
                msg, outcome.events, before, track=not folded
            ):
                yield event

    def _turns(
        self, msg: IncomingMessage, state: ConversationState, outcome: TurnOutcome
    ) -> list[Turn]:
        now = time.time()
        if msg.user_id not in state.members:
            state.members.append(msg.user_id)
        state.version += 1
        said = msg.text if not msg.callback_data else f"[button] {msg.callback_data}"
        out = [
            Turn(role="user", text=said, speaker=msg.user_id, name=msg.sender.display_name,
                 message_id=msg.message_id, ts=now),
        ]  # fmt: skip
        reply = "\n".join(_remembered(e) for e in outcome.events if isinstance(e, FinalMessage))
        if reply:
            out.append(Turn(role="assistant", text=reply, message_id=msg.message_id, ts=now))
        return out

    async def _brain_turn(
        self, msg: IncomingMessage, lang: Lang, tools: TripTools
    ) -> AsyncIterator[ReplyEvent]:
        yield Working()  # planning or the model may take a moment: show "typing…"
        if msg.callback_data and plans(msg.callback_data):
            yield TextDelta(t(lang, "planning"))  # a visible draft while the solver works
        if msg.callback_data:
            for event in await tools.callback(msg.callback_data, lang):
                yield event
            return
        history = await self.conversations.recent_turns(msg.conversation, self.config.context_turns)
        primary = tools.fork()
        ctx = TurnContext(msg, lang, history, tools.today, primary)
        try:
            async for event in self.brain.reply(ctx):
                yield event
            tools.adopt(primary)
            return
        except BrainError:
            if self.brain is self.fallback:
                raise
            log.warning(
                "brain %s failed in %s; offline brain answers", self.brain.name, msg.conversation
            )
        ctx = TurnContext(msg, lang, history, tools.today, tools)
        first = True
        async for event in self.fallback.reply(ctx):
            if first and isinstance(event, FinalMessage):
                event = FinalMessage(
                    t(lang, "smart_mode_off") + "\n\n" + event.text,
                    itinerary=event.itinerary, choices=event.choices, language=event.language,
                )  # fmt: skip
                first = False
            yield event


def _command_of(msg: IncomingMessage) -> Command | None:
    """The command a message gives: its text, or a button that repeats a command ("c:/plan")."""
    if msg.callback_data and msg.callback_data.startswith("c:"):
        return parse_command(msg.callback_data[2:])
    return parse_command(msg.text) if not msg.callback_data else None


_COUNTED = Working()  # marker between _reserved_turn and _turn: the reservation is spent


def _remembered(event: FinalMessage) -> str:
    """What history keeps of a reply: a shown itinerary lives in the state, not in every turn."""
    if event.itinerary is None:
        return event.text
    it = event.itinerary
    first = it.days[0].date.isoformat() if it.days else ""
    return f"[itinerary v{it.version} shown: {len(it.days)} days from {first}]"
