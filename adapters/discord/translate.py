"""Discord objects -> :class:`~bot.messages.IncomingMessage` (pure: no I/O).

Identity is the Discord user id. A conversation is the DM channel, or a server channel, or a
thread of a server channel (``chat_id`` = the parent channel, ``thread_id`` = the thread); the
guild id rides along in ``extras``. A slash command becomes the command line the core parses, so
``/plan`` with options and ``/plan 4 days from 12 March`` typed in a thread behave alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import discord
from discord import app_commands

from bot.intake.options import TripOptions, options_sentence
from bot.messages import IncomingMessage, Sender
from bot.planner.kb import Attraction

AUTOCOMPLETE_LIMIT = 25
CHOICE_NAME_LIMIT = 100


@dataclass(frozen=True)
class Place:
    """Where a Discord message or interaction happened, as the core keys conversations."""

    chat_id: str
    thread_id: str | None = None
    guild_id: str | None = None
    is_private: bool = False

    def extras(self) -> dict[str, str]:
        return {"guild_id": self.guild_id} if self.guild_id else {}


def place_of(channel: object, channel_id: int, guild_id: int | None, parent: str | None) -> Place:
    """The place of ``channel``; ``parent`` is a known trip thread's parent channel, if any."""
    guild = str(guild_id) if guild_id else None
    if isinstance(channel, discord.Thread):
        return Place(str(channel.parent_id), str(channel.id), guild)
    if parent is not None:
        return Place(parent, str(channel_id), guild)
    private = guild_id is None and not isinstance(channel, discord.GroupChannel)
    return Place(str(channel_id), None, guild, is_private=private)


def sender_of(user: discord.abc.User, locale: str | None = None) -> Sender:
    return Sender(id=str(user.id), display_name=user.display_name, language_code=locale,
                  is_bot=user.bot)  # fmt: skip


def from_interaction(
    interaction: discord.Interaction, place: Place, *, text: str = "", callback: str | None = None
) -> IncomingMessage:
    """A slash command (as its command line) or a component press (as callback data)."""
    return IncomingMessage(
        platform="discord",
        chat_id=place.chat_id,
        thread_id=place.thread_id,
        message_id=str(interaction.id),
        sender=sender_of(interaction.user, str(interaction.locale)),
        text=text,
        is_private=place.is_private,
        addressed_to_bot=True,
        callback_data=callback,
        extras=place.extras(),
    )


def from_message(
    message: discord.Message, bot_id: int, place: Place, *, in_trip_thread: bool
) -> IncomingMessage | None:
    """A channel message; ``None`` for the bot's own and for system messages."""
    if message.author.id == bot_id or message.type not in (
        discord.MessageType.default,
        discord.MessageType.reply,
    ):
        return None
    mentioned = bot_id in message.raw_mentions
    reference = message.reference
    resolved = reference.resolved if reference else None
    to_bot = isinstance(resolved, discord.Message) and resolved.author.id == bot_id
    return IncomingMessage(
        platform="discord",
        chat_id=place.chat_id,
        thread_id=place.thread_id,
        message_id=str(message.id),
        # A message carries no user locale; the server's preferred locale keeps deciding the
        # language when nothing else does (after /forget, for a message with no Hangul).
        sender=sender_of(message.author, _guild_locale(message)),
        text=strip_mention(message.content, bot_id),
        is_private=place.is_private,
        addressed_to_bot=place.is_private or mentioned or to_bot or in_trip_thread,
        reply_to_message_id=str(reference.message_id)
        if reference and reference.message_id
        else None,
        extras=place.extras(),
    )


def _guild_locale(message: discord.Message) -> str | None:
    guild = message.guild
    locale = getattr(guild, "preferred_locale", None) if guild is not None else None
    return str(locale) if locale is not None else None


def strip_mention(content: str, bot_id: int) -> str:
    """The text without the bot's own mention (``<@id>`` or ``<@!id>``)."""
    return re.sub(rf"<@!?{bot_id}>", " ", content).strip()


def plan_command_line(options: TripOptions) -> str:
    """``/plan`` followed by the options in the parser's words (:mod:`bot.intake.options`)."""
    said = options_sentence(options)
    return f"/plan {said}" if said else "/plan"


def attraction_choices(
    attractions: Iterable[Attraction], korean: bool
) -> list[app_commands.Choice[str]]:
    """Autocomplete for ``/attraction``: the place index's completions, shown in the locale."""
    found: list[app_commands.Choice[str]] = []
    for place in attractions:
        number = str(place.number) if place.number is not None else ""
        name = place.names.ko if korean else place.names.en
        shown = f"{number} · {name}" if number else name
        found.append(app_commands.Choice(name=shown[:CHOICE_NAME_LIMIT], value=number or place.id))
        if len(found) == AUTOCOMPLETE_LIMIT:
            break
    return found
