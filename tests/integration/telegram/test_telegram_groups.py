"""Groups: quiet unless addressed; mentions, replies and /plan@bot answered; topics separate."""

from __future__ import annotations

import pytest

from standins.telegram_api import BOT_USER
from standins.telegram_updates import group_chat, message, user
from tests.support.telegram import Harness

GROUP = group_chat(-100200)
ANN = user(601, "Ann")
BEN = user(602, "Ben")
OTHER_BOT = user(777, "OtherBot", is_bot=True)
TRIP = "4 days from 12 December 2026, 2 adults, we love food, S$1500 each"


@pytest.mark.thinking  # a turn started by mistake would show typing
async def test_chatter_not_addressed_to_the_bot_gets_nothing(bot: Harness) -> None:
    await bot.say(GROUP, ANN, "anyone up for dinner later?")
    await bot.say(GROUP, BEN, "/plan@another_bot")
    await bot.say(GROUP, OTHER_BOT, "@bundletrip_test_bot hello from a bot")
    assert bot.standin.messages(-100200) == []
    assert not bot.standin.calls_of("sendChatAction")


async def test_a_mention_is_answered_as_a_reply(bot: Harness) -> None:
    asked = await bot.say(GROUP, ANN, f"@bundletrip_test_bot {TRIP}")
    [reply] = bot.standin.messages(-100200)
    assert "2026-12-12" in reply.shown
    assert reply.reply_to == asked["message_id"]


async def test_plan_at_botname_is_answered(bot: Harness) -> None:
    await bot.say(GROUP, ANN, "/plan@bundletrip_test_bot")
    [reply] = bot.standin.messages(-100200)
    assert reply.shown.startswith("When do you travel?")


async def test_a_reply_to_the_bot_is_answered(bot: Harness) -> None:
    await bot.say(GROUP, ANN, "/help@bundletrip_test_bot")
    [help_message] = bot.standin.messages(-100200)
    await bot.say(GROUP, BEN, TRIP, reply_to=help_message.as_json())
    assert "2026-12-12" in bot.standin.messages(-100200)[-1].shown


async def test_the_intake_owner_answers_without_mentioning(bot: Harness) -> None:
    await bot.say(GROUP, ANN, "/plan@bundletrip_test_bot")
    await bot.say(GROUP, BEN, "12 December for 4 days")  # not the owner: ignored
    assert len(bot.standin.messages(-100200)) == 1
    await bot.say(GROUP, ANN, "12 December 2026 for 4 days")
    assert len(bot.standin.messages(-100200)) == 2


async def test_forum_topics_are_separate_conversations(bot: Harness) -> None:
    forum = group_chat(-100300, forum=True)
    await bot.say(forum, ANN, f"@bundletrip_test_bot {TRIP}", thread_id=11)
    await bot.say(forum, ANN, "@bundletrip_test_bot /history", thread_id=22)
    await bot.say(forum, ANN, "/history@bundletrip_test_bot", thread_id=22)
    topic_11 = bot.standin.messages(-100300, thread_id=11)
    topic_22 = bot.standin.messages(-100300, thread_id=22)
    assert len(topic_11) == 1 and "2026-12-12" in topic_11[0].shown
    assert topic_22 and all("2026-12-12" not in m.shown for m in topic_22)
    assert "No past trips" in topic_22[-1].shown  # topic 22 knows nothing of topic 11's trip


async def test_streamed_group_answer_is_edited_into_the_final_message(bot: Harness) -> None:
    await bot.say(GROUP, ANN, f"/plan@bundletrip_test_bot {TRIP}")
    calls_before = len(bot.standin.calls)
    await bot.say(GROUP, ANN, "@bundletrip_test_bot yes")
    new_calls = [c.method for c in bot.standin.calls[calls_before:]]
    assert "sendMessageDraft" not in new_calls  # drafts are for private chats
    assert "editMessageText" in new_calls
    plan = bot.standin.messages(-100200)[1:]
    assert plan[0].edits >= 1 and plan[0].parse_mode == "HTML"
    assert "Day 1" in plan[0].shown


async def test_a_reply_to_another_bot_is_not_taken_as_addressed(bot: Harness) -> None:
    someone_else = {**message(GROUP, BEN, "hi")["message"], "from": OTHER_BOT}
    await bot.say(GROUP, ANN, TRIP, reply_to=someone_else)
    assert bot.standin.messages(-100200) == []
    # the same words replying to the bot's own message are answered: only the author differs
    ours = {**someone_else, "from": BOT_USER}
    await bot.say(GROUP, ANN, TRIP, reply_to=ours)
    [reply] = bot.standin.messages(-100200)
    assert "2026-12-12" in reply.shown


async def test_a_group_plans_for_its_members_with_the_budget_each_someone_said(
    bot: Harness,
) -> None:
    await bot.say(GROUP, ANN, "@bundletrip_test_bot 3 days from 12 December 2026")
    ben = await bot.say(GROUP, BEN, "@bundletrip_test_bot about S$1,200 each")
    summary = bot.standin.messages(-100200)[-1]
    assert summary.reply_to == ben["message_id"]
    assert "2 adults" in summary.shown and "the 2 of you here (Ann, Ben)" in summary.shown
    assert "1,200 SGD per person" in summary.shown and "No limit" not in summary.shown
