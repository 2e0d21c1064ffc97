"""The conversation core on the real Redis server: intake, plan, edits, commands, groups."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from bot.bootstrap import App, build_app
from bot.config import Settings
from bot.i18n import t
from tests.support import Where, collect, files, final, fixed_clock, message

pytestmark = pytest.mark.redis

BRIEF = "4 days from 12 March, two adults and a 6-year-old, we love food, about S$1,500 each"


async def test_free_text_intake_confirms_and_plans(app: App) -> None:
    reply = await final(app.service, message(BRIEF))
    assert "2027-03-12 → 2027-03-15" in reply.text
    assert reply.choices is not None and reply.choices.options[0].data == "i:go"
    plan = await final(app.service, message(callback="i:go"))
    assert plan.itinerary is not None and len(plan.itinerary.days) == 4
    assert app.planner.check(plan.itinerary) == []
    assert "Day 1" in plan.text


async def test_korean_intake_is_answered_in_korean(app: App) -> None:
    reply = await final(
        app.service, message("3월 12일부터 3박 4일, 어른 2명, 맛집 위주, 1인당 150만원")
    )
    assert "여행 정보를 정리했어요" in reply.text
    assert "KRW" in reply.text and "S$" in reply.text  # converted with the dated table
    plan = await final(app.service, message("네"))
    assert plan.itinerary is not None and "1일차" in plan.text


async def test_guided_flow_asks_only_for_dates_and_party(app: App) -> None:
    first = await final(app.service, message("/plan"))
    assert "When do you travel" in first.text
    second = await final(app.service, message("from 2027-03-12"))
    assert second.choices is not None  # trip lengths as buttons
    third = await final(app.service, message(callback="i:days:3"))
    assert "Who is coming" in third.text
    summary = await final(app.service, message(callback="i:party:2-0"))
    assert summary.choices is not None and summary.choices.options[0].data == "i:go"


async def test_styles_toggle_as_a_multi_choice(app: App) -> None:
    await final(app.service, message("3 days from 2027-03-12, 2 adults"))
    opened = await final(app.service, message(callback="i:ask:styles"))
    assert opened.choices is not None and opened.choices.multi
    toggled = await final(app.service, message(callback="i:style:nature"))
    assert toggled.choices is not None
    assert any(o.label.startswith("✅") for o in toggled.choices.options)
    done = await final(app.service, message(callback="i:done"))
    assert "Nature" in done.text


async def test_edits_by_words_and_buttons_keep_the_plan_checked(app: App) -> None:
    await final(app.service, message("3 days from 2027-03-12, 2 adults, nature and food"))
    plan = await final(app.service, message(callback="i:go"))
    assert plan.itinerary is not None
    lighter = await final(app.service, message("make day 2 lighter"))
    assert lighter.itinerary is not None and lighter.itinerary.version == 2
    assert app.planner.check(lighter.itinerary) == []
    regen = await final(app.service, message(callback="p:regen:1"))
    assert regen.itinerary is not None and regen.itinerary.days[1] == lighter.itinerary.days[1]
    exported = await files(app.service, message(callback="p:ics"))
    calendar = Calendar.from_ical(exported[0].data)
    assert len(list(calendar.walk("VEVENT"))) > 3


async def test_unknown_place_in_an_edit_gets_a_clear_message(app: App) -> None:
    await final(app.service, message("3 days from 2027-03-12, 2 adults"))
    await final(app.service, message(callback="i:go"))
    reply = await final(app.service, message("remove the Eiffel Tower please"))
    assert "don't know a place" in reply.text


async def test_bad_input_gets_specific_messages_and_keeps_state(app: App) -> None:
    await final(app.service, message("2 adults, food"))
    reply = await final(app.service, message("from 2027-03-15 to 2027-03-10"))
    assert "before the departure" in reply.text
    huge = await final(app.service, message("x" * 10_000))
    assert "10000 characters" in huge.text
    weird = await final(app.service, message("<b>&amp; 🤖 ‮ `code` *bold*"))
    assert "couldn't find trip details" in weird.text
    state = await app.service.conversations.load(message().conversation)
    assert state.request.party is not None and state.request.party.adults == 2


async def test_the_same_delivery_is_processed_once(app: App) -> None:
    first = await collect(app.service, message(BRIEF, message_id="dup-1"))
    again = await collect(app.service, message(BRIEF, message_id="dup-1"))
    assert first and again == []
    turns = await app.service.conversations.recent_turns(message().conversation, 50)
    assert [t.role for t in turns] == ["user", "assistant"]


async def test_daily_quota_stops_requests_but_not_help(app: App) -> None:
    app.service.config = app.service.config.__class__(daily_limit=2)
    for _ in range(2):
        await final(app.service, message("hello"))
    blocked = await final(app.service, message("hello"))
    assert "limit of 2" in blocked.text
    assert "/plan" in (await final(app.service, message("/help"))).text
    usage = await final(app.service, message("/usage"))
    assert "2 of 2" in usage.text


async def test_lang_command_switches_language(app: App) -> None:
    assert (await final(app.service, message("/lang ko"))).text == t("ko", "lang_set")
    help_text = (await final(app.service, message("/help"))).text
    assert help_text == t("ko", "help")  # the Korean text, not just a command name in any language
    assert "What I can do" not in help_text
    reply = await final(app.service, message("qwerty"))
    assert "여행 정보를 찾지 못했어요" in reply.text
    reply = await final(app.service, message("hello"))
    assert "같이 계획해 봐요" in reply.text  # an English hello, welcomed in the chosen Korean


async def test_reset_archives_the_trip_for_history(app: App) -> None:
    await final(app.service, message("3 days from 2027-03-12, 2 adults"))
    await final(app.service, message(callback="i:go"))
    assert "new trip" in (await final(app.service, message("/reset"))).text
    history = await final(app.service, message("/history"))
    assert "2027-03-12 → 2027-03-14" in history.text and "✓" in history.text
    other = await final(app.service, message("/history", user="99"))
    assert "No past trips" in other.text


async def test_group_chatter_is_ignored_but_mentions_and_the_intake_owner_are_answered(
    app: App,
) -> None:
    group: Where = {"chat": "-100", "private": False}
    assert await collect(app.service, message("nice weather", addressed=False, **group)) == []
    started = await final(app.service, message("/plan", user="1", **group))
    assert "When do you travel" in started.text
    answer = await final(
        app.service, message("12 March for 3 days", user="1", addressed=False, **group)
    )
    assert "Who is coming" in answer.text
    other = await collect(app.service, message("3 adults", user="2", addressed=False, **group))
    assert other == []
    mention = await final(app.service, message("3 adults", user="2", **group))
    assert "Plan it" in mention.text
    turns = await app.service.conversations.recent_turns(message(**group).conversation, 50)
    assert {t.speaker for t in turns if t.role == "user"} == {"console:1", "console:2"}


async def test_catalogue_commands_show_places(app: App) -> None:
    one = await final(app.service, message("/attraction 12"))
    assert "12 : Gardens by the Bay" in one.text
    page = await final(app.service, message("/attractions nature"))
    assert page.choices is not None
    nxt = await final(app.service, message(callback=page.choices.options[-1].data))
    assert "2/" in nxt.text


async def test_swap_the_museum_for_the_zoo_in_words(app: App) -> None:
    await final(app.service, message("4 days from 2027-03-12, 2 adults, city sightseeing, museum"))
    plan = await final(app.service, message(callback="i:go"))
    assert plan.itinerary is not None
    planned = [i.place_id for d in plan.itinerary.days for i in d.items if i.kind == "visit"]
    museums = [p for p in planned if p and "museum" in p]
    swapped = await final(app.service, message("swap the museum for the zoo"))
    if len(museums) > 1:  # "the museum" names several planned places: asked, never guessed
        assert swapped.itinerary is None and swapped.choices is not None
        assert all(o.data.endswith(":singapore-zoo") for o in swapped.choices.options)
        asked = {o.data.split(":")[3] for o in swapped.choices.options}
        assert set(museums) <= asked  # every planned museum is offered
        for option in swapped.choices.options:  # the zoo may not fit every museum's day
            answer = await final(app.service, message(callback=option.data))
            if answer.itinerary is not None:
                swapped, museums = answer, [option.data.split(":")[3]]
                break
    assert swapped.itinerary is not None
    after = {i.place_id for d in swapped.itinerary.days for i in d.items}
    assert museums[0] not in after and "singapore-zoo" in after
    assert app.planner.check(swapped.itinerary) == []


async def test_planning_in_worker_processes_gives_the_same_checked_plan(settings: Settings) -> None:
    pooled = build_app(settings.model_copy(update={"planner_processes": 1}), clock=fixed_clock)
    try:
        await final(pooled.service, message("3 days from 2027-03-12, 2 adults, nature"))
        plan = await final(pooled.service, message(callback="i:go"))
        assert plan.itinerary is not None and pooled.planner.check(plan.itinerary) == []
        assert pooled.planner.pool is not None  # the plan really came from a worker process
        lighter = await final(pooled.service, message("make day 1 lighter"))
        assert lighter.itinerary is not None and lighter.itinerary.version == 2
    finally:
        await pooled.aclose()


async def test_planning_shows_a_draft_before_the_plan(app: App) -> None:
    await final(app.service, message("3 days from 2027-03-12, 2 adults"))
    events = await collect(app.service, message(callback="i:go"))
    kinds = [e.kind for e in events]
    assert kinds[:2] == ["working", "delta"] and kinds[-2:] == ["final", "pictures"]
    assert "Planning" in events[1].text  # type: ignore[union-attr]


async def test_a_question_about_a_place_gets_its_catalogue_entry(app: App) -> None:
    reply = await final(app.service, message("what time does the zoo open?"))
    assert "Singapore Zoo" in reply.text and "08:30" in reply.text
    korean = await final(app.service, message("싱가포르 동물원 몇 시에 열어?"))
    assert "동물원" in korean.text and "08:30" in korean.text


async def test_edits_are_remembered_when_the_trip_is_replanned(app: App) -> None:
    await final(app.service, message("4 days from 2027-03-12, 2 adults, food and nature"))
    plan = await final(app.service, message(callback="i:go"))
    assert plan.itinerary is not None
    first = next(i.place_id for i in plan.itinerary.days[0].items if i.kind == "visit")
    assert first is not None
    name = app.planner.kb.places[first].names.en
    removed = await final(app.service, message(f"remove {name}"))
    assert removed.itinerary is not None
    added = await final(app.service, message("add night safari to day 2"))
    assert added.itinerary is not None
    longer = await final(app.service, message("make it 5 days"))
    assert longer.itinerary is not None and len(longer.itinerary.days) == 5
    visits = {i.place_id for d in longer.itinerary.days for i in d.items}
    assert first not in visits and "night-safari" in visits


async def test_editing_a_place_that_is_not_in_the_plan_says_so(app: App) -> None:
    await final(app.service, message("2 days from 2027-03-12, 2 adults, food"))
    plan = await final(app.service, message(callback="i:go"))
    assert plan.itinerary is not None
    planned = {i.place_id for d in plan.itinerary.days for i in d.items}
    absent = next(a for a in app.planner.kb.attractions if a.id not in planned and a.number)
    reply = await final(app.service, message(f"remove {absent.names.en}"))
    assert "is not in your plan" in reply.text


async def test_every_group_members_wishes_count(app: App) -> None:
    group: Where = {"chat": "-900", "private": False}
    await final(app.service, message("/plan 3 days from 2027-03-12, 4 adults", user="1", **group))
    await final(app.service, message("I want to see the Night Safari", user="2", **group))
    summary = await final(app.service, message("we love food, must visit Jewel", user="3", **group))
    assert "Must-see: Night Safari, Jewel Changi Airport" in summary.text
    assert "Food" in summary.text
    plan = await final(app.service, message(callback="i:go", user="1", **group))
    assert plan.itinerary is not None
    visits = {i.place_id for d in plan.itinerary.days for i in d.items}
    assert {"night-safari", "jewel-changi-airport"} <= visits


@pytest.mark.parametrize(
    ("text", "welcome", "question"),
    [
        ("hi! planning a trip to Singapore", "Happy to help", "When do you travel?"),
        ("안녕하세요, 싱가포르 여행 계획 중이에요", "같이 계획해 봐요", "언제 여행하세요?"),
    ],
)
async def test_a_hello_is_welcomed_with_the_first_question(
    app: App, text: str, welcome: str, question: str
) -> None:
    reply = await final(app.service, message(text))
    assert welcome in reply.text and question in reply.text
    assert "couldn't find" not in reply.text and "찾지 못했" not in reply.text


async def test_a_month_in_a_question_keeps_the_dates_and_a_change_moves_them(app: App) -> None:
    await final(app.service, message("3 days from 12 March 2027, 2 adults"))
    planned = await final(app.service, message(callback="i:go"))
    assert (
        planned.itinerary is not None and planned.itinerary.days[0].date.isoformat() == "2027-03-12"
    )
    await final(app.service, message("what about the weather in March?"))
    state = await app.service.conversations.load(message().conversation)
    assert state.itinerary is not None and state.itinerary.days[0].date.isoformat() == "2027-03-12"
    moved = await final(app.service, message("actually move it to April"))
    assert moved.itinerary is not None and moved.itinerary.days[0].date.isoformat() == "2027-04-01"
