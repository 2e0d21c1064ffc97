"""A group trip on Telegram: wishes, a native poll when a wish must go, votes mapped back."""

from __future__ import annotations

from typing import Any

from bot.group.render import Places
from bot.messages import ConversationKey
from standins.telegram_updates import group_chat, poll_answer, user
from tests.support.groups import (
    assert_drop_poll_is_about_the_plan,
    assert_each_member_served,
    assert_the_vote_is_planned,
    fair_lines,
)
from tests.support.telegram import Harness

GROUP = group_chat(-100900)
ANN = user(611, "Ann")
BEN = user(612, "Ben")
BOT = "@bundletrip_test_bot"
WISHED_BY = {"Singapore Zoo (Mandai)": "Ann", "Universal Studios Singapore": "Ben"}


async def _plan_that_drops_a_wish(bot: Harness) -> None:
    await bot.say(GROUP, ANN, f"{BOT} I want to see the Singapore Zoo")  # one day: not with USS
    await bot.say(GROUP, BEN, f"{BOT} I want Universal Studios")
    await bot.say(GROUP, ANN, f"{BOT} 2 adults, 1 day on 12 March 2027")
    summary = bot.standin.messages(-100900)[-1]
    await bot.press(GROUP, ANN, "i:go", summary)


def _dropped_and_kept(poll: dict[str, Any]) -> tuple[str, str]:
    """The wish the plan dropped (the first option) and the one it kept, read from the poll."""
    labels = [o["text"] for o in poll["options"]]
    assert all(label.startswith("Drop ") for label in labels)
    dropped, kept = (label.removeprefix("Drop ") for label in labels)
    assert {dropped, kept} == set(WISHED_BY)  # the planner may keep either; the poll names both
    return dropped, kept


async def test_a_wish_that_does_not_fit_opens_a_native_poll_and_the_votes_decide(
    bot: Harness,
) -> None:
    await _plan_that_drops_a_wish(bot)
    [poll] = bot.standin.polls(-100900)
    assert poll.poll is not None and poll.poll["is_anonymous"] is False
    assert "A tie keeps the current plan" in poll.poll["question"]
    dropped, kept = _dropped_and_kept(poll.poll)
    shown = "\n".join(m.shown for m in bot.standin.messages(-100900))
    assert f"{dropped} did not fit the days — vote to swap?" in shown

    (pinned,) = [m for m in bot.standin.messages(-100900) if m.shown.startswith("📌 v1")]
    assert pinned.shown.startswith("📌 v1 · changed by Ann: made the plan")
    assert kept in pinned.shown and dropped not in pinned.shown
    (pin,) = bot.standin.calls_of("pinChatMessage")
    assert pin.params["message_id"] == str(pinned.message_id)
    assert pin.params["disable_notification"] == "true"

    before = len(bot.standin.messages(-100900))
    await bot.deliver(poll_answer(poll.poll["id"], ANN, [1]))  # drop the kept one: a swap
    assert len(bot.standin.messages(-100900)) == before  # a native poll shows the vote itself
    await bot.deliver(poll_answer(poll.poll["id"], BEN, [1]))

    [stopped] = bot.standin.calls_of("stopPoll")
    assert stopped.params["message_id"] == str(poll.message_id)
    result = next(m for m in bot.standin.messages(-100900) if "Poll closed" in m.shown)
    assert f"Poll closed: drop {kept} (2 of 2 votes)" in result.shown
    assert f"{WISHED_BY[dropped]}: 1/1 of your wishes ✓" in result.shown
    served, wished, why = fair_lines(result.shown)[WISHED_BY[kept]]
    assert (served, wished) == (0, 1) and why.endswith(f" · {kept} was dropped by the group's vote")
    edited = bot.standin.sent[(-100900, pinned.message_id)]
    assert edited.edits == 1
    assert edited.shown.startswith(f"📌 v2 · changed by Ben: swapped {kept} for {dropped} (poll)")
    assert dropped in edited.shown and "Cost per member:" in edited.shown
    assert kept not in edited.shown.split("\n", 1)[1]  # the swap: the vote's loser left the plan
    assert len(bot.standin.calls_of("pinChatMessage")) == 1  # one plan, edited in place


