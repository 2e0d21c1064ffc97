"""The language-model brain opens a group's polls itself (``open_poll``, and other dates in
``record_wish``) through the same operation the rules use: the same options, tie rule and
deadline, one poll at a time; arguments that do not fit go back to the model as errors."""

from __future__ import annotations

from bot.bootstrap import App
from bot.messages import ConversationKey, FinalMessage, PollReply, ReplyEvent
from standins.openai_api import Call, StandInOpenAI, Text, Tools
from tests.integration.llm.helpers import say
from tests.support import FIXED_NOW

CHAT = "-3101"
GROUP = ConversationKey("telegram", CHAT)
TRIP = {"start_date": "2027-03-12", "end_date": "2027-03-14", "adults": 2}


def _polls(events: list[ReplyEvent]) -> list[PollReply]:
    return [e for e in events if isinstance(e, PollReply)]


async def _member(app: App, text: str, user: str, name: str) -> list[ReplyEvent]:
    return await say(app, text, user=user, name=name, chat=CHAT, private=False)


async def _trip_with_dates(app: App, standin: StandInOpenAI) -> None:
    standin.script(Tools([Call("update_trip", TRIP)]), Text("Noted: 12–14 March."))
    await _member(app, "we're two, thinking of mid March", "71", "Ann")


async def test_the_model_opens_a_dates_poll_with_the_rules_tie_rule_and_deadline(
    llm_app: App, standin: StandInOpenAI
) -> None:
    await _trip_with_dates(llm_app, standin)
    standin.script(
        Tools([Call("open_poll", {"topic": "dates", "start_date": "2027-03-19",
                                  "end_date": "2027-03-21"})]),
        Text("Let's vote."),
    )  # fmt: skip
    events = await _member(llm_app, "the week after suits me better tbh", "72", "Ben")
    [poll] = _polls(events)
    assert poll.question.startswith("Ben proposes other dates.")
    assert "A tie keeps 12" in poll.question and "after 24 h" in poll.question
    assert len(poll.options) == 2 and poll.options[1].startswith("19")
    state = await llm_app.service.conversations.load(GROUP)
    [stored] = state.group.polls
    assert stored.topic == "dates" and stored.options[1] == "2027-03-19/2027-03-21"
    assert (
        stored.closes_at - stored.opened_at == 24 * 3600
        and stored.opened_at == FIXED_NOW.timestamp()
    )
    assert "poll opened" in standin.tool_results()[-1]

    standin.script(
        Tools([Call("open_poll", {"topic": "dates", "start_date": "2027-04-01",
                                  "end_date": "2027-04-03"})]),
        Text("One poll at a time."),
    )  # fmt: skip
    again = await _member(llm_app, "or April?", "71", "Ann")
    assert _polls(again) == []
    assert standin.tool_results()[-1].startswith("error: a poll is already open")


async def test_other_dates_in_a_members_words_open_the_same_poll(
    llm_app: App, standin: StandInOpenAI
) -> None:
    await _trip_with_dates(llm_app, standin)
    words = "I can only do 19 to 21 March 2027, and no museums"
    standin.script(Tools([Call("record_wish", {"words": words})]), Text("Put to a vote."))
    events = await _member(llm_app, "honestly, later works and old stuff bores me", "72", "Ben")
    [poll] = _polls(events)
    assert poll.question.startswith("Ben proposes other dates.")
    state = await llm_app.service.conversations.load(GROUP)
    ben = state.group.member("telegram:72")
    assert ben is not None and ben.avoid_kinds == ["museum"]


async def test_arguments_that_do_not_fit_go_back_to_the_model_and_open_nothing(
    llm_app: App, standin: StandInOpenAI
) -> None:
    await _trip_with_dates(llm_app, standin)
    standin.script(
        Tools([Call("open_poll", {"topic": "dates", "start_date": "2027-03-19"})]),
        Tools([Call("open_poll", {"topic": "day"})]),
        Text("There is nothing to vote on yet."),
    )
    events = await _member(llm_app, "should we vote?", "72", "Ben")
    assert _polls(events) == []
    assert next(e for e in events if isinstance(e, FinalMessage)).text.startswith("There is")
    first, second = standin.tool_results()[-2:]
    assert "topic dates needs start_date and end_date" in first
    assert second == "error: there is no plan yet; use plan_trip first"
    state = await llm_app.service.conversations.load(GROUP)
    assert state.group.polls == []


async def test_a_poll_in_a_private_chat_is_refused(llm_app: App, standin: StandInOpenAI) -> None:
    standin.script(Tools([Call("open_poll", {"topic": "drop"})]), Text("Just you here."))
    events = await say(llm_app, "let's vote")
    assert _polls(events) == []
    assert "private chat" in standin.tool_results()[-1]


async def test_the_model_opens_the_day_poll_when_it_plans_and_the_rules_add_no_second(
    llm_app: App, standin: StandInOpenAI
) -> None:
    await _member(llm_app, "I want the ArtScience Museum and CE LA VI", "71", "Ann")
    await _member(llm_app, "I want the Singapore Zoo and Bird Paradise", "72", "Ben")
    trip = {"start_date": "2027-03-12", "end_date": "2027-03-12", "adults": 2}
    standin.script(Tools([Call("update_trip", trip)]), Text("One day, noted."))
    await _member(llm_app, "just the one day, the 12th of March next year", "71", "Ann")
    standin.script(
        Tools([Call("plan_trip", {})]),
        Tools([Call("open_poll", {"topic": "day"})]),
        Text("Here is a plan; vote on where day 1 goes."),
    )
    events = await _member(llm_app, "go ahead and plan it", "71", "Ann")
    [poll] = _polls(events)
    assert poll.question.startswith("Day 1: ") and "A tie keeps the current plan" in poll.question
    assert "poll opened" in standin.tool_results()[-1]
    state = await llm_app.service.conversations.load(GROUP)
    assert [p.topic for p in state.group.polls] == ["area"]
