"""The Discord worker's metrics: turns and discord.py's 429 retries, served over HTTP by the
same ``/metrics`` server ``bundletrip discord`` starts, and parsed as Prometheus text."""

from __future__ import annotations

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from adapters.metrics_http import serve_metrics
from bot.config import Settings
from bot.i18n import t
from standins.discord_api import FakeDiscord
from standins.discord_payloads import DM_CHANNEL_ID
from tests.integration.discord.conftest import running_bot
from tests.support import free_port
from tests.support.brains import BrokenBrain

DISCORD = {"platform": "discord"}


async def test_a_turn_and_a_429_retry_show_on_the_scraped_metrics(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    fake.fail_with_429("POST", rf"channels/{DM_CHANNEL_ID}/messages", retry_after=0.2)
    port = free_port()
    async with running_bot(discord_settings, fake) as bot:
        server = await serve_metrics(bot.app.metrics, "127.0.0.1", port)
        try:
            await fake.say("hello")
            await fake.wait_for(lambda: fake.bot_messages(DM_CHANNEL_ID))
            registry = bot.app.metrics.registry
            answered = {**DISCORD, "outcome": "answered"}
            await fake.wait_for(  # the turn is counted and its handler has returned
                lambda: (
                    registry.get_sample_value("bundletrip_turns_total", answered) == 1
                    and registry.get_sample_value("bundletrip_updates_in_flight", DISCORD) == 0
                )
            )
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                    assert response.status == 200
                    body = await response.text()
        finally:
            await server.cleanup()
    samples = {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }
    key = frozenset(DISCORD.items())
    assert samples[("bundletrip_turns_total", key | {("outcome", "answered")})] == 1
    assert samples[("bundletrip_api_retries_total", key)] == 1
    assert samples[("bundletrip_api_retry_wait_seconds_total", key)] == 0.2
    assert samples[("bundletrip_answer_seconds_count", key)] == 1
    assert samples[("bundletrip_updates_total", key | {("kind", "message")})] >= 1
    assert samples[("bundletrip_updates_in_flight", key)] == 0


async def test_a_failed_turn_counts_as_an_error(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    async with running_bot(discord_settings, fake, brain=BrokenBrain()) as bot:
        await fake.say("hello")
        (sent,) = await fake.wait_for(lambda: fake.bot_messages(DM_CHANNEL_ID))
        registry = bot.app.metrics.registry
        assert sent.content == t("en", "apology")
        assert registry.get_sample_value("bundletrip_errors_total", DISCORD) == 1
        turns = {**DISCORD, "outcome": "error"}
        assert registry.get_sample_value("bundletrip_turns_total", turns) == 1
