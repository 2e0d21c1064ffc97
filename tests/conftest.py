"""Shared fixtures: real Redis (never skipped in CI), isolated key prefixes, a fixed clock."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bench.rig.redis_servers import RedisClusterServers as RedisClusterServers
from bench.rig.redis_servers import RedisStartError, start_cluster
from bot.bootstrap import App, build_app
from bot.config import Settings

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

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
FIXED_NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 in Singapore


def fixed_clock() -> datetime:
    return FIXED_NOW


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
    return f"t{uuid.uuid4().hex[:10]}"


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
    application = build_app(settings, clock=fixed_clock)
    yield application
    await _drop_prefix(application.redis, settings.key_prefix)
    await application.aclose()


async def _drop_prefix(client: aioredis.Redis, prefix: str) -> None:
    names = [n async for n in client.scan_iter(match=f"{prefix}:*", count=1000)]
    if names:
        await client.delete(*names)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RedisServer:
    """A private redis-server on a free port, for tests that stop or break Redis."""

    port: int
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed; `make test` installs it")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.workdir),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
                return
            except redis.exceptions.RedisError:
                time.sleep(0.05)
        pytest.fail("private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()  # SIGTERM: redis writes its append-only file and exits
            self.process.wait(timeout=10)
            self.process = None


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
