"""State lives in the real Redis: concurrent instances, /forget, and a Redis outage."""

from __future__ import annotations

import asyncio

import pytest

from bot.bootstrap import build_app
from bot.config import Settings
from bot.messages import FinalMessage
from bot.storage.redis_store import decode_state
from tests.support import Where, collect, final, fixed_clock, message
from tests.support.redis import RedisServer

pytestmark = pytest.mark.redis


async def test_fifty_concurrent_messages_through_two_instances_keep_every_turn_in_order(
    settings: Settings,
) -> None:
    roomy = settings.model_copy(update={"history_max_turns": 200})
    first, second = build_app(roomy, clock=fixed_clock), build_app(roomy, clock=fixed_clock)
    try:
        group: Where = {"chat": "-500", "private": False}
        msgs = [message(f"hello number {i}", user=str(i), **group) for i in range(50)]
        apps = [first, second]
        results = await asyncio.gather(
            *(collect(apps[i % 2].service, m) for i, m in enumerate(msgs))
        )
        replies_shown = [e for r in results for e in r if isinstance(e, FinalMessage)]
        assert 1 <= len(replies_shown) < 50  # messages arriving during a turn are folded
        folded = "\n".join(e.text for e in replies_shown)
        assert all(f"hello number {i}" in folded or any(
            isinstance(e, FinalMessage) for e in results[i]) for i in range(50))  # fmt: skip
        turns = await first.service.conversations.recent_turns(msgs[0].conversation, 500)
        assert len(turns) == 100
        users = turns[0::2]
        replies = turns[1::2]
        assert [t.role for t in users] == ["user"] * 50
        assert [t.role for t in replies] == ["assistant"] * 50
        assert [r.message_id for r in replies] == [u.message_id for u in users]
        assert {u.message_id for u in users} == {m.message_id for m in msgs}
        state = await second.service.conversations.load(msgs[0].conversation)
        assert state.version == 50  # no turn's state update was lost to another
        assert sorted(state.members) == sorted(m.user_id for m in msgs)
    finally:
        await first.redis.delete(
            *[k async for k in first.redis.scan_iter(f"{settings.key_prefix}:*")]
        )
        await first.aclose()
        await second.aclose()


async def _all_content(app_redis, prefix: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out: dict[str, str] = {}
    async for key in app_redis.scan_iter(match=f"{prefix}:*"):
        kind = await app_redis.type(key)
        if kind == "string":
            value = str(await app_redis.get(key))
            out[key] = decode_state(value).model_dump_json() if value.startswith("z:") else value
        elif kind == "list":
            out[key] = " ".join(await app_redis.lrange(key, 0, -1))
        elif kind == "hash":
            out[key] = str(await app_redis.hgetall(key))
        else:
            out[key] = kind
    return out


async def test_forget_leaves_no_key_with_the_callers_id_or_private_conversation(
    settings: Settings,
) -> None:
    app = build_app(settings, clock=fixed_clock)
    try:
        group: Where = {"chat": "-77", "private": False}
        await final(app.service, message("3 days from 2027-03-12, 2 adults", user="4242"))
        await final(app.service, message(callback="i:go", user="4242"))
        await final(app.service, message("/lang ko", user="4242"))
        await final(app.service, message("/reset", user="4242"))
        await final(
            app.service, message("/plan 2 adults, 12 March for 3 days", user="4242", **group)
        )
        await final(app.service, message("food please", user="7", name="Bob", **group))
        before = await _all_content(app.redis, settings.key_prefix)
        assert any("console:4242" in k or "console:4242" in v for k, v in before.items())

        done = await final(app.service, message("/forget", user="4242", name="Ann"))
        assert "deleted" in done.text or "삭제" in done.text

        after = await _all_content(app.redis, settings.key_prefix)
        for key, value in after.items():
            assert "console:4242" not in key and "console:4242" not in value, key
            assert "Ann" not in value, key
        group_turns = await app.service.conversations.recent_turns(
            message(**group).conversation, 50
        )
        assert any(t.speaker == "console:7" and t.text == "food please" for t in group_turns)
    finally:
        await app.redis.delete(*[k async for k in app.redis.scan_iter(f"{settings.key_prefix}:*")])
        await app.aclose()


async def test_redis_outage_gives_a_clear_message_and_loses_nothing(
    private_redis: RedisServer,
) -> None:
    settings = Settings(_env_file=None, redis_url=private_redis.url, key_prefix="outage")
    app = build_app(settings, clock=fixed_clock)
    try:
        await final(app.service, message("2 adults, we love food"))
        private_redis.stop()
        down = await final(app.service, message("12 March for 4 days"))
        assert "try again in a moment" in down.text
        private_redis.start()
        again = await final(app.service, message("12 March for 4 days"))
        assert "2027-03-12 → 2027-03-15" in again.text
        assert "2 adult" in again.text  # acknowledged before the outage, still there
        turns = await app.service.conversations.recent_turns(message().conversation, 10)
        assert [t.role for t in turns] == ["user", "assistant", "user", "assistant"]
    finally:
        await app.aclose()
