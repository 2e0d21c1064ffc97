"""The plan-job queue (PLANNER_QUEUE=redis) for tests: settings on the shared Redis or on the
session's Redis Cluster, and the app that submits jobs and waits for their results."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from pydantic import SecretStr

from bench.rig.redis_servers import RedisClusterServers
from bot.bootstrap import App, build_app
from bot.config import Settings
from tests.support.redis import drop_prefix, fixed_clock


def queue_settings(request: pytest.FixtureRequest, settings: Settings, wait_s: float) -> Settings:
    """``settings`` with plans on the Redis queue; ``request.param`` is where: "single" (the
    shared Redis) or "cluster" (the session's Redis Cluster, started only when a test asks)."""
    update: dict[str, object] = {"planner_queue": "redis", "planner_queue_wait_s": wait_s}
    if request.param == "cluster":
        cluster = request.getfixturevalue("redis_cluster")
        assert isinstance(cluster, RedisClusterServers)
        update |= {"redis_url": SecretStr(cluster.url), "redis_cluster": True}
    return settings.model_copy(update=update)


@asynccontextmanager
async def queued_app(settings: Settings) -> AsyncIterator[App]:
    """The bot's app on ``settings`` (a fixed clock); its keys are dropped afterwards."""
    app = build_app(settings, clock=fixed_clock)
    try:
        yield app
    finally:
        await drop_prefix(app.redis, settings.key_prefix)
        await app.aclose()
