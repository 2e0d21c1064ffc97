"""/forget removes a person from everything a group keeps: history, the rolling summary the
language-model brain folds older turns into, the archive — and finds every group they ever spoke
in, because their reverse index lives as long as the groups that hold their words."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import App, build_app
from bot.config import Settings
from bot.messages import ConversationKey
from bot.storage.redis_store import Keys
from tests.integration.llm.helpers import final, say
from tests.integration.test_state_in_redis import _all_content
from tests.support import drop_prefix, fixed_clock

ZED, ZED_NAME = "9901", "Zed Uniquename"
WORDS = "kumquat-marmalade before anything else"
LATER = "after reset let us see durian-lantern shows"
# chatter, not wishes: in a group a wish is noted for its member without a model turn
FILLER = "thanks, we are still talking it over among ourselves and will come back soon " * 3


@pytest.fixture
async def tight_app(llm_settings: Settings) -> AsyncIterator[App]:
    """A small context budget, so older turns fold into the rolling summary after a few turns."""
    application = build_app(
        llm_settings.model_copy(update={"llm_context_tokens": 500}), clock=fixed_clock
    )
    yield application
    await drop_prefix(application.redis, llm_settings.key_prefix)
    await application.aclose()


async def _group(app: App, user: str, name: str, text: str, chat: str) -> None:
    await say(app, text, user=user, name=name, chat=chat, private=False)


async def _fold_zed(app: App, chat: str, text: str) -> None:
    """Zed speaks once, then Ann talks until Zed's words left the window for the summary."""
    await _group(app, ZED, ZED_NAME, text, chat)
    for _ in range(12):
        await _group(app, "9902", "Ann", FILLER, chat)
        state = await app.service.conversations.load(_key(chat))
        if ZED_NAME in state.summary:
            return
    pytest.fail("the turn never folded into the summary")


def _key(chat: str) -> ConversationKey:
    return ConversationKey("telegram", chat)


async def _everything(app: App) -> str:
    """Every key and value under the test's prefix, decoded (large states are compressed)."""
    stored = await _all_content(app.redis, app.settings.key_prefix)
    return " ".join(f"{k} {v}" for k, v in stored.items())


async def test_forget_clears_summaries_and_archives_of_every_group(tight_app: App) -> None:
    app = tight_app
    await _fold_zed(app, "-7001", WORDS)
    await _group(app, "9902", "Ann", "/reset", "-7001")  # Zed's words go to the archive
    await _fold_zed(app, "-7001", LATER)  # and the new trip's summary
    await _fold_zed(app, "-7002", WORDS)  # a second group
    assert WORDS in await _everything(app) and ZED_NAME in await _everything(app)

    reply = final(await say(app, "/forget", user=ZED, name=ZED_NAME))
    assert "deleted" in reply.text

    stored = await _everything(app)
    for trace in (ZED_NAME, "kumquat", "durian-lantern", f"telegram:{ZED}"):
        assert trace not in stored
    state = await app.service.conversations.load(_key("-7001"))
    assert state.members == ["telegram:9902"] and state.summary.startswith("@")
    turns = await app.service.conversations.recent_turns(_key("-7001"), 50)
    assert any(t.text == FILLER for t in turns)  # the others' words stay


async def test_the_reverse_index_lives_as_long_as_the_group_does(tight_app: App) -> None:
    app = tight_app
    await _group(app, ZED, ZED_NAME, WORDS, "-7003")
    keys = Keys(app.settings.key_prefix)
    index = keys.user(f"telegram:{ZED}", "convs")
    await app.redis.expire(index, 5)  # as if Zed last spoke a month ago
    await _group(app, "9902", "Ann", "and a night safari", "-7003")  # the group lives on
    group_ttl = await app.redis.ttl(keys.conv(_key("-7003"), "hist"))
    assert await app.redis.ttl(index) >= group_ttl - 5
    await app.redis.delete(index)  # even an index already gone comes back with the group
    await _group(app, "9902", "Ann", "and the zoo", "-7003")
    final(await say(app, "/forget", user=ZED, name=ZED_NAME))
    assert "kumquat" not in await _everything(app)
