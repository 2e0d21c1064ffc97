"""In-memory fakes of every storage port (:mod:`bot.storage.ports` and its siblings).

They subclass the ports and keep the ports' contracts — atomic commit only under the held
lock, turns bounded, archive newest first, quota reservations that never pass the limit,
pending messages claimed once, polls taken by one sweeper — so a unit test can run the core
without Redis. ``tests/integration/test_storage_contract.py`` runs the same cases against these
fakes and the Redis implementations, so the two cannot drift apart.

Time is never read from the wall clock: the inbox takes a ``clock`` (seconds) and locks wait on
asyncio events, bounded by ``lock_wait_s`` of the event loop's time.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache

from bot.brains.base import Brain
from bot.brains.offline import OfflineBrain
from bot.catalogue_commands import catalogue_commands
from bot.conversation import ConversationService, ServiceConfig
from bot.errors import LockTimeout
from bot.group.desk import GroupDesk
from bot.messages import ConversationKey, IncomingMessage, ShownMessage
from bot.planner.kb import load_knowledge_base
from bot.planning import Planner
from bot.storage.inbox import Inbox, InboxEntry, InboxStats
from bot.storage.models import FORGOTTEN, ArchivedTrip, ConversationState, Turn, forget_in_state
from bot.storage.pending import PendingMessages, decode, encode
from bot.storage.polls import MAX_PLAN_MESSAGES, PollIndex, PollRef
from bot.storage.ports import ConversationStore, Eraser, LockHandle, ProfileStore, QuotaStore
from bot.storage.redis_forget import FORGOTTEN_NAME
from bot.storage.redis_store import ARCHIVE_MAX
from tests.support.redis import fixed_clock


@dataclass
class _Conversation:
    state: str = ""  # JSON, so a caller's later change to its object is not stored
    turns: list[str] = field(default_factory=list)
    archive: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    unsent: dict[str, str] = field(default_factory=dict)  # message id -> encoded reply
    holder: str | None = None


class MemoryConversationStore(ConversationStore):
    """Conversations in a dict; the lock is held by one turn at a time in this process."""

    def __init__(self, *, max_turns: int = 200, lock_wait_s: float = 5.0) -> None:
        self.max_turns = max_turns
        self.lock_wait_s = lock_wait_s
        self.data: dict[ConversationKey, _Conversation] = defaultdict(_Conversation)
        self._freed: dict[ConversationKey, asyncio.Event] = {}

    async def load(self, key: ConversationKey) -> ConversationState:
        raw = self.data[key].state
        return ConversationState.model_validate_json(raw) if raw else ConversationState()

    async def recent_turns(self, key: ConversationKey, limit: int) -> list[Turn]:
        if limit <= 0:
            return []
        return [Turn.model_validate_json(t) for t in self.data[key].turns[-limit:]]

    async def is_processed(self, key: ConversationKey, message_id: str) -> bool:
        return message_id in self.data[key].seen

    def _check(self, lock: LockHandle, what: str) -> _Conversation:
        conv = self.data[lock.key]
        if conv.holder != lock.token:
            raise LockTimeout(f"lock on {lock.key} was lost before {what}")
        return conv

    async def commit(
        self,
        lock: LockHandle,
        state: ConversationState,
        turns: Sequence[Turn],
        processed_id: str | None,
        reply: str = "",
    ) -> None:
        conv = self._check(lock, "commit")
        conv.state = state.model_dump_json()
        if turns:
            conv.turns.extend(t.model_dump_json(exclude_defaults=True) for t in turns)
            conv.turns = conv.turns[-self.max_turns :]
        if processed_id:
            conv.seen.add(processed_id)
            if reply:
                conv.unsent[processed_id] = reply

    async def unsent_reply(self, key: ConversationKey, message_id: str) -> str | None:
        return self.data[key].unsent.get(message_id)

    async def reply_sent(self, key: ConversationKey, message_id: str) -> None:
        self.data[key].unsent.pop(message_id, None)

    async def reply_left(self, key: ConversationKey, message_id: str, reply: str) -> None:
        unsent = self.data[key].unsent
        if reply and message_id in unsent:
            unsent[message_id] = reply
        else:
            unsent.pop(message_id, None)

    async def archive(self, lock: LockHandle, trip: ArchivedTrip) -> None:
        conv = self._check(lock, "archive")
        conv.archive = [trip.model_dump_json(exclude_defaults=True), *conv.archive][:ARCHIVE_MAX]
        conv.state, conv.turns = "", []

    async def archived(self, key: ConversationKey) -> list[ArchivedTrip]:
        return [ArchivedTrip.model_validate_json(t) for t in self.data[key].archive]

    def lock(
        self, key: ConversationKey, *, patient: bool = False
    ) -> AbstractAsyncContextManager[LockHandle]:
        return self._hold(key)  # woken when the lock is freed: patience changes nothing here

    @asynccontextmanager
    async def _hold(self, key: ConversationKey) -> AsyncIterator[LockHandle]:
        conv = self.data[key]
        try:
            async with asyncio.timeout(self.lock_wait_s):
                while conv.holder is not None:
                    await self._freed.setdefault(key, asyncio.Event()).wait()
        except TimeoutError:
            raise LockTimeout(f"conversation {key} stayed busy") from None
        token = secrets.token_hex(12)
        conv.holder = token
        try:
            yield LockHandle(key, token)
        finally:
            if conv.holder == token:
                conv.holder = None
            self._freed.pop(key, asyncio.Event()).set()


class MemoryProfileStore(ProfileStore):
    """Languages and each user's index of conversations (with the names they spoke under)."""

    def __init__(self) -> None:
        self.languages: dict[str, str] = {}
        self.conversations: dict[str, dict[ConversationKey, bool]] = defaultdict(dict)
        self.names: dict[str, set[str]] = defaultdict(set)

    async def language(self, user_id: str) -> str | None:
        return self.languages.get(user_id)

    async def set_language(self, user_id: str, language: str) -> None:
        self.languages[user_id] = language

    async def remember_conversation(
        self, user_id: str, key: ConversationKey, is_private: bool, name: str = ""
    ) -> None:
        self.conversations[user_id][key] = is_private
        if name:
            self.names[user_id].add(name)


