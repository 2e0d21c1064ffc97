"""Private chats end to end: real PTB against the stand-in Bot API, polling and webhook."""

from __future__ import annotations

import pytest

from standins.telegram_updates import private_chat, user
from tests.support.telegram import Harness

ANN = user(501, "Ann", "en")
TRIP = "4 days from 12 December 2026, 2 adults, we love food, S$1500 each"


async def test_start_greets_by_name_with_the_command_menus_published(bot: Harness) -> None:
    chat = private_chat(501)
    await bot.say(chat, ANN, "/start")
    [reply] = bot.standin.messages(501)
    assert reply.shown.startswith("Hi Ann!")
    assert reply.parse_mode == "HTML"
    menus = {c.params.get("language_code"): c.json("commands") for c in
             bot.standin.calls_of("setMyCommands")}  # fmt: skip
    assert {None, "ko"} <= set(menus)
    assert any(c["command"] == "plan" for c in menus["ko"])


async def test_korean_user_gets_korean(bot: Harness) -> None:
    await bot.say(private_chat(502), user(502, "민수", "ko"), "/start")
    [reply] = bot.standin.messages(502)
    assert reply.shown.startswith("안녕하세요")


@pytest.mark.thinking  # typing shows only while a model thinks
async def test_trip_text_streams_a_draft_then_asks_with_buttons(bot: Harness) -> None:
    await bot.say(private_chat(501), ANN, TRIP)
    methods = [c.method for c in bot.standin.calls]
    assert "sendChatAction" in methods  # typing while the brain works
    first_draft = methods.index("sendMessageDraft")
    assert first_draft < methods.index("sendMessage")
    [summary] = bot.standin.messages(501)
    assert "2026-12-12" in summary.shown
    assert ("✅ Plan it", "i:go") in summary.buttons()


async def test_buttons_plan_the_trip_and_export_an_ics_document(bot: Harness) -> None:
    chat = private_chat(501)
    await bot.say(chat, ANN, TRIP)
    [summary] = bot.standin.messages(501)
    await bot.press(chat, ANN, "i:go", summary)
    assert bot.standin.calls_of("answerCallbackQuery")
    plan = bot.standin.messages(501)[1:]
    assert any("Day 1" in m.shown for m in plan)
    assert all(len(m.shown.encode("utf-16-le")) // 2 <= 4096 for m in plan)
    assert ("📅 Export .ics", "p:ics") in plan[-1].buttons()
    await bot.press(chat, ANN, "p:ics", plan[-1])
    document = bot.standin.messages(501)[-1].document
    assert document is not None
    name, data = document
    assert name.endswith(".ics") and data.startswith(b"BEGIN:VCALENDAR")


async def test_free_text_intake_confirmed_by_yes_streams_the_plan(bot: Harness) -> None:
    chat = private_chat(503)
    sender = user(503, "Bo", "en")
    await bot.say(chat, sender, "/plan")
    await bot.say(chat, sender, TRIP)
    drafts_before = len(bot.standin.calls_of("sendMessageDraft"))
    await bot.say(chat, sender, "yes")
    drafts = bot.standin.calls_of("sendMessageDraft")[drafts_before:]
    final = bot.standin.messages(503)[-1]
    assert drafts, "the plan was not streamed"
    assert drafts[-1].params["text"] in "".join(m.shown for m in bot.standin.messages(503)[2:])
    assert ("📅 Export .ics", "p:ics") in final.buttons()
