"""Malformed webhook bodies that pass the secret check are answered 200 and dropped with a log
line: Telegram would otherwise redeliver them forever and hold back the chat's next updates."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from standins.telegram_updates import private_chat, user
from tests.support.telegram import SECRET, Harness

ANN = user(702, "Ann")
DEEP = 5000


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"message":"x"}', id="message-is-a-string"),
        pytest.param(b'{"message":' * DEEP + b"1" + b"}" * DEEP, id="object-nested-5000"),
        pytest.param(b"[" * DEEP + b"]" * DEEP, id="array-nested-5000"),
        pytest.param(b'{"update_id": "abc", "message": []}', id="wrong-types"),
        pytest.param(b'{"update_id": 9, "message": {"text": "hi"}}', id="message-without-chat"),
        pytest.param(b"{not json", id="not-json"),
        pytest.param(b"\xff\xfe\x00", id="not-utf8"),
        pytest.param(b"[]", id="a-list"),
    ],
)
async def test_a_malformed_body_is_answered_200_and_dropped(
    webhook_bot: Harness, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session:
        async with session.post(webhook_bot.webhook_url, data=body, headers=headers) as response:
            assert response.status == 200
    assert "malformed update dropped" in caplog.text
    registry = webhook_bot.worker.metrics.registry
    malformed = {"reason": "malformed"}
    assert registry.get_sample_value("bundletrip_webhook_rejected_total", malformed) == 1
    assert webhook_bot.standin.calls_of("sendMessage") == []
    await webhook_bot.say(private_chat(702), ANN, "/start")  # the next update is served
    assert len(webhook_bot.standin.calls_of("sendMessage")) == 1
