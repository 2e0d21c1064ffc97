"""Builders shared by tests: incoming messages and event collection."""

from __future__ import annotations

import itertools
from typing import TypedDict

from bot.conversation import ConversationService
from bot.messages import FileReply, FinalMessage, IncomingMessage, ReplyEvent, Sender

_ids = itertools.count(1)


class Where(TypedDict, total=False):
    """Keyword arguments of :func:`message` that a test repeats (``message(text, **group)``)."""

    chat: str
    private: bool
    thread: str | None
    language: str | None


def message(
    text: str = "",
    *,
    user: str = "42",
    chat: str | None = None,
    private: bool = True,
    addressed: bool = True,
    callback: str | None = None,
    message_id: str | None = None,
    language: str | None = "en",
    name: str = "Ann",
    thread: str | None = None,
    platform: str = "console",
) -> IncomingMessage:
    """An incoming message; a private chat's id is the user's id, as on Telegram."""
    return IncomingMessage(
        platform=platform,
        chat_id=chat or user,
        message_id=message_id or f"m{next(_ids)}",
        sender=Sender(id=user, display_name=name, language_code=language),
        text=text,
        thread_id=thread,
        is_private=private,
        addressed_to_bot=addressed or private,
        callback_data=callback,
    )


async def collect(service: ConversationService, msg: IncomingMessage) -> list[ReplyEvent]:
    return [event async for event in service.handle(msg)]


async def final(service: ConversationService, msg: IncomingMessage) -> FinalMessage:
    """The single final message of a turn (fails if there is none)."""
    finals = [e for e in await collect(service, msg) if isinstance(e, FinalMessage)]
    assert finals, f"no reply to {msg.text or msg.callback_data!r}"
    return finals[-1]


async def files(service: ConversationService, msg: IncomingMessage) -> list[FileReply]:
    return [e for e in await collect(service, msg) if isinstance(e, FileReply)]
