"""The Discord side of the load test (:mod:`bench.bench_load`).

One ``bundletrip discord`` process (a shard set has one owner, so it stays single) against the
stand-in Discord, on the same Redis Cluster as the web processes. Its chats are guild channels in
which a member @mentions the bot, each message sent once the previous one was answered; mid-run
the process is killed (``kill -9``) and started again, as Fly restarts a machine. Messages the
killed process had stored in the inbox are answered by the new one (reclaimed after
``INBOX_RECLAIM_IDLE_S``); none is answered twice (the processed mark, the outbox, nonces).

The driver does not pause for the kill: messages still between the gateway and Redis when the
process dies, and messages written while no process is connected, are not sent again by Discord;
the new process reads them from the channels' history (channel marks, adapters/discord/inbox.py)
and answers them. Reported: how many were not in Redis at the kill, and how many were written
while the process was down.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.rig.fleet import BotProcess
from bot.bootstrap import build_app
from bot.config import Settings
from bot.messages import ConversationKey
from bot.storage.redis_inbox import RedisStreamInbox
from bot.storage.redis_store import Keys
from standins.discord_api import FakeDiscord
from standins.discord_payloads import GUILD_ID, TOKEN, USER

CHANNEL_BASE = 1_300_000_000_000_000_000
MEMBER_BASE = 1_400_000_000_000_000_000
TALK = [
    "hi", "what can you do?", "how much is the zoo?", "tell me about Gardens by the Bay",
    "is the Night Safari good for kids?", "thanks", "what about the weather in March?",
]  # fmt: skip
ANSWER_WITHIN_S = 90.0


@dataclass
class Line:
    channel: int
    text: str
    message_id: int = 0
    sent: float = 0.0
    answered: float = 0.0


@dataclass
class DiscordReport:
    lines: list[Line]
    killed: str = ""
    down_s: float = 0.0
    unanswered: int = 0
    extra_replies: int = 0  # bot messages beyond one per message
    extra_texts: list[str] = field(default_factory=list)  # a channel's bot messages, when extra
    unprocessed: int = 0
    stored_wrong: list[int] = field(default_factory=list)
    first_text: list[float] = field(default_factory=list)
    reclaimed: int = 0  # inbox entries the restarted process took over from the killed one
    backlog: int = 0  # messages sent but not in Redis at the kill (lost without the catch-up)
    written_down: int = 0  # messages written while no process was connected

    @property
    def exactly_once(self) -> bool:
        return not (self.unanswered or self.extra_replies or self.unprocessed
                    or self.stored_wrong)  # fmt: skip


class DiscordDriver:
    """Sends the channels' messages through the stand-in, one after the other's answer."""

    def __init__(
        self, fake: FakeDiscord, process: BotProcess, settings: Settings, channels: int,
        per_channel: int, seed: int,
    ) -> None:  # fmt: skip
        rng = random.Random(seed + 7)
        self.fake, self.process, self.settings = fake, process, settings
        self.backlog, self.down_since, self.down_until = 0, 0.0, 0.0
        self.lines = {
            CHANNEL_BASE + n: [Line(CHANNEL_BASE + n, rng.choice(TALK)) for _ in range(per_channel)]
            for n in range(channels)
        }
        self.done = 0
        self.progress = asyncio.Condition()

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.lines.values())

    async def run(self, kill_at: float | None) -> DiscordReport:
        report = DiscordReport([line for v in self.lines.values() for line in v])
        chats = asyncio.gather(*(self._channel(v) for v in self.lines.values()))
        if kill_at is not None:
            report.killed, report.down_s = await self._kill_and_restart(kill_at)
        await chats
        report.reclaimed = await self._reclaimed()
        report.backlog = self.backlog
        report.written_down = sum(
            1 for ln in report.lines if self.down_since <= ln.sent < self.down_until
        )
        return report

    async def _reclaimed(self) -> int:
        metric = 'bundletrip_inbox_reclaimed_total{inbox="discord"}'
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{self.process.url}/metrics") as response:
                text = await response.text()
        return int(sum(float(ln.split()[-1]) for ln in text.splitlines()
                       if ln.startswith(metric)))  # fmt: skip

    async def _channel(self, lines: list[Line]) -> None:
        for line in lines:
            before = len(self.fake.bot_messages(line.channel))
            line.sent = time.monotonic()  # written even when no process listens (as on Discord)
            line.message_id = await self.fake.say(
                line.text, channel=line.channel, mention=True, user=member(line.channel)
            )
            deadline = time.monotonic() + ANSWER_WITHIN_S
            while len(self.fake.bot_messages(line.channel)) <= before:
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.02)
            else:
                line.answered = time.monotonic()
            async with self.progress:
                self.done += 1
                self.progress.notify_all()

    async def _not_stored(self) -> int:
        """How many messages sent so far are not in Redis (neither in the inbox nor processed)."""
        app = build_app(self.settings)
        stream = RedisStreamInbox(app.redis, Keys(self.settings.key_prefix), "discord").stream
        store = app.service.conversations
        try:
            sent = [ln for v in self.lines.values() for ln in v if ln.message_id]
            found: Any = await app.redis.xrange(stream)
            entries = " ".join(str((f or {}).get("p")) for _, f in found or [])
            return len([
                ln for ln in sent
                if f'"id":"{ln.message_id}"' not in entries
                and not await store.is_processed(
                    ConversationKey("discord", str(ln.channel)), str(ln.message_id))
            ])  # fmt: skip
        finally:
            await app.aclose()

    async def _kill_and_restart(self, share: float) -> tuple[str, float]:
        async with self.progress:
            await self.progress.wait_for(lambda: self.done >= self.total * share)
        identified = len(self.fake.identifies)
        self.process.kill()  # mid-turn, with messages on their way from the gateway
        self.down_since = down = time.monotonic()
        self.backlog = await self._not_stored()
        self.process.launch()
        async with asyncio.timeout(120):
            while len(self.fake.identifies) <= identified or not await self.process.healthy():  # noqa: ASYNC110
                await asyncio.sleep(0.1)
        self.down_until = time.monotonic()
        return f"{self.process.name} at {share:.0%} of its messages, restarted", (
            self.down_until - down
        )


def member(channel: int) -> dict[str, Any]:
    """The member who writes in ``channel`` (one per channel, like a chat's user on Telegram:
    each has their own daily quota)."""
    n = channel - CHANNEL_BASE
    return {**USER, "id": str(MEMBER_BASE + n), "username": f"member{n}",
            "global_name": f"Member {n}"}  # fmt: skip


async def check(report: DiscordReport, fake: FakeDiscord, settings: Settings) -> None:
    """Answered once, processed, stored once and in order per channel."""
    by_channel: dict[int, list[Line]] = {}
    for line in report.lines:
        by_channel.setdefault(line.channel, []).append(line)
        if line.answered:
            report.first_text.append(line.answered - line.sent)
        else:
            report.unanswered += 1
    app = build_app(settings)
    try:
        store = app.service.conversations
        for channel, lines in by_channel.items():
            shown = fake.bot_messages(channel)
            if len(shown) > len(lines):
                report.extra_replies += len(shown) - len(lines)
                report.extra_texts += [f"{channel}: {m.text()[:80]!r}" for m in shown]
            key = ConversationKey("discord", str(channel))
            for line in lines:
                if not await store.is_processed(key, str(line.message_id)):
                    report.unprocessed += 1
            turns = await store.recent_turns(key, 200)
            stored = [t.message_id for t in turns if t.role == "user"]
            if stored != [str(line.message_id) for line in lines]:
                report.stored_wrong.append(channel)
    finally:
        await app.aclose()


def discord_env(fake: FakeDiscord) -> dict[str, str]:
    """What a ``bundletrip discord`` process needs to talk to the stand-in."""
    return {
        "DISCORD_BOT_TOKEN": TOKEN, "DISCORD_API_BASE_URL": fake.api_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url, "DISCORD_DEV_GUILD_ID": str(GUILD_ID),
    }  # fmt: skip
