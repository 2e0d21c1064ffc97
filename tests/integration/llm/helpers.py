"""Driving the service like an adapter does: one IncomingMessage in, the reply events out."""

from __future__ import annotations

import itertools

from bot.bootstrap import App
from bot.messages import FinalMessage, IncomingMessage, ReplyEvent, Sender, TextDelta

_ids = itertools.count(1)
# Headers of a failed answer that asks for its retry at once: the SDK's retry then skips its
# backoff (about half a second), for tests that count failures rather than time the retry.
AT_ONCE = {"retry-after-ms": "10"}


async def say(
    app: App,
    text: str,
    *,
    user: str = "42",
    chat: str | None = None,
    name: str = "Mina",
    private: bool = True,
    language: str = "en",
) -> list[ReplyEvent]:
    """Send one message and return every event the core yields."""
    msg = IncomingMessage(
        platform="telegram", chat_id=chat or user, message_id=str(next(_ids)),
        sender=Sender(id=user, display_name=name, language_code=language), text=text,
        is_private=private,
    )  # fmt: skip
    return [event async for event in app.service.handle(msg)]


def final(events: list[ReplyEvent]) -> FinalMessage:
    """The one final message of a turn."""
    finals = [e for e in events if isinstance(e, FinalMessage)]
    assert len(finals) == 1, events
    return finals[0]


def streamed(events: list[ReplyEvent]) -> str:
    """The draft the deltas built."""
    return "".join(e.text for e in events if isinstance(e, TextDelta))
