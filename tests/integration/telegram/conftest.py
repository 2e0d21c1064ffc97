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


def streaming_brain(request: pytest.FixtureRequest) -> StreamingBrain:
    """The offline brain's answers streamed like a model's, from the first moment: no turn waits
    out a pause it does not test. A test marked ``thinking`` gets a model that thinks longer
    than the typing grace (0.25 s) before its first token, so typing shows."""
    if request.node.get_closest_marker("thinking") is not None:
        return StreamingBrain()  # thinks 0.3 s
    return StreamingBrain(think_s=0)


@pytest.fixture
async def core(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[App]:
    app = build_app(settings, clock=fixed_clock, brain=streaming_brain(request))
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
