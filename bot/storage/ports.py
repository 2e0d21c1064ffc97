"""Storage ports: small interfaces named by role; the ``redis_*`` modules implement them on Redis.

Contracts shared by every implementation:

* every method raises :class:`bot.errors.StorageUnavailable` (never a driver error) when the
  backing store fails; nothing is partially written by a failed ``commit``;
* ``commit`` is atomic: the new state, the new history turns and the "processed" mark of the
  platform message are written together or not at all, and only while the caller still holds
  the conversation lock (else :class:`bot.errors.LockTimeout`);
* the reply given to ``commit`` (the outbox entry) is kept until ``reply_sent``, so a process that
  dies between the commit and the platform's answer leaves it for the retried delivery to show.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from bot.messages import ConversationKey
from bot.storage.models import ArchivedTrip, ConversationState, Turn


@dataclass(frozen=True)
class LockHandle:
    """Proof of holding a conversation lock, passed to ``commit``."""

    key: ConversationKey
    token: str


class ConversationStore(ABC):
    """History, trip state, archive and de-duplication of one conversation."""

    @abstractmethod
    async def load(self, key: ConversationKey) -> ConversationState:
        """Return the conversation's state (a fresh one if none is stored)."""

    @abstractmethod
    async def recent_turns(self, key: ConversationKey, limit: int) -> list[Turn]:
        """Return the last ``limit`` turns, oldest first."""

    @abstractmethod
    async def is_processed(self, key: ConversationKey, message_id: str) -> bool:
        """Tell whether this platform message was already handled."""

    @abstractmethod
    async def commit(
        self,
        lock: LockHandle,
        state: ConversationState,
        turns: Sequence[Turn],
        processed_id: str | None,
        reply: str = "",
    ) -> None:
        """Atomically store the state, append turns, mark the message processed and keep its
        encoded ``reply`` (:mod:`bot.outbox`) until :meth:`reply_sent`."""

    @abstractmethod
    async def unsent_reply(self, key: ConversationKey, message_id: str) -> str | None:
        """The reply committed for ``message_id`` and not yet marked sent, if any."""

    @abstractmethod
    async def reply_sent(self, key: ConversationKey, message_id: str) -> None:
        """The reply of ``message_id`` was shown on the platform: forget it."""

    @abstractmethod
    async def reply_left(self, key: ConversationKey, message_id: str, reply: str) -> None:
        """Part of the reply of ``message_id`` was shown: keep only ``reply``, what is left
        ("" forgets it); nothing is kept if the reply was already forgotten."""

    async def replies_folded(
        self, key: ConversationKey, into: str, reply: str, others: Sequence[str]
    ) -> None:
        """One folded reply answers ``into`` and ``others`` (:mod:`bot.busy`): keep ``reply`` as
        ``into``'s (as :meth:`reply_left`: only if it still has one) and forget the others' — at
        once, so a retried delivery of any of them shows the folded reply or nothing. A store a
        process can die in the middle of (Redis) does it in one step; this default does it in
        turns (for a store inside one process)."""
        for other in others:
            await self.reply_sent(key, other)
        await self.reply_left(key, into, reply)

    @abstractmethod
    async def archive(self, lock: LockHandle, trip: ArchivedTrip) -> None:
        """Archive the current trip and clear history and state (``/reset``)."""

    @abstractmethod
    async def archived(self, key: ConversationKey) -> list[ArchivedTrip]:
        """Return the conversation's archived trips, newest first."""

    @abstractmethod
    def lock(
        self, key: ConversationKey, *, patient: bool = False
    ) -> AbstractAsyncContextManager[LockHandle]:
        """Hold the conversation's lock (across processes) for one turn.

        A ``patient`` waiter (a message waiting in the busy list, which the holder answers
        anyway) looks at the lock less often, to spare the store during a burst.
        """


