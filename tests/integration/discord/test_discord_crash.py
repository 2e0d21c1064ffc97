"""Nothing lost when the Discord process dies: ``kill -9`` of a real ``bundletrip discord``
process (the real discord.py client against the stand-in Discord) in the middle of a turn —
while planning, before the commit; after the commit, before the answer reached Discord; after
Discord created a message whose answer never came back (a plain reply, a folded reply, the
final edit of a streamed draft); while a deferred slash command is being answered — and a
SIGTERM during a turn. A new process reclaims the inbox entry and each message is answered once
and stored once."""

from __future__ import annotations

import asyncio
import itertools
import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.bootstrap import App, make_inbox
from bot.config import Settings
from bot.messages import ConversationKey
from bot.storage.redis_store import Keys
from standins.discord_api import FakeDiscord
from standins.discord_payloads import APP_ID, DM_CHANNEL_ID, GUILD_ID, TOKEN, Context, Shown
from tests.support import free_port
from tests.support.processes import Process, bot_env, start_bundletrip

pytestmark = [pytest.mark.redis, pytest.mark.spawns]
TRIP = "4 days from 12 December 2026, 2 adults, we love food"
DM = rf"channels/{DM_CHANNEL_ID}/messages$"
DM_EDIT = rf"channels/{DM_CHANNEL_ID}/messages/\d+$"
DM_TYPING = rf"channels/{DM_CHANNEL_ID}/typing$"
DM_KEY = ConversationKey("discord", str(DM_CHANNEL_ID))


class DiscordProcess:
    """``bundletrip discord`` as a real process, against the stand-in Discord."""

    def __init__(self, settings: Settings, fake: FakeDiscord, workdir: str) -> None:
        assert settings.redis_url is not None
        self.fake, self.workdir = fake, workdir
        self.env = bot_env(
            REDIS_URL=settings.redis_url.get_secret_value(), KEY_PREFIX=settings.key_prefix,
            DISCORD_BOT_TOKEN=TOKEN, DISCORD_API_BASE_URL=fake.api_url,
            DISCORD_GATEWAY_URL=fake.gateway_url, DISCORD_DEV_GUILD_ID=str(GUILD_ID),
            PORT=str(free_port()), LOCK_HEARTBEAT_S="0.3", INBOX_RECLAIM_IDLE_S="1",
            SHUTDOWN_GRACE_S="0.3", LOG_LEVEL="INFO",
            # The SIGTERM test's turn is stuck in a held call: no grace period lets it finish,
            # so a short one only ends the wait sooner. Every message here is in the DM, which
            # needs no guild: no 2 s wait for the guild before the worker is ready and reads its
            # inbox (two starts a test). Guild channels do need it (bench/load_discord.py keeps
            # the default: with 0.1 s, a loaded machine's worker was ready before its guild and
            # left messages in trip threads unanswered).
            DISCORD_GUILD_READY_TIMEOUT_S="0.1",
        )  # fmt: skip
        self.process: Process | None = None
        self.script = False  # True: the installed `bundletrip` script (a cold start)

    async def start(self) -> None:
        """Launch; return once it synced its commands and identified on the gateway."""
        synced = len(self.fake.calls_to("PUT", rf"applications/{APP_ID}/guilds/\d+/commands"))
        identified = len(self.fake.identifies)
        self._launch()
        await self.fake.wait_for(
            lambda: (
                len(self.fake.calls_to("PUT", r"guilds/\d+/commands")) > synced
                and len(self.fake.identifies) > identified
            ),
            60,
        )

    def _launch(self) -> None:
        log = Path(self.workdir, "bot.log")
        self.process = start_bundletrip(["discord"], env=self.env, log=log, script=self.script)

    def signal(self, sig: signal.Signals) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
async def spawn(
    settings: Settings, fake: FakeDiscord, workdir: str
) -> AsyncIterator[Callable[[], DiscordProcess]]:
    started: list[DiscordProcess] = []

    def make() -> DiscordProcess:
        started.append(DiscordProcess(settings, fake, workdir))
        return started[-1]

    yield make
    for process in started:
        process.kill()


def _bot_messages(fake: FakeDiscord) -> list[Shown]:
    return [m for m in fake.bot_messages(DM_CHANNEL_ID) if not m.loading]


def _plans(fake: FakeDiscord) -> int:
    return sum("Day 1" in m.text() for m in _bot_messages(fake))


async def _say(fake: FakeDiscord, text: str) -> None:
    """Write in the DM and wait until the bot answered (a new message or an edit)."""
    before = len(fake.calls)
    await fake.say(text)
    await fake.wait_for(
        lambda: any(c.method in ("POST", "PATCH") and "messages" in c.path
                    for c in fake.calls[before:]),
        60,
    )  # fmt: skip


