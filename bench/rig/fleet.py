"""Real ``bundletrip`` processes for multi-process tests and benchmarks: Telegram webhook workers
(``web``), planner workers (``planner``) and the Discord gateway worker (``discord``), all on one
Redis (single or Cluster), talking to stand-ins of the Bot API and Discord.
Each process logs to its own file in ``workdir``. A process is started by a :class:`Launch`:
by default a new interpreter (a cold start, as in production); the test suite passes its own,
which forks the processes from an interpreter that has the bot imported already."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import aiohttp

from bench.rig.redis_servers import free_port
from standins.telegram_api import StandInBotAPI

ROOT = Path(__file__).resolve().parents[2]
SECRET = "load-test-webhook-secret"
WEBHOOK_URL = "https://bundletrip.example/telegram"


class Running(Protocol):
    """A started process (:class:`subprocess.Popen` is one)."""

    @property
    def pid(self) -> int: ...
    def poll(self) -> int | None: ...
    def wait(self, timeout: float | None = None) -> int: ...
    def send_signal(self, sig: int) -> None: ...


class Launch(Protocol):
    """Starts ``bundletrip ARGV`` with ``env`` in ``log``'s folder; its stderr goes to ``log``."""

    def __call__(self, argv: Sequence[str], *, env: Mapping[str, str], log: Path) -> Running: ...


def exec_bundletrip(argv: Sequence[str], *, env: Mapping[str, str], log: Path) -> Running:
    """A new interpreter running the ``bundletrip`` entry point."""
    main = f"from adapters.cli import main; raise SystemExit(main({list(argv)!r}))"
    with log.open("ab") as stream:
        return subprocess.Popen(
            [sys.executable, "-c", main], cwd=log.parent, env=dict(env),
            stdout=subprocess.DEVNULL, stderr=stream,
        )  # fmt: skip


@dataclass(frozen=True)
class RedisTarget:
    url: str
    cluster: bool
    prefix: str


@dataclass
class BotProcess:
    """One ``bundletrip <command>`` process."""

    command: str
    name: str
    env: dict[str, str]
    log: Path
    port: int
    starter: Launch = field(default=exec_bundletrip, repr=False)
    process: Running | None = field(default=None, repr=False)

    def launch(self) -> None:
        self.process = self.starter([self.command], env=self.env, log=self.log)

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def healthy(self) -> bool:
        try:
            async with aiohttp.ClientSession() as session:
                async with session.get(f"{self.url}/healthz") as response:
                    return response.status == 200
        except aiohttp.ClientError:
            return False

    def kill(self) -> None:
        """``kill -9``: no clean-up of any kind."""
        if self.alive:
            assert self.process is not None
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def terminate(self) -> None:
        if self.alive:
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.kill()


class Fleet:
    """Starts and stops the processes of one run."""

    def __init__(
        self, redis: RedisTarget, standin: StandInBotAPI, workdir: Path,
        launch: Launch = exec_bundletrip,
    ) -> None:  # fmt: skip
        self.redis, self.standin, self.workdir, self.launch = redis, standin, workdir, launch
        self.processes: list[BotProcess] = []

    def _env(self, port: int, **extra: str) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT),
            "REDIS_URL": self.redis.url, "REDIS_CLUSTER": str(self.redis.cluster).lower(),
            "KEY_PREFIX": self.redis.prefix, "PORT": str(port),
            "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
            "PLANNER_QUEUE": "redis", "PLANNER_QUEUE_WAIT_S": "120",
            # Production's lock heartbeat (2 s; TTL 6 s); dead workers' entries are taken over
            # after 5 s instead of 15 s so a run recovers quickly from its kills.
            "PLANNER_RECLAIM_IDLE_S": "5", "INBOX_RECLAIM_IDLE_S": "5", **extra,
        }  # fmt: skip

    def add_web(self, name: str) -> BotProcess:
        port = free_port()
        env = self._env(
            port, TELEGRAM_BOT_TOKEN=self.standin.token,
            TELEGRAM_API_BASE_URL=self.standin.base_url,
            TELEGRAM_WEBHOOK_URL=WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET=SECRET,
        )  # fmt: skip
        return self._add("telegram", name, env, port)

    def add_discord(self, name: str, env: dict[str, str]) -> BotProcess:
        """A ``bundletrip discord`` process; ``env`` points it at a stand-in Discord."""
        port = free_port()
        return self._add("discord", name, self._env(port, **env), port)

    def add_planner(self, name: str) -> BotProcess:
        port = free_port()
        return self._add("planner", name, self._env(port), port)

    def _add(self, command: str, name: str, env: dict[str, str], port: int) -> BotProcess:
        process = BotProcess(command, name, env, self.workdir / f"{name}.log", port, self.launch)
        self.processes.append(process)
        return process

    async def start_all(self, within: float = 180.0) -> None:
        """Launch every process at once; return when each answers ``/healthz``."""
        for process in self.processes:
            process.launch()
        async with asyncio.timeout(within):
            for process in self.processes:
                while not await process.healthy():
                    if not process.alive:
                        raise RuntimeError(f"{process.name} exited: {process.log.read_text()}")
                    await asyncio.sleep(0.1)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.alive and process.process is not None:
                process.process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.terminate()

    def logs(self) -> str:
        return "\n".join(f"== {p.name}\n{p.log.read_text()}" for p in self.processes
                         if p.log.exists())  # fmt: skip
