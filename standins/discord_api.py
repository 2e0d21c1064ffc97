"""A stand-in Discord: REST API and gateway on 127.0.0.1 (aiohttp), driven by real discord.py.

Gateway: HELLO, then IDENTIFY -> READY (+ GUILD_CREATE for one guild with one text channel),
heartbeat ACKs, and whatever the test dispatches (``INTERACTION_CREATE``, ``MESSAGE_CREATE``,
``MESSAGE_POLL_VOTE_ADD`` / ``_REMOVE``). REST: the calls bundletrip makes (login, command sync,
interaction callbacks, webhooks for follow-ups and edits, channel messages — with a ``poll``,
checked against Discord's limits —, ending a poll, users, threads, typing). Every call is recorded
with its time and body; a 429 with ``retry_after``, or another error, can be scripted for the
next matching call. Messages are kept as Discord would show them, so tests read what a user sees.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, Self

from aiohttp import WSMsgType, web
from aiohttp.web_request import FileField

from standins.discord_payloads import (
    APP_ID,
    APPLICATION,
    BOT_ID,
    BOT_USER,
    DM_CHANNEL,
    DM_CHANNEL_ID,
    GUILD_ID,
    MEMBER,
    NOW,
    PERMISSIONS,
    TEXT_CHANNEL,
    USER,
    Call,
    Context,
    Shown,
    guild_payload,
)

Handler = Callable[[dict[str, str], Call], Awaitable[web.Response]]


class FakeDiscord:
    """The stand-in; use ``async with FakeDiscord() as fake``."""

    def __init__(self, *, thread_create_events: bool = True) -> None:
        self.calls: list[Call] = []
        self.identifies: list[dict[str, Any]] = []
        self.messages: dict[int, Shown] = {}
        self.threads: dict[int, dict[str, Any]] = {}
        self.pinned: list[int] = []  # message ids pinned by the bot
        self.contexts: dict[str, Context] = {}  # by interaction token
        self.thread_create_events = thread_create_events
        self.sockets: dict[int, web.WebSocketResponse] = {}
        self.ready = asyncio.Event()
        self._ids = itertools.count(1_200_000_000_000_000_000)
        self._seq = itertools.count(1)
        self._429: list[tuple[str, re.Pattern[str], float]] = []
        self._errors: list[tuple[str, re.Pattern[str], int, int, Callable[[Any], bool]]] = []
        self.users: dict[str, dict[str, Any]] = {USER["id"]: USER}  # users seen, by id
        self.written: list[dict[str, Any]] = []  # users' messages, as the REST history shows them
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        # (method, path, carried out, which bodies)
        self._holds: list[tuple[str, re.Pattern[str], bool, Callable[[Any], bool]]] = []
        self._gates: list[tuple[str, re.Pattern[str], asyncio.Event]] = []
        self.held: list[Call] = []
        self.gated: list[Call] = []  # calls that waited at a gate
        self._nonces: dict[tuple[int, str], int] = {}  # enforced nonces -> the message made
        self._release = asyncio.Event()
        self._changed = asyncio.Event()  # set (and replaced) whenever something is recorded
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._add_routes()

    # -- lifecycle -----------------------------------------------------------------------------
    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._release.set()
        for ws in list(self.sockets.values()):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self) -> int:
        return next(self._ids)

    # -- gateway -------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                continue
            data = json.loads(frame.data)
            if data["op"] == 1:
                await ws.send_json({"op": 11})
            elif data["op"] == 2:
                await self._identified(ws, data["d"])
        return ws

    async def _identified(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        self.identifies.append(identify)
        self._notify()
        shard_id, count = identify.get("shard", [0, 1])
        self.sockets[shard_id] = ws
        ready = {"v": 10, "user": BOT_USER, "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                 "session_id": f"session-{shard_id}", "resume_gateway_url": self.gateway_url,
                 "shard": [shard_id, count], "application": {"id": str(APP_ID), "flags": 0},
                 "private_channels": [], "relationships": []}  # fmt: skip
        await self._send(ws, "READY", ready)
        await self._send(ws, "GUILD_CREATE", guild_payload())
        self.ready.set()

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        await ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the bot (the first shard that identified); like Discord, an
        event for a bot that is not connected is not sent, now or later."""
        ws = next(iter(self.sockets.values()), None)
        if ws is None or ws.closed:
            return
        try:
            await self._send(ws, event, data)
        except ConnectionResetError:  # the bot died a moment ago
            return

    # -- what users do ---------------------------------------------------------------------------
    async def slash(
        self, name: str, options: dict[str, Any] | None = None, *, channel: str | int = "guild",
        locale: str = "en-US",
    ) -> Context:  # fmt: skip
        """A user runs ``/name`` with ``options`` in the guild channel, the DM, or a thread id."""
        opts = [{"name": k, "type": 4 if isinstance(v, int) else 3, "value": v}
                for k, v in (options or {}).items()]  # fmt: skip
        data = {"id": str(self.next_id()), "name": name, "type": 1, "options": opts}
        return await self._interact(2, data, channel, locale)

    async def autocomplete(self, name: str, option: str, current: str) -> Context:
        """A user types ``current`` into ``option`` of ``/name``."""
        opts = [{"name": option, "type": 3, "value": current, "focused": True}]
        data = {"id": str(self.next_id()), "name": name, "type": 1, "options": opts}
        return await self._interact(4, data, "guild", "en-US")

    async def press(
        self, message_id: int, custom_id: str, *, value: str | None = None,
        user: dict[str, Any] | None = None,
    ) -> Context:  # fmt: skip
        """A user (``USER`` unless given) presses a button (or picks ``value`` in a select)."""
        shown = self.messages[message_id]
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        if value is not None:
            data.update(component_type=3, values=[value])
        where: str | int = "dm" if shown.channel_id == DM_CHANNEL_ID else shown.channel_id
        return await self._interact(3, data, where, "en-US", message=shown, user=user)

    async def _interact(
        self, kind: int, data: dict[str, Any], where: str | int, locale: str,
        message: Shown | None = None, user: dict[str, Any] | None = None,
    ) -> Context:  # fmt: skip
        interaction_id, token = self.next_id(), f"itoken-{self.next_id()}"
        channel = self.channel_payload(where)
        payload: dict[str, Any] = {
            "id": str(interaction_id), "application_id": str(APP_ID), "type": kind,
            "token": token, "version": 1, "data": data, "channel_id": channel["id"],
            "channel": channel, "locale": locale, "app_permissions": PERMISSIONS,
            "entitlements": [], "authorizing_integration_owners": {},
            "attachment_size_limit": 10_485_760,
        }  # fmt: skip
        if where == "dm":
            payload.update(user=USER, context=1)
        else:
            member = MEMBER if user is None else {**MEMBER, "user": user}
            payload.update(guild_id=str(GUILD_ID), member=member, guild_locale="en-US", context=0)
        if message is not None:
            payload["message"] = message.as_json()
        context = Context(interaction_id, int(channel["id"]), time.monotonic(),
                          original=message.id if message else None)  # fmt: skip
        self.contexts[token] = context
        await self.dispatch("INTERACTION_CREATE", payload)
        return context

    def channel_payload(self, where: str | int) -> dict[str, Any]:
        if where == "guild":
            return TEXT_CHANNEL
        if where == "dm":
            return DM_CHANNEL
        if int(where) in self.threads:
            return self.threads[int(where)]
        return {**TEXT_CHANNEL, "id": str(where)}

    async def say(
        self, content: str, *, channel: str | int = "dm", mention: bool = False,
        reply_to: int | None = None, user: dict[str, Any] | None = None,
    ) -> int:  # fmt: skip
        """A user (``USER`` unless given) writes a message; returns its id."""
        message_id = self.next_id()
        channel_id = int(self.channel_payload(channel)["id"])
        author = user or USER
        self.users[author["id"]] = author
        data: dict[str, Any] = {**Shown(message_id, channel_id, content, author=author).as_json(),
                                "mentions": [BOT_USER] if mention else []}  # fmt: skip
        if mention:
            data["content"] = f"<@{BOT_ID}> {content}"
        if reply_to is not None:
            data.update(type=19, message_reference={"message_id": str(reply_to),
                        "channel_id": str(channel_id)},
                        referenced_message=self.messages[reply_to].as_json())  # fmt: skip
        if channel != "dm":
            data.update(
                guild_id=str(GUILD_ID), member={k: v for k, v in MEMBER.items() if k != "user"}
            )
        self.written.append({k: v for k, v in data.items() if k not in ("guild_id", "member")})
        await self.dispatch("MESSAGE_CREATE", data)
        return message_id

    async def vote(
        self, message_id: int, option: int, *, user: dict[str, Any] | None = None,
        added: bool = True,
    ) -> bool:  # fmt: skip
        """A user votes for answer ``option`` (0-based) of a poll, or takes the vote back;
        ``False`` when the poll has ended (Discord's client no longer offers it)."""
        shown = self.messages[message_id]
        assert shown.poll is not None, "not a poll"
        if shown.poll_ended:
            return False
        author = user or USER
        self.users[author["id"]] = author
        answer = option + 1
        if added:
            shown.votes[author["id"]] = answer
        elif shown.votes.get(author["id"]) == answer:
            del shown.votes[author["id"]]
        data = {
            "user_id": author["id"],
            "channel_id": str(shown.channel_id),
            "message_id": str(message_id),
            "guild_id": str(GUILD_ID),
            "answer_id": answer,
        }
        event = "MESSAGE_POLL_VOTE_ADD" if added else "MESSAGE_POLL_VOTE_REMOVE"
        await self.dispatch(event, data)
        return True

    async def change_vote(
        self, message_id: int, old: int, new: int, *, user: dict[str, Any] | None = None
    ) -> None:
        """A user moves their vote: a removal and an addition, here in the harder order (the
        addition first; the gateway promises no order between two events)."""
        shown = self.messages[message_id]
        author = user or USER
        shown.votes[author["id"]] = new + 1
        data = {"user_id": author["id"], "channel_id": str(shown.channel_id),
                "message_id": str(message_id), "guild_id": str(GUILD_ID)}  # fmt: skip
        await self.dispatch("MESSAGE_POLL_VOTE_ADD", {**data, "answer_id": new + 1})
        await self.dispatch("MESSAGE_POLL_VOTE_REMOVE", {**data, "answer_id": old + 1})

    def polls(self, channel_id: int) -> list[Shown]:
        return [m for m in self.bot_messages(channel_id) if m.poll is not None]

    # -- scripting and reading -------------------------------------------------------------------
    def fail_with(
        self, method: str, path_pattern: str, status: int, code: int,
        when: Callable[[Any], bool] = lambda body: True,
    ) -> None:  # fmt: skip
        """Answer the next ``method`` call whose path matches (and whose body passes ``when``)
        with ``status`` and Discord's error ``code``."""
        self._errors.append((method, re.compile(path_pattern), status, code, when))

    def fail_with_429(self, method: str, path_pattern: str, retry_after: float) -> None:
        """Answer the next ``method`` call whose path matches with 429 and ``retry_after``."""
        self._429.append((method, re.compile(path_pattern), retry_after))

    def hold(
        self, method: str, path_pattern: str, when: Callable[[Any], bool] = lambda body: True
    ) -> None:
        """Carry out the next ``method`` call whose path matches (and whose body passes
        ``when``) but never answer it (the bot is then stuck in that call: a place to kill it).
        It is listed in ``held``."""
        self._holds.append((method, re.compile(path_pattern), True, when))

    def stall(self, method: str, path_pattern: str) -> None:
        """Neither carry out nor answer the next matching call (the bot is stuck before its
        call took effect: a place to kill it). It is listed in ``held``."""
        self._holds.append((method, re.compile(path_pattern), False, lambda body: True))

    def gate(self, method: str, path_pattern: str) -> asyncio.Event:
        """Keep the next matching call waiting until the returned event is set, then carry it
        out and answer it as usual (the bot waits in that call: time for other events)."""
        opened = asyncio.Event()
        self._gates.append((method, re.compile(path_pattern), opened))
        return opened

    def calls_to(self, method: str, pattern: str) -> list[Call]:
        rx = re.compile(pattern)
        return [c for c in self.calls if c.method == method and rx.search(c.path)]

    def bot_messages(self, channel_id: int) -> list[Shown]:
        return [
            m for m in self.messages.values() if m.channel_id == channel_id and m.author is BOT_USER
        ]

    async def wait_for(self, check: Callable[[], Any], within_s: float = 60.0) -> Any:
        """Wait until ``check()`` is truthy; return its value. Re-checked whenever the stand-in
        records a call or an identify, and every 0.1 s for what changes elsewhere."""
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), 0.1)
        raise AssertionError("the stand-in Discord did not see what the test waited for")

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # -- REST ------------------------------------------------------------------------------------
    def _add_routes(self) -> None:
        routes: list[tuple[str, str, Handler]] = [
            ("GET", r"users/@me", self._static(BOT_USER)),
            ("GET", r"users/(?P<uid>\d+)", self._user),
            ("GET", r"oauth2/applications/@me", self._static(APPLICATION)),
            ("GET", r"gateway(/bot)?", self._gateway_info),
            ("PUT", r"applications/\d+(/guilds/\d+)?/commands", self._commands),
            ("POST", r"interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", self._callback),
            ("PATCH", r"webhooks/\d+/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)", self._edit),
            ("DELETE", r"webhooks/\d+/(?P<token>[^/]+)/messages/@original", self._no_content),
            ("POST", r"webhooks/\d+/(?P<token>[^/]+)", self._followup),
            ("POST", r"channels/(?P<cid>\d+)/messages", self._create),
            ("GET", r"channels/(?P<cid>\d+)/messages", self._history),
            ("PATCH", r"channels/\d+/messages/(?P<mid>\d+)", self._edit),
            ("POST", r"channels/\d+/typing", self._no_content),
            ("POST", r"channels/\d+/polls/(?P<mid>\d+)/expire", self._expire),
            ("PUT", r"channels/\d+/messages/pins/(?P<mid>\d+)", self._pin),
            ("POST", r"channels/(?P<cid>\d+)/threads", self._thread),
        ]
        self._routes = [(m, re.compile(rf"^{p}$"), h) for m, p, h in routes]

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.match_info["tail"]
        body, files = await _read_body(request)
        call = Call(request.method, path, dict(request.query), body, time.monotonic(), files=files)
        self.calls.append(call)
        self._notify()
        for index, (method, rx, retry_after) in enumerate(self._429):
            if method == request.method and rx.search(path):
                del self._429[index]
                call.status = 429
                limited = {"message": "You are being rate limited.", "retry_after": retry_after,
                           "global": False}  # fmt: skip
                return _json(limited, status=429, headers={"Via": "1.1 google"})
        for index, (method, rx, status, code, when) in enumerate(self._errors):
            if method == request.method and rx.search(path) and when(body):
                del self._errors[index]
                call.status = status
                return _json({"message": "scripted failure", "code": code}, status=status)
        for index, (method, rx, opened) in enumerate(self._gates):
            if method == request.method and rx.search(path):
                del self._gates[index]
                self.gated.append(call)
                self._notify()
                await opened.wait()
                break
        held = self._held(request.method, path, body)
        if held is False:
            self.held.append(call)
            self._notify()
            await self._release.wait()
            return _json({"message": "stalled", "code": 0}, status=503)
        for method, rx, handler in self._routes:
            match = rx.match(path)
            if method == request.method and match:
                response = await handler(match.groupdict(), call)
                self._notify()
                if held:
                    self.held.append(call)
                    self._notify()
                    await self._release.wait()
                return response
        call.status = 404
        return _json({"message": "Unknown route", "code": 0}, status=404)

    def _held(self, method: str, path: str, body: Any) -> bool | None:
        """``True``: carry the call out, never answer; ``False``: stall it; ``None``: answer."""
        for index, (held_method, rx, carried_out, when) in enumerate(self._holds):
            if held_method == method and rx.search(path) and when(body):
                del self._holds[index]
                return carried_out
        return None

    def _static(self, payload: dict[str, Any]) -> Handler:
        async def handler(_: dict[str, str], __: Call) -> web.Response:
            return _json(payload)

        return handler

    async def _gateway_info(self, _: dict[str, str], call: Call) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _commands(self, _: dict[str, str], call: Call) -> web.Response:
        out = [{"id": str(self.next_id()), "application_id": str(APP_ID), "version": "1",
                "type": 1, "default_member_permissions": None, "dm_permission": True,
                "nsfw": False, "options": [], **c} for c in call.body]  # fmt: skip
        return _json(out)

    async def _callback(self, m: dict[str, str], call: Call) -> web.Response:
        context = self.contexts[m["token"]]
        kind = call.body["type"]
        if kind in (4, 5):  # a message (or "thinking…") becomes the original response
            shown = Shown(self.next_id(), context.channel_id, loading=kind == 5)
            _apply(shown, call.body.get("data") or {}, [])
            self.messages[shown.id] = shown
            context.original = shown.id
        interaction = {"id": str(context.id), "type": 2, "response_message_loading": kind == 5,
                       "response_message_ephemeral": False,
                       "response_message_id": str(context.original or 0)}  # fmt: skip
        return _json({"interaction": interaction, "resource": {"type": kind}})

    async def _edit(self, m: dict[str, str], call: Call) -> web.Response:
        if m["mid"] == "@original":
            original = self.contexts[m["token"]].original
            if original is None:
                return _json({"message": "Unknown Message", "code": 10008}, status=404)
            message_id = original
        else:
            message_id = int(m["mid"])
        shown = self.messages[message_id]
        _apply(shown, call.body, [])
        shown.edits += 1
        shown.loading = False
        return _json(shown.as_json())

    async def _followup(self, m: dict[str, str], call: Call) -> web.Response:
        context = self.contexts[m["token"]]
        return self._new_message(context.channel_id, call.body, call.files)

    async def _create(self, m: dict[str, str], call: Call) -> web.Response:
        return self._new_message(int(m["cid"]), call.body, call.files)

    def _new_message(
        self, channel_id: int, body: Any, files: list[tuple[str, bytes]]
    ) -> web.Response:
        problem = _poll_problem(body.get("poll")) if "poll" in body else None
        if problem is not None:
            return _json({"message": "Invalid Form Body", "code": 50035, "errors": problem},
                         status=400)  # fmt: skip
        nonce = body.get("nonce") if body.get("enforce_nonce") else None
        if nonce is not None and (channel_id, str(nonce)) in self._nonces:  # Discord's rule
            return _json(self.messages[self._nonces[channel_id, str(nonce)]].as_json())
        shown = Shown(self.next_id(), channel_id, poll=body.get("poll"))
        _apply(shown, body, files)
        self.messages[shown.id] = shown
        if nonce is not None:
            self._nonces[channel_id, str(nonce)] = shown.id
        return _json(shown.as_json())

    async def _thread(self, m: dict[str, str], call: Call) -> web.Response:
        thread_id = self.next_id()
        thread = {"id": str(thread_id), "guild_id": str(GUILD_ID), "parent_id": m["cid"],
                  "owner_id": str(BOT_ID), "name": call.body["name"],
                  "type": call.body.get("type", 11),
                  "last_message_id": None, "rate_limit_per_user": 0, "message_count": 0,
                  "member_count": 1, "thread_metadata": {"archived": False, "locked": False,
                  "auto_archive_duration": call.body.get("auto_archive_duration", 1440),
                  "archive_timestamp": NOW}}  # fmt: skip
        self.threads[thread_id] = thread
        if self.thread_create_events:
            await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return _json(thread, status=201)

    async def _expire(self, m: dict[str, str], call: Call) -> web.Response:
        shown = self.messages.get(int(m["mid"]))
        if shown is None or shown.poll is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        if shown.author is not BOT_USER:
            return _json({"message": "Cannot end a poll of another user", "code": 50013},
                         status=403)  # fmt: skip
        if shown.poll_ended:
            return _json({"message": "Poll expired", "code": 520001}, status=400)
        shown.poll_ended = True
        return _json(shown.as_json())

    async def _history(self, m: dict[str, str], call: Call) -> web.Response:
        """A channel's messages after ``after``: the ``limit`` oldest of them, newest first (as
        Discord pages them)."""
        channel, after = int(m["cid"]), int(call.query.get("after", 0))
        limit = min(int(call.query.get("limit", 50)), 100)
        bots = [s.as_json() for s in self.messages.values() if s.channel_id == channel]
        users = [d for d in self.written if int(d["channel_id"]) == channel]
        later = sorted(
            (d for d in [*bots, *users] if int(d["id"]) > after), key=lambda d: int(d["id"])
        )
        return _json(list(reversed(later[:limit])))

    async def _user(self, m: dict[str, str], call: Call) -> web.Response:
        user = self.users.get(m["uid"])
        if user is None:
            return _json({"message": "Unknown User", "code": 10013}, status=404)
        return _json(user)

    async def _pin(self, m: dict[str, str], call: Call) -> web.Response:
        self.pinned.append(int(m["mid"]))
        return web.Response(status=204)

    async def _no_content(self, _: dict[str, str], call: Call) -> web.Response:
        return web.Response(status=204)


