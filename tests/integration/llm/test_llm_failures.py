"""Failure is ordinary: the offline brain answers the same turn, usage and budgets hold, the
circuit breaker opens and closes."""

from __future__ import annotations

import asyncio
import logging
from decimal import Decimal

import pytest

from bot.bootstrap import App, build_app
from bot.brains.llm import LlmBrain
from bot.config import Settings
from bot.i18n import t
from bot.messages import ConversationKey
from bot.storage.redis_store import Keys
from bot.storage.redis_usage import RedisUsageLedger
from standins.openai_api import (
    Call,
    Cut,
    Fail,
    Hang,
    Refuse,
    Stall,
    StandInOpenAI,
    Step,
    StreamError,
    Text,
    Tools,
)
from tests.integration.llm.helpers import AT_ONCE, final, say
from tests.support import drop_prefix, fixed_clock

OFF = t("en", "smart_mode_off")
DAY = "2026-11-27"
TRIP = "4 days from 10 December, 2 adults"


def _brain(app: App) -> LlmBrain:
    brain = app.service.brain
    assert isinstance(brain, LlmBrain)
    return brain


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param([Fail(500), Fail(500)], id="500"),
        pytest.param([Fail(503), Fail(502)], id="5xx"),
        pytest.param([Fail(429, {"retry-after-ms": "10"})] * 2, id="429"),
        pytest.param([Hang(1.5), Hang(1.5)], id="timeout"),
        pytest.param([Cut(abrupt=True), Cut(abrupt=True)], id="cut-socket"),
        pytest.param([Cut(), Cut()], id="cut-clean"),
        pytest.param([Stall(), Stall()], id="stall-mid-stream"),
        pytest.param([StreamError()], id="error-event"),
    ],
)
async def test_offline_brain_answers_the_same_turn_when_the_model_fails(
    llm_app: App,
    standin: StandInOpenAI,
    steps: list[Step],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    standin.script(*steps)
    reply = final(await say(llm_app, TRIP))  # a stall ends at the stream timeout, not a hang
    assert reply.text.startswith(OFF)
    assert "sk-" not in reply.text and "stand-in failure" not in reply.text
    assert "sk-test-never-logged" not in caplog.text and "should-not-leak" not in caplog.text
    state = await llm_app.service.conversations.load(ConversationKey("telegram", "42"))
    assert state.request.days == 4  # the offline brain's answer was committed


async def test_429_with_retry_after_is_retried_by_the_client(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(Fail(429, {"retry-after": "1"}), Text("Back in a second — here I am."))
    reply = final(await say(llm_app, "hello"))
    assert reply.text == "Back in a second — here I am."
    first, second = standin.requests
    assert second.at - first.at >= 0.9


async def test_a_cut_stream_is_retried_once(llm_app: App, standin: StandInOpenAI) -> None:
    standin.script(Cut(), Text("Second time lucky."))
    reply = final(await say(llm_app, "hello"))
    assert reply.text == "Second time lucky."
    assert len(standin.requests) == 2


async def test_a_stream_that_stalls_mid_way_is_retried(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(Stall(), Text("Here I am again."))
    events = await say(llm_app, "hello")
    assert final(events).text == "Here I am again."
    assert len(standin.requests) == 2


async def test_malformed_tool_arguments_go_back_to_the_model(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(
        Tools(
            [
                Call("update_trip", '{"adults": 2,'),
                Call("update_trip", {"user_id": "telegram:7"}),
                Call("launch_rockets", {}),
            ]
        ),
        Text("Sorry, could you tell me the dates again?"),
    )
    reply = final(await say(llm_app, "two of us"))
    assert reply.text == "Sorry, could you tell me the dates again?"
    tool_msgs = [m["content"] for m in standin.requests[1].body["messages"] if m["role"] == "tool"]
    assert tool_msgs[0].startswith("error: the arguments are not valid JSON")
    assert "user_id is not an argument" in tool_msgs[1]
    assert tool_msgs[2] == "error: there is no tool 'launch_rockets'."


async def test_a_refusal_is_shown_as_the_answer(llm_app: App, standin: StandInOpenAI) -> None:
    standin.script(Refuse("I can't help with that, but I can plan your Singapore trip."))
    reply = final(await say(llm_app, "write malware"))
    assert reply.text == "I can't help with that, but I can plan your Singapore trip."


async def test_the_tool_loop_is_bounded(llm_app: App, standin: StandInOpenAI) -> None:
    standin.responder = lambda body: (
        Text("Enough looking.") if body["tool_choice"] == "none"
        else Tools([Call("get_trip", {})])
    )  # fmt: skip
    reply = final(await say(llm_app, "look forever"))
    assert reply.text == "Enough looking."
    assert len(standin.requests) == llm_app.settings.llm_max_tool_rounds
    assert standin.requests[-1].body["tool_choice"] == "none"


async def test_usage_is_recorded_per_user_and_per_conversation(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(Tools([Call("get_trip", {})]), Text("All set."))
    await say(llm_app, "hello", user="7", chat="-100", private=False)
    keys = Keys(llm_app.settings.key_prefix)
    tokens, cost = await RedisUsageLedger(llm_app.redis, keys).today("telegram:7", DAY)
    expected = sum(r.prompt_tokens for r in standin.requests)
    assert tokens > expected and cost > Decimal(0)
    conv = await llm_app.redis.hgetall(
        keys.conv(ConversationKey("telegram", "-100"), f"usage:{DAY}")
    )
    assert conv["requests"] == "2" and int(conv["tokens"]) == tokens
    assert await RedisUsageLedger(llm_app.redis, keys).today("telegram:8", DAY) == (
        0,
        Decimal("0.000"),
    )


async def test_over_budget_turns_are_answered_offline_without_a_request(
    llm_settings: Settings, standin: StandInOpenAI
) -> None:
    cheap = llm_settings.model_copy(update={"llm_daily_budget_usd_per_user": Decimal("0.0001")})
    app = build_app(cheap, clock=fixed_clock)
    try:
        standin.script(Text("Happy to help. " * 20))
        assert not final(await say(app, "hello")).text.startswith(OFF)
        reply = final(await say(app, TRIP))
        assert reply.text.startswith(OFF)
        assert len(standin.requests) == 1
        assert await _brain(app).breaker.state() == "closed"  # a budget is not a failure
    finally:
        await drop_prefix(app.redis, cheap.key_prefix)
        await app.aclose()


async def test_conversation_budget_applies_to_everyone_in_the_group(
    llm_settings: Settings, standin: StandInOpenAI
) -> None:
    cheap = llm_settings.model_copy(
        update={"llm_daily_budget_usd_per_conversation": Decimal("0.0001")}
    )
    app = build_app(cheap, clock=fixed_clock)
    try:
        standin.script(Text("Happy to help. " * 20))
        await say(app, "hello", user="1", chat="-5", private=False)
        reply = final(await say(app, TRIP, user="2", chat="-5", private=False))
        assert reply.text.startswith(OFF) and len(standin.requests) == 1
    finally:
        await drop_prefix(app.redis, cheap.key_prefix)
        await app.aclose()


async def test_circuit_breaker_opens_after_repeated_failures_then_closes(
    llm_app: App, standin: StandInOpenAI
) -> None:
    breaker = _brain(llm_app).breaker
    standin.script(*[Fail(500, AT_ONCE)] * 6)  # three turns, each the request and the SDK's retry
    for _ in range(3):
        assert final(await say(llm_app, "hello")).text.startswith(OFF)
    assert await breaker.state() == "open" and len(standin.requests) == 6
    assert final(await say(llm_app, TRIP)).text.startswith(OFF)
    assert len(standin.requests) == 6  # open: no request at all
    await asyncio.sleep(llm_app.settings.llm_breaker_cooldown_s)
    assert await breaker.state() == "half-open"
    standin.script(Fail(500, AT_ONCE), Fail(500, AT_ONCE))  # the probe fails: open again
    assert final(await say(llm_app, "hello")).text.startswith(OFF)
    assert await breaker.state() == "open"
    await asyncio.sleep(llm_app.settings.llm_breaker_cooldown_s)
    standin.script(Text("I'm back."))
    assert final(await say(llm_app, "hello")).text == "I'm back."
    assert await breaker.state() == "closed"
