"""Shared fixtures: real Redis (never skipped in CI), isolated key prefixes, a fixed clock.

Helpers live in :mod:`tests.support` (tests import them from there); this module only holds the
fixtures.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bench.rig.redis_servers import RedisClusterServers, RedisStartError, start_cluster
from bot.bootstrap import App
from bot.config import Settings
from standins.net import free_port
from tests.support.redis import (
    REDIS_TEST_URL,
    RedisServer,
    app_on,
    new_key_prefix,
)

# `--dist loadgroup` works again under pytest 9.2 (see the module).
pytest_plugins = ["tests.support.xdist_groups"]

# Property tests: the same examples every run (derandomized, no example database) and no
# per-example deadline, so a busy machine neither changes what is tested nor fails a test.
hypothesis_settings.register_profile(
    "bundletrip",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile("bundletrip")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The shared real Redis; a test run fails (never skips) when it does not answer."""
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        pytest.fail(f"real Redis at {REDIS_TEST_URL} does not answer ({exc}); run `make test`")
    return REDIS_TEST_URL


@pytest.fixture
def key_prefix() -> str:
    return new_key_prefix()


@pytest.fixture
def settings(redis_url: str, key_prefix: str) -> Settings:
    return Settings(
        _env_file=None,
        redis_url=redis_url,
        key_prefix=key_prefix,
        openai_api_key=None,
        telegram_bot_token=None,
        discord_bot_token=None,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    async with app_on(settings) as application:
        yield application


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    with tempfile.TemporaryDirectory() as tmp:
        server = RedisServer(free_port(), Path(tmp))
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def redis_cluster() -> Iterator[RedisClusterServers]:
    """A real 3-master Redis Cluster on free ports, started once per test session."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            cluster = start_cluster(tmp)
        except (RedisStartError, subprocess.SubprocessError) as exc:
            pytest.fail(f"the test Redis Cluster did not start: {exc}")
        try:
            yield cluster
        finally:
            cluster.stop()


@pytest.fixture
def replicated_cluster() -> Iterator[RedisClusterServers]:
    """A real Redis Cluster of 3 masters and 3 replicas (``node-timeout`` 1 s, so a replica is
    promoted within seconds of its master's death), for a test that kills a master."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            cluster = start_cluster(tmp, replicas=1, timeout_ms=1000)
        except (RedisStartError, subprocess.SubprocessError) as exc:
            pytest.fail(f"the test Redis Cluster did not start: {exc}")
        try:
            yield cluster
        finally:
            cluster.stop()