class ProfileStore(ABC):
    """Per-user settings and the index of conversations a user spoke in."""

    @abstractmethod
    async def language(self, user_id: str) -> str | None:
        """Return the language the user chose with /lang, if any."""

    @abstractmethod
    async def set_language(self, user_id: str, language: str) -> None:
        """Remember the user's language."""

    @abstractmethod
    async def remember_conversation(
        self, user_id: str, key: ConversationKey, is_private: bool, name: str = ""
    ) -> None:
        """Record that the user spoke in this conversation, under ``name`` (for /forget)."""


class QuotaStore(ABC):
    """Daily request counters per user."""

    @abstractmethod
    async def used(self, user_id: str, day: str) -> int:
        """Return the requests the user made on ``day`` (YYYY-MM-DD)."""

    @abstractmethod
    async def add(self, user_id: str, day: str) -> int:
        """Count one request and return the new total for ``day``."""

    @abstractmethod
    async def reserve(self, user_id: str, day: str, limit: int) -> bool:
        """Count one request if fewer than ``limit`` are counted, atomically; tell whether it was.

        Parallel callers never pass the limit together: at ``limit - k`` exactly ``k`` succeed.
        """

    @abstractmethod
    async def release(self, user_id: str, day: str) -> None:
        """Give back a request reserved by :meth:`reserve` (its turn failed or did not count)."""


class Eraser(ABC):
    """Deletes what is stored about a user (``/forget``)."""

    @abstractmethod
    async def forget_user(self, user_id: str) -> int:
        """Delete the user's keys and private conversations, anonymise group turns; return count."""


# -- small ports added as typing.Protocol classes (fakes need not subclass them) ---------------


@dataclass(frozen=True)
class Spent:
    """Today's language-model spend of a user and of a conversation, in USD."""

    user_usd: Decimal
    conversation_usd: Decimal


class UsageLedger(Protocol):
    """Tokens and cost of the language model, per user and per conversation per day.

    Every method raises :class:`bot.errors.StorageUnavailable` when the store fails.
    """

    async def record(
        self,
        user_id: str,
        conv: ConversationKey,
        day: str,
        prompt_tokens: int,
        completion_tokens: int,
        cost_usd: Decimal,
    ) -> None:
        """Add one request's tokens and cost to the user's and the conversation's ``day``."""
        ...

    async def spent(self, user_id: str, conv: ConversationKey, day: str) -> Spent:
        """Return the user's and the conversation's spend on ``day``."""
        ...

    async def today(self, user_id: str, day: str) -> tuple[int, Decimal]:
        """Return the user's tokens and cost (USD, to a tenth of a cent) on ``day``."""
        ...


class BreakerStore(Protocol):
    """The shared state of the language model's circuit breaker (one per deployment).

    Every method raises :class:`bot.errors.StorageUnavailable` when the store fails; the
    breaker (:mod:`bot.brains.llm_breaker`) decides what a failure of its store means.
    """

    async def open_until(self) -> float:
        """Return the epoch second the breaker is open until (0 when closed)."""
        ...

    async def take_probe(self, ttl_s: float) -> bool:
        """Take the one half-open probe for ``ttl_s``; tell whether this caller got it."""
        ...

    async def add_failure(self, keep_s: int) -> int:
        """Count one consecutive failure (kept ``keep_s``); return the count."""
        ...

    async def open(self, until: float) -> None:
        """Open the breaker until ``until`` and free the probe."""
        ...

    async def close(self) -> None:
        """Close the breaker: forget failures, the open time and the probe."""
        ...


class ThreadIndex(Protocol):
    """The trip threads the bot opened on a platform: thread id -> parent channel id.

    Best effort by contract: a failing store is logged and never fails a turn — ``add`` then
    does nothing and ``parent_of`` answers ``None`` (the thread's owner is the fallback).
    """

    async def add(self, thread_id: str, parent_id: str) -> None:
        """Remember a trip thread (refreshing its lifetime)."""
        ...

    async def parent_of(self, thread_id: str) -> str | None:
        """Return the parent channel of a trip thread, ``None`` when it is not one."""
        ...


