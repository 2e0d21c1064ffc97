"""The conversation core on the in-memory stores: the fast tier, no Redis, no network.

The same behaviours run on the real Redis server in ``tests/integration/test_conversation.py``;
here they check the core's own rules quickly. The fakes keep the stores' contracts
(``tests/integration/test_storage_contract.py``).
"""

from __future__ import annotations

from bot.conversation import ServiceConfig
from bot.i18n import t
from bot.storage.models import FORGOTTEN
from tests.support import Where, collect, final, message
from tests.support.storage import memory_core

BRIEF = "3 days from 2027-03-12, 2 adults, nature and food"


async def test_a_brief_is_confirmed_then_planned_and_the_plan_is_checked() -> None:
    core = memory_core()
    reply = await final(core.service, message(BRIEF))
    assert "2027-03-12 → 2027-03-14" in reply.text
    assert reply.choices is not None and reply.choices.options[0].data == "i:go"
    plan = await final(core.service, message(callback="i:go"))
    assert plan.itinerary is not None and len(plan.itinerary.days) == 3
    assert core.service.planner.check(plan.itinerary) == []
    state = await core.conversations.load(message().conversation)
    assert state.stage == "planned" and state.itinerary == plan.itinerary


async def test_the_same_delivery_is_answered_once_and_stored_once() -> None:
    core = memory_core()
    first = await collect(core.service, message(BRIEF, message_id="dup-1"))
    again = await collect(core.service, message(BRIEF, message_id="dup-1"))
    assert first and again == []
    turns = await core.conversations.recent_turns(message().conversation, 50)
    assert [turn.role for turn in turns] == ["user", "assistant"]


async def test_the_daily_quota_stops_requests_but_not_help() -> None:
    core = memory_core(config=ServiceConfig(daily_limit=2))
    for _ in range(2):
        await final(core.service, message("hello"))
    assert "limit of 2" in (await final(core.service, message("hello"))).text
    assert (await final(core.service, message("/help"))).text == t("en", "help")
    assert await core.quotas.used("console:42", "2026-11-27") == 2


async def test_korean_is_remembered_and_answers_come_in_korean() -> None:
    core = memory_core()
    assert (await final(core.service, message("/lang ko"))).text == t("ko", "lang_set")
    assert await core.profiles.language("console:42") == "ko"
    assert (await final(core.service, message("/help"))).text == t("ko", "help")


async def test_reset_archives_the_trip_for_history() -> None:
    core = memory_core()
    await final(core.service, message(BRIEF))
    await final(core.service, message(callback="i:go"))
    assert "new trip" in (await final(core.service, message("/reset"))).text
    [trip] = await core.conversations.archived(message().conversation)
    assert trip.itinerary is not None and len(trip.itinerary.days) == 3
    assert "2027-03-12 → 2027-03-14" in (await final(core.service, message("/history"))).text


async def test_forget_blanks_a_members_group_words_and_keeps_the_others() -> None:
    core = memory_core()
    group: Where = {"chat": "-100", "private": False}
    await final(core.service, message("/plan", user="1", name="Zed", **group))
    await final(core.service, message("12 March for 3 days", user="1", addressed=False, **group))
    await final(core.service, message("3 adults", user="2", name="Ann", **group))
    await final(core.service, message("/forget", user="1"))
    turns = await core.conversations.recent_turns(message(**group).conversation, 50)
    spoken = {turn.speaker for turn in turns if turn.role == "user"}
    assert spoken == {FORGOTTEN, "console:2"}
    assert all(turn.text == "" for turn in turns if turn.speaker == FORGOTTEN)
