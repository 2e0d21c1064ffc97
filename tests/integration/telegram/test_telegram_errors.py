"""The error handler, the token's absence from logs, and groups that become supergroups."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import build_app
from bot.config import Settings
from bot.messages import ConversationKey
from standins.telegram_api import StandInBotAPI
from standins.telegram_updates import group_chat, message, private_chat, user
from tests.support import fixed_clock
from tests.support.brains import BrokenBrain
from tests.support.telegram import Harness, start_worker, telegram_settings

ANN = user(801, "Ann")
TRIP = "4 days from 12 December 2026, 2 adults, we love food, S$1500 each"


@pytest.fixture(params=["polling", "webhook"])
async def broken_bot(
    request: pytest.FixtureRequest, settings: Settings, standin: StandInBotAPI
) -> AsyncIterator[Harness]:
    core = build_app(
        settings,
        clock=fixed_clock,
        brain=BrokenBrain(
            lambda ctx: f"bug while answering {ctx.message.text!r}", working_first=True
        ),
    )
    worker = await start_worker(telegram_settings(settings, standin, str(request.param)), core)
    harness = Harness(standin, worker, str(request.param))
    await worker.start()
    yield harness
    await worker.stop()
    await core.aclose()


async def test_a_failure_is_logged_without_the_token_and_apologised_for_in_korean(
    broken_bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # httpx logs every URL, token included
    await broken_bot.say(private_chat(802), user(802, "민수", "ko"), "여행 계획 도와줘")
    [apology] = broken_bot.standin.messages(802)
    assert apology.shown.startswith("죄송해요")
    assert "bug while" not in apology.shown
    assert "RuntimeError" in caplog.text
    assert broken_bot.standin.token not in caplog.text
    assert "/bot<token>/" in caplog.text  # httpx did log URLs, redacted
    registry = broken_bot.worker.metrics.registry
    assert registry.get_sample_value("bundletrip_errors_total", {"platform": "telegram"}) == 1
    turns = {"platform": "telegram", "outcome": "error"}
    assert registry.get_sample_value("bundletrip_turns_total", turns) == 1


async def test_english_users_get_the_english_apology(broken_bot: Harness) -> None:
    await broken_bot.say(private_chat(801), ANN, TRIP)
    [apology] = broken_bot.standin.messages(801)
    assert apology.shown.startswith("Sorry, something went wrong")


async def test_a_group_upgraded_to_a_supergroup_keeps_its_conversation(bot: Harness) -> None:
    old = group_chat(-4001, kind="group")
    await bot.say(old, ANN, f"/plan@bundletrip_test_bot {TRIP}")
    await bot.deliver(message(old, ANN, None, migrate_to_chat_id=-1004001))
    new = group_chat(-1004001)
    await bot.deliver(message(new, ANN, None, migrate_from_chat_id=-4001))
    await bot.say(new, ANN, "@bundletrip_test_bot yes")
    plan = bot.standin.messages(-1004001)
    assert plan and "Day 1" in plan[0].shown  # the trip from the old group is planned here
    state = await bot.worker.adapter.core.service.conversations.load(
        ConversationKey("telegram", "-1004001")
    )
    assert state.stage == "planned"


async def test_chat_migrated_on_send_follows_the_group_and_its_conversation(bot: Harness) -> None:
    old = group_chat(-4002, kind="group")
    await bot.say(old, ANN, f"/plan@bundletrip_test_bot {TRIP}")
    bot.standin.migrate(-4002, -1004002)
    await bot.say(old, ANN, "/history@bundletrip_test_bot")
    assert bot.standin.messages(-1004002), "the answer went to the new supergroup"
    service = bot.worker.adapter.core.service
    state = await service.conversations.load(ConversationKey("telegram", "-1004002"))
    assert state.stage == "intake" and state.request.start_date is not None
