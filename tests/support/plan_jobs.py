"""The plan-job queue (PLANNER_QUEUE=redis) for tests: settings on the shared Redis or on the
session's Redis Cluster, and the app that submits jobs and waits for their results."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bench.rig.redis_servers import RedisClusterServers
from bot.config import Settings


def queue_settings(request: pytest.FixtureRequest, settings: Settings, wait_s: float) -> Settings:
    """``settings`` with plans on the Redis queue; ``request.param`` is where: "single" (the
    shared Redis) or "cluster" (the session's Redis Cluster, started only when a test asks)."""
    update: dict[str, object] = {"planner_queue": "redis", "planner_queue_wait_s": wait_s}
    if request.param == "cluster":
        cluster = request.getfixturevalue("redis_cluster")
        assert isinstance(cluster, RedisClusterServers)
        update |= {"redis_url": SecretStr(cluster.url), "redis_cluster": True}
    return settings.model_copy(update=update)
