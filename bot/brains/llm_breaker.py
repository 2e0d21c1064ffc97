"""A circuit breaker for the language model, shared by every instance through its store.

States: *closed* (requests go out), *open* (after ``threshold`` consecutive failures: no request
for ``cooldown_s``; the offline brain answers at once instead of waiting for timeouts), *half-open*
(after the cool-down one probe request may go out — a success closes the breaker, a failure opens
it for another cool-down). Only unavailability counts as failure (network, timeouts, 429, 5xx, cut
streams), never a user's budget.

The state lives behind the :class:`~bot.storage.ports.BreakerStore` port (on Redis:
:mod:`bot.storage.redis_breaker`). If the store itself fails the breaker lets requests through;
the model's own errors still fall back per turn.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from bot.errors import StorageUnavailable
from bot.storage.ports import BreakerStore

log = logging.getLogger(__name__)


class CircuitBreaker:
    """Counts consecutive failures; opens, cools down, then lets one probe through."""

    def __init__(
        self,
        store: BreakerStore,
        *,
        threshold: int = 3,
        cooldown_s: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.threshold = threshold
        self.cooldown_s = cooldown_s
        self.clock = clock

    async def state(self) -> str:
        """``closed``, ``open`` or ``half-open`` (for logs and tests)."""
        try:
            open_until = await self.store.open_until()
        except StorageUnavailable:
            return "closed"
        if not open_until:
            return "closed"
        return "open" if self.clock() < open_until else "half-open"

    async def allow(self) -> bool:
        """Tell whether a request may go out now (taking the probe when half-open)."""
        try:
            open_until = await self.store.open_until()
            if not open_until:
                return True
            if self.clock() < open_until:
                return False
            return await self.store.take_probe(self.cooldown_s)
        except StorageUnavailable:
            log.warning("circuit breaker state unavailable; letting the request through")
            return True

    async def success(self) -> None:
        """Close the breaker."""
        try:
            await self.store.close()
        except StorageUnavailable:
            log.warning("circuit breaker could not record a success")

    async def failure(self) -> None:
        """Count a failure; open (again) at the threshold."""
        try:
            failures = await self.store.add_failure(int(self.cooldown_s * 10) + 3600)
            if failures >= self.threshold:
                await self.store.open(self.clock() + self.cooldown_s)
                log.warning(
                    "language model failed %d times in a row: offline for %.0f s",
                    failures, self.cooldown_s,
                )  # fmt: skip
        except StorageUnavailable:
            log.warning("circuit breaker could not record a failure")
