"""Telegram ``Update`` -> the core's :class:`IncomingMessage` (and nothing else).

Identity and routing only; every rule (commands, who may answer an intake, de-duplication) lives
in the core. ``message_id`` is unique per delivery and stable across re-deliveries of the same
update: the Telegram message id for messages, ``cb<callback_query.id>`` for button presses and
``poll<poll_id>:<voter>:<options>`` for poll answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, Chat, Message, MessageEntity, PollAnswer, Update, User

from bot.messages import IncomingMessage, Sender

PLATFORM = "telegram"


@dataclass(frozen=True, slots=True)
class BotIdentity:
    """Who the bot is (from ``getMe``), to recognise mentions, replies and own commands."""

    id: int
    username: str


@dataclass(frozen=True, slots=True)
class Migration:
    """A group upgraded to a supergroup: conversations move from ``old`` to ``new``."""

    old_chat_id: int
    new_chat_id: int


def to_incoming(update: Update, me: BotIdentity) -> IncomingMessage | None:
    """Translate one update; ``None`` for updates the core has no use for."""
    if update.message is not None:
        return message_to_incoming(update.message, me)
    if update.callback_query is not None:
        return callback_to_incoming(update.callback_query)
    if update.poll_answer is not None:
        return poll_answer_to_incoming(update.poll_answer)
    return None  # edits, channel posts, member updates: nothing to answer


def migration_of(update: Update) -> Migration | None:
    """The group -> supergroup move announced by this service message, if any."""
    msg = update.message
    if msg is None:
        return None
    if msg.migrate_to_chat_id is not None:
        return Migration(msg.chat.id, msg.migrate_to_chat_id)
    if msg.migrate_from_chat_id is not None:
        return Migration(msg.migrate_from_chat_id, msg.chat.id)
    return None


def message_to_incoming(msg: Message, me: BotIdentity) -> IncomingMessage | None:
    """A text (or captioned) message; service messages without text are dropped."""
    raw = msg.text if msg.text is not None else msg.caption
    if raw is None:
        return None
    private = msg.chat.type == Chat.PRIVATE
    mentioned, text = _strip_mention(msg, raw, me)
    reply_to = _real_reply(msg)
    to_bot = reply_to is not None and reply_to.from_user is not None
    to_bot = to_bot and reply_to.from_user.id == me.id  # type: ignore[union-attr]
    command = _command_for_us(raw, me)
    return IncomingMessage(
        platform=PLATFORM,
        chat_id=str(msg.chat.id),
        message_id=str(msg.message_id),
        sender=_sender(msg.from_user, msg.sender_chat),
        text=text,
        thread_id=_thread(msg),
        is_private=private,
        addressed_to_bot=private or mentioned or to_bot or command,
        reply_to_message_id=str(reply_to.message_id) if reply_to is not None else None,
        extras={"chat_type": msg.chat.type},
    )


def callback_to_incoming(query: CallbackQuery) -> IncomingMessage | None:
    """A pressed inline button of one of the bot's messages."""
    msg = query.message
    if msg is None or query.data is None:
        return None  # a button of an inline-mode message: no chat to answer in
    thread = None
    if isinstance(msg, Message):
        thread = _thread(msg)
    return IncomingMessage(
        platform=PLATFORM,
        chat_id=str(msg.chat.id),
        message_id=f"cb{query.id}",
        sender=_sender(query.from_user, None),
        text="",
        thread_id=thread,
        is_private=msg.chat.type == Chat.PRIVATE,
        addressed_to_bot=True,
        callback_data=query.data,
        extras={
            "chat_type": msg.chat.type,
            "callback_query_id": query.id,
            "pressed_message_id": str(msg.message_id),
        },
    )


def poll_answer_to_incoming(answer: PollAnswer) -> IncomingMessage | None:
    """A vote in a non-anonymous poll the bot sent (group planning).

    Telegram does not say in which chat the poll is; the core will map ``poll_id`` to the
    conversation that sent it. Until it does, the message is not addressed and the core drops it.
    """
    if answer.user is None:
        return None
    options = ",".join(str(i) for i in answer.option_ids)
    return IncomingMessage(
        platform=PLATFORM,
        chat_id=f"poll{answer.poll_id}",
        message_id=f"poll{answer.poll_id}:{answer.user.id}:{options}",
        sender=_sender(answer.user, None),
        is_private=False,
        addressed_to_bot=False,
        callback_data=f"poll:{answer.poll_id}:{options}",
        extras={"poll_id": answer.poll_id, "option_ids": options},
    )


def _sender(user: User | None, chat: Chat | None) -> Sender:
    if user is not None:
        return Sender(str(user.id), user.full_name, user.language_code, user.is_bot)
    if chat is not None:  # an anonymous admin or a channel speaking in the group
        return Sender(str(chat.id), chat.title or "", None, False)
    return Sender("0")


def _thread(msg: Message) -> str | None:
    """Forum topics are separate conversations; plain reply threads are not."""
    if msg.is_topic_message and msg.message_thread_id is not None:
        return str(msg.message_thread_id)
    return None


def _real_reply(msg: Message) -> Message | None:
    """The replied-to message, ignoring the implicit reply to a forum topic's first message."""
    reply = msg.reply_to_message
    if reply is None:
        return None
    if msg.is_topic_message and reply.message_id == msg.message_thread_id:
        return None
    return reply


def _strip_mention(msg: Message, raw: str, me: BotIdentity) -> tuple[bool, str]:
    """Whether the bot is @mentioned, and the text without that mention."""
    entities = msg.parse_entities() if msg.text is not None else msg.parse_caption_entities()
    mention = f"@{me.username}".lower()
    found = False
    text = raw
    for entity, value in entities.items():
        if entity.type == MessageEntity.MENTION and value.lower() == mention:
            found = True
            text = text.replace(value, "", 1)
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == me.id:
            found = True
    if not found and mention in raw.lower():
        found = True  # a mention without entities (e.g. forwarded text); keep the text as is
    return found, text.strip() if found else raw


def _command_for_us(raw: str, me: BotIdentity) -> bool:
    """A ``/command`` at the start that is not ``/command@another_bot``."""
    if not raw.startswith("/"):
        return False
    first = raw.split(maxsplit=1)[0]
    if "@" not in first:
        return True
    return first.split("@", 1)[1].lower() == me.username.lower()
