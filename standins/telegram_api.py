"""A stand-in Bot API server: aiohttp on 127.0.0.1, a random port, driven by the real PTB client.

It speaks the Bot API's wire format (form and multipart bodies in, ``{"ok": ..., "result": ...}``
out), records every call with its time, validates texts like Telegram (HTML subset, 4,096 UTF-16
units, "message is not modified"), serves ``getUpdates`` long polls from a queue, and can be
scripted to answer 429 with ``retry_after`` or 400 with ``migrate_to_chat_id``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import struct
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from standins.telegram_html import TelegramHtmlError, check_message, utf16_units

TOKEN = "123456:TEST-token-0123456789abcdef"
BOT_USER = {
    "id": 999,
    "is_bot": True,
    "first_name": "bundletrip",
    "username": "bundletrip_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
TRUE_METHODS = {"deleteWebhook", "setWebhook", "setMyCommands", "sendChatAction",
                "answerCallbackQuery", "sendMessageDraft", "deleteMessage",
                "pinChatMessage"}  # fmt: skip


@dataclass
class Call:
    method: str
    params: dict[str, str]
    at: float
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    status: int = 200

    def json(self, name: str) -> Any:
        return json.loads(self.params[name])


@dataclass
class Sent:
    """A message the bot sent, as the user now sees it."""

    chat_id: int
    message_id: int
    text: str  # the raw text sent (HTML source when parse_mode is HTML)
    shown: str  # what Telegram displays
    parse_mode: str | None
    thread_id: int | None
    reply_markup: dict[str, Any] | None
    reply_to: int | None
    document: tuple[str, bytes] | None = None
    photo: tuple[str, bytes] | None = None
    venue: dict[str, Any] | None = None
    edits: int = 0
    poll: dict[str, Any] | None = None  # sendPoll: the Poll object as Telegram keeps it

    def buttons(self) -> list[tuple[str, str]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b["callback_data"]) for row in rows for b in row]

    def as_json(self) -> dict[str, Any]:
        chat_type = "private" if self.chat_id > 0 else "supergroup"
        out: dict[str, Any] = {"message_id": self.message_id, "date": int(time.time()),
                               "chat": {"id": self.chat_id, "type": chat_type},
                               "from": BOT_USER}  # fmt: skip
        if self.photo is not None:
            width, height = png_size(self.photo[1])
            out["photo"] = [{"file_id": f"p{self.message_id}", "file_unique_id": "u",
                             "width": width, "height": height}]  # fmt: skip
            out["caption"] = self.shown
        elif self.venue is not None:
            out["venue"] = self.venue
        elif self.poll is not None:
            out["poll"] = self.poll
        elif self.document is None:
            out["text"] = self.shown
        else:
            out["document"] = {"file_id": f"f{self.message_id}", "file_unique_id": "u",
                               "file_name": self.document[0]}  # fmt: skip
        if self.thread_id is not None:
            out["message_thread_id"], out["is_topic_message"] = self.thread_id, True
        if self.reply_markup:
            out["reply_markup"] = self.reply_markup
        return out


class StandInBotAPI:
    """See the module docstring. ``base_url`` goes into ``TELEGRAM_API_BASE_URL``."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.sent: dict[tuple[int, int], Sent] = {}
        self.updates: deque[dict[str, Any]] = deque()
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._floods: dict[str, deque[int]] = defaultdict(deque)
        self._migrated: dict[int, int] = {}
        self._changed = asyncio.Condition()
        self._holds: dict[str, int] = defaultdict(int)
        self._stalls: dict[str, int] = defaultdict(int)
        self._stall_after: dict[str, int] = defaultdict(int)
        self.held: list[Call] = []
        self._release = asyncio.Event()
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self._release.set()
        async with self._changed:  # a long poll in flight ends now, so the server stops at once
            self._stopping = True
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- scripting -------------------------------------------------------------------------
    def flood(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and ``retry_after``."""
        self._floods[method].extend([retry_after] * times)

    def hold(self, method: str, times: int = 1) -> None:
        """Carry out the next ``times`` calls of ``method`` but never answer them (the bot is
        then stuck in that call: a place to kill it). They are listed in ``held``."""
        self._holds[method] += times

    def stall(self, method: str, times: int = 1, after: int = 0) -> None:
        """Neither carry out nor answer the next ``times`` calls of ``method`` (the bot is stuck
        before its call took effect: a place to kill it), after carrying out ``after`` of them as
        usual. They are listed in ``held``."""
        self._stalls[method] += times
        self._stall_after[method] += after

    def migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        """Answer sends to ``old_chat_id`` with 400 and ``migrate_to_chat_id``."""
        self._migrated[old_chat_id] = new_chat_id

    def new_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **payload}

    async def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for ``getUpdates`` (polling mode)."""
        async with self._changed:
            self.updates.append(update)
            self._changed.notify_all()

    # -- observing -------------------------------------------------------------------------
    async def wait_for(self, predicate: Callable[[], bool], within: float = 60.0) -> None:
        """Wait until ``predicate()`` holds, re-checked after every call the server records."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(predicate)

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def messages(self, chat_id: int, thread_id: int | None = None) -> list[Sent]:
        """The chat's (or topic's) text and document messages from the bot, oldest first."""
        return [s for s in self._all(chat_id, thread_id) if s.photo is None and s.venue is None]

    def photos(self, chat_id: int, thread_id: int | None = None) -> list[Sent]:
        """The chat's photos from the bot, oldest first."""
        return [s for s in self._all(chat_id, thread_id) if s.photo is not None]

    def venues(self, chat_id: int, thread_id: int | None = None) -> list[Sent]:
        """The chat's venues from the bot, oldest first."""
        return [s for s in self._all(chat_id, thread_id) if s.venue is not None]

    def _all(self, chat_id: int, thread_id: int | None) -> list[Sent]:
        return [s for (chat, _), s in sorted(self.sent.items())
                if chat == chat_id and (thread_id is None or s.thread_id == thread_id)]  # fmt: skip

    # -- the API ---------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params, files = await _read_params(request)
        call = Call(method, params, time.monotonic(), files)
        try:
            if method == "getUpdates":
                return _ok(await self._get_updates(params))
            if self._stalls[method] > 0 and self._stall_after[method] > 0:
                self._stall_after[method] -= 1
            elif self._stalls[method] > 0:
                self._stalls[method] -= 1
                async with self._changed:
                    self.held.append(call)
                    self._changed.notify_all()
                await self._release.wait()
                return _error(503, "Service Unavailable")
            response = self._answer(method, call)
            if self._holds[method] > 0:
                self._holds[method] -= 1
                async with self._changed:
                    self.held.append(call)
                    self._changed.notify_all()
                await self._release.wait()
            return response
        finally:
            async with self._changed:
                if method != "getUpdates":
                    self.calls.append(call)
                self._changed.notify_all()

    def _answer(self, method: str, call: Call) -> web.Response:
        if self._floods[method]:
            call.status = 429
            wait = self._floods[method].popleft()
            return _error(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        chat = int(call.params.get("chat_id", "0") or 0)
        if chat in self._migrated and method != "answerCallbackQuery":
            call.status = 400
            return _error(400, "Bad Request: group chat was upgraded to a supergroup chat",
                          migrate_to_chat_id=self._migrated[chat])  # fmt: skip
        if method == "getMe":
            return _ok(BOT_USER)
        if method in TRUE_METHODS:
            return _ok(True)
        handler = {"sendMessage": self._send_message, "editMessageText": self._edit,
                   "sendDocument": self._send_document, "sendPhoto": self._send_photo,
                   "sendVenue": self._send_venue, "sendPoll": self._send_poll,
                   "stopPoll": self._stop_poll}.get(method)  # fmt: skip
        if handler is None:
            return _error(404, "Not Found")
        response = handler(call)
        call.status = response.status
        return response

    async def _get_updates(self, params: dict[str, str]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", "0") or 0)
        while self.updates and self.updates[0]["update_id"] < offset:
            self.updates.popleft()  # confirmed by the client
        if not self.updates:
            wait = min(float(params.get("timeout", "0") or 0), 1.0)
            try:
                async with asyncio.timeout(wait), self._changed:
                    await self._changed.wait_for(lambda: bool(self.updates) or self._stopping)
            except TimeoutError:
                return []
        return list(self.updates)

    def _send_message(self, call: Call) -> web.Response:
        p = call.params
        try:
            shown = check_message(p.get("text", ""), p.get("parse_mode"))
        except TelegramHtmlError as exc:
            return _error(400, f"Bad Request: can't parse entities: {exc}")
        sent = self._store(call, p["text"], shown)
        return _ok(sent.as_json())

    def _edit(self, call: Call) -> web.Response:
        p = call.params
        sent = self.sent.get((int(p["chat_id"]), int(p["message_id"])))
        if sent is None:
            return _error(400, "Bad Request: message to edit not found")
        try:
            shown = check_message(p.get("text", ""), p.get("parse_mode"))
        except TelegramHtmlError as exc:
            return _error(400, f"Bad Request: can't parse entities: {exc}")
        markup = json.loads(p["reply_markup"]) if "reply_markup" in p else None
        if (
            shown == sent.shown
            and markup == sent.reply_markup
            and p.get("parse_mode") == sent.parse_mode
        ):
            return _error(400, "Bad Request: message is not modified: specified new message "
                          "content and reply markup are exactly the same")  # fmt: skip
        sent.text, sent.shown, sent.parse_mode = p["text"], shown, p.get("parse_mode")
        sent.reply_markup, sent.edits = markup, sent.edits + 1
        return _ok(sent.as_json())

    def _send_document(self, call: Call) -> web.Response:
        if "document" not in call.files:
            return _error(400, "Bad Request: there is no document in the request")
        sent = self._store(call, call.params.get("caption", ""), call.params.get("caption", ""))
        sent.document = call.files["document"]
        return _ok(sent.as_json())

    def _send_photo(self, call: Call) -> web.Response:
        """Like Telegram: a real image, at most 10 MB, width + height ≤ 10,000, ratio ≤ 20."""
        if "photo" not in call.files:
            return _error(400, "Bad Request: there is no photo in the request")
        name, data = call.files["photo"]
        try:
            width, height = png_size(data)
        except ValueError:
            return _error(400, "Bad Request: IMAGE_PROCESS_FAILED")
        if (
            len(data) > 10 * 2**20
            or width + height > 10_000
            or max(width, height) > 20 * min(width, height)
        ):
            return _error(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        caption = call.params.get("caption", "")
        try:
            shown = check_message(caption, call.params.get("parse_mode")) if caption else ""
        except TelegramHtmlError as exc:
            return _error(400, f"Bad Request: can't parse entities: {exc}")
        if utf16_units(shown) > 1024:
            return _error(400, "Bad Request: message caption is too long")
        sent = self._store(call, caption, shown)
        sent.photo = (name, data)
        return _ok(sent.as_json())

    def _send_venue(self, call: Call) -> web.Response:
        p = call.params
        missing = [k for k in ("latitude", "longitude", "title", "address") if not p.get(k)]
        if missing:
            return _error(400, f"Bad Request: {missing[0]} is empty")
        lat, lon = float(p["latitude"]), float(p["longitude"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return _error(400, "Bad Request: wrong latitude or longitude")
        sent = self._store(call, p["title"], p["title"])
        sent.venue = {"location": {"latitude": lat, "longitude": lon},
                      "title": p["title"], "address": p["address"]}  # fmt: skip
        return _ok(sent.as_json())

    def _send_poll(self, call: Call) -> web.Response:
        p = call.params
        options = [o if isinstance(o, str) else o["text"] for o in json.loads(p["options"])]
        if not 2 <= len(options) <= 10 or any(not 1 <= len(o) <= 100 for o in options):
            return _error(400, "Bad Request: poll must have 2-10 options of 1-100 characters")
        if not 1 <= len(p["question"]) <= 300:
            return _error(400, "Bad Request: poll question must be 1-300 characters")
        sent = self._store(call, p["question"], p["question"])
        sent.poll = {
            "id": f"poll{sent.message_id}", "question": p["question"],
            "options": [{"text": o, "voter_count": 0, "persistent_id": str(i)}
                        for i, o in enumerate(options)],
            "total_voter_count": 0, "is_closed": False,
            "is_anonymous": json.loads(p.get("is_anonymous", "true")), "type": "regular",
            "allows_multiple_answers": json.loads(p.get("allows_multiple_answers", "false")),
            "allows_revoting": True, "members_only": False,
        }  # fmt: skip
        return _ok(sent.as_json())

    def _stop_poll(self, call: Call) -> web.Response:
        sent = self.sent.get((int(call.params["chat_id"]), int(call.params["message_id"])))
        if sent is None or sent.poll is None:
            return _error(400, "Bad Request: message with poll to stop not found")
        if sent.poll["is_closed"]:
            return _error(400, "Bad Request: poll has already been closed")
        sent.poll["is_closed"] = True
        return _ok(sent.poll)

    def polls(self, chat_id: int) -> list[Sent]:
        return [m for m in self.messages(chat_id) if m.poll is not None]

    def _store(self, call: Call, text: str, shown: str) -> Sent:
        p = call.params
        reply = json.loads(p["reply_parameters"])["message_id"] if "reply_parameters" in p else None
        sent = Sent(
            chat_id=int(p["chat_id"]), message_id=next(self._message_ids), text=text,
            shown=shown, parse_mode=p.get("parse_mode"),
            thread_id=int(p["message_thread_id"]) if "message_thread_id" in p else None,
            reply_markup=json.loads(p["reply_markup"]) if "reply_markup" in p else None,
            reply_to=reply,
        )  # fmt: skip
        self.sent[(sent.chat_id, sent.message_id)] = sent
        return sent


async def _read_params(request: web.Request) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    params: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        body = await request.json()
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}, files
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            files[name] = (value.filename, value.file.read())
        else:
            params[name] = str(value)
    return params, files


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (ValueError if it is not a PNG)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str, **parameters: int) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)
