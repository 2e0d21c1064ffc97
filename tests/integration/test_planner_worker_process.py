"""Nothing lost when a planner worker dies: real ``bundletrip planner`` processes, a turn waiting
for its plan in this process (PLANNER_QUEUE=redis). ``kill -9`` while a plan job runs, while an
edit job runs, and of a worker frozen mid-plan (its late result is dropped): another worker
reclaims the job and the turn is answered exactly once. SIGTERM hands a running job back at once.

A plan takes a fifth of a second and an edit less, so a test cannot count on catching a worker
mid-job: each worker runs the real ``bundletrip planner`` with one change, :data:`HOLD` — while
its hold file exists, a job it has taken waits before it plans (held, and touched as any running
job is). The test decides when the job is running and for how long, however fast or busy the
machine is.
"""

from __future__ import annotations

import asyncio
import signal
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import aiohttp
import pytest
from redis.exceptions import ResponseError

from bot.bootstrap import App
from bot.config import Settings
from bot.messages import ConversationKey, FinalMessage
from tests.support import final, free_port, message, plan_jobs
from tests.support.processes import (
    DEVNULL,
    Process,
    bot_env,
    bundletrip_code,
    start,
    start_bundletrip,
)
from tests.support.redis import app_on

# Starts planner processes: one at a time with the other process-spawning tests.
pytestmark = [pytest.mark.redis, pytest.mark.xdist_group("spawned-processes")]
TRIP = "10 days from 2027-03-12, 2 adults and 2 children aged 6 and 9, food, nature and museums"
# Run before the planner starts (as ``-c`` code, or as ``sitecustomize`` for the console script):
# a job taken while $BUNDLETRIP_TEST_PLAN_HOLD exists waits until that file is gone.
HOLD = """
import asyncio, logging, os
import bot.plan_worker
_plan = bot.plan_worker.run_job
async def _held(planner, spec):
    hold = os.environ["BUNDLETRIP_TEST_PLAN_HOLD"]
    if os.path.exists(hold):
        logging.getLogger("test.hold").info("plan job held")
        while os.path.exists(hold):
            await asyncio.sleep(0.01)
    return await _plan(planner, spec)
bot.plan_worker.run_job = _held
"""


class PlannerProcess:
    """``bundletrip planner`` as a real process."""

    def __init__(self, settings: Settings, workdir: str, **env: str) -> None:
        assert settings.redis_url is not None
        self.port = free_port()
        self.env = bot_env(**{
            "REDIS_URL": settings.redis_url.get_secret_value(),
            "REDIS_CLUSTER": str(settings.redis_cluster).lower(),
            "KEY_PREFIX": settings.key_prefix, "PORT": str(self.port),
            "PLANNER_RECLAIM_IDLE_S": "1", "SHUTDOWN_GRACE_S": "5", "LOG_LEVEL": "INFO", **env,
        })  # fmt: skip
        self.log = Path(workdir, f"planner-{self.port}.log")
        self.hold = Path(workdir, f"hold-{self.port}")  # exists: a job taken now waits (HOLD)
        self.env["BUNDLETRIP_TEST_PLAN_HOLD"] = str(self.hold)
        self.workdir = workdir
        self.process: Process | None = None
        self.script = False  # True: the installed `bundletrip` script (a cold start)

    def _launch(self) -> Process:
        if self.script:  # the wrapper runs main(); HOLD comes in as sitecustomize
            site = Path(self.workdir, f"site-{self.port}")
            site.mkdir()
            (site / "sitecustomize.py").write_text(HOLD)
            env = {**self.env, "PYTHONPATH": f"{site}:{self.env['PYTHONPATH']}"}
            return start_bundletrip(["planner"], env=env, log=self.log, script=True)
        with self.log.open("ab") as stream:
            code = HOLD + bundletrip_code(["planner"])
            return start(code, env=self.env, cwd=self.workdir, stdout=DEVNULL, stderr=stream)

    async def start(self) -> None:
        self.process = self._launch()
        async with asyncio.timeout(60):
            while await self._get("/healthz") != "ok":
                assert self.process.poll() is None, self.log.read_text()
                await asyncio.sleep(0.1)

    async def metric(self, name: str) -> float:
        text = await self._get("/metrics") or ""
        line = next(ln for ln in text.splitlines() if ln.startswith(name + " "))
        return float(line.split()[1])

    async def _get(self, path: str) -> str | None:
        try:
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{self.port}{path}") as response:
                    return await response.text()
        except aiohttp.ClientError:
            return None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(sig)

    def wait(self) -> int:
        assert self.process is not None
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=30)


# Every kill point on a single Redis; the planning one on the real Cluster too (process start-ups
# are what this file spends its time on).
CASES = [("single", "planning"), ("single", "editing"), ("single", "frozen-then-killed"),
         ("cluster", "planning")]  # fmt: skip


@pytest.fixture(params=["single"])
def queue_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    return plan_jobs.queue_settings(request, settings, wait_s=90.0)


@pytest.fixture
async def bot(queue_settings: Settings) -> AsyncIterator[App]:
    async with app_on(queue_settings) as app:
        yield app


