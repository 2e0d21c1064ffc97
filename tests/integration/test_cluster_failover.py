"""A master of a real Redis Cluster (3 masters, 3 replicas) is killed (``kill -9``) while a turn of
a conversation whose keys it holds is in flight: its replica is promoted, the client rides through
the connection errors and the new slot map with bounded retries, and the turn is answered once —
nothing of the conversation is lost, and it goes on."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import redis
from pydantic import SecretStr

from bench.rig.redis_servers import RedisClusterServers
from bot.bootstrap import App, build_app
from bot.config import Settings
from bot.i18n import t
from bot.messages import FinalMessage
from bot.storage.redis_store import Keys
from tests.support import GatedBrain, collect, final, fixed_clock, message

pytestmark = pytest.mark.redis


def _command(node: redis.Redis, *args: str | int) -> Any:
    """One raw command on one node (redis-py leaves ``execute_command`` unannotated)."""
    return node.execute_command(*args)  # type: ignore[no-untyped-call]


def _master_of(cluster: RedisClusterServers, key: str) -> int:
    """The index (in ``cluster.ports``) of the master that serves ``key``'s slot."""
    node = redis.Redis(port=cluster.ports[0], decode_responses=True)
    slot = int(_command(node, "CLUSTER KEYSLOT", key))
    for start, end, master, *_ in _command(node, "CLUSTER SLOTS"):
        if start <= slot <= end:
            return cluster.ports.index(int(master[1]))
    raise AssertionError(f"no master serves slot {slot}")


async def test_a_master_killed_mid_turn_loses_nothing(
    settings: Settings, replicated_cluster: RedisClusterServers
) -> None:
    cluster = replicated_cluster
    settings = settings.model_copy(
        update={"redis_url": SecretStr(cluster.url), "redis_cluster": True}
    )
    said = "4 days from 12 March 2027, 2 adults, we love food"
    brain = GatedBrain(said)  # holds that turn open (lock held, nothing committed)
    app: App = build_app(settings, clock=fixed_clock, brain=brain)
    try:
        first = message("/plan", user="81")
        await final(app.service, first)
        key = Keys(settings.key_prefix).conv(first.conversation, "state")
        doomed = _master_of(cluster, key)

        trip = message(said, user="81")
        in_flight = asyncio.create_task(collect(app.service, trip))
        await brain.started.wait()  # the turn holds the lock and has committed nothing yet
        master = redis.Redis(port=cluster.ports[doomed])
        assert _command(master, "WAIT", 1, 5000) >= 1  # the replica has all it wrote
        cluster.processes[doomed].kill()  # SIGKILL of that redis-server
        cluster.processes[doomed].wait(timeout=10)
        brain.gate.set()

        events = await asyncio.wait_for(in_flight, 60)
        finals = [e for e in events if isinstance(e, FinalMessage)]
        assert len(finals) == 1
        assert finals[0].text not in (t("en", "storage_down"), t("en", "busy"))
        assert _master_of(cluster, key) != doomed  # a replica serves the slot now

        later = await final(app.service, message("2 adults", user="81"))
        assert later.text not in (t("en", "storage_down"), t("en", "busy"))
        turns = await app.service.conversations.recent_turns(trip.conversation, 20)
        assert [x.text for x in turns if x.role == "user"] == ["/plan", trip.text, "2 adults"]
        assert await app.service.conversations.is_processed(trip.conversation, trip.message_id)
    finally:
        await app.aclose()