async def _settled(observer: App) -> list[str]:
    """Wait until the Discord inbox is empty; return the DM's stored user turns."""
    inbox = make_inbox(observer, "discord")
    async with asyncio.timeout(60):
        while (await inbox.stats()).pending:  # noqa: ASYNC110 - another process works
            await asyncio.sleep(0.1)
    turns = await observer.service.conversations.recent_turns(DM_KEY, 50)
    return [t.text for t in turns if t.role == "user"]


async def _unsent(observer: App) -> list[str]:
    prefix = observer.settings.key_prefix
    return [name async for name in observer.redis.scan_iter(match=f"{prefix}:*:out:*")]


async def test_kill_9_while_planning_loses_nothing_and_answers_once(
    spawn: Callable[[], DiscordProcess], fake: FakeDiscord, observer: App
) -> None:
    first = spawn()
    await first.start()
    await _say(fake, "/plan")
    await _say(fake, TRIP)
    await _settled(observer)  # the trip's turn has ended: "yes" is not folded into it
    fake.stall("POST", DM)  # the turn's first message (planning, before its commit) never lands
    said = await fake.say("yes")
    await fake.wait_for(lambda: fake.held, 60)
    first.kill()  # SIGKILL: no clean-up of any kind
    assert _plans(fake) == 0
    assert not await observer.service.conversations.is_processed(DM_KEY, str(said))

    second = spawn()
    await second.start()
    await fake.wait_for(lambda: _plans(fake), 60)
    assert await _settled(observer) == ["/plan", TRIP, "yes"]
    assert _plans(fake) == 1


async def test_kill_9_between_the_commit_and_the_answer_answers_once(
    spawn: Callable[[], DiscordProcess], fake: FakeDiscord, observer: App
) -> None:
    first = spawn()
    await first.start()
    fake.stall("POST", DM)  # committed, then stuck sending: the answer never reaches Discord
    said = await fake.say(TRIP)
    await fake.wait_for(lambda: fake.held, 60)
    first.kill()
    assert _bot_messages(fake) == []
    assert await observer.service.conversations.is_processed(DM_KEY, str(said))  # committed

    second = spawn()
    await second.start()
    await fake.wait_for(lambda: _bot_messages(fake), 60)
    assert await _settled(observer) == [TRIP]  # the turn ran once
    assert len(_bot_messages(fake)) == 1  # the outbox showed the stored reply, once
    assert await _unsent(observer) == []


async def test_kill_9_while_a_deferred_slash_command_is_answered_answers_it_after_restart(
    spawn: Callable[[], DiscordProcess], fake: FakeDiscord, observer: App
) -> None:
    first = spawn()
    await first.start()
    fake.stall("PATCH", r"webhooks/\d+/[^/]+/messages/@original")  # deferred, never answered
    ctx: Context = await fake.slash("history", channel="dm")
    await fake.wait_for(lambda: fake.held, 60)
    assert fake.calls_to("POST", rf"interactions/{ctx.id}/")[0].body["type"] == 5  # deferred
    first.kill()

    second = spawn()
    await second.start()
    shown = await fake.wait_for(
        lambda: ctx.original and not fake.messages[ctx.original].loading
        and fake.messages[ctx.original], 60,
    )  # fmt: skip
    assert shown.content
    await _settled(observer)
    assert len(fake.calls_to("PATCH", r"messages/@original")) == 2  # the stalled one, then one


async def test_sigterm_hands_a_running_turn_back_and_exits(
    spawn: Callable[[], DiscordProcess], fake: FakeDiscord, observer: App
) -> None:
    first = spawn()
    first.script = True  # the SIGTERM reaches the bot through the console script's wrapper
    await first.start()
    await _say(fake, "/plan")
    await _say(fake, TRIP)
    await _settled(observer)  # the trip's turn has ended: "yes" is not folded into it
    fake.stall("POST", DM)  # cannot finish within the grace period
    await fake.say("yes")
    await fake.wait_for(lambda: fake.held, 60)
    assert await asyncio.to_thread(first.signal, signal.SIGTERM) == 0

    second = spawn()
    await second.start()
    await fake.wait_for(lambda: _plans(fake), 60)
    assert await _settled(observer) == ["/plan", TRIP, "yes"]
    assert _plans(fake) == 1


async def test_kill_9_while_discord_confirms_the_answer_shows_it_once(
    spawn: Callable[[], DiscordProcess], fake: FakeDiscord, observer: App
) -> None:
    """Discord carried the send out, the process died before it heard so: the retried reply
    carries the same nonce, which Discord enforces — shown once (Telegram has no such thing)."""
    first = spawn()
    await first.start()
    fake.hold("POST", DM)  # created; the answer never arrives
    await fake.say(TRIP)
    await fake.wait_for(lambda: fake.held, 60)
    first.kill()
    assert len(_bot_messages(fake)) == 1

    second = spawn()
    await second.start()
    await fake.wait_for(lambda: len(fake.calls_to("POST", DM)) >= 2, 60)  # sent again
    assert await _settled(observer) == [TRIP]
    assert len(_bot_messages(fake)) == 1
    assert await _unsent(observer) == []


