"""Every key the bot writes expires: nothing stays in Redis forever after a user went away."""

from __future__ import annotations

from bot.bootstrap import App
from standins.openai_api import Call, Fail, StandInOpenAI, Text, Tools
from tests.integration.llm.helpers import AT_ONCE, say


async def test_every_key_written_by_a_busy_day_has_a_ttl(
    llm_app: App, standin: StandInOpenAI
) -> None:
    trip = {"start_date": "2026-12-10", "days": 3, "adults": 2}
    standin.script(Tools([Call("update_trip", trip), Call("plan_trip", {})]), Text("Here."))
    await say(llm_app, "3 days from 10 December, 2 adults, plan it")
    await say(llm_app, "/lang ko")
    await say(llm_app, "/plan 2 adults, 12 March for 3 days")
    await say(llm_app, "/reset")
    await say(llm_app, "/usage")
    await say(llm_app, "hello all", user="77", chat="-100501", private=False, name="Bo")
    await say(llm_app, "/lang en", user="77", chat="-100501", private=False, name="Bo")
    standin.script(*[Fail(500, AT_ONCE)] * 8)  # the breaker opens and leaves its own keys
    for _ in range(3):
        await say(llm_app, "are you there?", user="78")

    prefix = llm_app.settings.key_prefix
    names = [name async for name in llm_app.redis.scan_iter(match=f"{prefix}:*")]
    assert len(names) > 10
    forever = [name for name in names if await llm_app.redis.ttl(name) < 0]
    assert forever == []
