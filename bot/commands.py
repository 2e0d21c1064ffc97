"""Commands, parsed once in the core so every platform behaves alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.i18n import Lang
    from bot.messages import ReplyEvent
    from bot.tools import TripTools

# Commands that neither count against the daily quota nor touch the trip.
FREE_COMMANDS = frozenset(
    {"start", "help", "usage", "lang", "forget", "history", "attraction", "attractions"}
)
KNOWN_COMMANDS = FREE_COMMANDS | {"plan", "reset"}
_COMMAND = re.compile(r"^/([A-Za-z_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class Command:
    name: str  # lower case, without the slash or @botname
    args: str  # the rest of the text, stripped


# A message that is only one of these words acts as the command (typed without the slash).
BARE_WORDS = {"plan": "plan", "help": "help", "start": "start", "usage": "usage",
              "history": "history", "계획": "plan", "도움말": "help"}  # fmt: skip


def parse_command(text: str) -> Command | None:
    """Parse ``/name[@bot] args`` (or a bare command word); ``None`` when it is not a command."""
    bare = BARE_WORDS.get(text.strip().lower())
    if bare is not None:
        return Command(bare, "")
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return Command(match.group(1).lower(), (match.group(3) or "").strip())


class CommandHandler(Protocol):
    """An extra command plugged in by bootstrap (e.g. the catalogue)."""

    async def __call__(self, args: str, lang: Lang, tools: TripTools) -> list[ReplyEvent]: ...
