"""The load test's machinery, small: two web processes, two planner workers and a Discord process
on the real Redis Cluster, 60 updates from 10 chats and 12 Discord messages in 3 channels, a web
process, a planner worker and the Discord process killed mid-run — every update and message
answered and stored exactly once, in order, each plan sent once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_load import run_load
from bench.rig.fleet import RedisTarget
from bench.rig.redis_servers import RedisClusterServers
from tests.support.processes import start_bundletrip

# Starts web and planner processes: one at a time with the other process-spawning tests.
pytestmark = [pytest.mark.redis, pytest.mark.xdist_group("spawned-processes")]


@pytest.mark.timeout(300)  # five bot processes and a cluster: slow when the cores are busy
async def test_a_small_load_with_kills_is_answered_exactly_once_in_order(
    redis_cluster: RedisClusterServers, key_prefix: str, tmp_path: Path
) -> None:
    redis = RedisTarget(redis_cluster.url, True, key_prefix)
    report = await run_load(
        redis, tmp_path, updates=60, chats=10, webs=2, planners=2, discord_channels=3,
        discord_lines=4, launch=start_bundletrip,
    )  # fmt: skip
    assert len(report.killed) == 2
    assert report.unanswered == 0 and report.unprocessed == 0
    assert report.stored_wrong == [], report.mismatches
    # Every plan request got its plan; a second copy only where the web process was killed
    # right after Telegram took that plan's sendMessage (no idempotency key in the Bot API: the
    # one window left, bench/bench_load.py). Any other extra copy fails.
    assert report.plans_expected > 0 and report.plans_sent >= report.plans_expected
    assert report.unexplained_extra_plans == 0, report.extra_plans
    assert report.plans_in_kill_window <= 1
    assert len(report.to_plan) == report.plans_expected
    discord = report.discord
    assert discord is not None and discord.killed  # killed mid-run and restarted
    assert discord.unanswered == 0 and discord.unprocessed == 0
    assert discord.extra_replies == 0, discord.extra_texts
    assert discord.stored_wrong == []
    assert report.exactly_once or report.plans_in_kill_window == 1
