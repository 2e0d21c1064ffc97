"""Route maps on Discord: each day's map is its embed's image, sent as an attachment."""

from __future__ import annotations

import struct

from standins.discord_payloads import DM_CHANNEL_ID, Shown
from tests.integration.discord.conftest import Running
from tests.integration.discord.test_discord_plan import PLAN, answered


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int(struct.unpack(">I", data[16:20])[0])


DAYS = int(str(PLAN["days"]))  # the trip length the slash command asks for


def maps(messages: list[Shown]) -> list[Shown]:
    return [m for m in messages if m.files and m.files[0][0].endswith(".png")]


async def test_every_day_of_a_plan_gets_its_map_as_the_embed_image(bot: Running) -> None:
    fake = bot.fake
    summary = await answered(fake, await fake.slash("plan", PLAN, channel="dm"))
    await fake.press(summary.id, "i:go")
    days = DAYS
    shown = await fake.wait_for(
        lambda: (
            len(maps(fake.bot_messages(DM_CHANNEL_ID))) == days + 1
            and maps(fake.bot_messages(DM_CHANNEL_ID))
        )
    )
    overview, *per_day = shown
    assert "overview" in overview.files[0][0]
    for number, message in enumerate(per_day, 1):
        ((name, data),) = message.files
        assert name.endswith(f"day{number}.png") and png_width(data) == 1280
        (embed,) = message.embeds
        assert embed["image"]["url"] == f"attachment://{name}"
        assert embed["title"].startswith(f"Day {number} ·")
        assert message.custom_ids() == [f"m:stops:{number}"]


async def test_the_stops_button_lists_the_days_stops_with_map_links(bot: Running) -> None:
    fake = bot.fake
    summary = await answered(fake, await fake.slash("plan", PLAN, channel="dm"))
    await fake.press(summary.id, "i:go")
    shown = await fake.wait_for(
        lambda: (
            len(maps(fake.bot_messages(DM_CHANNEL_ID))) == DAYS + 1
            and maps(fake.bot_messages(DM_CHANNEL_ID))
        )
    )
    before = {m.id for m in fake.bot_messages(DM_CHANNEL_ID)}
    await fake.press(shown[1].id, "m:stops:1")
    stops = await fake.wait_for(
        lambda: [m for m in fake.bot_messages(DM_CHANNEL_ID) if m.id not in before and m.text()]
    )
    text = stops[0].text()
    assert text.startswith("**1.") and "google.com/maps/search/?api=1&query=1." in text
    assert text.count("https://www.google.com/maps") >= 3
