"""The language-model brain opens a poll itself in a Telegram group: the scripted model (the
OpenAI stand-in, the real openai client) calls ``open_poll``, a native non-anonymous poll appears
through the real PTB worker, the members' answers are mapped back and the winner becomes the
trip's dates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from bot.bootstrap import App, build_app
from bot.config import Settings
from bot.messages import ConversationKey
from standins.openai_api import Call, StandInOpenAI, Text, Tools
from standins.telegram_api import StandInBotAPI
from standins.telegram_updates import group_chat, poll_answer, user
from tests.integration.llm.conftest import FAST
from tests.support import drop_prefix, fixed_clock
from tests.support.telegram import Harness, running_worker

GROUP = group_chat(-100931)
ANN = user(631, "Ann")
BEN = user(632, "Ben")
BOT = "@bundletrip_test_bot"


@pytest.fixture
async def model() -> AsyncIterator[StandInOpenAI]:
    async with StandInOpenAI() as server:
        yield server


@pytest.fixture
async def llm_core(settings: Settings, model: StandInOpenAI) -> AsyncIterator[App]:
    app = build_app(
        settings.model_copy(update={**FAST, "openai_base_url": model.url}), clock=fixed_clock
    )
    yield app
    await drop_prefix(app.redis, settings.key_prefix)
    await app.aclose()


@pytest.fixture
async def llm_bot(
    settings: Settings, standin: StandInBotAPI, llm_core: App
) -> AsyncIterator[Harness]:
    async with running_worker(settings, standin, "polling", llm_core) as harness:
        yield harness


async def test_the_model_opens_a_native_dates_poll_and_the_vote_moves_the_trip(
    llm_bot: Harness, model: StandInOpenAI, llm_core: App
) -> None:
    trip = {"start_date": "2027-03-12", "end_date": "2027-03-14", "adults": 2}
    model.script(Tools([Call("update_trip", trip)]), Text("Noted: 12–14 March."))
    await llm_bot.say(GROUP, ANN, f"{BOT} we're two, thinking of mid March")
    dates = {"topic": "dates", "start_date": "2027-03-19", "end_date": "2027-03-21"}
    model.script(Tools([Call("open_poll", dates)]), Text("Let's vote on it."))
    await llm_bot.say(GROUP, BEN, f"{BOT} the week after suits me better tbh")

    [poll] = llm_bot.standin.polls(-100931)
    assert poll.poll is not None and poll.poll["is_anonymous"] is False
    assert poll.poll["question"].startswith("Ben proposes other dates.")
    assert "A tie keeps" in poll.poll["question"]
    labels = [o["text"] for o in poll.poll["options"]]
    assert len(labels) == 2 and labels[1].startswith("19")

    await llm_bot.deliver(poll_answer(poll.poll["id"], ANN, [1]))
    await llm_bot.deliver(poll_answer(poll.poll["id"], BEN, [1]))
    [stopped] = llm_bot.standin.calls_of("stopPoll")
    assert stopped.params["message_id"] == str(poll.message_id)
    assert any("Poll closed" in m.shown for m in llm_bot.standin.messages(-100931))
    state = await llm_core.service.conversations.load(ConversationKey("telegram", "-100931"))
    assert (state.request.start_date, state.request.end_date) == (date(2027, 3, 19),
                                                                  date(2027, 3, 21))  # fmt: skip
