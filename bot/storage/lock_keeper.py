"""The owner heartbeat of conversation locks, from a thread of its own.

A conversation lock lives three heartbeats and its holder renews it every heartbeat, so the lock
of a holder that died frees within seconds. Renewed from the holder's event loop, a *live* holder
loses its lock whenever that loop is late by two heartbeats — a busy machine starves an event
loop that runs many turns for seconds (seen in the load bench at load averages of 15: inbox
entries of live processes reclaimed, Bot API calls timing out). The lock then passes to another
delivery of the same message (a webhook redelivery, a reclaimed inbox entry) while the first
holder has sent its reply but not yet recorded it in the outbox (:mod:`bot.outbox`): the second
holder shows the reply again — a plan posted twice by two live processes.

So the heartbeat is the *process's*, not its event loop's: one daemon thread per process renews
every lock the process holds, with its own synchronous Redis client. A loop that is slow (or
blocked) keeps its locks; a process that dies (``kill -9``, a lost machine) stops renewing with
it, and its locks free within three heartbeats as before. A turn still holds its lock for at most
``hold_limit_s`` (a turn that hangs cannot hold a conversation forever).

The same thread keeps the process's running inbox entries (:meth:`LockKeeper.keep_entry`): it
touches them (``XCLAIM ... JUSTID``) every heartbeat, so a starved loop's entries do not look idle
and are not reclaimed by another process while their turns still run. A dead process stops
touching them, and they are reclaimed after the inbox's idle time as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from redis.exceptions import RedisClusterException, RedisError

log = logging.getLogger(__name__)

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""


class LockKeeper:
    """Renews the locks held by this process every ``beat_s`` from a daemon thread."""

    def __init__(self, connect: Callable[[], Any], *, ttl_s: float, hold_limit_s: float) -> None:
        """``connect`` makes a synchronous ``redis.Redis`` or ``redis.cluster.RedisCluster``; it
        is called by the thread when it first needs it (a cluster client connects at once, and a
        process must start while Redis is down)."""
        self.connect = connect
        self.client: Any = None
        self.ttl_ms = int(ttl_s * 1000)
        self.beat_s = ttl_s / 3
        self.hold_limit_s = hold_limit_s
        self._renew: Any = None
        self._held: dict[str, tuple[str, float]] = {}  # lock key -> (token, renew until)
        self._entries: dict[tuple[str, str, str], set[str]] = {}  # (stream, group, consumer)
        self._guard = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def hold(self, name: str, token: str) -> None:
        """Keep the lock ``name`` (held with ``token``) alive until :meth:`drop`."""
        with self._guard:
            self._held[name] = (token, time.monotonic() + self.hold_limit_s)
            self._start()

    def keep_entry(self, stream: str, group: str, consumer: str, entry_id: str) -> None:
        """Touch ``consumer``'s pending entry every heartbeat until :meth:`drop_entry`."""
        with self._guard:
            self._entries.setdefault((stream, group, consumer), set()).add(entry_id)
            self._start()

    def drop_entry(self, stream: str, group: str, consumer: str, entry_id: str) -> None:
        """Stop touching the entry (its turn ended)."""
        with self._guard:
            kept = self._entries.get((stream, group, consumer))
            if kept is not None:
                kept.discard(entry_id)
                if not kept:
                    del self._entries[(stream, group, consumer)]

    def _start(self) -> None:
        if self._thread is None and not self._stop.is_set():  # called with the guard held
            self._thread = threading.Thread(
                target=self._run, name="bundletrip-lock-keeper", daemon=True
            )
            self._thread.start()

    def drop(self, name: str, token: str) -> None:
        """Stop renewing the lock (released, or lost)."""
        with self._guard:
            if self._held.get(name, ("", 0.0))[0] == token:
                del self._held[name]

    def _holds(self, name: str, token: str) -> bool:
        with self._guard:
            return self._held.get(name, ("", 0.0))[0] == token

    def close(self) -> None:
        """Stop the thread and close the client (the locks then expire on their own)."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=5)
        if self.client is not None:
            self.client.close()

    def _run(self) -> None:
        while not self._stop.wait(self.beat_s):
            with self._guard:
                held = list(self._held.items())
            now = time.monotonic()
            for name, (token, until) in held:
                if now > until:
                    log.warning("a turn held its lock too long; no longer renewed")
                elif self._renewed(name, token):
                    continue
                elif self._holds(name, token):  # not released meanwhile: lost
                    log.warning("a running turn lost its lock; its commit will be refused")
                self.drop(name, token)
            self._touch_entries()

    def _connected(self) -> Any:
        if self._renew is None:
            self.client = self.connect()
            self._renew = self.client.register_script(_RENEW)
        return self.client

    def _renewed(self, name: str, token: str) -> bool:
        try:
            self._connected()
            return bool(self._renew(keys=[name], args=[token, self.ttl_ms]))
        except (RedisError, RedisClusterException, OSError):
            log.warning("could not renew a conversation lock")
            return True  # try again at the next beat; the lock lives three beats

    def _touch_entries(self) -> None:
        with self._guard:
            kept = [(where, sorted(ids)) for where, ids in self._entries.items() if ids]
        for (stream, group, consumer), ids in kept:
            try:
                self._connected().xclaim(stream, group, consumer, 0, ids, justid=True)
            except (RedisError, RedisClusterException, OSError):
                log.warning("could not touch running inbox entries; the worker's loop still does")
