"""The durable inbox port: platform updates are stored here before the platform is told they
arrived, and workers in any process take them, run the turn, and acknowledge after its commit.

Contract of every implementation:

* :meth:`Inbox.put` returns only once the update is durable (the caller may then acknowledge
  it to the platform: answer the webhook, move the polling offset);
* :meth:`Inbox.take` hands each new entry to exactly one consumer; an entry stays *pending*
  (owned by that consumer) until :meth:`Inbox.ack`;
* a pending entry whose consumer stops touching it (:meth:`Inbox.touch`) for ``min_idle_s`` is
  handed to another consumer by :meth:`Inbox.reclaim` — so a dead worker's turns are retried.
  A retried turn is answered once: the core's "processed" mark is committed with the turn.
* every method raises :class:`bot.errors.StorageUnavailable` when the store fails.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class InboxEntry:
    """One stored update: its id in the inbox and the platform's payload (JSON text)."""

    id: str
    payload: str


@dataclass(frozen=True)
class InboxStats:
    pending: int  # taken, not yet acknowledged, plus not yet taken
    oldest_age_s: float  # age of the oldest entry not acknowledged (0 when empty)


class Inbox(ABC):
    """A durable queue of platform updates shared by every worker process."""

    @abstractmethod
    async def put(self, payload: str) -> str:
        """Store one update durably; return its entry id."""

    @abstractmethod
    async def put_taken(self, consumer: str, payload: str) -> list[InboxEntry]:
        """Store one update durably, already taken by ``consumer`` (it runs it at once).

        Returns the new entry last, after any older entries nobody had taken yet (they are
        ``consumer``'s now too), so nothing is left behind.
        """

    @abstractmethod
    async def take(self, consumer: str, count: int, block_s: float) -> list[InboxEntry]:
        """Up to ``count`` new entries for ``consumer``, waiting up to ``block_s`` for one."""

    @abstractmethod
    async def reclaim(self, consumer: str, min_idle_s: float, count: int) -> list[InboxEntry]:
        """Take over up to ``count`` entries pending longer than ``min_idle_s`` elsewhere."""

    @abstractmethod
    async def touch(self, consumer: str, ids: Sequence[str]) -> None:
        """Tell the inbox ``consumer`` still works on ``ids`` (resets their idle time)."""

    def keep(self, consumer: str, entry_id: str) -> None:  # noqa: B027 - optional hook
        """Keep ``consumer``'s running entry touched from a thread of the process (not only
        from its event loop, which a busy machine may starve) until :meth:`let_go`; a no-op
        where the inbox has no such thread."""

    def let_go(self, consumer: str, entry_id: str) -> None:  # noqa: B027 - optional hook
        """Stop keeping the entry (its turn ended, acknowledged or not)."""

    @abstractmethod
    async def ack(self, entry_id: str) -> None:
        """The entry's turn is committed: forget it."""

    @abstractmethod
    async def stats(self) -> InboxStats:
        """Depth and oldest age, for metrics and alerts."""
