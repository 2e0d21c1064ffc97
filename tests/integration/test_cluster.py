"""Storage and inbox work unchanged on a real 3-master Redis Cluster and on a single Redis:
every script's keys share one slot, no command crosses slots."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bench.rig.redis_servers import RedisClusterServers
from bot.bootstrap import App, build_app, make_inbox
from bot.config import Settings
from bot.i18n import t
from bot.messages import ConversationKey, FinalMessage
from tests.support import Where, drop_prefix, final, fixed_clock, message

# One worker starts the (session-scoped) cluster and runs every test that uses it.
pytestmark = [pytest.mark.redis, pytest.mark.xdist_group("redis-cluster")]
DAY = "2026-11-27"


@pytest.fixture(params=["single", "cluster"])
async def any_app(
    request: pytest.FixtureRequest, settings: Settings, redis_cluster: RedisClusterServers
) -> AsyncIterator[App]:
    if request.param == "cluster":
        settings = settings.model_copy(
            update={"redis_url": SecretStr(redis_cluster.url), "redis_cluster": True}
        )
    app = build_app(settings, clock=fixed_clock)
    yield app
    await drop_prefix(app.redis, settings.key_prefix)
    await app.aclose()


async def test_a_group_trip_reset_and_forget(any_app: App) -> None:
    app = any_app
    group: Where = {"chat": "-9100", "private": False}
    await final(app.service, message("3 days from 2027-03-12, 2 adults", user="51"))
    plan = await final(app.service, message(callback="i:go", user="51"))
    assert plan.itinerary is not None
    await final(app.service, message("/lang ko", user="51"))
    await final(app.service, message("/plan 2 adults, 12 March for 3 days", user="51", **group))
    await final(app.service, message("food please", user="52", name="Bob", **group))
    await final(app.service, message("/reset", user="52", **group))
    await final(app.service, message("and the zoo", user="51", **group))
    assert await app.service.conversations.archived(message(**group).conversation)

    done = await final(app.service, message("/forget", user="51"))
    assert "삭제" in done.text or "deleted" in done.text
    key = ConversationKey("console", "-9100")
    turns = await app.service.conversations.recent_turns(key, 50)
    assert all(t.speaker != "console:51" for t in turns)
    for trip in await app.service.conversations.archived(key):
        assert "console:51" not in trip.members
        assert all(t.speaker != "console:51" for t in trip.turns)
    assert await app.service.profiles.language("console:51") is None
    assert await app.service.conversations.load(ConversationKey("console", "51")) == (
        type(await app.service.conversations.load(ConversationKey("console", "none")))()
    )


async def test_parallel_turns_never_pass_the_quota(any_app: App) -> None:
    app = any_app
    for _ in range(47):
        await app.service.quotas.add("console:61", DAY)
    turns = [
        final(app.service, message("hello", user="61", chat=f"-93{n}", private=False))
        for n in range(8)
    ]
    replies: list[FinalMessage] = await asyncio.gather(*turns)
    refused = t("en", "quota_reached", limit=50)
    assert sum(r.text != refused for r in replies) == 3
    assert await app.service.quotas.used("console:61", DAY) == 50


async def test_the_inbox_takes_acks_and_reclaims(any_app: App) -> None:
    inbox = make_inbox(any_app, "cluster-test")
    first = await inbox.put('{"n": 1}')
    older, taken = await inbox.put_taken("web-1", '{"n": 2}')  # nothing left behind
    assert (older.id, older.payload, taken.payload) == (first, '{"n": 1}', '{"n": 2}')
    assert await inbox.take("web-2", 5, 0.1) == []
    assert [e.id for e in await inbox.reclaim("web-3", 0.0, 5)] == [first, taken.id]
    third = await inbox.put_taken("web-1", '{"n": 3}')
    assert [e.payload for e in third] == ['{"n": 3}']
    for entry_id in (first, taken.id, third[0].id):
        await inbox.ack(entry_id)
    assert (await inbox.stats()).pending == 0


async def test_a_lock_is_exclusive_and_a_commit_needs_it(any_app: App) -> None:
    store = any_app.service.conversations
    key = ConversationKey("console", "lock-cluster")
    async with store.lock(key) as held:
        state = await store.load(key)
        state.version = 7
        await store.commit(held, state, [], "m1")
    assert (await store.load(key)).version == 7
    assert await store.is_processed(key, "m1")


async def test_a_folded_reply_replaces_the_folded_messages_replies_in_one_slot(
    any_app: App,
) -> None:
    store = any_app.service.conversations
    key = ConversationKey("console", "fold-cluster")
    for message_id in ("m1", "m2", "m3"):
        async with store.lock(key) as held:
            await store.commit(held, await store.load(key), [], message_id, message_id)
    await store.replies_folded(key, "m1", "folded", ["m2", "m3"])
    assert [await store.unsent_reply(key, m) for m in ("m1", "m2", "m3")] == ["folded", None, None]
    await store.replies_folded(key, "m1", "", [])  # nothing left to show: forgotten
    assert await store.unsent_reply(key, "m1") is None
