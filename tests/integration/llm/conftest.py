"""Fixtures for the language-model brain: the stand-in server and an app wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.bootstrap import App
from bot.config import Settings
from standins.openai_api import StandInOpenAI
from tests.support.redis import app_on

# Small limits so failure tests finish in well under a second each.
FAST = {
    "openai_api_key": SecretStr("sk-test-never-logged"),
    "openai_model": "gpt-4o-mini",
    "llm_connect_timeout_s": 1.0,
    "llm_read_timeout_s": 0.5,
    "llm_turn_timeout_s": 10.0,
    "llm_max_retries": 1,
    "llm_breaker_failures": 3,
    "llm_breaker_cooldown_s": 0.6,
    "daily_request_limit": 1000,  # the 60-turn test outgrows the default 50
}


@pytest.fixture
async def standin() -> AsyncIterator[StandInOpenAI]:
    async with StandInOpenAI() as server:
        yield server


@pytest.fixture
def llm_settings(settings: Settings, standin: StandInOpenAI) -> Settings:
    return settings.model_copy(update={**FAST, "openai_base_url": standin.url})


@pytest.fixture
async def llm_app(llm_settings: Settings) -> AsyncIterator[App]:
    async with app_on(llm_settings) as application:
        yield application