class MemoryQuotaStore(QuotaStore):
    """Daily counters; every method runs without an await inside, so each is atomic."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], int] = defaultdict(int)

    async def used(self, user_id: str, day: str) -> int:
        return self.counts[user_id, day]

    async def add(self, user_id: str, day: str) -> int:
        self.counts[user_id, day] += 1
        return self.counts[user_id, day]

    async def reserve(self, user_id: str, day: str, limit: int) -> bool:
        if self.counts[user_id, day] >= limit:
            return False
        self.counts[user_id, day] += 1
        return True

    async def release(self, user_id: str, day: str) -> None:
        self.counts[user_id, day] = max(0, self.counts[user_id, day] - 1)


class MemoryEraser(Eraser):
    """``/forget`` over the in-memory stores: private conversations go, group turns are blanked."""

    def __init__(
        self,
        conversations: MemoryConversationStore,
        profiles: MemoryProfileStore,
        quotas: MemoryQuotaStore,
    ) -> None:
        self.conversations = conversations
        self.profiles = profiles
        self.quotas = quotas

    async def forget_user(self, user_id: str) -> int:
        removed = 0
        names = set(self.profiles.names.pop(user_id, set()))
        for key, private in self.profiles.conversations.pop(user_id, {}).items():
            if private:
                removed += int(self.conversations.data.pop(key, None) is not None)
            else:
                removed += await self._anonymise_group(key, user_id, names)
        removed += int(self.profiles.languages.pop(user_id, None) is not None)
        for counted in [k for k in self.quotas.counts if k[0] == user_id]:
            del self.quotas.counts[counted]
            removed += 1
        return removed

    async def _anonymise_group(self, key: ConversationKey, user_id: str, names: set[str]) -> int:
        async with self.conversations.lock(key) as held:
            conv = self.conversations.data[key]
            turns = [Turn.model_validate_json(t) for t in conv.turns]
            trips = [ArchivedTrip.model_validate_json(t) for t in conv.archive]
            spoken = [*turns, *(u for trip in trips for u in trip.turns)]
            names |= {t.name for t in spoken if t.speaker == user_id and t.name}
            changed = _blank(turns, user_id, names)
            for trip in trips:
                if user_id in trip.members:
                    trip.members = [m for m in trip.members if m != user_id]
                    changed += 1
                changed += _blank(trip.turns, user_id, names)
            conv.turns = [t.model_dump_json(exclude_defaults=True) for t in turns]
            conv.archive = [t.model_dump_json(exclude_defaults=True) for t in trips]
            state = await self.conversations.load(key)
            if forget_in_state(state, user_id, names):
                await self.conversations.commit(held, state, [], None)
        return changed


def _blank(turns: list[Turn], user_id: str, names: set[str]) -> int:
    changed = 0
    named = sorted((n for n in names if len(n.strip()) >= 2), key=len, reverse=True)
    for turn in turns:
        if turn.speaker == user_id:
            turn.speaker, turn.name, turn.text = FORGOTTEN, "", ""
            changed += 1
        elif any(n in turn.text for n in named):
            for n in named:
                turn.text = turn.text.replace(n, FORGOTTEN_NAME)
            changed += 1
    return changed


class MemoryPendingMessages(PendingMessages):
    """Waiting messages per conversation, in arrival order, each pushed once."""

    def __init__(self) -> None:
        self.waiting: dict[ConversationKey, dict[str, str]] = defaultdict(dict)

    async def push(self, key: ConversationKey, msg: IncomingMessage) -> None:
        self.waiting[key].setdefault(msg.message_id, encode(msg))

    async def claim(self, key: ConversationKey, message_id: str) -> bool:
        return self.waiting[key].pop(message_id, None) is not None

    async def peek(self, key: ConversationKey) -> list[IncomingMessage]:
        return [decode(raw) for raw in self.waiting.get(key, {}).values()]


class MemoryPollIndex(PollIndex):
    """Polls by platform id and by decision, pinned plans, plan messages and poll deadlines."""

    def __init__(self) -> None:
        self.by_poll: dict[tuple[str, str], PollRef] = {}
        self.by_decision: dict[tuple[ConversationKey, str], PollRef] = {}
        self.pins: dict[ConversationKey, str] = {}
        self.plans: dict[ConversationKey, list[ShownMessage]] = defaultdict(list)
        self.deadlines: dict[str, dict[ConversationKey, float]] = defaultdict(dict)

    async def remember(self, ref: PollRef) -> None:
        self.by_poll[ref.platform, ref.platform_poll_id] = ref
        self.by_decision[ref.conversation, ref.poll_key] = ref

    async def by_platform(self, platform: str, platform_poll_id: str) -> PollRef | None:
        return self.by_poll.get((platform, platform_poll_id))

    async def by_key(self, key: ConversationKey, poll_key: str) -> PollRef | None:
        return self.by_decision.get((key, poll_key))

    async def remember_pin(self, key: ConversationKey, message_id: str) -> None:
        self.pins[key] = message_id

    async def pin(self, key: ConversationKey) -> str:
        return self.pins.get(key, "")

    async def remember_plans(self, key: ConversationKey, shown: tuple[ShownMessage, ...]) -> None:
        if shown:
            self.plans[key] = [*self.plans[key], *shown][-MAX_PLAN_MESSAGES:]

    async def take_plans(self, key: ConversationKey) -> list[ShownMessage]:
        return self.plans.pop(key, [])

    async def due_at(self, key: ConversationKey, deadline: float) -> None:
        self.deadlines[key.platform][key] = deadline

    async def take_due(self, platform: str, now: float) -> list[ConversationKey]:
        due = self.deadlines[platform]
        taken = sorted((d, i, k) for i, (k, d) in enumerate(due.items()) if d <= now)[:100]
        for _, _, key in taken:
            del due[key]
        return [key for _, _, key in taken]


@dataclass
class _Entry:
    payload: str
    born: float
    owner: str | None = None
    touched: float = 0.0


class MemoryInbox(Inbox):
    """A queue of updates with owners and idle times read from ``clock`` (seconds)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.entries: dict[str, _Entry] = {}
        self._ids = itertools.count(1)
        self._arrived = asyncio.Condition()

    def _new(self, payload: str, owner: str | None) -> str:
        entry_id = f"{next(self._ids)}-0"
        now = self.clock()
        self.entries[entry_id] = _Entry(payload, now, owner, now)
        return entry_id

    def _give(self, consumer: str, entry_id: str) -> InboxEntry:
        entry = self.entries[entry_id]
        entry.owner, entry.touched = consumer, self.clock()
        return InboxEntry(entry_id, entry.payload)

    async def put(self, payload: str) -> str:
        entry_id = self._new(payload, None)
        async with self._arrived:
            self._arrived.notify_all()
        return entry_id

    async def put_taken(self, consumer: str, payload: str) -> list[InboxEntry]:
        older = [i for i, e in self.entries.items() if e.owner is None]
        new_id = self._new(payload, consumer)
        return [self._give(consumer, i) for i in [*older, new_id]]

    async def take(self, consumer: str, count: int, block_s: float) -> list[InboxEntry]:
        def free() -> list[str]:
            return [i for i, e in self.entries.items() if e.owner is None][:count]

        if not free():
            try:
                async with asyncio.timeout(block_s), self._arrived:
                    await self._arrived.wait_for(lambda: bool(free()))
            except TimeoutError:
                return []
        return [self._give(consumer, i) for i in free()]

    async def reclaim(self, consumer: str, min_idle_s: float, count: int) -> list[InboxEntry]:
        now = self.clock()
        idle = [
            i for i, e in self.entries.items()
            if e.owner is not None and now - e.touched >= min_idle_s
        ][:count]  # fmt: skip
        return [self._give(consumer, i) for i in idle]

    async def touch(self, consumer: str, ids: Sequence[str]) -> None:
        for entry_id in ids:
            if entry_id in self.entries:
                self._give(consumer, entry_id)

    async def ack(self, entry_id: str) -> None:
        self.entries.pop(entry_id, None)

    async def stats(self) -> InboxStats:
        if not self.entries:
            return InboxStats(0, 0.0)
        oldest = min(e.born for e in self.entries.values())
        return InboxStats(len(self.entries), max(0.0, self.clock() - oldest))


