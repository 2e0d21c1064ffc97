"""The other slash commands: each deferred first, answered by the core, some privately."""

from __future__ import annotations

from bot.i18n import t
from standins.discord_api import FakeDiscord
from standins.discord_payloads import Context
from tests.integration.discord.conftest import Running

EPHEMERAL = 1 << 6


async def answer_of(fake: FakeDiscord, ctx: Context) -> str:
    calls = await fake.wait_for(lambda: fake.calls_to("POST", rf"interactions/{ctx.id}/"))
    assert calls[0].body["type"] == 5
    shown = await fake.wait_for(
        lambda: ctx.original and not fake.messages[ctx.original].loading
        and fake.messages[ctx.original]
    )  # fmt: skip
    return str(shown.content)


def escaped(text: str) -> str:
    return text.replace("_", "\\_").replace("*", "\\*")


async def test_reset_history_usage_lang_and_forget_answer_through_the_core(bot: Running) -> None:
    fake = bot.fake
    assert await answer_of(fake, await fake.slash("reset", channel="dm")) == escaped(
        t("en", "reset_nothing")
    )
    assert await answer_of(fake, await fake.slash("history", channel="dm")) == escaped(
        t("en", "history_empty")
    )
    usage = await answer_of(fake, await fake.slash("usage", channel="dm"))
    assert "requests used" in usage
    lang = await answer_of(fake, await fake.slash("lang", {"language": "ko"}, channel="dm"))
    assert lang == t("ko", "lang_set")
    help_text = await answer_of(fake, await fake.slash("help", channel="dm"))
    assert "/plan" in help_text and "계획" in help_text  # now in Korean
    forget = await answer_of(fake, await fake.slash("forget", channel="dm"))
    assert forget.startswith(t("ko", "forget_done", count=0).split("(")[0])


async def test_personal_commands_answer_privately_in_a_server(bot: Running) -> None:
    fake = bot.fake
    ctx = await fake.slash("usage")
    await answer_of(fake, ctx)
    callback = fake.calls_to("POST", rf"interactions/{ctx.id}/")[0]
    assert callback.body["data"]["flags"] & EPHEMERAL
    public = await fake.slash("history")
    await answer_of(fake, public)
    assert not (fake.calls_to("POST", rf"interactions/{public.id}/")[0].body.get("data") or {})


async def test_attraction_autocomplete_offers_places_and_the_command_describes_one(
    bot: Running,
) -> None:
    fake = bot.fake
    ctx = await fake.autocomplete("attraction", "query", "gardens by")
    calls = await fake.wait_for(lambda: fake.calls_to("POST", rf"interactions/{ctx.id}/"))
    assert calls[0].body["type"] == 8
    choices = calls[0].body["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert any("Gardens by the Bay" in c["name"] for c in choices)
    value = next(c["value"] for c in choices if "Gardens by the Bay" in c["name"])

    described = await answer_of(fake, await fake.slash("attraction", {"query": value}))
    assert "Gardens by the Bay" in described


async def test_attraction_autocomplete_answers_a_korean_query_in_korean_on_an_english_client(
    bot: Running,
) -> None:
    fake = bot.fake
    ctx = await fake.autocomplete("attraction", "query", "가든스")  # the stand-in's client: en-US
    calls = await fake.wait_for(lambda: fake.calls_to("POST", rf"interactions/{ctx.id}/"))
    names = [c["name"] for c in calls[0].body["data"]["choices"]]
    assert any("가든스 바이 더 베이" in n for n in names), names
    assert not any("Gardens by the Bay" in n for n in names), names