async def test_a_vote_for_a_poll_the_bot_did_not_open_is_ignored(bot: Harness) -> None:
    await bot.deliver(poll_answer("someone-elses-poll", ANN, [0]))
    assert bot.standin.messages(-100900) == []


async def test_the_older_plan_message_is_marked_superseded_when_a_vote_changes_the_plan(
    bot: Harness,
) -> None:
    await _plan_that_drops_a_wish(bot)
    [poll] = bot.standin.polls(-100900)
    assert poll.poll is not None
    _, kept = _dropped_and_kept(poll.poll)
    [first_plan] = [
        m for m in bot.standin.messages(-100900)
        if "Cost per member:" in m.shown and not m.shown.startswith("📌")
    ]  # fmt: skip
    assert "Superseded" not in first_plan.shown
    await bot.deliver(poll_answer(poll.poll["id"], ANN, [1]))
    await bot.deliver(poll_answer(poll.poll["id"], BEN, [1]))

    marked = bot.standin.sent[(-100900, first_plan.message_id)]
    assert marked.shown.startswith("⚠️ Superseded — see the pinned plan (v2).")
    assert kept in marked.shown  # the old plan stays readable under the mark
    assert len(marked.shown) <= 4096
    newest = next(m for m in bot.standin.messages(-100900) if "Poll closed" in m.shown)
    assert not bot.standin.sent[(-100900, newest.message_id)].shown.startswith("⚠️")


async def test_a_poll_closes_at_its_deadline_by_the_workers_sweep_without_a_new_message(
    bot: Harness,
) -> None:
    await _plan_that_drops_a_wish(bot)
    [poll] = bot.standin.polls(-100900)
    assert poll.poll is not None
    dropped, kept = _dropped_and_kept(poll.poll)
    await bot.deliver(poll_answer(poll.poll["id"], ANN, [1]))  # Ben never votes
    groups = bot.worker.adapter.core.service.groups
    assert await bot.worker.sweep.sweep_once() == 0  # not due yet
    opened = groups.clock()
    groups.clock = lambda: opened + 24 * 3600 + 60  # the injected clock, a minute past 24 h
    assert await bot.worker.sweep.sweep_once() == 1

    [stopped] = bot.standin.calls_of("stopPoll")
    assert stopped.params["message_id"] == str(poll.message_id)
    result = next(m for m in bot.standin.messages(-100900) if "Poll closed" in m.shown)
    assert f"Poll closed: drop {kept} (1 of 1 votes)" in result.shown
    assert f"{WISHED_BY[dropped]}: 1/1 of your wishes ✓" in result.shown  # re-planned, swapped
    [pinned] = [m for m in bot.standin.messages(-100900) if m.shown.startswith("📌 v2")]
    assert f"changed by the poll's deadline: swapped {kept} for {dropped} (poll)" in pinned.shown
    days = pinned.shown.split("\n", 1)[1]  # the plan under its version line
    assert dropped in days and kept not in days
    assert await bot.worker.sweep.sweep_once() == 0  # closed once


async def test_an_old_plan_message_that_is_gone_is_left_and_the_turn_carries_on(
    bot: Harness,
) -> None:
    await _plan_that_drops_a_wish(bot)
    [poll] = bot.standin.polls(-100900)
    assert poll.poll is not None
    [first_plan] = [
        m for m in bot.standin.messages(-100900)
        if "Cost per member:" in m.shown and not m.shown.startswith("📌")
    ]  # fmt: skip
    del bot.standin.sent[(-100900, first_plan.message_id)]  # deleted by an admin meanwhile
    await bot.deliver(poll_answer(poll.poll["id"], ANN, [1]))
    await bot.deliver(poll_answer(poll.poll["id"], BEN, [1]))

    assert any("Poll closed" in m.shown for m in bot.standin.messages(-100900))
    [pinned] = [m for m in bot.standin.messages(-100900) if m.shown.startswith("📌 v2")]
    assert not any(m.shown.startswith("⚠️") for m in bot.standin.messages(-100900))
    assert pinned.edits == 1
    tried = [c.params["message_id"] for c in bot.standin.calls_of("editMessageText")]
    assert str(first_plan.message_id) in tried  # the mark was tried, refused, and logged


