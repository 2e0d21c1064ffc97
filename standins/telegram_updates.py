"""Telegram update JSON as the Bot API sends it (entities included), for the stand-in to deliver."""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

from standins.telegram_api import BOT_USER

_message_ids = itertools.count(1_000_000)  # users' messages; the bot's come from the stand-in
_query_ids = itertools.count(1)
_COMMAND = re.compile(r"^/[A-Za-z_]+(?:@[A-Za-z0-9_]+)?")
_MENTION = re.compile(r"@[A-Za-z0-9_]{5,32}")

Json = dict[str, Any]


def user(uid: int, name: str = "Ann", lang: str | None = "en", *, is_bot: bool = False) -> Json:
    out: Json = {"id": uid, "is_bot": is_bot, "first_name": name}
    if lang is not None:
        out["language_code"] = lang
    return out


def private_chat(uid: int, name: str = "Ann") -> Json:
    return {"id": uid, "type": "private", "first_name": name}


def group_chat(cid: int, *, forum: bool = False, kind: str = "supergroup") -> Json:
    out: Json = {"id": cid, "type": kind, "title": "Trip crew"}
    if forum:
        out["is_forum"] = True
    return out


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities(text: str) -> list[Json]:
    """The entities Telegram attaches: a leading bot command and @mentions."""
    out: list[Json] = []
    command = _COMMAND.match(text)
    if command:
        out.append({"type": "bot_command", "offset": 0, "length": _utf16(command.group(0))})
    for match in _MENTION.finditer(text):
        if command and match.start() < command.end():
            continue
        offset = _utf16(text[: match.start()])
        out.append({"type": "mention", "offset": offset, "length": _utf16(match.group(0))})
    return out


def message(
    chat: Json,
    sender: Json,
    text: str | None,
    *,
    thread_id: int | None = None,
    reply_to: Json | None = None,
    **extra: Any,
) -> Json:
    """A message update payload (``{"message": ...}``)."""
    msg: Json = {"message_id": next(_message_ids), "date": int(time.time()), "chat": chat,
                 "from": sender, **extra}  # fmt: skip
    if text is not None:
        msg["text"] = text
        found = entities(text)
        if found:
            msg["entities"] = found
    if thread_id is not None:
        msg["message_thread_id"], msg["is_topic_message"] = thread_id, True
    if reply_to is not None:
        msg["reply_to_message"] = reply_to
    return {"message": msg}


def callback(chat: Json, sender: Json, data: str, bot_message: Json) -> Json:
    """A button press on one of the bot's messages (``bot_message`` as the stand-in stores it)."""
    pressed = {**bot_message, "chat": chat, "from": BOT_USER}
    query = {"id": f"q{next(_query_ids)}", "from": sender, "chat_instance": "ci", "data": data,
             "message": pressed}  # fmt: skip
    return {"callback_query": query}


def poll_answer(poll_id: str, voter: Json, option_ids: list[int]) -> Json:
    """A vote in a non-anonymous poll: Telegram sends the voter and the poll id, no chat."""
    answer = {"poll_id": poll_id, "user": voter, "option_ids": option_ids,
              "option_persistent_ids": [str(i) for i in option_ids]}  # fmt: skip
    return {"poll_answer": answer}
