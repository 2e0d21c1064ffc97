"""Webhook mode: the secret check, health and metrics, re-deliveries, two processes on one Redis."""

from __future__ import annotations

import asyncio

import aiohttp

from bot.bootstrap import build_app
from bot.config import Settings
from bot.messages import ConversationKey
from standins.telegram_api import StandInBotAPI
from standins.telegram_updates import group_chat, message, private_chat, user
from tests.support import fixed_clock
from tests.support.brains import GatedBrain, StreamingBrain
from tests.support.telegram import SECRET, Harness, webhook_pair

ANN = user(701, "Ann")
TRIP = "4 days from 12 December 2026, 2 adults, we love food, S$1500 each"


async def test_missing_or_wrong_secret_is_refused_and_nothing_processed(
    webhook_bot: Harness,
) -> None:
    update = webhook_bot.standin.new_update(message(private_chat(701), ANN, "/start"))
    calls_before = len(webhook_bot.standin.calls)
    assert await webhook_bot.post(update, secret=None) == 403
    assert await webhook_bot.post(update, secret="wrong") == 403
    assert await webhook_bot.post(update, secret=SECRET + "x") == 403
    assert webhook_bot.handled == set()
    assert len(webhook_bot.standin.calls) == calls_before
    registry = webhook_bot.worker.metrics.registry
    assert registry.get_sample_value("bundletrip_webhook_rejected_total", {"reason": "secret"}) == 3


async def test_set_webhook_carries_the_secret_and_allowed_updates(webhook_bot: Harness) -> None:
    [call] = webhook_bot.standin.calls_of("setWebhook")
    assert call.params["url"] == "https://bundletrip.example/telegram"
    assert call.params["secret_token"] == SECRET
    assert "callback_query" in call.json("allowed_updates")


async def test_health_and_prometheus_metrics(webhook_bot: Harness) -> None:
    await webhook_bot.say(private_chat(701), ANN, "/start")
    base = f"http://127.0.0.1:{webhook_bot.worker.settings.port}"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/healthz") as health:
            assert health.status == 200
        async with session.get(f"{base}/metrics") as response:
            body = await response.text()
            assert response.headers["Content-Type"].startswith("text/plain; version=")
    assert 'bundletrip_updates_total{kind="message",platform="telegram"} 1.0' in body
    assert 'bundletrip_api_calls_total{method="sendMessage",platform="telegram"} 1.0' in body
    assert 'bundletrip_first_text_seconds_count{platform="telegram"} 1.0' in body


async def test_the_same_update_twice_is_processed_once(webhook_bot: Harness) -> None:
    update = await webhook_bot.deliver(message(private_chat(701), ANN, TRIP))
    await webhook_bot.redeliver(update)
    assert len(webhook_bot.standin.messages(701)) == 1
    assert len(webhook_bot.standin.calls_of("sendMessage")) == 1


async def test_a_pressed_button_delivered_twice_counts_once(webhook_bot: Harness) -> None:
    chat = private_chat(702)
    sender = user(702, "Bo")
    await webhook_bot.say(chat, sender, TRIP)
    [summary] = webhook_bot.standin.messages(702)
    from standins.telegram_updates import callback

    update = await webhook_bot.deliver(callback(chat, sender, "i:go", summary.as_json()))
    count = len(webhook_bot.standin.messages(702))
    await webhook_bot.redeliver(update)
    assert len(webhook_bot.standin.messages(702)) == count


async def test_two_processes_serve_one_chat_without_losing_or_reordering_turns(
    settings: Settings, standin: StandInBotAPI
) -> None:
    cores = [build_app(settings, clock=fixed_clock, brain=StreamingBrain()) for _ in range(2)]
    async with webhook_pair(settings, standin, cores) as bots:
        group = group_chat(-100700)
        texts = ["/plan@bundletrip_test_bot", "12 December 2026 for 4 days", "2 adults",
                 "we love food", "S$1500 each", "/history@bundletrip_test_bot"]  # fmt: skip
        for i, text in enumerate(texts):
            await bots[i % 2].say(group, ANN, text)
        key = ConversationKey("telegram", "-100700")
        turns = await cores[0].service.conversations.recent_turns(key, 50)
        said = [t.text for t in turns if t.role == "user"]
        assert said == [t for t in texts if "history" not in t]
        assert len(standin.messages(-100700)) == len(texts)
        labels = {"platform": "telegram", "kind": "message"}
        counts = [b.worker.metrics.registry.get_sample_value("bundletrip_updates_total", labels)
                  or 0 for b in bots]  # fmt: skip
        assert sum(counts) == len(texts)


async def test_concurrent_deliveries_to_two_processes_lose_no_turn(
    settings: Settings, standin: StandInBotAPI
) -> None:
    cores = [build_app(settings, clock=fixed_clock) for _ in range(2)]
    async with webhook_pair(settings, standin, cores) as bots:
        chat = private_chat(703)
        texts = [f"hello number {i}" for i in range(8)]
        await asyncio.gather(*(bots[i % 2].say(chat, ANN, t) for i, t in enumerate(texts)))
        key = ConversationKey("telegram", "703")
        turns = await cores[0].service.conversations.recent_turns(key, 50)
        assert sorted(t.text for t in turns if t.role == "user") == sorted(texts)  # each once
        # Free text that arrives while a turn runs is folded into one reply (bot/busy.py), so
        # eight messages get between one and eight replies, and none goes unanswered.
        assert 1 <= len(standin.messages(703)) <= len(texts)


async def test_a_burst_sent_as_telegram_sends_it_is_folded_in_order_across_two_processes(
    settings: Settings, standin: StandInBotAPI
) -> None:
    """Telegram sends a chat's next update only after the previous one's 200. Free text is
    answered 200 once it waits in the chat's list, so a burst typed during a long turn arrives
    (not after the turn, one reply each) and is folded; the list keeps the chat's order."""
    said = ["what time does the zoo open?", "I want the Night Safari", "no museums for me",
            "my cap is S$300", "is the zoo good for kids?"]  # fmt: skip
    brain = GatedBrain(said[0])  # the mention is taken out of the text
    cores = [
        build_app(settings, clock=fixed_clock, brain=brain),
        build_app(settings, clock=fixed_clock),
    ]
    async with webhook_pair(settings, standin, cores) as bots:
        group = group_chat(-100704)
        names = [user(711 + i, name) for i, name in enumerate(["Ann", "Ben", "Cy", "Dee", "Eve"])]
        updates = [
            standin.new_update(message(group, who, f"@bundletrip_test_bot {text}"))
            for who, text in zip(names, said, strict=True)
        ]
        async with asyncio.timeout(30):  # before: the second POST waited for the gated turn
            for i, update in enumerate(updates):
                assert await bots[i % 2].post(update) == 200  # the next only after this 200
                if i == 0:
                    await brain.started.wait()
        brain.gate.set()
        await bots[0].wait_handled(updates)
        replies = standin.messages(-100704)
        assert 1 <= len(replies) <= 2, [r.shown for r in replies]
        for who, text in zip(names[1:], said[1:], strict=True):
            assert f"{who['first_name']}: “{text}”" in replies[-1].shown
        key = ConversationKey("telegram", "-100704")
        turns = await cores[0].service.conversations.recent_turns(key, 50)
        assert [t.text for t in turns if t.role == "user"] == said  # each once, in order
