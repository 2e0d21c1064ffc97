"""The synced commands carry Korean localisations; English stays the default, names stay English."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands

from adapters.discord.localise import KoreanTranslator
from bot.config import Settings
from standins.discord_api import FakeDiscord
from standins.discord_payloads import APP_ID, GUILD_ID
from tests.integration.discord.conftest import Running, running_bot

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Discord's ^[-_\p{L}\p{N}]{1,32}$ for names; Python's \w is letters, digits and underscore.
DISCORD_NAME = re.compile(r"[-\w]{1,32}")
ENGLISH_DESCRIPTIONS = {
    "plan": "Plan a Singapore trip (every option is optional)",
    "lang": "Language of the replies",
}


def synced_commands(fake: FakeDiscord, path: str) -> list[dict[str, Any]]:
    calls = fake.calls_to("PUT", path)
    assert calls, f"no command sync to {path}"
    body: list[dict[str, Any]] = calls[-1].body
    return body


def options_and_choices(command: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    options = command.get("options") or []
    return options, [choice for option in options for choice in option.get("choices") or []]


async def test_every_command_describes_itself_in_korean_and_keeps_its_english_name(
    bot: Running,
) -> None:
    commands = synced_commands(bot.fake, rf"applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    for command in commands:
        assert command["name"].isascii() and command["name"] == command["name"].lower()
        assert not command.get("name_localizations"), command["name"]  # typed in English
        assert not HANGUL.search(command["description"]), command["name"]
        assert set(command["description_localizations"]) == {"ko"}, command["name"]
        assert HANGUL.search(command["description_localizations"]["ko"]), command["name"]
    by_name = {c["name"]: c for c in commands}
    for name, english in ENGLISH_DESCRIPTIONS.items():
        assert by_name[name]["description"] == english


async def test_every_option_and_choice_has_a_korean_name_and_the_english_default(
    bot: Running,
) -> None:
    commands = synced_commands(bot.fake, rf"applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    for command in commands:
        options, choices = options_and_choices(command)
        korean_names = [option["name_localizations"]["ko"] for option in options]
        assert len(set(korean_names)) == len(korean_names), command["name"]
        for option, korean in zip(options, korean_names, strict=True):
            where = f"/{command['name']} {option['name']}"
            assert option["name"].isascii() and not HANGUL.search(option["description"]), where
            assert DISCORD_NAME.fullmatch(korean) and korean == korean.lower(), where
            assert HANGUL.search(option["description_localizations"]["ko"]), where
            assert len(option["description_localizations"]["ko"]) <= 100, where
        for choice in choices:
            assert set(choice["name_localizations"]) == {"ko"}, choice
            assert len(choice["name_localizations"]["ko"]) <= 100, choice
    plan = next(c for c in commands if c["name"] == "plan")
    style = next(o for o in options_and_choices(plan)[0] if o["name"] == "style")
    food = next(c for c in style["choices"] if c["value"] == "food")
    assert (food["name"], food["name_localizations"]) == ("Food", {"ko": "맛집"})


async def test_a_global_sync_carries_the_korean_localisations_too(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    settings = discord_settings.model_copy(update={"discord_dev_guild_id": None})
    async with running_bot(settings, fake):
        commands = synced_commands(fake, rf"^applications/{APP_ID}/commands$")
        assert all("ko" in c["description_localizations"] for c in commands)


async def test_the_translator_leaves_other_locales_to_the_english_default() -> None:
    translator = KoreanTranslator()
    choice = app_commands.Choice(name=app_commands.locale_str("Food"), value="food")
    context: app_commands.TranslationContextTypes = app_commands.TranslationContext(
        location=app_commands.TranslationContextLocation.choice_name, data=choice
    )
    text = app_commands.locale_str("Food")
    assert await translator.translate(text, discord.Locale.korean, context) == "맛집"
    assert await translator.translate(text, discord.Locale.japanese, context) is None
    unknown = app_commands.locale_str("Not in the table")
    assert await translator.translate(unknown, discord.Locale.korean, context) is None