def _json(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with the exact content type discord.py checks for (no charset parameter)."""
    headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(body=json.dumps(payload).encode(), status=status, headers=headers)


def _poll_problem(poll: Any) -> str | None:
    """What Discord would refuse in a poll being created (None: nothing)."""
    if not isinstance(poll, dict):
        return "poll: not an object"
    answers = poll.get("answers") or []
    if not 1 <= len(answers) <= 10:
        return "poll.answers: 1 to 10"
    if any(len(a["poll_media"]["text"]) > 55 for a in answers):
        return "poll.answers.poll_media.text: at most 55 characters"
    if len(poll["question"]["text"]) > 300:
        return "poll.question.text: at most 300 characters"
    if not 1 <= poll.get("duration", 24) <= 768:
        return "poll.duration: 1 to 768 hours"
    return None


def _apply(shown: Shown, body: dict[str, Any], files: list[tuple[str, bytes]]) -> None:
    if "content" in body:
        shown.content = body["content"] or ""
    if "embeds" in body:
        shown.embeds = body["embeds"] or []
    if "components" in body:
        shown.components = body["components"] or []
    if files:
        shown.files = files


async def _read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        files = [(f.filename, f.file.read()) for f in form.values() if isinstance(f, FileField)]
        payload = form.get("payload_json")
        return (json.loads(str(payload)) if payload else {}), files
    raw = await request.read()
    return (json.loads(raw) if raw else None), []
