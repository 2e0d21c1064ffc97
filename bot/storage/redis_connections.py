"""A connection dropped under a running write is a connection error, as redis-py means it to be.

redis-py 8.1.0's asyncio connection can leak a transport-internal error instead of
``redis.exceptions.ConnectionError`` when its connection is closed while a write is under way:

* ``AttributeError: 'NoneType' object has no attribute 'writelines'`` — the cluster client
  disconnects a node's free connections after a connection error or a timeout on that node
  (``ClusterNode.disconnect_free_connections``), while another task has just taken one of them
  and is writing to it; the disconnect clears the connection's writer between the "connected?"
  check and the write (seen in the load bench; reproduced against a real cluster in
  ``tests/integration/test_redis_dropped_connection.py``);
* ``TypeError: 'NoneType' object is not callable`` (CPython 3.12) or
  ``AttributeError: ... '_add_writer'`` (3.13.0-3.13.9) from a pooled connection reset by the
  peer while idle (redis/redis-py#4287, #3546; fixed upstream by redis/redis-py#4288, not yet in
  a release: 8.1.0 is the newest on PyPI).

Neither is a ``RedisError``, so it skipped every recovery layer — the cluster client's retry
(``RedisCluster.ERRORS_ALLOW_RETRY``), the connection's ``Retry``, and our boundary
(:func:`bot.storage.redis_store.wrapped`) — and failed the turn with an apology. Here the write
of every connection our clients make raises ``ConnectionError`` instead, exactly when the error
is that one: raised in asyncio's stream/transport code or redis-py's connection module, about a
``None`` that the closed connection left behind. Nothing was written on a connection without a
writer, so the retry redis-py then makes (on a fresh connection) cannot run a command twice.
Any other ``AttributeError``/``TypeError`` (a bug in our code, a wrong argument) goes on as is.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from types import TracebackType
from typing import Any

import redis.asyncio.connection as redis_connection
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import ConnectionError as RedisConnectionError

# Where the leaked errors are raised: asyncio's streams and transports, redis-py's connection.
_ORIGINS = (os.path.dirname(asyncio.__file__), os.path.abspath(redis_connection.__file__))


def dropped_under_write(exc: BaseException) -> bool:
    """Tell whether ``exc`` is the leaked error of a write on a connection closed under it."""
    if not isinstance(exc, AttributeError | TypeError) or "NoneType" not in str(exc):
        return False
    last = _innermost(exc.__traceback__)
    if last is None:
        return False
    where = os.path.abspath(last.tb_frame.f_code.co_filename)
    return any(where == origin or where.startswith(origin + os.sep) for origin in _ORIGINS)


def _innermost(tb: TracebackType | None) -> TracebackType | None:
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb


class _GuardedWrites(AbstractConnection):
    """A connection whose write raises ``ConnectionError`` when it was dropped under it."""

    async def send_packed_command(
        self, command: bytes | str | Iterable[bytes], check_health: bool = True
    ) -> None:
        try:
            await super().send_packed_command(command, check_health)
        except (AttributeError, TypeError) as exc:
            if not dropped_under_write(exc):
                raise
            # redis-py has already disconnected it (its handler of any error in a write); the
            # exact class matters: the cluster client retries only ``type(e) in`` its list.
            raise RedisConnectionError(f"connection dropped while writing: {exc}") from exc


_GUARDED: dict[type[Any], type[Any]] = {}


def guarded(connection_class: type[Any]) -> type[Any]:
    """``connection_class`` with its writes guarded (one subclass per class, made once)."""
    if issubclass(connection_class, _GuardedWrites):
        return connection_class
    if connection_class not in _GUARDED:
        _GUARDED[connection_class] = type(
            f"Guarded{connection_class.__name__}", (_GuardedWrites, connection_class), {}
        )
    return _GUARDED[connection_class]


def guard_connections(client: Any) -> None:
    """Make every connection ``client`` opens from now on a guarded one (call it before the
    first command). ``client`` is a ``redis.asyncio.Redis`` or ``redis.asyncio.RedisCluster``."""
    nodes = getattr(client, "nodes_manager", None)
    if nodes is not None:  # a cluster: the nodes it knows, and the ones it learns later
        kwargs = nodes.connection_kwargs
        kwargs["connection_class"] = guarded(kwargs.get("connection_class") or _plain())
        for node in nodes.startup_nodes.values():
            node.connection_class = guarded(node.connection_class)
        return
    pool = client.connection_pool
    pool.connection_class = guarded(pool.connection_class)


def _plain() -> type[Any]:
    return redis_connection.Connection
