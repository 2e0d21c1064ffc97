"""A whole conversation through the model: free text → fields → plan → two edits."""

from __future__ import annotations

import json

from bot.bootstrap import App
from bot.messages import ConversationKey
from standins.openai_api import Call, StandInOpenAI, Text, Tools
from tests.integration.llm.helpers import final, say

CONV = ConversationKey("telegram", "42")


async def test_free_text_becomes_a_checked_plan_and_two_edits(
    llm_app: App, standin: StandInOpenAI
) -> None:
    details = {"start_date": "2026-12-10", "days": 4, "adults": 2, "styles": ["food", "nature"],
               "budget_amount": 1500, "budget_currency": "SGD"}  # fmt: skip
    standin.script(
        Tools([Call("update_trip", details)], split=5),
        Text("Lovely — four days from 10 December for two food and nature lovers. Plan it?"),
    )
    first = final(
        await say(llm_app, "2 of us, 4 days from 10 Dec, love food and gardens, S$1500 each")
    )
    assert first.itinerary is None
    assert first.choices is not None  # the intake's confirm buttons ride along
    state = await llm_app.service.conversations.load(CONV)
    assert state.request.party is not None and state.request.party.adults == 2
    assert state.request.days == 4 and state.request.budget is not None

    standin.script(Tools([Call("plan_trip", {})]), Text("Here is your trip — ask me anything."))
    planned = final(await say(llm_app, "yes, plan it"))
    assert planned.itinerary is not None
    assert llm_app.planner.check(planned.itinerary) == []
    assert planned.text.startswith("Here is your trip")
    assert llm_app.planner.render(planned.itinerary, "en") in planned.text

    standin.script(
        Tools(
            [
                Call("edit_plan", {"action": "lighter", "day": 2}),
                Call("search_places", {"area": "Marina Bay", "kind": "food"}),
            ]
        ),
        Text("Day 2 is lighter now."),
    )
    lighter = final(await say(llm_app, "day 2 is too much; also any food near Marina Bay?"))
    assert lighter.itinerary is not None and lighter.itinerary.version > planned.itinerary.version
    assert llm_app.planner.check(lighter.itinerary) == []
    day2 = [i for i in lighter.itinerary.days[1].items if i.kind == "visit"]
    before = [i for i in planned.itinerary.days[1].items if i.kind == "visit"]
    assert len(day2) < len(before)

    planned_ids = {i.place_id for d in lighter.itinerary.days for i in d.items if i.place_id}
    old = day2[0].place_id
    assert old is not None
    old_area = llm_app.planner.kb.places[old].area
    here = llm_app.planner.kb.places[old]
    # a short unplanned place this party of adults may visit, in the same area when one is left
    new = min(
        (a for a in llm_app.planner.kb.attractions
         if a.id not in planned_ids and a.duration_min <= 60 and a.admits != "with-children"),
        key=lambda a: (a.area != old_area, abs(a.lat - here.lat) + abs(a.lon - here.lon), a.id),
    ).id  # fmt: skip
    standin.script(
        Tools([Call("edit_plan", {"action": "swap", "place": old, "new_place": new})]),
        Text("Swapped."),
    )
    swapped = final(await say(llm_app, f"swap {old} for {new}"))
    assert swapped.itinerary is not None, swapped.text
    ids = {i.place_id for d in swapped.itinerary.days for i in d.items}
    assert new in ids and old not in ids
    assert llm_app.planner.check(swapped.itinerary) == []

    results = standin.tool_results()
    assert results[0].startswith("recorded.")
    assert any(r.startswith("planned;") for r in results)
    assert sum(r.startswith("edited;") for r in results) == 2
    assert any("|" in r for r in results)  # the search results went back too
    stored = await llm_app.service.conversations.load(CONV)
    assert stored.itinerary == swapped.itinerary


async def test_arguments_split_across_chunks_are_reassembled(
    llm_app: App, standin: StandInOpenAI
) -> None:
    args = {"start_date": "2026-12-20", "end_date": "2026-12-22", "adults": 3}
    standin.script(Tools([Call("update_trip", args)], split=17), Text("Noted."))
    await say(llm_app, "20 to 22 December, three adults")
    state = await llm_app.service.conversations.load(CONV)
    assert state.request.days == 3
    assert state.request.party is not None and state.request.party.adults == 3
    sent_back = standin.requests[1].body["messages"]
    calls = [m for m in sent_back if m.get("tool_calls")]
    assert json.loads(calls[0]["tool_calls"][0]["function"]["arguments"]) == args
