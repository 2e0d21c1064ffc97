"""A connection dropped under a write is retried, not a failed turn (bot/storage/redis_connections).

The race is redis-py's own, on a real 3-master cluster: the cluster client disconnects a node's
free connections (as it does after a connection error or a timeout on that node) while another
command has just taken one of them. With redis-py 8.1.0 alone, one of the interleavings below
raises ``AttributeError: 'NoneType' object has no attribute 'writelines'`` (the writer cleared
between the "connected?" check and the write); guarded, every command succeeds (the cluster
client retries the ``ConnectionError`` on a fresh connection). The interleavings are counted in
event-loop steps, not time: the same on a fast or a slow machine.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import SecretStr
from redis.exceptions import ConnectionError as RedisConnectionError

from bench.rig.redis_servers import RedisClusterServers
from bot.bootstrap import make_redis
from bot.config import Settings
from bot.storage.redis_connections import dropped_under_write
from tests.support import drop_prefix

pytestmark = [pytest.mark.redis, pytest.mark.xdist_group("redis-cluster")]
STEPS = 12  # loop steps between the disconnect and the command: every interleaving up to there


async def test_a_command_racing_a_node_disconnect_gets_its_answer_on_the_cluster(
    settings: Settings, redis_cluster: RedisClusterServers
) -> None:
    settings = settings.model_copy(
        update={"redis_url": SecretStr(redis_cluster.url), "redis_cluster": True}
    )
    client: Any = make_redis(settings)[0]  # a redis.asyncio.RedisCluster
    key = f"{settings.key_prefix}:{{c:race}}:state"
    try:
        await client.set(key, "kept")
        node = client.get_node_from_key(key)
        answers = []
        for steps in range(STEPS):
            await client.get(key)  # a free, connected connection on the node
            disconnecting = asyncio.create_task(node.disconnect_free_connections())
            for _ in range(steps):
                await asyncio.sleep(0)
            answers.append(await client.get(key))
            await disconnecting
        assert answers == ["kept"] * STEPS
    finally:
        await drop_prefix(client, settings.key_prefix)
        await client.aclose()


async def test_a_single_redis_connection_dropped_under_a_write_is_retried(
    settings: Settings,
) -> None:
    """The same guard on the single-Redis client: a pooled connection whose writer is cleared
    under the write (what a concurrent disconnect does) raises ``ConnectionError``, and the
    client's retry answers on a fresh connection."""
    client, _ = make_redis(settings)
    key = f"{settings.key_prefix}:{{c:drop}}:state"
    try:
        await client.set(key, "kept")
        conn: Any = await client.connection_pool.get_connection()  # type: ignore[no-untyped-call]
        await client.connection_pool.release(conn)
        cleared = conn._send_packed_command

        async def dropped(command: object) -> None:
            conn._writer = None  # the disconnect lands between the check and the write
            await cleared(command)

        conn._send_packed_command = dropped
        with pytest.raises(RedisConnectionError):
            await conn.send_packed_command(conn.pack_command("GET", key))
        conn._send_packed_command = cleared
        assert await client.get(key) == "kept"
    finally:
        await drop_prefix(client, settings.key_prefix)
        await client.aclose()


def test_only_the_drivers_none_errors_count_as_a_dropped_connection() -> None:
    def ours() -> None:
        value: object = None
        value.writelines([])  # type: ignore[attr-defined]

    with pytest.raises(AttributeError) as caught:
        ours()
    assert not dropped_under_write(caught.value)  # our own bug stays a bug
    assert not dropped_under_write(AttributeError("'NoneType' object has no attribute 'x'"))
    assert not dropped_under_write(ValueError("NoneType"))
