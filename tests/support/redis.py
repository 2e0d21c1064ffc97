"""Redis for tests: the shared server's URL, key clean-up, private servers and a real cluster.

Every test writes under its own key prefix (``t<worker><random>:``) on the shared server, so
tests in parallel workers (pytest-xdist) never see each other's keys; tests that stop or break
Redis start a private ``redis-server`` on a free port instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis

from bot.bootstrap import App, build_app
from bot.config import Settings

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
FIXED_NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 in Singapore


def fixed_clock() -> datetime:
    """The tests' clock: always :data:`FIXED_NOW`."""
    return FIXED_NOW


def new_key_prefix() -> str:
    """A key prefix no other test (in this or another xdist worker) uses."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"t{worker}{uuid.uuid4().hex[:10]}"


@asynccontextmanager
async def app_on(settings: Settings) -> AsyncIterator[App]:
    """The bot's app on ``settings`` at the fixed clock; its keys dropped, itself closed after."""
    app = build_app(settings, clock=fixed_clock)
    try:
        yield app
    finally:
        await drop_prefix(app.redis, settings.key_prefix)
        await app.aclose()


async def drop_prefix(client: aioredis.Redis, prefix: str) -> None:
    """Delete every key under ``prefix``."""
    names = [n async for n in client.scan_iter(match=f"{prefix}:*", count=1000)]
    if names:
        await client.delete(*names)


def wait_ping(port: int, what: str, timeout_s: float = 10) -> None:
    """Wait until a redis-server on ``port`` answers (a start-up wait, not a test's timing)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            redis.Redis(port=port, socket_connect_timeout=0.2).ping()
            return
        except redis.exceptions.RedisError:
            time.sleep(0.05)
    pytest.fail(f"{what} on {port} did not start")


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
        wait_ping(self.port, "private redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()  # SIGTERM: redis writes its append-only file and exits
            self.process.wait(timeout=10)
            self.process = None
