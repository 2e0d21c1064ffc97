"""``/plan`` end to end: acknowledged at once, a thread per trip, buttons that edit the plan."""

from __future__ import annotations

from pydantic import SecretStr

from bot.config import Settings
from standins.discord_api import FakeDiscord
from standins.discord_payloads import (
    BOT_ID,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    TOKEN,
    Context,
    Shown,
)
from tests.integration.discord.conftest import Running, running_bot

PLAN = {"days": 4, "start": "2027-03-12", "adults": 2, "style": "food", "style2": "nature",
        "budget": 1500, "transport": "taxi"}  # fmt: skip
DEADLINE_S = 3.0  # Discord's: acknowledge an interaction within three seconds


async def acknowledged(fake: FakeDiscord, ctx: Context) -> int:
    """The type of the interaction's callback, checked to be the first call and in time."""
    calls = await fake.wait_for(lambda: fake.calls_to("POST", rf"interactions/{ctx.id}/"))
    callback = calls[0]
    assert callback.at - ctx.dispatched_at < DEADLINE_S
    first_after = next(c for c in fake.calls if c.at >= ctx.dispatched_at)
    assert first_after is callback, "defer() must come before any other call"
    return int(callback.body["type"])


async def answered(fake: FakeDiscord, ctx: Context) -> Shown:
    """The interaction's original response once the bot filled it in."""
    await acknowledged(fake, ctx)
    shown: Shown = await fake.wait_for(
        lambda: ctx.original and not fake.messages[ctx.original].loading
        and fake.messages[ctx.original]
    )  # fmt: skip
    return shown


def check_plan_limits(message: Shown) -> None:
    assert message.embeds and len(message.embeds) <= 10
    assert all(len(e["description"]) <= 4096 for e in message.embeds)
    assert sum(len(e["description"]) for e in message.embeds) <= 6000


async def test_plan_in_a_dm_is_deferred_at_once_then_answered_and_continues_in_the_dm(
    bot: Running,
) -> None:
    fake = bot.fake
    ctx = await fake.slash("plan", PLAN, channel="dm")
    summary = await answered(fake, ctx)
    assert fake.calls_to("POST", rf"interactions/{ctx.id}/")[0].body["type"] == 5
    assert "2027-03-12" in summary.content and "i:go" in summary.custom_ids()
    assert not fake.calls_to("POST", r"threads")

    press = await fake.press(summary.id, "i:go")
    assert await acknowledged(fake, press) == 6  # a deferred update of the pressed message
    plan = await fake.wait_for(
        lambda: fake.messages[summary.id].embeds and fake.messages[summary.id]
    )
    check_plan_limits(plan)
    assert "Day 1" in plan.text() and "Marina Bay" in plan.text()
    assert plan.components and plan.components[0]["components"][0]["type"] == 3  # plan actions

    again = await fake.slash("plan", channel="dm")
    shown = await answered(fake, again)
    check_plan_limits(shown)
    assert "Day 1" in shown.text()


async def test_plan_in_a_server_channel_opens_a_trip_thread_where_plain_messages_continue(
    bot: Running,
) -> None:
    fake = bot.fake
    ctx = await fake.slash("plan", PLAN)
    pointer = await answered(fake, ctx)
    (thread_id,) = fake.threads
    assert f"<#{thread_id}>" in pointer.content
    assert fake.calls_to("POST", rf"channels/{CHANNEL_ID}/threads")[0].body["type"] == 11
    summary = await fake.wait_for(lambda: fake.bot_messages(thread_id))
    assert "i:go" in summary[-1].custom_ids()

    await fake.say("make it 3 days please", channel=thread_id)  # no mention needed here
    reply = await fake.wait_for(lambda: fake.bot_messages(thread_id)[1:])
    assert "3 days" in reply[-1].content

    press = await fake.press(reply[-1].id, "i:go")
    assert await acknowledged(fake, press) == 6
    plan = await fake.wait_for(
        lambda: fake.messages[reply[-1].id].embeds and fake.messages[reply[-1].id]
    )
    check_plan_limits(plan)
    assert "Day 3" in plan.text() and "Day 4" not in plan.text()
    assert [m.id for m in fake.bot_messages(CHANNEL_ID)] == [
        pointer.id
    ]  # the rest is in the thread


async def test_a_trip_thread_missing_from_the_cache_is_still_recognised(
    discord_settings: Settings,
) -> None:
    async with FakeDiscord(thread_create_events=False) as fake:
        settings = discord_settings.model_copy(update={
            "discord_api_base_url": fake.api_url, "discord_gateway_url": fake.gateway_url,
            "discord_bot_token": SecretStr(TOKEN)})  # fmt: skip
        async with running_bot(settings, fake):
            await answered(fake, await fake.slash("plan", PLAN))
            (thread_id,) = fake.threads
            await fake.wait_for(lambda: fake.bot_messages(thread_id))
            await fake.say("make it 3 days please", channel=thread_id)
            reply = await fake.wait_for(lambda: fake.bot_messages(thread_id)[1:])
            assert "3 days" in reply[-1].content


async def test_in_a_server_channel_only_mentions_and_replies_reach_the_bot(bot: Running) -> None:
    fake = bot.fake
    await fake.say("3 days for 2 adults from 12 March 2027", channel="guild")
    await fake.say("3 days for 2 adults from 12 March 2027", channel="guild", mention=True)
    first = await fake.wait_for(lambda: fake.bot_messages(CHANNEL_ID))
    assert len(first) == 1 and "2027-03-12" in first[0].content
    assert f"{BOT_ID}" not in first[0].content

    await fake.say("with food and nature please", channel="guild", reply_to=first[0].id)
    second = await fake.wait_for(lambda: fake.bot_messages(CHANNEL_ID)[1:])
    assert "Food" in second[0].content


async def test_an_ics_export_arrives_as_an_attachment_and_leaves_the_plan_in_place(
    bot: Running,
) -> None:
    fake = bot.fake
    summary = await answered(fake, await fake.slash("plan", PLAN, channel="dm"))
    await fake.press(summary.id, "i:go")
    plan = await fake.wait_for(
        lambda: fake.messages[summary.id].embeds and fake.messages[summary.id]
    )
    edits = plan.edits

    await fake.press(summary.id, "bt:select:0", value="p:ics")
    files = await fake.wait_for(
        lambda: [m for m in fake.bot_messages(DM_CHANNEL_ID) if m.files and ".ics" in m.files[0][0]]
    )  # the plan's route maps are attachments too
    name, data = files[0].files[0]
    assert name.endswith(".ics") and b"BEGIN:VCALENDAR" in data
    assert fake.messages[summary.id].edits == edits
