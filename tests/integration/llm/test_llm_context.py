"""Bounded context: prompt size stays flat as a conversation grows."""

from __future__ import annotations

from bot.bootstrap import App
from bot.messages import ConversationKey
from standins.openai_api import Call, StandInOpenAI, Text, Tools
from tests.integration.llm.helpers import final, say

ANSWER = (
    "Good question. Gardens by the Bay opens early, so a morning visit beats the heat, and the "
    "hawker centres nearby are busy at lunch; going at 11:30 helps. The MRT is the quickest "
    "way around the centre, and a card works on every line. Details such as hours and prices "
    "can change, so check before you go."
)


async def test_prompt_at_turn_60_is_at_most_1_3_times_turn_5(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.responder = lambda body: Text(ANSWER)
    details = {"start_date": "2026-12-10", "days": 3, "adults": 2, "styles": ["food"]}
    standin.script(
        Tools([Call("update_trip", details), Call("plan_trip", {})]),
        Text("Here is your plan."),
    )
    first_request: dict[int, int] = {}
    for turn in range(1, 61):
        first_request[turn] = len(standin.requests)
        text = (
            f"Question {turn}: what about the evening of day {turn % 3 + 1}? "
            + "x" * (turn % 7) * 20
        )
        reply = final(await say(llm_app, text))
        assert reply.text
    state = await llm_app.service.conversations.load(ConversationKey("telegram", "42"))
    assert state.itinerary is not None  # the plan of turn 1 is still the trip state
    size = {t: standin.requests[i].prompt_tokens for t, i in first_request.items()}
    print("prompt tokens", size[1], size[5], size[20], size[60])
    assert size[60] <= 1.3 * size[5], (size[5], size[60])
    assert max(size[t] for t in range(5, 61)) <= 1.3 * size[5]
    late = standin.requests[first_request[60]].body["messages"]
    assert "Earlier in this conversation" in late[2]["content"]  # the rolling summary
    assert sum(m["role"] == "user" for m in late) <= 5
