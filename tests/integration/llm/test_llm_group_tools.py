"""The language-model brain in a group: it records a member's own wishes and reads the ledger."""

from __future__ import annotations

from bot.bootstrap import App
from bot.messages import ConversationKey
from standins.openai_api import Call, StandInOpenAI, Text, Tools
from tests.integration.llm.helpers import final, say

GROUP = ConversationKey("telegram", "-3003")


async def test_the_model_records_a_members_wish_and_reads_the_ledger(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(
        Tools([Call("record_wish", {"words": "no museums for me, my cap is S$300"})]),
        Text("Got it, Mina."),
    )
    reply = final(await say(llm_app, "honestly old stuff bores me", chat="-3003", private=False))
    assert "Got it" in reply.text
    state = await llm_app.service.conversations.load(GROUP)
    (member,) = state.group.members
    assert member.avoid_kinds == ["museum"] and member.budget_sgd == 300

    standin.script(Tools([Call("group_ledger", {})]), Text("Here is everyone."))
    final(await say(llm_app, "who wants what so far?", chat="-3003", private=False))
    results = "\n".join(standin.tool_results())
    assert "recorded for Mina: avoids: museums · cap S$300" in results
    assert "Trip members (1)" in results


async def test_record_wish_in_a_private_chat_tells_the_model_to_use_update_trip(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(Tools([Call("record_wish", {"words": "no museums"})]), Text("Okay."))
    final(await say(llm_app, "no old stuff please"))
    assert "private chat: use update_trip" in "\n".join(standin.tool_results())


async def test_a_budget_each_goes_to_the_trip_and_the_members_party_is_assumed(
    llm_app: App, standin: StandInOpenAI
) -> None:
    final(await say(llm_app, "hi all", chat="-3003", private=False, user="7", name="Ben"))
    standin.script(
        Tools([Call("record_wish", {"words": "about S$1,500 each"})]),
        Tools([Call("update_trip", {"budget_amount": 1500, "budget_currency": "SGD"})]),
        Text("Noted: S$1,500 each."),
    )
    final(await say(llm_app, "about S$1,500 each", chat="-3003", private=False))
    assert "use update_trip" in "\n".join(standin.tool_results())
    state = await llm_app.service.conversations.load(GROUP)
    assert state.request.budget is not None and state.request.budget.amount == 1500
    assert all(m.budget_sgd is None for m in state.group.members)
    assert state.request.party is not None and state.request.party.adults == 2  # Ben and Mina