@pytest.fixture
def spawn(queue_settings: Settings) -> Iterator[Callable[..., PlannerProcess]]:
    started: list[PlannerProcess] = []
    with tempfile.TemporaryDirectory() as tmp:

        def make(**env: str) -> PlannerProcess:
            started.append(PlannerProcess(queue_settings, tmp, **env))
            return started[-1]

        yield make
        for process in started:
            process.kill()
        for process in started:  # shown by pytest when a test fails
            print(process.log.read_text() if process.log.exists() else "")


async def held_by(bot: App, worker: PlannerProcess) -> None:
    """Wait until ``worker`` holds a plan job (taken while its hold file exists, it waits)."""
    stream = f"{bot.settings.key_prefix}:{{plans}}:stream"
    async with asyncio.timeout(60):
        while True:
            try:
                pending = await bot.redis.xpending_range(stream, "planners", "-", "+", 10)
            except ResponseError as exc:  # no job submitted yet (a busy machine): not yet
                if "NOGROUP" not in str(exc):
                    raise
                pending = []
            mine = any(f"-{worker.pid}-" in _text(p["consumer"]) for p in pending)
            if mine and "plan job held" in worker.log.read_text():
                return
            await asyncio.sleep(0.02)


async def results_stored(bot: App) -> int:
    """How many plan job results the queue holds (each written once)."""
    names = [n async for n in bot.redis.scan_iter(match=f"{bot.settings.key_prefix}:*:r:*")]
    return sum([int(await bot.redis.xlen(n)) for n in names])


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


async def start_turn(
    bot: App, user: str, text: str = "", callback: str | None = None
) -> asyncio.Task[FinalMessage]:
    return asyncio.create_task(final(bot.service, message(text, user=user, callback=callback)))


def plans_in_history(turns: list[object]) -> int:
    return sum("Day 1" in getattr(t, "text", "") for t in turns)


@pytest.mark.parametrize(("queue_settings", "kill_point"), CASES, indirect=["queue_settings"])
async def test_kill_9_of_a_planner_worker_loses_no_plan_and_answers_once(
    bot: App, spawn: Callable[..., PlannerProcess], kill_point: str
) -> None:
    user = "81"
    first = spawn()
    await first.start()
    await final(bot.service, message(TRIP, user=user))
    if kill_point == "editing":
        done = await final(bot.service, message(callback="i:go", user=user))
        assert done.itinerary is not None
        first.hold.touch()
        turn = await start_turn(bot, user, "make day 2 lighter")
    else:
        first.hold.touch()
        turn = await start_turn(bot, user, callback="i:go")
    await held_by(bot, first)
    second = spawn()
    if kill_point == "frozen-then-killed":
        first.signal(signal.SIGSTOP)  # hung, not dead: it cannot touch its job any more
        await second.start()
    else:
        first.signal(signal.SIGKILL)
        assert await asyncio.to_thread(first.wait) == -signal.SIGKILL
        await second.start()

    answer = await asyncio.wait_for(turn, 90)
    assert answer.itinerary is not None
    assert ("Day 2" if kill_point == "editing" else "Day 1") in answer.text
    assert await second.metric("bundletrip_plan_jobs_reclaimed_total") == 1
    if kill_point == "frozen-then-killed":
        first.signal(signal.SIGCONT)  # it finishes its copy: the first result stays
        first.hold.unlink()
        async with asyncio.timeout(60):
            while "already done" not in first.log.read_text():  # noqa: ASYNC110
                await asyncio.sleep(0.05)
        first.kill()
    turns = await bot.service.conversations.recent_turns(ConversationKey("console", user), 50)
    user_turns = [t.text for t in turns if t.role == "user"]
    assert user_turns.count(user_turns[-1]) == 1  # the turn is stored once
    assert await results_stored(bot) == (2 if kill_point == "editing" else 1)


async def test_sigterm_hands_a_running_job_back_and_exits(
    bot: App, spawn: Callable[..., PlannerProcess]
) -> None:
    first = spawn(SHUTDOWN_GRACE_S="0", PLANNER_RECLAIM_IDLE_S="600")
    first.script = True  # the SIGTERM reaches the worker through the console script's wrapper
    await first.start()
    await final(bot.service, message(TRIP, user="82"))
    first.hold.touch()
    turn = await start_turn(bot, "82", callback="i:go")
    await held_by(bot, first)
    first.signal(signal.SIGTERM)
    # Waited for off the loop: the turn's XREAD BLOCK on this loop must not outlast the client's
    # 5 s socket timeout while a loaded machine's worker takes its time to exit.
    assert await asyncio.to_thread(first.wait) == 0
    assert "handed back" in first.log.read_text()
    # a worker that would wait ten minutes for a dead worker's job takes it at once
    second = spawn(PLANNER_RECLAIM_IDLE_S="600")
    await second.start()
    answer = await asyncio.wait_for(turn, 90)
    assert answer.itinerary is not None and "Day 1" in answer.text
    assert await second.metric("bundletrip_plan_jobs_reclaimed_total") == 1
    assert await results_stored(bot) == 1
