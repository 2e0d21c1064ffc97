"""Delivery: long replies split, 429s honoured exactly with nothing dropped, typing shown."""

from __future__ import annotations

import asyncio

import pytest

from adapters.telegram.reply import Responder
from adapters.telegram.sender import GroupPacer, Target
from bot.messages import Choice, Choices, FinalMessage, TextDelta, Working
from standins.telegram_api import Call
from standins.telegram_html import check_message, utf16_units
from standins.telegram_updates import group_chat, private_chat, user
from tests.support.telegram import Harness

TRIP = "4 days from 12 December 2026, 2 adults, we love food, S$1500 each"
LONG = "\n\n".join(
    "\n".join(f"{h:02d}:00 <stop {p}-{h}> & café 😀 Marina Bay" for h in range(24))
    for p in range(16)
)


def responder(bot: Harness, target: Target) -> Responder:
    """A responder to enter with ``async with r:`` (``as r`` would be typed as the base
    presenter, which has no ``render``)."""
    sender = bot.worker.adapter.sender
    assert sender is not None
    return Responder(sender, target, bot.worker.metrics, draft_id=7, draft_interval=0.05)


async def test_a_12000_character_reply_arrives_as_several_valid_messages(
    webhook_bot: Harness,
) -> None:
    bot = webhook_bot  # the renderer and sender do not depend on how updates arrive
    assert len(LONG) > 12_000
    final = FinalMessage(LONG, choices=Choices((Choice("Export", "p:ics"),)))
    r = responder(bot, Target(801))
    async with r:
        await r.render(final)
    sent = bot.standin.messages(801)
    assert len(sent) >= 3
    for message in sent:
        assert utf16_units(check_message(message.text, message.parse_mode)) <= 4096
    assert "".join(m.shown for m in sent).replace("\n", "") == LONG.replace("\n", "")
    assert sent[-1].buttons() == [("Export", "p:ics")] and not sent[0].buttons()


def retried_after_wait(calls: list[Call], method: str, wait: float) -> bool:
    """Every 429 of ``method`` is retried no sooner than ``wait``, and the last call succeeds."""
    mine = [c for c in calls if c.method == method]
    floods = [i for i, c in enumerate(mine) if c.status == 429]
    waited = all(i + 1 < len(mine) and mine[i + 1].at - mine[i].at >= wait for i in floods)
    return bool(floods) and waited and mine[-1].status == 200


async def test_429_on_sends_is_waited_out_and_every_part_arrives(webhook_bot: Harness) -> None:
    bot = webhook_bot  # the renderer and sender do not depend on how updates arrive
    bot.standin.flood("sendMessage", retry_after=1, times=2)
    r = responder(bot, Target(802))
    async with r:
        await r.render(FinalMessage(LONG))
    sent = bot.standin.messages(802)
    assert len(sent) == len(bot.standin.calls_of("sendMessage")) - 2 >= 3
    assert "".join(m.shown for m in sent).replace("\n", "") == LONG.replace("\n", "")
    assert retried_after_wait(bot.standin.calls, "sendMessage", 1.0)
    registry = bot.worker.metrics.registry
    assert registry.get_sample_value("bundletrip_api_retries_total", {"platform": "telegram"}) == 2


async def test_429_on_edits_is_waited_out_and_the_final_text_shows(bot: Harness) -> None:
    group = group_chat(-100900)
    ann = user(901, "Ann")
    await bot.say(group, ann, f"/plan@bundletrip_test_bot {TRIP}")
    bot.standin.flood("editMessageText", retry_after=1, times=1)
    bot.standin.flood("sendMessage", retry_after=1, times=1)
    await bot.say(group, ann, "@bundletrip_test_bot yes")
    plan = bot.standin.messages(-100900)[1:]
    assert plan[0].parse_mode == "HTML" and "Day 1" in plan[0].shown
    assert ("📅 Export .ics", "p:ics") in plan[-1].buttons()
    assert retried_after_wait(bot.standin.calls, "editMessageText", 1.0)
    assert retried_after_wait(bot.standin.calls, "sendMessage", 1.0)


async def test_typing_is_shown_while_work_runs_and_stops_at_the_first_text(
    webhook_bot: Harness,
) -> None:
    bot = webhook_bot  # the renderer and sender do not depend on how updates arrive
    r = responder(bot, Target(803))
    async with r:
        await r.render(Working())
        await bot.standin.wait_for(lambda: bool(bot.standin.calls_of("sendChatAction")))
        await r.render(TextDelta("Thinking about "))
        await r.render(FinalMessage("Thinking about Sentosa."))
    methods = [c.method for c in bot.standin.calls if c.params.get("chat_id") == "803"]
    assert methods == ["sendChatAction", "sendMessageDraft", "sendMessage"]


async def test_unchanged_edit_is_not_an_error(webhook_bot: Harness) -> None:
    bot = webhook_bot  # the renderer and sender do not depend on how updates arrive
    group = Target(-100901, is_private=False)
    r = responder(bot, group)
    async with r:
        await r.render(TextDelta("Same text"))
        await r.render(FinalMessage("Same text"))
    [message] = bot.standin.messages(-100901)
    assert message.shown == "Same text"
    assert message.parse_mode == "HTML"  # the final edit switched it to HTML; not "not modified"


async def test_group_pacer_spaces_sends_and_keeps_twenty_a_minute() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = GroupPacer(interval=1.0, per_minute=20, clock=lambda: now[0], sleep=sleep)
    for _ in range(21):
        await pacer.acquire(-1)
    assert slept[:19] == [1.0] * 19
    assert slept[19] == 41.0  # the 21st waits until the first is a minute old
    await asyncio.sleep(0)


@pytest.mark.thinking  # typing shows only while a model thinks
async def test_a_streamed_private_plan_costs_one_typing_few_drafts_one_send_per_part(
    bot: Harness,
) -> None:
    chat, ann = private_chat(804), user(804, "Ann")
    await bot.say(chat, ann, "/plan")
    await bot.say(chat, ann, TRIP)
    before = len(bot.standin.calls)
    await bot.say(chat, ann, "yes")
    methods = [c.method for c in bot.standin.calls[before:]]
    parts = len(bot.standin.messages(804)) - 2
    assert methods.count("sendChatAction") == 1
    assert 1 <= methods.count("sendMessageDraft") <= 4  # 4 deltas, drafts paced at 0.05 s here
    assert methods.count("sendMessage") == parts
