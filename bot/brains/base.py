"""The brain port: what answers a free-text turn.

Two implementations share this interface: the offline brain (rules over the parser, planner and
checker; no network) and the language-model brain (an OpenAI-compatible ChatCompletion model that
acts through the same :class:`~bot.tools.TripTools`). The conversation service picks one by
configuration and falls back to the offline brain when the other raises :class:`BrainError`.

Contract: ``reply`` yields zero or more :class:`Working` / :class:`TextDelta` events and ends with
exactly one :class:`FinalMessage` (optionally followed by :class:`FileReply` events and, in a
group, the :class:`PollReply` of a poll it opened). It changes
the conversation only through ``ctx.tools``, so a failed brain leaves no half-applied change: the
service commits the tools' state only after a successful final message.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

from bot.i18n import Lang
from bot.messages import IncomingMessage, ReplyEvent
from bot.storage.models import Turn
from bot.tools import TripTools


@dataclass
class TurnContext:
    """Everything a brain may use to answer one turn."""

    message: IncomingMessage
    lang: Lang
    history: list[Turn]
    today: date
    tools: TripTools


class Brain(ABC):
    """Answers a free-text turn; see the module docstring for the event contract."""

    name: str = "brain"

    @abstractmethod
    def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        """Yield the events that answer ``ctx.message``."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook, most brains hold nothing
        """Release network clients, if any."""