@dataclass
class MemoryCore:
    """A conversation service on the in-memory stores, with each store at hand for assertions."""

    service: ConversationService
    conversations: MemoryConversationStore
    profiles: MemoryProfileStore
    quotas: MemoryQuotaStore
    pending: MemoryPendingMessages
    polls: MemoryPollIndex


@cache
def shared_planner() -> Planner:
    """One planner over the real knowledge base for every in-memory core (it holds no state)."""
    return Planner(load_knowledge_base())


def memory_core(
    *,
    brain: Brain | None = None,
    clock: Callable[[], datetime] = fixed_clock,
    config: ServiceConfig | None = None,
) -> MemoryCore:
    """The core wired as :func:`bot.bootstrap.build_app` wires it, on in-memory stores."""
    planner = shared_planner()
    conversations, profiles, quotas = (
        MemoryConversationStore(),
        MemoryProfileStore(),
        MemoryQuotaStore(),
    )
    pending, polls = MemoryPendingMessages(), MemoryPollIndex()
    groups = GroupDesk(planner.kb, polls, lambda: clock().timestamp())
    offline = OfflineBrain()
    service = ConversationService(
        conversations=conversations,
        profiles=profiles,
        quotas=quotas,
        eraser=MemoryEraser(conversations, profiles, quotas),
        brain=brain or offline,
        fallback=offline,
        clock=clock,
        planner=planner,
        config=config,
        extra_commands=catalogue_commands(planner.kb) | groups.commands(),
        usage=_no_usage,
        groups=groups,
        pending=pending,
    )
    return MemoryCore(service, conversations, profiles, quotas, pending, polls)


async def _no_usage(user_id: str, day: str) -> tuple[int, Decimal]:
    """The offline brain spends no tokens."""
    return 0, Decimal(0)
