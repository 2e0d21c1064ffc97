"""Nothing lost when the bot process dies: ``kill -9`` of a real ``bundletrip telegram`` process
in the middle of a turn (before its commit; after it, before the answer reached Telegram — the
outbox shows it; while Telegram's confirmation is on its way — the one at-least-once window), in
polling and in webhook mode, and a deploy-like SIGTERM — after a new process starts, every
message is answered exactly once and stored once."""

from __future__ import annotations

import asyncio
import re
import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.bootstrap import App, make_inbox
from bot.config import Settings
from bot.messages import ConversationKey
from standins.openai_api import StandInOpenAI, Text
from standins.telegram_api import StandInBotAPI
from standins.telegram_updates import message, private_chat, user
from tests.support import free_port
from tests.support.processes import Process, bot_env, start_bundletrip
from tests.support.telegram import SECRET, WEBHOOK_URL

# Real bot processes: one xdist worker runs these one after another (group "spawned-telegram"),
# beside the other process-spawning tests' chain ("spawned-processes"): two sets of bot
# processes at most compete with the rest of the suite, and the two chains, half the suite's wall
# clock when they were one, run side by side (bench/results/suite.md).
pytestmark = [pytest.mark.redis, pytest.mark.spawns, pytest.mark.xdist_group("spawned-telegram")]
TRIP = "4 days from 12 December 2026, 2 adults, we love food"