MINSU = user(613, "민수", "ko")


async def test_three_members_plan_the_issues_trip_with_native_polls(bot: Harness) -> None:
    """Dates by a poll, a wish that does not fit settled by a poll, each winner planned, every
    cap kept, cost and a fairness line per member, one pinned plan edited in place."""
    chat = -100900
    wishes = [
        (ANN, "I want the Night Safari, Adventure Cove Waterpark and the S.E.A. Aquarium"),
        (BEN, "my budget is S$400 and I arrive on day 2"),
        (BEN, "I want Universal Studios and Gardens by the Bay"),
        (MINSU, "저는 박물관은 싫어요. 싱가포르 동물원, 리버 원더스, 버드 파라다이스 가고 싶어요"),
        (ANN, "3 adults, 3 days from 12 March 2027"),
        (BEN, "can we do 13-15 March 2027 instead?"),
    ]
    for who, text in wishes:
        await bot.say(GROUP, who, f"{BOT} {text}")
    shown = "\n".join(m.shown for m in bot.standin.messages(chat))
    assert "Noted for Ben: cap S$400 · from day 2" in shown and "민수님 바람을 기록했어요" in shown

    [dates] = bot.standin.polls(chat)
    assert dates.poll is not None and dates.poll["is_anonymous"] is False
    assert [o["text"] for o in dates.poll["options"]] == [
        "12 Mar – 14 Mar 2027", "13 Mar – 15 Mar 2027",
    ]  # fmt: skip
    for voter in (MINSU, ANN, BEN):  # the last vote's language tells the result
        await bot.deliver(poll_answer(dates.poll["id"], voter, [1]))
    summary = next(m for m in bot.standin.messages(chat) if "Poll closed: 13 Mar" in m.shown)
    assert "(3 of 3 votes)" in summary.shown and "2027-03-13 → 2027-03-15" in summary.shown
    await bot.press(GROUP, ANN, "i:go", summary)

    _, drop = bot.standin.polls(chat)
    assert drop.poll is not None
    core = bot.worker.adapter.core
    key = ConversationKey("telegram", str(chat))
    state = await core.service.conversations.load(key)
    poll = state.group.polls[1]
    assert_drop_poll_is_about_the_plan(state, poll)  # not which place: the planner may change
    kept, voted_out = poll.options[:2]
    names = Places(core.planner.kb, "en")
    labels = [o["text"] for o in drop.poll["options"]]
    assert labels[:2] == [f"Drop {names(kept)}", f"Drop {names(voted_out)}"]
    (pinned,) = [m for m in bot.standin.messages(chat) if m.shown.startswith("📌 v1")]
    for voter in (MINSU, ANN, BEN):
        await bot.deliver(poll_answer(drop.poll["id"], voter, [1]))  # keep what the plan dropped
    assert len(bot.standin.calls_of("stopPoll")) == 2  # both polls stopped on Telegram

    closed = f"Poll closed: drop {names(voted_out)}"
    result = next(m for m in bot.standin.messages(chat) if closed in m.shown)
    assert "(3 of 3 votes)" in result.shown
    assert_each_member_served(result.shown, ["Ann", "Ben", "민수"])  # a line per member
    state = await core.service.conversations.load(key)
    assert_the_vote_is_planned(state, kept, voted_out, result.shown, core.planner.kb)
    assert "Cost per member:" in result.shown and "(days 2–3)" in result.shown
    edited = bot.standin.sent[(chat, pinned.message_id)]
    version, days = edited.shown.split("\n", 1)
    assert version.startswith("📌 v2 · changed by Ben: ") and version.endswith(" (poll)")
    assert names(kept) in version and names(voted_out) in version  # what the vote changed
    assert names(kept) in days and names(voted_out) not in days
    assert len(bot.standin.calls_of("pinChatMessage")) == 1  # one plan, edited in place

    ledger_before = len(bot.standin.messages(chat))
    await bot.say(GROUP, BEN, "/group")
    ledger = bot.standin.messages(chat)[ledger_before:]
    text = "\n".join(m.shown for m in ledger)
    share = int(text.split("share S$")[2].split(" ")[0].replace(",", ""))
    assert share <= 400 and "of a S$400 cap" in text  # Ben's cap kept
