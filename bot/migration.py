"""Moving a conversation to a new key, when a platform gives a chat a new id (a Telegram group
that becomes a supergroup). A core operation: adapters call :meth:`ConversationService.migrate`.

Uses only the public storage ports: under both conversations' locks (old first, so two workers
seeing the two migration messages cannot deadlock), the archive, state and history are copied to
the new key and each member's conversation index learns the new key (for ``/forget``). The old
keys are left to expire: the platform never delivers to the old chat id again. A second call (both
the old group and the new supergroup announce the move) finds the new conversation non-empty and
does nothing.
"""

from __future__ import annotations

import logging

from bot.messages import ConversationKey
from bot.storage.models import ConversationState
from bot.storage.ports import ConversationStore, ProfileStore

log = logging.getLogger(__name__)

ALL_TURNS = 10_000


async def migrate_conversation(
    store: ConversationStore, profiles: ProfileStore, old: ConversationKey, new: ConversationKey
) -> bool:
    """Copy the conversation at ``old`` to ``new`` unless ``new`` already has one."""
    async with store.lock(old), store.lock(new) as new_held:
        state = await store.load(old)
        turns = await store.recent_turns(old, ALL_TURNS)
        trips = await store.archived(old)
        if _is_blank(state) and not turns and not trips:
            return False
        if await _has_conversation(store, new):
            return False
        for trip in reversed(trips):  # oldest first: the archive lists newest first
            await store.archive(new_held, trip)
        await store.commit(new_held, state, turns, None)
    for member in state.members:
        await profiles.remember_conversation(member, new, False)
    log.info("conversation %s moved to %s", old, new)
    return True


async def _has_conversation(store: ConversationStore, key: ConversationKey) -> bool:
    if await store.recent_turns(key, 1) or await store.archived(key):
        return True
    return not _is_blank(await store.load(key))


def _is_blank(state: ConversationState) -> bool:
    return state.version == 0 and state.stage == "idle"
