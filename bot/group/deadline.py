"""The internal message a poll-deadline sweep runs as: no member sent it, nobody joins by it.

The workers' sweep (``adapters/deadlines.py``) asks the core to close a conversation's due polls;
the core runs that as a turn of this message, so the pinned plan's version line can say who
changed the plan ("the poll's deadline") and nothing else needs a special case.
"""

from __future__ import annotations

from bot.i18n import Lang, t
from bot.messages import ConversationKey, IncomingMessage, Sender
from bot.storage.models import ConversationState

DEADLINE_CALLBACK = "g:deadline"


def deadline_message(key: ConversationKey, state: ConversationState, now: float) -> IncomingMessage:
    """The sweep's message in ``key``, in the language of the trip's first member."""
    members = state.group.members
    lang: Lang = members[0].lang if members else "en"
    return IncomingMessage(
        platform=key.platform, chat_id=key.chat_id, thread_id=key.thread_id,
        message_id=f"deadline:{now:.0f}", is_private=False,
        sender=Sender("", t(lang, "group.deadline"), lang), callback_data=DEADLINE_CALLBACK,
    )  # fmt: skip
