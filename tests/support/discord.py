"""Waiting on the stand-in Discord in tests: a bot message with a text, a poll the bot recorded."""

from __future__ import annotations

import asyncio

from bot.bootstrap import App
from standins.discord_api import FakeDiscord


async def last_with(fake: FakeDiscord, thread_id: int, text: str) -> int:
    """The id of the newest bot message in the thread that contains ``text`` (waited for)."""
    shown = await fake.wait_for(
        lambda: [m for m in fake.bot_messages(thread_id) if text in m.text()]
    )
    return int(shown[-1].id)


async def poll_recorded(app: App, poll_id: int, timeout_s: float = 15) -> None:
    """Wait until the bot has recorded the Discord poll ``poll_id`` (it does once Discord showed
    the poll), so a vote on it is counted; fail after ``timeout_s``."""
    index = app.service.groups.polls
    assert index is not None
    try:
        async with asyncio.timeout(timeout_s):
            while await index.by_platform("discord", str(poll_id)) is None:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise AssertionError(f"the bot did not record its poll {poll_id}") from None