class BotProcess:
    """``bundletrip telegram`` as a real process, against the stand-in Bot API."""

    def __init__(
        self, settings: Settings, standin: StandInBotAPI, mode: str, workdir: str,
        env: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        assert settings.redis_url is not None
        self.mode, self.standin, self.port = mode, standin, free_port()
        # The SIGTERM tests' turn is stuck in a held call: no grace period lets it finish, so a
        # short one only ends the wait sooner (the deploy test sets its own).
        self.env = bot_env(
            REDIS_URL=settings.redis_url.get_secret_value(), KEY_PREFIX=settings.key_prefix,
            TELEGRAM_BOT_TOKEN=standin.token, TELEGRAM_API_BASE_URL=standin.base_url,
            PORT=str(self.port), LOCK_HEARTBEAT_S="0.3", INBOX_RECLAIM_IDLE_S="1",
            SHUTDOWN_GRACE_S="0.3", LOG_LEVEL="INFO",
        )  # fmt: skip
        if mode == "webhook":
            self.env |= {"TELEGRAM_WEBHOOK_URL": WEBHOOK_URL, "TELEGRAM_WEBHOOK_SECRET": SECRET}
        self.env |= env or {}
        self.workdir = workdir
        self.process: Process | None = None
        self.script = False  # True: the installed `bundletrip` script (a cold start)
        self.posts: list[asyncio.Task[int]] = []

    async def start(self) -> None:
        ready = "setWebhook" if self.mode == "webhook" else "deleteWebhook"
        before = len(self.standin.calls_of(ready))
        self._launch()
        await self.standin.wait_for(lambda: len(self.standin.calls_of(ready)) > before, 60)

    def _launch(self) -> None:
        log = Path(self.workdir, "bot.log")
        self.process = start_bundletrip(["telegram"], env=self.env, log=log, script=self.script)

    async def deliver(self, update: dict[str, object]) -> None:
        """Hand ``update`` over as Telegram would; a webhook POST is answered after the turn."""
        if self.mode == "polling":
            await self.standin.push_update(update)
            return
        self.posts.append(asyncio.create_task(self._post(update)))

    async def _post(self, update: dict[str, object]) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        url = f"http://127.0.0.1:{self.port}/telegram"
        try:
            async with aiohttp.ClientSession() as session:
                async with session.post(url, json=update, headers=headers) as response:
                    return response.status
        except aiohttp.ClientError:
            return 0  # the process died: Telegram redelivers

    def signal(self, sig: signal.Signals) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        for post in self.posts:
            post.cancel()


@pytest.fixture
async def spawn(
    settings: Settings, standin: StandInBotAPI, workdir: str
) -> AsyncIterator[Callable[..., BotProcess]]:
    started: list[BotProcess] = []

    def make(mode: str, env: dict[str, str] | None = None) -> BotProcess:
        started.append(BotProcess(settings, standin, mode, workdir, env))
        return started[-1]

    yield make
    for process in started:
        process.kill()


async def _settled(observer: App, chat: int) -> list[str]:
    """Wait until the inbox is empty; return the chat's stored user turns."""
    inbox = make_inbox(observer, "telegram")
    async with asyncio.timeout(60):
        # Another process works; a retried turn that was already done sends nothing to await.
        while (await inbox.stats()).pending:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
    turns = await observer.service.conversations.recent_turns(
        ConversationKey("telegram", str(chat)), 50
    )
    return [t.text for t in turns if t.role == "user"]


async def _unsent(observer: App) -> list[str]:
    """Outbox entries (replies committed and not yet marked shown) under the test's prefix."""
    prefix = observer.settings.key_prefix
    return [name async for name in observer.redis.scan_iter(match=f"{prefix}:*:out:*")]


async def _say(bot: BotProcess, chat: int, text: str, observer: App | None = None) -> None:
    """Send one message and wait for its answer — with ``observer``, also for its turn to end
    (the answer shows before the turn takes in what arrived meanwhile and lets the chat go:
    a next message sent in between would be folded into this turn, not be a turn of its own)."""
    standin, before = bot.standin, len(bot.standin.messages(chat))
    await bot.deliver(standin.new_update(message(private_chat(chat), user(chat), text)))
    await standin.wait_for(lambda: len(standin.messages(chat)) > before, 60)
    if observer is not None:
        await _settled(observer, chat)


async def _stuck(
    bot: BotProcess, chat: int, text: str, method: str, *, stall: bool = False, after: int = 0
) -> dict[str, object]:
    """Send ``text``, wait until its turn is stuck in a Bot API call of ``method`` (carried out,
    or with ``stall`` not even that — after ``after`` such calls went through)."""
    if stall:
        bot.standin.stall(method, after=after)
    else:
        bot.standin.hold(method)
    update = bot.standin.new_update(message(private_chat(chat), user(chat), text))
    await bot.deliver(update)
    await bot.standin.wait_for(lambda: bool(bot.standin.held), 60)
    return update


async def _restart(first: BotProcess, second: BotProcess, update: dict[str, object]) -> None:
    """Start ``second``; a webhook update ``first`` never answered 200 comes again."""
    await second.start()
    if second.mode == "webhook":
        await second.deliver(update)  # Telegram redelivers what got no 200


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_kill_9_while_planning_loses_nothing_and_answers_once(
    spawn: Callable[[str], BotProcess], standin: StandInBotAPI, observer: App, mode: str
) -> None:
    chat = 880 + len(mode)
    first = spawn(mode)
    await first.start()
    await _say(first, chat, "/plan")
    await _say(first, chat, TRIP, observer)
    update = await _stuck(first, chat, "yes", "sendMessageDraft")  # planning, before the commit
    first.kill()  # SIGKILL: no clean-up of any kind

    second = spawn(mode)
    await _restart(first, second, update)
    await standin.wait_for(lambda: any("Day 1" in m.shown for m in standin.messages(chat)), 60)
    assert await _settled(observer, chat) == ["/plan", TRIP, "yes"]
    assert sum("Day 1" in m.shown for m in standin.messages(chat)) == 1


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_kill_9_between_the_commit_and_the_answer_answers_once(
    spawn: Callable[[str], BotProcess], standin: StandInBotAPI, observer: App, mode: str
) -> None:
    chat = 885 + len(mode)
    first = spawn(mode)
    await first.start()
    update = await _stuck(first, chat, TRIP, "sendMessage", stall=True)  # committed, not sent
    first.kill()
    assert standin.messages(chat) == []  # before the outbox, this answer was lost

    second = spawn(mode)
    await _restart(first, second, update)
    await standin.wait_for(lambda: len(standin.messages(chat)) >= 1, 60)
    assert await _settled(observer, chat) == [TRIP]  # the turn ran once
    assert len(standin.messages(chat)) == 1
    assert await _unsent(observer) == []  # shown, then marked sent


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_kill_9_between_the_parts_of_a_long_plan_sends_only_the_rest(
    spawn: Callable[[str], BotProcess], standin: StandInBotAPI, observer: App, mode: str
) -> None:
    """A plan longer than one Telegram message goes out in parts; the outbox records each part
    shown before the next is sent, so after a kill between two parts the retried delivery sends
    only the parts not yet shown (it used to send the plan again from its first part)."""
    chat = 905 + len(mode)
    first = spawn(mode)
    await first.start()
    await _say(first, chat, "/plan")
    await _say(first, chat, TRIP, observer)
    before = len(standin.messages(chat))
    update = await _stuck(first, chat, "yes", "sendMessage", stall=True, after=1)
    first.kill()  # the plan's first part was shown; the second never reached Telegram
    shown = [m.shown for m in standin.messages(chat)[before:]]
    assert len(shown) == 1 and "Day 1" in shown[0]

    second = spawn(mode)
    await _restart(first, second, update)
    await standin.wait_for(lambda: len(standin.messages(chat)) >= before + 2, 60)
    assert await _settled(observer, chat) == ["/plan", TRIP, "yes"]
    plan = [m.shown for m in standin.messages(chat)[before:]]
    assert sum("Day 1" in text for text in plan) == 1  # the first part once
    assert len(plan) == len(set(plan)) >= 2  # each part once
    assert await _unsent(observer) == []


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_kill_9_while_telegram_confirms_the_answer_sends_it_again(
    spawn: Callable[[str], BotProcess], standin: StandInBotAPI, observer: App, mode: str
) -> None:
    """The one window no design closes: Telegram carried the send out, the process died before
    it heard so — the reply is shown at least once (here twice), never lost."""
    chat = 895 + len(mode)
    first = spawn(mode)
    await first.start()
    update = await _stuck(first, chat, TRIP, "sendMessage")  # sent; the answer never arrives
    first.kill()

    second = spawn(mode)
    await _restart(first, second, update)
    await standin.wait_for(lambda: len(standin.messages(chat)) >= 2, 60)
    assert await _settled(observer, chat) == [TRIP]
    first_copy, second_copy = standin.messages(chat)
    assert first_copy.shown == second_copy.shown


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_sigterm_hands_a_running_turn_back_and_exits(
    spawn: Callable[[str], BotProcess], standin: StandInBotAPI, observer: App, mode: str
) -> None:
    chat = 890 + len(mode)
    first = spawn(mode)
    first.script = True  # the SIGTERM reaches the bot through the console script's wrapper
    await first.start()
    await _say(first, chat, "/plan")
    await _say(first, chat, TRIP, observer)
    update = await _stuck(first, chat, "yes", "sendMessageDraft")  # cannot finish in the grace
    assert first.signal(signal.SIGTERM) == 0

    second = spawn(mode)
    await _restart(first, second, update)
    await standin.wait_for(lambda: any("Day 1" in m.shown for m in standin.messages(chat)), 60)
    assert await _settled(observer, chat) == ["/plan", TRIP, "yes"]
    assert sum("Day 1" in m.shown for m in standin.messages(chat)) == 1


class SlowModel(StandInOpenAI):
    """A language model that holds every answer until released: each turn is then in flight
    (lock held, nothing committed). At release, even-numbered questions are answered (their
    turns may finish in the grace period); odd ones never are by this model's first life, so
    their turns must be handed back and answered by the next process."""

    def __init__(self) -> None:
        super().__init__(responder=lambda body: Text(f"Answer #{_number_in(body)}."))
        self.waiting = 0
        self.released = asyncio.Event()
        self.restarted = False

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        if not self.restarted:
            number = _number_in(await request.json())
            self.waiting += 1
            await self.released.wait()
            if number % 2 and not self.restarted:
                await asyncio.Event().wait()  # until the killed process drops the connection
        return await super()._completions(request)


def _number_in(body: dict[str, object]) -> int:
    messages = body.get("messages")
    assert isinstance(messages, list)
    said = [str(m.get("content")) for m in messages if m.get("role") == "user"]
    found = re.search(r"#(\d+)", said[-1] if said else "")
    return int(found.group(1)) if found else -1


# Turns in flight at the SIGTERM (issue 13: a deploy during 50 running turns loses none).
RUNNING = 50


@pytest.mark.timeout(480)  # 50 turns on a shared 2-core machine: bounds, not speed
async def test_a_deploy_during_running_turns_answers_each_once(
    spawn: Callable[..., BotProcess], standin: StandInBotAPI, observer: App
) -> None:
    async with SlowModel() as model:
        env = {"OPENAI_API_KEY": "sk-test-never-logged", "OPENAI_BASE_URL": model.url,
               "LLM_TURN_TIMEOUT_S": "120", "LLM_READ_TIMEOUT_S": "120",
               "SHUTDOWN_GRACE_S": "2"}  # fmt: skip
        first = spawn("polling", env)
        await first.start()
        chats = list(range(7000, 7000 + RUNNING))
        for n, chat in enumerate(chats):
            text = f"what should we eat on day one? #{n}"
            await first.deliver(standin.new_update(message(private_chat(chat), user(chat), text)))
        async with asyncio.timeout(120):
            while model.waiting < len(chats):  # noqa: ASYNC110 - the model counts arrivals
                await asyncio.sleep(0.05)
        model.released.set()  # a deploy: SIGTERM while every turn is running
        # Waited for off the loop, so the model answers the even ones during the grace period.
        assert await asyncio.to_thread(first.signal, signal.SIGTERM) == 0
        answered_before = {c for c in chats if standin.messages(c)}
        assert not any(chats[n] in answered_before for n in range(1, len(chats), 2))  # handed back

        model.restarted = True
        second = spawn("polling", env)
        await second.start()
        try:
            await standin.wait_for(lambda: all(standin.messages(c) for c in chats), 240)
        except TimeoutError:  # say which chats went unanswered
            print("unanswered:", [c for c in chats if not standin.messages(c)])
            raise
        for n, chat in enumerate(chats):
            assert await _settled(observer, chat) == [f"what should we eat on day one? #{n}"]
            shown = [m.shown for m in standin.messages(chat)]
            assert len(shown) == 1 and f"Answer #{n}." in shown[0], (chat, shown)
        assert await _unsent(observer) == []
