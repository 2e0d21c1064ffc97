"""A day's area decided by a native Telegram poll: "Day 1: <area> or <area>?", votes mapped back,
the poll stopped, the winner's area planned and the pinned plan edited to v2."""

from __future__ import annotations

from standins.telegram_updates import group_chat, poll_answer, user
from tests.support.telegram import Harness

GROUP = group_chat(-100901)
ANN = user(621, "Ann")
BEN = user(622, "Ben")
BOT = "@bundletrip_test_bot"


async def test_wishes_in_two_areas_open_a_native_day_poll_and_the_winner_is_planned(
    bot: Harness,
) -> None:
    await bot.say(GROUP, ANN, f"{BOT} I want the ArtScience Museum and CE LA VI")
    await bot.say(GROUP, BEN, f"{BOT} I want the Singapore Zoo and Bird Paradise")
    await bot.say(GROUP, ANN, f"{BOT} 2 adults, 1 day on 12 March 2027")
    summary = bot.standin.messages(-100901)[-1]
    await bot.press(GROUP, ANN, "i:go", summary)

    [poll] = bot.standin.polls(-100901)
    assert poll.poll is not None and poll.poll["is_anonymous"] is False
    question = poll.poll["question"]
    assert question.startswith("Day 1: ") and "A tie keeps the current plan" in question
    labels = [o["text"] for o in poll.poll["options"]]
    areas = [label.split(" — ")[0] for label in labels]
    assert len(labels) == 2 and question.startswith(f"Day 1: {areas[0]} or {areas[1]}?")
    wished = labels[1].split(" — ")[1].split(", ")

    await bot.deliver(poll_answer(poll.poll["id"], ANN, [1]))
    await bot.deliver(poll_answer(poll.poll["id"], BEN, [1]))
    [stopped] = bot.standin.calls_of("stopPoll")
    assert stopped.params["message_id"] == str(poll.message_id)
    result = next(m for m in bot.standin.messages(-100901) if "Poll closed" in m.shown)
    assert f"Poll closed: day 1 in {areas[1]} (2 of 2 votes)" in result.shown
    assert any(name in result.shown.split("Your Singapore plan")[1] for name in wished)
    [pinned] = [m for m in bot.standin.messages(-100901) if m.shown.startswith("📌 v")]
    edited = bot.standin.sent[(-100901, pinned.message_id)]
    assert edited.shown.startswith(f"📌 v2 · changed by Ben: Day 1: {areas[1]} (poll)")
