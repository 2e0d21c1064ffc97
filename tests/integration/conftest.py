"""Fixtures the process tests of every platform share (the crash and deploy tests)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.bootstrap import App
from bot.config import Settings
from tests.support.redis import app_on


@pytest.fixture
def workdir() -> Iterator[str]:
    """The bot process's working directory (no .env here); its log is shown when a test fails."""
    with tempfile.TemporaryDirectory() as tmp:
        yield tmp
        log = Path(tmp, "bot.log")
        print(log.read_text() if log.exists() else "")  # shown by pytest when a test fails


@pytest.fixture
async def observer(settings: Settings) -> AsyncIterator[App]:
    """An app on the platform test's settings that reads what the bot processes stored."""
    async with app_on(settings) as app:
        yield app
