"""Storage ports: small interfaces named by role. ``redis_store`` implements them on Redis.

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
    async def archive(self, lock: LockHandle, trip: ArchivedTrip) -> None:
        """Archive the current trip and clear history and state (``/reset``)."""

    @abstractmethod
    async def archived(self, key: ConversationKey) -> list[ArchivedTrip]:
        """Return the conversation's archived trips, newest first."""

    @abstractmethod
    def lock(self, key: ConversationKey) -> AbstractAsyncContextManager[LockHandle]:
        """Hold the conversation's lock (across processes) for one turn."""


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
