"""Counting conversation-lock waits (the store's metric hook), to wait for them without timing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.bootstrap import App
from bot.storage.redis_store import RedisConversationStore


def lock_waits(app: App) -> float:
    """Lock waits of ``app`` that ran out or ended after waiting (``bundletrip_lock_waits``)."""
    return app.metrics.registry.get_sample_value("bundletrip_lock_waits_total") or 0.0


def after_waits(app: App, count: int) -> asyncio.Event:
    """Set once ``count`` lock waits of ``app`` have run out (or ended) in all."""
    store = app.service.conversations
    assert isinstance(store, RedisConversationStore) and store.on_lock_wait is not None
    counted: Callable[[float], None] = store.on_lock_wait
    reached = asyncio.Event()

    def waited(seconds: float) -> None:
        counted(seconds)
        if lock_waits(app) >= count:
            reached.set()

    store.on_lock_wait = waited
    return reached
