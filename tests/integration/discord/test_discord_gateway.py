"""The real discord.py client connects to the stand-in: handshake, intents, shards, command sync."""

from __future__ import annotations

from bot.config import Settings
from standins.discord_api import FakeDiscord
from standins.discord_payloads import APP_ID, GUILD_ID, TOKEN
from tests.integration.discord.conftest import Running, running_bot

COMMANDS = {
    "plan", "attraction", "reset", "forget", "usage", "history", "lang", "help", "group", "split",
}  # fmt: skip
MESSAGE_CONTENT = 1 << 15
GUILDS = 1 << 0
POLLS = (1 << 24) | (1 << 25)  # GUILD_MESSAGE_POLLS and DIRECT_MESSAGE_POLLS: the votes


async def test_the_bot_identifies_and_syncs_its_commands_to_the_dev_guild(bot: Running) -> None:
    identify = bot.fake.identifies[0]
    assert identify["token"] == TOKEN
    assert identify["intents"] & GUILDS and identify["intents"] & MESSAGE_CONTENT
    assert identify["intents"] & POLLS == POLLS
    synced = bot.fake.calls_to("PUT", rf"applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    assert {c["name"] for c in synced[0].body} == COMMANDS
    assert not bot.fake.calls_to("PUT", rf"^applications/{APP_ID}/commands")


async def test_without_a_dev_guild_the_commands_sync_globally(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    settings = discord_settings.model_copy(update={"discord_dev_guild_id": None})
    async with running_bot(settings, fake):
        synced = fake.calls_to("PUT", rf"^applications/{APP_ID}/commands$")
        assert {c["name"] for c in synced[0].body} == COMMANDS
        assert not fake.calls_to("PUT", r"guilds/\d+/commands")


async def test_shard_count_and_ids_come_from_the_settings(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    settings = discord_settings.model_copy(
        update={"discord_shard_count": 4, "discord_shard_ids": "2"}
    )
    async with running_bot(settings, fake) as running:
        assert [i["shard"] for i in fake.identifies] == [[2, 4]]
        assert running.client.shard_count == 4
        assert not fake.calls_to("PUT", r"commands")  # only the process with shard 0 syncs


async def test_without_message_content_the_privileged_intent_is_not_requested(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    settings = discord_settings.model_copy(update={"discord_message_content": False})
    async with running_bot(settings, fake):
        assert not fake.identifies[0]["intents"] & MESSAGE_CONTENT
