"""A model that misbehaves mid-turn (a chunk that is not JSON, tool calls it keeps getting wrong)
hands the turn to the offline brain, and the traveller's words are kept in history."""

from __future__ import annotations

import pytest

from bot.bootstrap import App
from bot.i18n import t
from bot.messages import ConversationKey
from standins.openai_api import Call, Garbled, StandInOpenAI, Step, Text, Tools
from tests.integration.llm.helpers import final, say

OFF = t("en", "smart_mode_off")
TRIP = "5 days from 12 January, 3 adults"


async def _history(app: App) -> list[str]:
    turns = await app.service.conversations.recent_turns(ConversationKey("telegram", "42"), 10)
    return [turn.text for turn in turns]


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param([Garbled()], id="garbled-chunk"),
        pytest.param([Garbled(raw='{"choices": [')], id="half-a-chunk"),
        pytest.param(
            [
                Tools([Call("update_trip", '{"adults": 3,')]),
                Tools([Call("update_trip", {"adults": "three people"})]),
                Text("never reached"),
            ],
            id="tool-arguments-wrong-twice",
        ),
        pytest.param(
            [Tools([Call("book_hotel", {})]), Tools([Call("update_trip", "[1, 2]")])],
            id="unknown-tool-then-bad-arguments",
        ),
    ],
)
async def test_a_misbehaving_model_hands_the_turn_to_the_offline_brain(
    llm_app: App, standin: StandInOpenAI, steps: list[Step]
) -> None:
    standin.script(*steps)
    reply = final(await say(llm_app, TRIP))
    assert reply.text.startswith(OFF)
    assert "never reached" not in reply.text
    state = await llm_app.service.conversations.load(ConversationKey("telegram", "42"))
    assert state.request.days == 5 and state.request.party is not None
    history = await _history(llm_app)
    assert history[0] == TRIP and len(history) == 2  # the traveller's text and the answer


async def test_one_refused_round_is_corrected_by_the_model(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(
        Tools([Call("update_trip", '{"adults": 3,')]),
        Tools([Call("get_trip", {})]),
        Text("Got it: three of you."),
    )
    reply = final(await say(llm_app, TRIP))
    assert reply.text == "Got it: three of you."
    assert len(standin.requests) == 3
