"""Delivery: Discord's limits, no mentions from model text, streaming by edits, 429s, apologies."""

from __future__ import annotations

import itertools
from typing import Any

from bot.config import Settings
from bot.i18n import t
from standins.discord_api import FakeDiscord
from standins.discord_payloads import DM_CHANNEL_ID
from tests.integration.discord.conftest import Running, running_bot
from tests.support.brains import BrokenBrain, ScriptedBrain, StreamingBrain

LONG_ANSWER = "\n\n".join(
    " ".join(f"line{p}-{w}" for w in range(63)) for p in range(9)
)  # about 5,000 characters in paragraphs


def squeeze(text: str) -> str:
    return "".join(text.split())


async def test_an_answer_of_5000_characters_arrives_in_several_messages_none_over_2000(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    assert 4900 < len(LONG_ANSWER) < 5200
    async with running_bot(discord_settings, fake, brain=ScriptedBrain(LONG_ANSWER)):
        await fake.say("tell me everything")
        sent = await fake.wait_for(
            lambda: (m := fake.bot_messages(DM_CHANNEL_ID))
            and squeeze("".join(x.content for x in m)) == squeeze(LONG_ANSWER) and m
        )  # fmt: skip
        assert len(sent) >= 3
        assert all(0 < len(m.content) <= 2000 for m in sent)
        assert all(m.content.rstrip().endswith(tuple("0123456789")) for m in sent)  # whole words


async def test_a_long_itinerary_is_split_across_embeds_and_messages_never_truncated(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    days = [f"Day {d}\n" + "\n".join(f"09:{m:02d} stop {d}.{m}" * 3 for m in range(40))
            for d in range(1, 11)]  # fmt: skip
    text = "\n\n".join(days)
    assert len(text) > 13000
    brain = ScriptedBrain(text, itinerary=True)
    async with running_bot(discord_settings, fake, brain=brain):
        await fake.say("show my plan")
        sent = await fake.wait_for(
            lambda: (m := fake.bot_messages(DM_CHANNEL_ID))
            and squeeze("".join(x.text() for x in m)) == squeeze(text) and m
        )  # fmt: skip
    assert len(sent) >= 3
    for message in sent:
        assert 1 <= len(message.embeds) <= 10
        assert all(len(e["description"]) <= 4096 for e in message.embeds)
        assert sum(len(e["description"]) for e in message.embeds) <= 6000


async def test_model_text_with_everyone_pings_no_one(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    text = "@everyone and @here, ask <@123456789012345678> about **this** `code`"
    async with running_bot(discord_settings, fake, brain=ScriptedBrain(text)):
        await fake.say("hello")
        (sent,) = await fake.wait_for(lambda: fake.bot_messages(DM_CHANNEL_ID))
    assert "@everyone" not in sent.content and "@\u200beveryone" in sent.content
    assert "@here" not in sent.content and "<@123456789012345678>" not in sent.content
    assert "\\*\\*this\\*\\*" in sent.content and "\\`code\\`" in sent.content
    bodies: list[Any] = [c.body for c in fake.calls if isinstance(c.body, dict)]
    with_text = [b for b in bodies if b.get("content") or (b.get("data") or {}).get("content")]
    assert with_text
    for body in with_text:
        mentions = body.get("allowed_mentions") or body["data"]["allowed_mentions"]
        assert mentions["parse"] == [] and not mentions.get("users") and not mentions.get("roles")


async def test_streamed_drafts_are_edited_at_most_about_once_a_second(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    final = " ".join(f"word{index}" for index in range(25))
    brain = StreamingBrain(ScriptedBrain(final), pieces=25, think_s=0.1, pace_s=0.1)
    async with running_bot(discord_settings, fake, brain=brain):
        await fake.say("stream please")
        await fake.wait_for(
            lambda: (m := fake.bot_messages(DM_CHANNEL_ID)) and m[0].content == final and m
        )  # fmt: skip
    assert fake.calls_to("POST", rf"channels/{DM_CHANNEL_ID}/typing")
    writes = [c for c in fake.calls if c.path.startswith(f"channels/{DM_CHANNEL_ID}/messages")]
    drafts = writes[:-1]  # the last write is the final message
    assert len(drafts) >= 2 and len(writes) <= 5
    gaps = [b.at - a.at for a, b in itertools.pairwise(drafts)]
    assert all(gap >= 0.9 for gap in gaps), gaps


async def test_a_429_on_a_channel_message_is_honoured_and_the_message_delivered(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    fake.fail_with_429("POST", rf"channels/{DM_CHANNEL_ID}/messages", retry_after=0.4)
    async with running_bot(discord_settings, fake):
        await fake.say("hello")
        await fake.wait_for(lambda: fake.bot_messages(DM_CHANNEL_ID))
    limited, delivered = fake.calls_to("POST", rf"channels/{DM_CHANNEL_ID}/messages")
    assert (limited.status, delivered.status) == (429, 200)
    assert delivered.at - limited.at >= 0.4


async def test_a_429_on_an_interaction_edit_is_honoured_and_the_answer_delivered(
    bot: Running,
) -> None:
    fake = bot.fake
    fake.fail_with_429("PATCH", r"webhooks/.*/messages/@original", retry_after=0.3)
    ctx = await fake.slash("help", channel="dm")
    await fake.wait_for(lambda: ctx.original and fake.messages[ctx.original].content)
    limited, delivered = fake.calls_to("PATCH", r"messages/@original")
    assert (limited.status, delivered.status) == (429, 200)
    assert delivered.at - limited.at >= 0.3


async def test_an_unexpected_failure_sends_the_fixed_apology_and_no_internals(
    discord_settings: Settings, fake: FakeDiscord
) -> None:
    async with running_bot(discord_settings, fake, brain=BrokenBrain()):
        await fake.say("hello")
        (sent,) = await fake.wait_for(lambda: fake.bot_messages(DM_CHANNEL_ID))
    assert sent.content == t("en", "apology")
    assert all("secret" not in str(c.body) for c in fake.calls)
