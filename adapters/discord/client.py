"""The discord.py client: intents, shards, command sync, endpoints and event routing.

Intents: ``guilds`` (channels and threads, so a trip thread is recognised), ``guild_messages`` and
``dm_messages`` (messages in trip threads and DMs), ``guild_polls`` and ``dm_polls`` (votes in the
group's native polls) and, when ``DISCORD_MESSAGE_CONTENT`` is on, the privileged
``message_content`` (plain messages in trip threads; without it only DMs, @mentions and replies to
the bot carry text). Members and presences are never requested.

Shards: ``DISCORD_SHARD_COUNT`` and ``DISCORD_SHARD_IDS`` ("0,1"); neither set = Discord's
recommendation for one process. Commands are synced to ``DISCORD_DEV_GUILD_ID`` when set (instant,
for development), otherwise globally; only the process that runs shard 0 syncs, with the Korean
localisations of :mod:`adapters.discord.localise`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.deadlines import DeadlineSweep
from adapters.discord.bridge import Bridge
from adapters.discord.commands import add_commands
from adapters.discord.deliver import NO_MENTIONS, STREAM_INTERVAL_S
from adapters.discord.inbox import CATCH_UP_S, DiscordInbox
from adapters.discord.localise import KoreanTranslator
from adapters.discord.metrics import RetryCounter
from bot.bootstrap import App, make_channel_marks, make_inbox, make_thread_index
from bot.config import Settings
from bot.errors import ConfigurationError
from bot.stream_worker import consumer_name

log = logging.getLogger(__name__)

API_VERSION = 10


def make_intents(message_content: bool) -> discord.Intents:
    """The gateway intents bundletrip needs (see the module docstring)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.polls = True  # guild_polls and dm_polls: votes in the group's polls
    intents.message_content = message_content
    return intents


def shard_config(settings: Settings) -> tuple[int | None, list[int] | None]:
    """Shard count and ids from the settings; raises ``ConfigurationError`` when they clash."""
    count = settings.discord_shard_count
    raw = (settings.discord_shard_ids or "").strip()
    if not raw:
        return count, None
    try:
        ids = sorted({int(part) for part in raw.split(",") if part.strip()})
    except ValueError as exc:
        raise ConfigurationError("DISCORD_SHARD_IDS must be numbers, e.g. 0,1") from exc
    if count is None:
        raise ConfigurationError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT")
    if not ids or ids[0] < 0 or ids[-1] >= count:
        raise ConfigurationError(f"DISCORD_SHARD_IDS must lie in 0..{count - 1}")
    return count, ids


def point_at(api_base_url: str | None, gateway_url: str | None) -> None:
    """Send REST calls and the gateway connection to other hosts (a stand-in in tests).

    ``api_base_url`` is like ``https://discord.com/api`` (the API version is added unless given).

    discord.py keeps both as class attributes, so this is process-wide; it runs at start-up.
    """
    if api_base_url:
        base = api_base_url.rstrip("/")
        Route.BASE = base if re.search(r"/v\d+$", base) else f"{base}/v{API_VERSION}"
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class BundletripClient(discord.AutoShardedClient):
    """Routes Discord events to the bridge; owns the command tree."""

    def __init__(
        self,
        app: App,
        *,
        interval_s: float = STREAM_INTERVAL_S,
        **options: Any,
    ) -> None:
        settings = app.settings
        count, ids = shard_config(settings)
        if ids is not None:
            options["shard_ids"] = ids
        options.setdefault("guild_ready_timeout", settings.discord_guild_ready_timeout_s)
        super().__init__(
            intents=make_intents(settings.discord_message_content),
            shard_count=count,
            allowed_mentions=NO_MENTIONS,
            **options,
        )
        ttl_s = settings.history_ttl_days * 86400
        threads = make_thread_index(app, "discord", ttl_s)
        self.bridge = Bridge(
            self, app.service, threads,
            default_language=settings.default_language, interval_s=interval_s,
            metrics=app.metrics,
        )  # fmt: skip
        # Messages, votes and deferred interactions go through the durable inbox (inbox.py).
        self.inbox = DiscordInbox(
            self, self.bridge, make_inbox(app, "discord"), consumer=consumer_name("discord"),
            reclaim_idle_s=settings.inbox_reclaim_idle_s, grace_s=settings.shutdown_grace_s,
            marks=make_channel_marks(app, "discord", int(2 * CATCH_UP_S)),
        )  # fmt: skip
        self.inbox.capture(self._connection.parsers)
        self.bridge.handoff = self.inbox.deferred
        self.retries = RetryCounter(app.metrics)  # discord.py's 429 retries, from its log
        self.retries.install()
        self.sweep = DeadlineSweep(app.service, "discord", self.bridge.show_due)
        self.dev_guild_id = settings.discord_dev_guild_id
        self.tree: app_commands.CommandTree[BundletripClient] = app_commands.CommandTree(self)
        add_commands(self.tree)

    def syncs_commands(self) -> bool:
        """Only one process syncs: the one running shard 0 (or every shard)."""
        return self.shard_ids is None or 0 in self.shard_ids

    async def setup_hook(self) -> None:
        await self.tree.set_translator(KoreanTranslator())
        self.inbox.start_storing()
        self.sweep.start()  # polls close at their deadline even in a quiet thread
        if not self.syncs_commands():
            return
        try:
            if self.dev_guild_id is not None:
                guild = discord.Object(id=self.dev_guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d commands to the development guild", len(synced))
            else:
                synced = await self.tree.sync()
                log.info("synced %d global commands", len(synced))
        except discord.HTTPException:
            log.exception("command sync failed; the commands registered before stay in place")

    async def close(self) -> None:
        """Finish or hand back the running turns (SIGTERM), then disconnect."""
        await self.inbox.stop()
        self.retries.remove()
        await self.sweep.stop()
        await super().close()

    async def on_ready(self) -> None:
        log.info("discord ready: %s in %d guilds", self.user, len(self.guilds))
        self.inbox.start_taking()  # messages and votes come from the inbox (inbox.py)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.component:
            await self.bridge.component(interaction)
