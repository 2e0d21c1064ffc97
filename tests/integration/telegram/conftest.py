"""Fixtures: the stand-in Bot API, a core on real Redis, and the real PTB worker in both modes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import App, build_app
from bot.config import Settings
from standins.telegram_api import StandInBotAPI
from tests.support import drop_prefix, fixed_clock
from tests.support.brains import StreamingBrain
from tests.support.telegram import Harness, running_worker


@pytest.fixture
async def standin() -> AsyncIterator[StandInBotAPI]:
    server = StandInBotAPI()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def core(settings: Settings) -> AsyncIterator[App]:
    app = build_app(settings, clock=fixed_clock, brain=StreamingBrain())
    yield app
    await drop_prefix(app.redis, settings.key_prefix)
    await app.aclose()


@pytest.fixture(params=["polling", "webhook"])
async def bot(
    request: pytest.FixtureRequest, settings: Settings, standin: StandInBotAPI, core: App
) -> AsyncIterator[Harness]:
    async with running_worker(settings, standin, str(request.param), core) as harness:
        yield harness


@pytest.fixture
async def webhook_bot(
    settings: Settings, standin: StandInBotAPI, core: App
) -> AsyncIterator[Harness]:
    async with running_worker(settings, standin, "webhook", core) as harness:
        yield harness
