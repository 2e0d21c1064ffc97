"""The slash-command tree: ``/plan``, ``/attraction`` (with autocomplete), ``/reset``, ``/forget``,
``/usage``, ``/history``, ``/lang`` and ``/help``.

Each command only builds the command line the core parses and hands it to the bridge, whose first
await is ``defer()``. Autocomplete answers at once (it cannot be deferred) from the knowledge base
in memory. ``/usage``, ``/forget`` and ``/lang`` answer privately (ephemeral) in servers.

Descriptions, option names and choice names are marked ``locale_str``; their Korean comes from
:mod:`adapters.discord.localise` at sync. Command names stay English.
"""

from __future__ import annotations

from typing import Any, get_args

import discord
from discord import app_commands
from discord.app_commands import locale_str

from adapters.discord.bridge import Bridge
from adapters.discord.localise import described, localisable, localisable_names
from adapters.discord.translate import (
    AUTOCOMPLETE_LIMIT,
    attraction_choices,
    plan_command_line,
)
from bot.i18n import pick_language, t
from bot.intake.options import TripOptions
from bot.trip import Currency, Transport, TravelStyle


def _choice(key: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=locale_str(t("en", key)), value=value)


STYLES = [_choice(f"style.{s}", s.value) for s in TravelStyle]
TRANSPORTS = [_choice(f"transport.{m}", m.value) for m in Transport]
CURRENCIES = [_choice(f"discord.choice.{c.lower()}", c) for c in get_args(Currency)]
LANGUAGES = [_choice("discord.choice.english", "en"), _choice("discord.choice.korean", "ko")]


def bridge_of(interaction: discord.Interaction) -> Bridge:
    """The bridge of the client that received ``interaction``."""
    bridge = getattr(interaction.client, "bridge", None)
    if not isinstance(bridge, Bridge):
        raise TypeError("the Discord client has no bundletrip bridge")
    return bridge


def _value(choice: app_commands.Choice[str] | None) -> str | None:
    return choice.value if choice is not None else None


@app_commands.command(name="plan", description=described("plan"))
@app_commands.describe(**localisable(
    "days", "start", "end", "style", "style2", "adults", "children", "budget", "currency",
    "transport", "note",
))  # fmt: skip
@app_commands.rename(**localisable_names(
    "days", "start", "end", "style", "style2", "adults", "children", "budget", "currency",
    "transport", "note",
))  # fmt: skip
@app_commands.choices(style=STYLES, style2=STYLES, currency=CURRENCIES, transport=TRANSPORTS)
async def plan(
    interaction: discord.Interaction,
    days: app_commands.Range[int, 1, 14] | None = None,
    start: app_commands.Range[str, 1, 40] | None = None,
    end: app_commands.Range[str, 1, 40] | None = None,
    style: app_commands.Choice[str] | None = None,
    style2: app_commands.Choice[str] | None = None,
    adults: app_commands.Range[int, 1, 20] | None = None,
    children: app_commands.Range[int, 0, 19] | None = None,
    budget: app_commands.Range[int, 1, 100_000_000] | None = None,
    currency: app_commands.Choice[str] | None = None,
    transport: app_commands.Choice[str] | None = None,
    note: app_commands.Range[str, 1, 300] | None = None,
) -> None:
    options = TripOptions(
        days=days, start=start, end=end, adults=adults, children=children, budget=budget,
        styles=[s for s in (_value(style), _value(style2)) if s],
        currency=_value(currency) or "SGD", transport=_value(transport), note=note,
    )  # fmt: skip
    await bridge_of(interaction).plan(interaction, plan_command_line(options))


@app_commands.command(name="attraction", description=described("attraction"))
@app_commands.describe(**localisable("query"))
@app_commands.rename(**localisable_names("query"))
async def attraction(
    interaction: discord.Interaction, query: app_commands.Range[str, 1, 100]
) -> None:
    await bridge_of(interaction).slash(interaction, f"/attraction {query}")


@attraction.autocomplete("query")
async def attraction_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    # The core's rule: Hangul typed in the query first, then the Discord client's language.
    korean = pick_language(None, current, str(interaction.locale)) == "ko"
    places = bridge_of(interaction).service.suggest_attractions(current, AUTOCOMPLETE_LIMIT)
    return attraction_choices(places, korean)


@app_commands.command(name="reset", description=described("reset"))
async def reset(interaction: discord.Interaction) -> None:
    await bridge_of(interaction).slash(interaction, "/reset")


@app_commands.command(name="forget", description=described("forget"))
async def forget(interaction: discord.Interaction) -> None:
    await bridge_of(interaction).slash(interaction, "/forget", private=True)


@app_commands.command(name="usage", description=described("usage"))
async def usage(interaction: discord.Interaction) -> None:
    await bridge_of(interaction).slash(interaction, "/usage", private=True)


@app_commands.command(name="history", description=described("history"))
async def history(interaction: discord.Interaction) -> None:
    await bridge_of(interaction).slash(interaction, "/history")


@app_commands.command(name="lang", description=described("lang"))
@app_commands.describe(**localisable("language"))
@app_commands.rename(**localisable_names("language"))
@app_commands.choices(language=LANGUAGES)
async def lang(interaction: discord.Interaction, language: app_commands.Choice[str]) -> None:
    await bridge_of(interaction).slash(interaction, f"/lang {language.value}", private=True)


@app_commands.command(name="help", description=described("help"))
async def help_(interaction: discord.Interaction) -> None:
    await bridge_of(interaction).slash(interaction, "/help")


@app_commands.command(name="group", description=described("group"))
async def group(interaction: discord.Interaction) -> None:
    await bridge_of(interaction).slash(interaction, "/group")


@app_commands.command(name="split", description=described("split"))
async def split(interaction: discord.Interaction) -> None:
    await bridge_of(interaction).slash(interaction, "/split")


COMMANDS: tuple[app_commands.Command[Any, ..., None], ...] = (
    plan, attraction, reset, forget, usage, history, lang, help_, group, split,
)  # fmt: skip


def add_commands(tree: app_commands.CommandTree[Any]) -> None:
    """Register every bundletrip command on ``tree``, usable in servers and in DMs."""
    for command in COMMANDS:
        command.allowed_contexts = app_commands.AppCommandContext(guild=True, dm_channel=True)
        tree.add_command(command)
