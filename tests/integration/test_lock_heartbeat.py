"""A conversation lock lives on its owner's heartbeat: when the owning process is killed (kill -9,
a lost machine) another process takes the conversation over within seconds, not after the full
lock timeout; while the owner lives, its lock is kept however long the turn runs."""

from __future__ import annotations

import os
import signal
import textwrap
from pathlib import Path

import pytest

from bot.bootstrap import build_app
from bot.config import Settings
from bot.errors import LockTimeout
from bot.messages import ConversationKey
from tests.support import drop_prefix, fixed_clock
from tests.support.processes import PIPE, Process, start

# Tests that spawn processes (bot processes, lock holders, busy-core spinners) run on one xdist
# worker, one after another: the spinners must never starve a bot process a test is waiting on.
pytestmark = [pytest.mark.redis, pytest.mark.xdist_group("spawned-processes")]
KEY = ConversationKey("telegram", "-100424242")
ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent(
    """
    import asyncio, sys
    from bot.bootstrap import build_app
    from bot.config import Settings
    from bot.messages import ConversationKey

    async def main() -> None:
        settings = Settings(_env_file=None, redis_url=sys.argv[1], key_prefix=sys.argv[2],
                            lock_timeout_s=60, lock_heartbeat_s=0.3)
        app = build_app(settings)
        async with app.service.conversations.lock(ConversationKey("telegram", "-100424242")):
            print("held", flush=True)
            await asyncio.Event().wait()  # a turn that runs until the process is killed

    asyncio.run(main())
    """
)
# The same owner, but its event loop is stuck inside the turn (a busy machine starves a loop that
# runs many turns for seconds): ``time.sleep`` blocks the loop, as a long stall does.
STALLED = HOLDER.replace("await asyncio.Event().wait()", "time.sleep(60)").replace(
    "import asyncio, sys", "import asyncio, sys, time"
)


def _start_holder(settings: Settings, script: str = HOLDER) -> Process:
    assert settings.redis_url is not None
    process = start(
        script, settings.redis_url.get_secret_value(), settings.key_prefix, cwd=ROOT,
        stdout=PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


async def test_a_killed_owners_lock_is_taken_over_well_before_the_lock_timeout(
    settings: Settings,
) -> None:
    # The rival waits at most half the lock timeout: it gets the lock only if the dead owner's
    # lock frees on its missing heartbeat (0.9 s), not on the 60 s timeout.
    rival_settings = settings.model_copy(
        update={"lock_timeout_s": 60.0, "lock_wait_s": 30.0, "lock_heartbeat_s": 0.3}
    )
    rival = build_app(rival_settings, clock=fixed_clock)
    holder = _start_holder(settings)
    try:
        name = rival.service.conversations.keys.conv(KEY, "lock")  # type: ignore[attr-defined]
        assert 0 < await rival.redis.pttl(name) <= 900
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        async with rival.service.conversations.lock(KEY) as held:
            state = await rival.service.conversations.load(KEY)
            await rival.service.conversations.commit(held, state, [], "after-the-crash")
        assert await rival.service.conversations.is_processed(KEY, "after-the-crash")
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
        await drop_prefix(rival.redis, settings.key_prefix)
        await rival.aclose()


async def test_a_live_owner_keeps_its_lock_for_many_heartbeats(settings: Settings) -> None:
    rival_settings = settings.model_copy(
        update={"lock_timeout_s": 60.0, "lock_wait_s": 1.5, "lock_heartbeat_s": 0.1}
    )
    await _rival_waits_in_vain(settings, rival_settings, HOLDER)  # 1.5 s: five lock TTLs


async def test_an_owner_whose_event_loop_stalls_keeps_its_lock(settings: Settings) -> None:
    # The heartbeat is the process's (a thread), not its event loop's: an owner whose loop is
    # blocked for many lock TTLs still owns the conversation, so a second delivery of the same
    # message cannot take it over and show a reply the owner already sent (the load bench's
    # plans posted twice by two live processes).
    rival_settings = settings.model_copy(
        update={"lock_timeout_s": 60.0, "lock_wait_s": 3.0, "lock_heartbeat_s": 0.1}
    )
    await _rival_waits_in_vain(settings, rival_settings, STALLED)  # 3 s: over three lock TTLs


async def _rival_waits_in_vain(settings: Settings, rival_settings: Settings, script: str) -> None:
    """A live owner (``script``) holds the lock: a rival process waits its whole lock wait."""
    rival = build_app(rival_settings, clock=fixed_clock)
    holder = _start_holder(settings, script)
    try:
        with pytest.raises(LockTimeout):
            async with rival.service.conversations.lock(KEY):
                pass
    finally:
        holder.kill()
        holder.wait(timeout=10)
        await drop_prefix(rival.redis, settings.key_prefix)
        await rival.aclose()