async def test_messages_written_while_no_process_listens_are_answered_by_the_next_one(
    spawn: Callable[[], DiscordProcess], fake: FakeDiscord, observer: App
) -> None:
    """Discord never sends a missed gateway event again: what users wrote while the bot was down
    (a crash, a deploy) is read from the channel's history by the next process, before anything
    live, and answered once each, in order."""
    first = spawn()
    await first.start()
    await _say(fake, "hi")  # the DM's mark: the newest message stored from it
    first.kill()
    missed = ["what time does the zoo open?", "I want the Night Safari"]
    ids = [await fake.say(text) for text in missed]  # nobody is connected: not dispatched

    second = spawn()
    await second.start()
    async with asyncio.timeout(60):
        while len(said := await _settled(observer)) < 3:  # noqa: ASYNC110 - another process
            await asyncio.sleep(0.1)
    assert said == ["hi", *missed]
    for message_id in ids:
        assert await observer.service.conversations.is_processed(DM_KEY, str(message_id))
    answered = len(_bot_messages(fake))
    assert 2 <= answered <= 3  # "hi", then the two (folded when the second came during the first)

    second.kill()  # the next start asks again from the new mark: nothing more to answer
    third = spawn()
    await third.start()
    await _say(fake, "thanks")
    assert await _settled(observer) == ["hi", *missed, "thanks"]
    assert len(_bot_messages(fake)) == answered + 1


async def test_kill_9_after_a_folded_reply_reached_discord_shows_it_once(
    spawn: Callable[[], DiscordProcess], fake: FakeDiscord, observer: App
) -> None:
    """A message folded into a busy turn (bot/busy.py) is answered by that turn; the process
    dies after Discord created the folded reply, before the folded message's reply was marked
    sent. Its retried delivery shows that reply again — under the same nonces, so Discord
    returns the message it has instead of posting a second one."""
    first = spawn()
    await first.start()
    typing = fake.gate("POST", DM_TYPING)  # the first turn waits here, holding the lock
    await fake.say("hi")
    await fake.wait_for(lambda: fake.gated, 60)
    folded = await fake.say("what can you do?")
    await _until_pending(observer, folded)  # it waits for the lock, to be folded
    posts = itertools.count()
    fake.hold("POST", DM, when=lambda body: next(posts) == 1)  # the second: the folded reply
    typing.set()
    await fake.wait_for(lambda: fake.held, 60)
    first.kill()
    assert len(_bot_messages(fake)) == 2  # both answered; the folded one not marked sent
    assert await _unsent(observer) != []

    second = spawn()
    await second.start()
    await fake.wait_for(lambda: len(fake.calls_to("POST", DM)) >= 3, 60)  # shown again
    assert await _settled(observer) == ["hi", "what can you do?"]
    assert len(_bot_messages(fake)) == 2
    assert await _unsent(observer) == []


@pytest.mark.parametrize("carried_out", [True, False], ids=["edited", "not-edited"])
async def test_kill_9_while_a_streamed_draft_becomes_the_plan_shows_the_plan_once(
    spawn: Callable[[], DiscordProcess], fake: FakeDiscord, observer: App, carried_out: bool
) -> None:
    """The "planning…" draft is a message of its own; after the commit the final edit turns it
    into the plan. Killed during that edit (carried out or not), the retried delivery shows the
    stored plan: in that same message, not in a second one beside a draft left behind."""
    first = spawn()
    await first.start()
    await _say(fake, "/plan")
    await _say(fake, TRIP)
    await _settled(observer)  # the trip's turn has ended: "yes" is not folded into it
    (fake.hold if carried_out else fake.stall)("PATCH", DM_EDIT)  # the draft's final edit
    said = await fake.say("yes")
    await fake.wait_for(lambda: fake.held, 60)
    first.kill()
    assert await observer.service.conversations.is_processed(DM_KEY, str(said))  # committed
    draft = _bot_messages(fake)[-1]
    assert ("Day 1" in draft.text()) is carried_out

    second = spawn()
    await second.start()
    await fake.wait_for(lambda: "Day 1" in draft.text(), 60)  # the draft became the plan
    assert await _settled(observer) == ["/plan", TRIP, "yes"]
    assert _plans(fake) == 1  # and no second plan beside it
    assert await _unsent(observer) == []


async def _until_pending(observer: App, message_id: int) -> None:
    """Wait until ``message_id`` is on the DM's list of messages waiting for a busy turn."""
    pending = Keys(observer.settings.key_prefix).conv(DM_KEY, "pending:ids")
    async with asyncio.timeout(60):
        while str(message_id) not in [  # noqa: ASYNC110 - another process pushes it
            v.decode() if isinstance(v, bytes) else str(v)
            for v in await observer.redis.lrange(pending, 0, -1)
        ]:
            await asyncio.sleep(0.02)
