"""Fixtures for the Discord adapter: the stand-in Discord and the real client connected to it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route
from pydantic import SecretStr

from adapters.discord_adapter import BundletripClient, point_at
from bot.bootstrap import App, build_app
from bot.brains.base import Brain
from bot.config import Settings
from standins.discord_api import FakeDiscord
from standins.discord_payloads import GUILD_ID, TOKEN
from tests.support import drop_prefix, fixed_clock


@dataclass
class Running:
    client: BundletripClient
    app: App
    fake: FakeDiscord


@pytest.fixture(autouse=True)
def _restore_endpoints() -> Any:
    """``point_at`` changes discord.py's class attributes; put them back after each test."""
    saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def discord_settings(settings: Settings, fake: FakeDiscord) -> Settings:
    return settings.model_copy(
        update={
            "discord_bot_token": SecretStr(TOKEN),
            "discord_api_base_url": fake.api_url,
            "discord_gateway_url": fake.gateway_url,
            "discord_dev_guild_id": GUILD_ID,
        }
    )


@asynccontextmanager
async def running_bot(
    settings: Settings, fake: FakeDiscord, *, brain: Brain | None = None, **options: Any
) -> AsyncIterator[Running]:
    """Build the core, start the real discord.py client against ``fake``, stop both after."""
    app = build_app(settings, clock=fixed_clock, brain=brain)
    point_at(settings.discord_api_base_url, settings.discord_gateway_url)
    client = BundletripClient(app, guild_ready_timeout=0.05, **options)
    task = asyncio.create_task(client.start(TOKEN))
    try:
        await asyncio.wait_for(client.wait_until_ready(), timeout=10)
        yield Running(client, app, fake)
    finally:
        await client.close()
        await asyncio.wait_for(task, timeout=5)
        await drop_prefix(app.redis, settings.key_prefix)
        await app.aclose()


@pytest.fixture
async def bot(discord_settings: Settings, fake: FakeDiscord) -> AsyncIterator[Running]:
    async with running_bot(discord_settings, fake) as running:
        yield running
