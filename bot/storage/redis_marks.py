"""The newest stored message per channel (the :class:`~bot.storage.ports.ChannelMarks` port).

Key scheme: ``{prefix}:{platform}:marks`` — a hash: channel id -> JSON ``{"m": message id,
"g": guild id, "t": stored at}``. A mark only moves forward (snowflakes compared as decimal
strings: Lua's numbers cannot hold 64 bits). ``recent`` drops the marks older than it was asked
for, so the hash holds the channels active within the catch-up window; the hash expires
``ttl_s`` after its last move (a bot quiet for that long has nothing to catch up on). Redis
trouble is logged and never fails a turn.
"""

from __future__ import annotations

import json
import logging

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot.storage.ports import ChannelMark

log = logging.getLogger(__name__)

_ADVANCE = """
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  local id = cjson.decode(cur)['m']
  local new = ARGV[2]
  if string.len(id) > string.len(new) or (string.len(id) == string.len(new) and id >= new) then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
"""


class RedisChannelMarks:
    """Channel id -> the newest message stored from it, for one platform."""

    def __init__(self, client: aioredis.Redis, prefix: str, platform: str, ttl_s: int) -> None:
        self.client, self.ttl_s = client, ttl_s
        self.key = f"{prefix}:{platform}:marks"
        self._advance = client.register_script(_ADVANCE)

    async def advance(self, mark: ChannelMark) -> None:
        value = json.dumps({"m": mark.message_id, "g": mark.guild_id, "t": mark.at})
        try:
            await self._advance(
                keys=[self.key], args=[mark.channel_id, mark.message_id, value, self.ttl_s]
            )
        except (RedisError, OSError):
            log.warning("could not mark channel %s", mark.channel_id, exc_info=True)

    async def recent(self, since: float) -> list[ChannelMark]:
        try:
            raw = await self.client.hgetall(self.key)
        except (RedisError, OSError):
            log.warning("could not read the channel marks", exc_info=True)
            return []
        marks: list[ChannelMark] = []
        old: list[str] = []
        for key, value in raw.items():
            channel = str(key)
            try:
                data = json.loads(value)
                mark = ChannelMark(channel, str(data["m"]), str(data["g"]), float(data["t"]))
            except (ValueError, KeyError, TypeError):
                old.append(channel)  # not a mark: forget it
                continue
            if mark.at >= since:
                marks.append(mark)
            else:
                old.append(channel)
        if old:
            try:
                await self.client.hdel(self.key, *old)
            except (RedisError, OSError):
                log.warning("could not forget %d old channel marks", len(old), exc_info=True)
        return sorted(marks, key=lambda m: m.at)