@dataclass(frozen=True)
class ChannelMark:
    """The newest message of a channel stored in a platform's inbox."""

    channel_id: str
    message_id: str  # a Discord snowflake: later messages have larger ids
    guild_id: str  # "" for a direct message
    at: float  # when it was stored (epoch seconds)


class ChannelMarks(Protocol):
    """The newest message stored per channel, so that a process starting after a crash or a
    deploy can fetch what arrived while no process was listening (Discord does not send a
    missed gateway event again).

    Best effort by contract, like :class:`ThreadIndex`: a failing store is logged; ``advance``
    then does nothing and ``recent`` answers ``[]`` (what was missed stays missed).
    """

    async def advance(self, mark: ChannelMark) -> None:
        """Record ``mark`` unless a later message of its channel is already recorded."""
        ...

    async def recent(self, since: float) -> list[ChannelMark]:
        """The marks recorded at ``since`` or later (older ones are forgotten)."""
        ...


@dataclass(frozen=True)
class PlanJob:
    """One planning job taken from the queue: its key, its queue entry and its payload (JSON)."""

    key: str
    entry: str
    payload: str


class PlanJobQueue(ABC):
    """Planning jobs shared by every planner worker, on any machine (``PLANNER_QUEUE=redis``).

    Contract of every implementation:

    * a job is named by its key (a digest of what is planned, so the same trip at the same
      request version is one job): :meth:`submit` of a key already queued, running or done adds
      nothing — one computation, whoever asks and however often;
    * :meth:`take` hands each new job to exactly one worker; it stays *pending* (owned by that
      worker) until :meth:`complete`; a pending job whose worker stops touching it
      (:meth:`touch`) for ``min_idle_s`` is handed to another worker by :meth:`reclaim`, so a
      dead worker's job is run again; :meth:`hand_back` makes a job reclaimable at once;
    * :meth:`complete` stores the first result of a key for ``result_ttl_s`` (later results of
      the same key are dropped) and wakes every waiter; :meth:`wait` returns it, or ``None``
      when it is not there within the bounded wait (the job goes on; a later wait finds it);
    * every method raises :class:`bot.errors.StorageUnavailable` when the store fails.
    """

    @abstractmethod
    async def submit(self, key: str, payload: str) -> str | None:
        """Queue the job unless it is queued, running or done; return its result if done."""

    @abstractmethod
    async def wait(self, key: str, timeout_s: float) -> str | None:
        """The job's result, waiting up to ``timeout_s`` for it; ``None`` if it is not done."""

    @abstractmethod
    async def take(self, worker: str, count: int, block_s: float) -> list[PlanJob]:
        """Up to ``count`` new jobs for ``worker``, waiting up to ``block_s`` for one."""

    @abstractmethod
    async def reclaim(self, worker: str, min_idle_s: float, count: int) -> list[PlanJob]:
        """Take over up to ``count`` jobs pending longer than ``min_idle_s`` elsewhere."""

    @abstractmethod
    async def touch(self, worker: str, entries: Sequence[str]) -> None:
        """Tell the queue ``worker`` still runs these entries (resets their idle time)."""

    @abstractmethod
    async def hand_back(self, entries: Sequence[str]) -> None:
        """Give running entries up (shutdown): the next :meth:`reclaim` anywhere takes them."""

    @abstractmethod
    async def attempt(self, key: str) -> int:
        """Count one start of the job (1 on its first run); bounds retries of a poison job."""

    @abstractmethod
    async def complete(self, job: PlanJob, result: str) -> bool:
        """Store the result (unless one is stored), forget the entry; tell whether it was stored."""

    @abstractmethod
    async def depth(self) -> tuple[int, float]:
        """Jobs not yet completed, and the age in seconds of the oldest (0 when empty)."""
