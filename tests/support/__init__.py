"""Everything tests share, in one package (python-telegram-bot's ``tests/auxil/`` is the model).

* :mod:`tests.support.builders` — incoming messages and the events of a turn;
* :mod:`tests.support.brains` — the fake brains (scripted, streaming, broken, gated, stuck);
* :mod:`tests.support.planner` — the real knowledge base and travel model, loaded once;
* :mod:`tests.support.storage` — in-memory fakes of every storage port (the fast unit tier);
* :mod:`tests.support.redis` — the shared Redis, key clean-up, private servers, a cluster;
* :mod:`tests.support.telegram` — the harness driving the real Telegram worker;
* :mod:`tests.support.discord` — waiting on the stand-in Discord (a message, a recorded poll);
* :mod:`tests.support.plan_jobs` — the plan-job queue on the shared Redis or on a cluster;
* :mod:`tests.support.processes` — every process a test starts (``bundletrip telegram``, a
  lock holder...), forked from the worker's :mod:`tests.support.zygote`, which has the bot imported;
* the stand-in servers (Telegram, Discord, OpenAI) live in :mod:`standins` because ``bench/``
  uses them too; they are re-exported here.

``from tests.support import X`` works for every name below.
"""

from __future__ import annotations

from standins.discord_api import FakeDiscord
from standins.net import free_port
from standins.openai_api import StandInOpenAI
from standins.telegram_api import StandInBotAPI
from tests.support.brains import (
    BrokenBrain,
    GatedBrain,
    ScriptedBrain,
    StreamingBrain,
    StuckBrain,
    stub_itinerary,
)
from tests.support.builders import Where, collect, files, final, message
from tests.support.redis import FIXED_NOW, REDIS_TEST_URL, drop_prefix, fixed_clock

__all__ = [
    "FIXED_NOW",
    "REDIS_TEST_URL",
    "BrokenBrain",
    "FakeDiscord",
    "GatedBrain",
    "ScriptedBrain",
    "StandInBotAPI",
    "StandInOpenAI",
    "StreamingBrain",
    "StuckBrain",
    "Where",
    "collect",
    "drop_prefix",
    "files",
    "final",
    "fixed_clock",
    "free_port",
    "message",
    "stub_itinerary",
]
