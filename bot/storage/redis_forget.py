"""``/forget`` on Redis: everything stored about a user, wherever it is.

The user's reverse index (``{u:<user>}:convs``, kept alive by every conversation that lists them;
see :mod:`bot.storage.redis_store`) names each conversation they spoke in. Private ones are
deleted; in groups, under the group's lock, their history turns are blanked, their lines leave the
rolling summary (matched by the display names in ``{u:<user>}:names`` and in the turns), they
leave the members, and the archived trips are scrubbed alike. Then the user's own keys go.
"""

from __future__ import annotations

from collections.abc import Set

import redis.asyncio as aioredis

from bot.messages import ConversationKey
from bot.storage.models import FORGOTTEN, ArchivedTrip, Turn, forget_in_state
from bot.storage.ports import ConversationStore, Eraser
from bot.storage.redis_store import Keys, wrapped

FORGOTTEN_NAME = "a member"  # what a forgotten person is called in the bot's kept replies

# Replace a list's content atomically (used to anonymise group history).
_REPLACE_LIST = """
local ttl = redis.call('TTL', KEYS[1])
redis.call('DEL', KEYS[1])
for i = 1, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
if ttl > 0 and #ARGV > 0 then redis.call('EXPIRE', KEYS[1], ttl) end
return #ARGV
"""


class RedisEraser(Eraser):
    """Implements /forget over the key scheme of :mod:`bot.storage.redis_store`."""

    def __init__(self, client: aioredis.Redis, keys: Keys, conversations: ConversationStore):
        self.r = client
        self.keys = keys
        self.conversations = conversations
        self._replace = client.register_script(_REPLACE_LIST)

    @wrapped
    async def forget_user(self, user_id: str) -> int:
        index = await self.r.hgetall(self.keys.user(user_id, "convs"))
        convs = {str(k): str(v) for k, v in index.items()}
        names = {str(n) for n in await self.r.smembers(self.keys.user(user_id, "names"))}
        removed = 0
        for conv, kind in convs.items():
            if kind == "private":
                removed += await self._delete_matching(self.keys.conv_pattern(conv))
            else:
                removed += await self._anonymise_group(conv, user_id, names)
        removed += await self._delete_matching(self.keys.user_pattern(user_id))
        return removed

    async def _delete_matching(self, pattern: str) -> int:
        names = [name async for name in self.r.scan_iter(match=pattern, count=500)]
        if names:  # one hash tag per pattern: a single slot, even on a cluster
            await self.r.delete(*names)
        return len(names)

    async def _anonymise_group(self, conv: str, user_id: str, names: set[str]) -> int:
        key = _parse_conversation(conv)
        async with self.conversations.lock(key) as held:
            hist = self.keys.conv(key, "hist")
            turns = [Turn.model_validate_json(t) for t in await self.r.lrange(hist, 0, -1)]
            names |= {t.name for t in turns if t.speaker == user_id and t.name}
            changed = _blank(turns, user_id, names)
            if changed:
                dumped = [t.model_dump_json(exclude_defaults=True) for t in turns]
                await self._replace(keys=[hist], args=dumped)
            changed += await self._scrub_archive(key, user_id, names)
            state = await self.conversations.load(key)
            if forget_in_state(state, user_id, names):
                await self.conversations.commit(held, state, [], None)
        return changed

    async def _scrub_archive(self, key: ConversationKey, user_id: str, names: set[str]) -> int:
        name = self.keys.conv(key, "archive")
        trips = [ArchivedTrip.model_validate_json(t) for t in await self.r.lrange(name, 0, -1)]
        names |= {t.name for trip in trips for t in trip.turns if t.speaker == user_id and t.name}
        changed = 0
        for trip in trips:
            if user_id in trip.members:
                trip.members = [m for m in trip.members if m != user_id]
                changed += 1
            changed += _blank(trip.turns, user_id, names)
        if changed:
            dumped = [t.model_dump_json(exclude_defaults=True) for t in trips]
            await self._replace(keys=[name], args=dumped)
        return changed


def _blank(turns: list[Turn], user_id: str, names: Set[str] = frozenset()) -> int:
    """Blank the user's turns in place, and their name where the bot's replies said it (a group
    reply names who asked: "Noted for Zed: …"); return how many turns changed."""
    changed = 0
    named = sorted((n for n in names if len(n.strip()) >= 2), key=len, reverse=True)
    for turn in turns:
        if turn.speaker == user_id:
            turn.speaker, turn.name, turn.text = FORGOTTEN, "", ""
            changed += 1
        elif any(n in turn.text for n in named):
            for n in named:
                turn.text = turn.text.replace(n, FORGOTTEN_NAME)
            changed += 1
    return changed


def _parse_conversation(conv: str) -> ConversationKey:
    parts = conv.split(":")
    thread = ":".join(parts[2:]) or None
    return ConversationKey(parts[0], parts[1], thread)
