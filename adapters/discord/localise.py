"""Korean texts of the slash commands, synced as Discord's command localisations.

The commands are written in English, with the texts to translate marked as ``locale_str``. At sync
discord.py asks the tree's translator for every locale; :class:`KoreanTranslator` answers for
``ko`` from tables built from the message catalogue (:mod:`bot.i18n.platforms`; gettext style:
the English text is the key) and with ``None`` for the rest, so the payload carries ``ko`` in
``name_localizations`` / ``description_localizations`` and English stays the default.

Command names stay English: they are what people type in every language and what ``/help``
mentions. Option names, descriptions and choice names are localised. Discord always sends the
default (English) names back in an interaction, so the handlers never see the Korean ones.
A text missing from a table falls back to English; the integration tests require each one.
"""

from __future__ import annotations

from collections.abc import Mapping

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where
from discord.app_commands import locale_str

from bot.i18n import MESSAGES, t


def _korean_of(*prefixes: str) -> dict[str, str]:
    """English text -> Korean text of the catalogue's messages under ``prefixes``."""
    return {t("en", key): t("ko", key) for key in MESSAGES if key.startswith(prefixes)}


DESCRIPTIONS = _korean_of("discord.command.", "discord.option.")
# Discord's rule for option names: lowercase, ^[-_\p{L}\p{N}]{1,32}$ (Hangul has no case).
OPTION_NAMES = _korean_of("discord.option_name.")
CHOICE_NAMES = _korean_of("style.", "transport.", "discord.choice.")

_TABLES: dict[Where, Mapping[str, str]] = {
    Where.command_description: DESCRIPTIONS,
    Where.parameter_description: DESCRIPTIONS,
    Where.parameter_name: OPTION_NAMES,
    Where.choice_name: CHOICE_NAMES,
}


def described(command: str) -> locale_str:
    """A command's description, marked for translation."""
    return locale_str(t("en", f"discord.command.{command}"))


def localisable(*options: str) -> dict[str, locale_str]:
    """Options' descriptions, marked for translation (for ``app_commands.describe``)."""
    return {option: locale_str(t("en", f"discord.option.{option}")) for option in options}


def localisable_names(*options: str) -> dict[str, locale_str]:
    """Mark option names for translation, unchanged in English (for ``app_commands.rename``)."""
    return {option: locale_str(option) for option in options}


class KoreanTranslator(app_commands.Translator):
    """Korean for the ``ko`` locale; ``None`` (Discord shows the English default) otherwise."""

    async def translate(
        self,
        string: locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is not discord.Locale.korean:
            return None
        table = _TABLES.get(context.location)
        return table.get(string.message) if table is not None else None
