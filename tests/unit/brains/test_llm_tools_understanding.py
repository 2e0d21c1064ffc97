"""The language-model tools read names and words through the same index and parser as chat."""

from __future__ import annotations

import json
from datetime import date

from bot.brains.llm_tools import Toolbox
from bot.planner.kb import load_knowledge_base
from bot.planning import Planner
from bot.storage.models import ConversationState
from bot.tools import TripTools


def toolbox() -> Toolbox:
    tools = TripTools(ConversationState(), date(2026, 11, 30), "u1", Planner(load_knowledge_base()))
    return Toolbox(tools, "en")


async def test_update_trip_reads_the_travellers_words_under_the_models_fields() -> None:
    box = toolbox()
    said = (
        "my elderly parents and I, next month on the 10th for 3 days, no long walks, USS is a must"
    )
    reply = await box.call("update_trip", json.dumps({"said": said, "days": 4}))
    assert reply.startswith("recorded")
    request = box.tools.state.request
    assert request.start_date == date(2026, 12, 10)
    assert request.requested_days == 4  # the model's field wins over the words
    assert request.party is not None and request.party.adults == 3 and request.party.seniors == 2
    assert request.max_walk_minutes == 10
    assert request.must_see == ["universal-studios-singapore"]


async def test_place_names_people_use_resolve_in_tools() -> None:
    box = toolbox()
    details = await box.call("place_details", json.dumps({"place": "USS"}))
    assert details.startswith("96 : Universal Studios Singapore")
    unsure = await box.call("place_details", json.dumps({"place": "the gardens"}))
    assert unsure.startswith("error:") and "several places" in unsure
    found = await box.call("search_places", json.dumps({"query": "MBS"}))
    assert "marina-bay-sands" in found


async def test_every_kind_of_edit_reaches_the_model_and_later_takes_a_start_time() -> None:
    box = toolbox()
    trip = {"start_date": "2026-12-10", "days": 2, "adults": 2, "styles": ["food"]}
    assert (await box.call("update_trip", json.dumps(trip))).startswith("recorded")
    assert (await box.call("plan_trip", "{}")).startswith("planned")
    planned = box.tools.state.itinerary
    assert planned is not None and min(i.start for i in planned.days[0].items) < "11:30"
    lacking = await box.call("edit_plan", json.dumps({"action": "later"}))
    assert lacking == "error: later needs day"
    edited = await box.call("edit_plan", json.dumps({"action": "later", "day": 1, "time": "11:30"}))
    assert edited.startswith("edited"), edited
    itinerary = box.tools.state.itinerary
    assert itinerary is not None
    assert min(item.start for item in itinerary.days[0].items) >= "11:30"
    walking = await box.call("edit_plan", json.dumps({"action": "less_walking"}))
    assert walking.startswith(("edited", "not done"))
