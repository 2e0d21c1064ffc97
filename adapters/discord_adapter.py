"""The Discord worker (``bundletrip discord``): slash commands, a thread per trip, buttons.

The pieces live in :mod:`adapters.discord`; this module starts and stops them. See
``docs/discord.md`` for intents, sharding, command sync and deployment.
"""

from __future__ import annotations

import asyncio
import logging
import signal

import discord

from adapters.discord.client import BundletripClient, point_at, shard_config
from adapters.metrics_http import serve_metrics
from bot.bootstrap import build_app
from bot.config import Settings
from bot.errors import ConfigurationError

log = logging.getLogger(__name__)

__all__ = ["BundletripClient", "point_at", "run_discord", "serve"]


def run_discord(settings: Settings) -> int:
    """Run the Discord worker until stopped; the exit status for the command line."""
    if settings.discord_bot_token is None:
        log.error("DISCORD_BOT_TOKEN is not set")
        return 2
    try:
        shard_config(settings)
    except ConfigurationError as exc:
        log.error("invalid Discord settings: %s", exc)
        return 2
    return asyncio.run(serve(settings))


async def serve(settings: Settings) -> int:
    """Build the core, connect to Discord, and close both on the way out."""
    token = settings.discord_bot_token
    if token is None:
        return 2
    point_at(settings.discord_api_base_url, settings.discord_gateway_url)
    app = build_app(settings)
    port = settings.metrics_port or settings.port
    metrics_server = await serve_metrics(app.metrics, "0.0.0.0", port)  # /metrics, /healthz
    client = BundletripClient(app)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(client.close()))
    try:
        async with client:
            await client.start(token.get_secret_value())
    except discord.LoginFailure:
        log.error("Discord refused the token (DISCORD_BOT_TOKEN)")
        return 2
    except discord.PrivilegedIntentsRequired:
        log.error(
            "the message-content intent is not enabled for this bot: enable it in the developer "
            "portal, or set DISCORD_MESSAGE_CONTENT=false"
        )
        return 2
    finally:
        await metrics_server.cleanup()
        await app.aclose()
    return 0
