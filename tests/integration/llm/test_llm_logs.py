"""Production logging keeps URLs out of INFO: the model server's address is not logged per
request (``openai`` sends through ``httpx2``, which logs every request's URL at INFO)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest

from adapters.cli import _setup_logging
from adapters.telegram.logs import install_token_redaction
from bot.bootstrap import build_app
from bot.config import Settings
from standins.openai_api import Fail, StandInOpenAI, Text
from tests.integration.llm.helpers import say
from tests.support import drop_prefix, fixed_clock

CLIENT_LOGGERS = ("httpx", "httpx2", "httpcore", "openai", "openai._base_client")


@pytest.fixture
def restored_levels() -> Iterator[None]:
    before = {name: logging.getLogger(name).level for name in CLIENT_LOGGERS}
    yield
    for name, level in before.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.parametrize(
    "setup",
    [
        pytest.param(lambda s: _setup_logging(s), id="cli"),
        pytest.param(lambda s: install_token_redaction("123:abc"), id="telegram-worker"),
    ],
)
@pytest.mark.usefixtures("restored_levels")
async def test_no_url_of_the_model_server_is_logged_at_info(
    llm_settings: Settings,
    standin: StandInOpenAI,
    caplog: pytest.LogCaptureFixture,
    setup: Callable[[Settings], None],
) -> None:
    setup(llm_settings)
    caplog.set_level(logging.INFO)
    app = build_app(llm_settings, clock=fixed_clock)
    try:
        standin.script(Fail(500), Text("Hello from the model."))
        await say(app, "hello")
    finally:
        await drop_prefix(app.redis, llm_settings.key_prefix)
        await app.aclose()
    shown = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert any("llm turn" in line for line in shown)  # INFO logging did run
    assert not [line for line in shown if f":{standin.port}" in line or "http://" in line]
