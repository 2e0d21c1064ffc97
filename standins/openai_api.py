"""A stand-in OpenAI-compatible server for tests and the benchmark, driven by the real client.

aiohttp on 127.0.0.1 and a free port. Each test scripts what the "model" does, one step per
request (``server.script(...)``), or sets a ``responder`` that decides from the request. It
answers ``POST /v1/chat/completions`` as JSON or as SSE (``stream: true``): text in token-sized
chunks, tool calls (parallel ones, arguments split across chunks), refusals, the usage chunk of
``stream_options.include_usage``; and it fails on request: a status with headers (429 with
``retry-after``, 500), a hang (timeouts), a stream cut short cleanly or abruptly, a stream that
stalls mid-way (read timeout), reports an ``error`` event or carries a chunk that is not JSON.
Every request is recorded (JSON body and headers) with its measured prompt size.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web


def count_tokens(text: str) -> int:
    """The stand-in's own token count (independent of the brain's estimate)."""
    ascii_chars = sum(1 for ch in text if ord(ch) < 128)
    return ascii_chars // 4 + (len(text) - ascii_chars)


def prompt_tokens(body: dict[str, Any]) -> int:
    """Prompt size of a request: every message's content and tool calls, plus the tools."""
    size = 0
    for message in body.get("messages", []):
        size += 4 + count_tokens(str(message.get("content") or ""))
        for call in message.get("tool_calls") or []:
            size += count_tokens(json.dumps(call))
    return size + count_tokens(json.dumps(body.get("tools", [])))


@dataclass
class Text:
    """Answer with text, streamed in chunks of ``chunk_words`` words."""

    text: str
    chunk_words: int = 3
    first_token_s: float = 0.0
    tokens_per_s: float | None = None  # pace after the first token; None = as fast as possible
    finish_reason: str = "stop"


@dataclass
class Call:
    name: str
    arguments: dict[str, Any] | str  # a str is sent verbatim (malformed JSON on purpose)


@dataclass
class Tools:
    """Answer with tool calls (several = parallel), each argument string split in ``split``."""

    calls: list[Call]
    text: str = ""
    split: int = 3


@dataclass
class Refuse:
    refusal: str


@dataclass
class Fail:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "stand-in failure with secret-looking detail sk-should-not-leak"


@dataclass
class Hang:
    """Wait before answering (longer than the client's timeout: a timeout)."""

    seconds: float
    then: Text | None = None


@dataclass
class Cut:
    """Stream ``text``, then stop: cleanly (no finish reason, no [DONE]) or dropping the socket."""

    text: str = "Let me look at that for"
    abrupt: bool = False


@dataclass
class Stall:
    """Stream ``text``, then go silent for ``seconds`` mid-stream (a read timeout), then finish."""

    text: str = "Let me think"
    seconds: float = 1.5


@dataclass
class StreamError:
    """Stream ``text``, then an ``error`` event in place of the next chunk, then ``[DONE]``."""

    text: str = "Let me look"
    message: str = "stand-in overloaded with secret-looking detail sk-should-not-leak"


@dataclass
class Garbled:
    """Stream ``text``, then one event whose data is not JSON, then the rest as usual."""

    text: str = "Let me look"
    raw: str = "{this is not json"


Step = Text | Tools | Refuse | Fail | Hang | Cut | Stall | StreamError | Garbled


@dataclass
class Recorded:
    body: dict[str, Any]
    headers: dict[str, str]
    prompt_tokens: int
    at: float
    first_token_at: float = 0.0
    done_at: float = 0.0

    @property
    def last_user(self) -> str:
        users = [m for m in self.body["messages"] if m["role"] == "user"]
        return str(users[-1]["content"]) if users else ""


class StandInOpenAI:
    """The scripted server; ``async with StandInOpenAI() as server: server.url``."""

    def __init__(self, responder: Callable[[dict[str, Any]], Step] | None = None) -> None:
        self.steps: deque[Step] = deque()
        self.responder = responder
        self.requests: list[Recorded] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *steps: Step) -> None:
        self.steps.extend(steps)

    def tool_results(self) -> list[str]:
        """What every tool message said, request after request (the conversation resends its
        earlier results, so those count again)."""
        return [
            str(m.get("content"))
            for r in self.requests
            for m in r.body["messages"]
            if m["role"] == "tool"
        ]

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.Server)
        self.port = server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _next(self, body: dict[str, Any]) -> Step:
        if self.steps:
            return self.steps.popleft()
        if self.responder is not None:
            return self.responder(body)
        return Text("Happy to help with your Singapore trip.")

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        recorded = Recorded(body, dict(request.headers), prompt_tokens(body), time.monotonic())
        self.requests.append(recorded)
        step = self._next(body)
        if isinstance(step, Hang):
            await asyncio.sleep(step.seconds)
            step = step.then or Text("late answer")
        if isinstance(step, Fail):
            error = {"error": {"message": step.message, "type": "server_error", "code": None}}
            return web.json_response(error, status=step.status, headers=step.headers)
        usage = _usage(body, step)
        if not body.get("stream"):
            return web.json_response(_completion(body, step, usage))
        return await self._stream(request, body, step, usage, recorded)

    async def _stream(
        self, request: web.Request, body: dict[str, Any], step: Step, usage: dict[str, int],
        recorded: Recorded,
    ) -> web.StreamResponse:  # fmt: skip
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        model = body.get("model", "stand-in")

        async def send(delta: dict[str, Any], finish: str | None = None) -> None:
            choice = {"index": 0, "delta": delta, "finish_reason": finish}
            await response.write(_sse(_chunk(model, [choice])))

        await send({"role": "assistant", "content": ""})
        if isinstance(step, Cut | StreamError):
            await send({"content": step.text})
            await _fail_midway(request, response, step)
            return response
        if isinstance(step, Garbled):
            await send({"content": step.text})
            await response.write(f"data: {step.raw}\n\n".encode())
            await send({}, "stop")
        elif isinstance(step, Stall):
            await send({"content": step.text})
            await asyncio.sleep(step.seconds)
            await send({}, "stop")
        elif isinstance(step, Text):
            recorded.first_token_at = await _stream_text(send, step)
            recorded.done_at = time.monotonic()
            await send({}, step.finish_reason)
        elif isinstance(step, Refuse):
            await send({"refusal": step.refusal})
            await send({}, "stop")
        elif isinstance(step, Tools):
            if step.text:
                await send({"content": step.text})
            await _stream_calls(send, step)
            await send({}, "tool_calls")
        if (body.get("stream_options") or {}).get("include_usage"):
            await response.write(_sse(_chunk(model, [], usage)))
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response


async def _fail_midway(
    request: web.Request, response: web.StreamResponse, step: Cut | StreamError
) -> None:
    """End a stream that started well: cut it, or report an error event."""
    if isinstance(step, Cut) and step.abrupt and request.transport is not None:
        request.transport.close()
        return
    if isinstance(step, StreamError):
        error = {"message": step.message, "type": "server_error", "code": None}
        await response.write(_sse({"error": error}))
        await response.write(b"data: [DONE]\n\n")
    await response.write_eof()


async def _stream_text(send: Callable[..., Any], step: Text) -> float:
    """Stream the text at the step's pace; return when the first token went out."""
    if step.first_token_s:
        await asyncio.sleep(step.first_token_s)
    words = step.text.split(" ")
    pieces = [
        " ".join(words[i : i + step.chunk_words]) + " "
        for i in range(0, len(words), step.chunk_words)
    ]
    pieces[-1] = pieces[-1].rstrip(" ")
    first = time.monotonic()
    for n, piece in enumerate(pieces):
        if step.tokens_per_s and n:  # paced against the clock, so sleeps do not drift
            await asyncio.sleep(max(0.0, first + n * step.chunk_words / step.tokens_per_s
                                    - time.monotonic()))  # fmt: skip
        await send({"content": piece})
    return first


async def _stream_calls(send: Callable[..., Any], step: Tools) -> None:
    for index, call in enumerate(step.calls):
        args = call.arguments if isinstance(call.arguments, str) else json.dumps(call.arguments)
        size = max(1, -(-len(args) // step.split))
        parts = [args[i : i + size] for i in range(0, len(args), size)] or [""]
        head = {"index": index, "id": f"call_{index}_{call.name}", "type": "function",
                "function": {"name": call.name, "arguments": parts[0]}}  # fmt: skip
        await send({"tool_calls": [head]})
        for part in parts[1:]:
            await send({"tool_calls": [{"index": index, "function": {"arguments": part}}]})


def _sse(data: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(data)}\n\n".encode()


def _chunk(
    model: str, choices: list[dict[str, Any]], usage: dict[str, int] | None = None
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-standin", "object": "chat.completion.chunk",
        "created": int(time.time()), "model": model, "choices": choices, "usage": usage,
    }  # fmt: skip


def _usage(body: dict[str, Any], step: Step) -> dict[str, int]:
    prompt = prompt_tokens(body)
    if isinstance(step, Text):
        completion = count_tokens(step.text)
    elif isinstance(step, Tools):
        completion = sum(count_tokens(json.dumps(c.arguments)) + 5 for c in step.calls)
    else:
        completion = 10
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion}  # fmt: skip


def _completion(body: dict[str, Any], step: Step, usage: dict[str, int]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = "stop"
    if isinstance(step, Text):
        message["content"] = step.text
    elif isinstance(step, Refuse):
        message["refusal"] = step.refusal
    elif isinstance(step, Tools):
        message["content"] = step.text or None
        message["tool_calls"] = [
            {"id": f"call_{i}_{c.name}", "type": "function",
             "function": {"name": c.name, "arguments": c.arguments if isinstance(c.arguments, str)
                          else json.dumps(c.arguments)}}
            for i, c in enumerate(step.calls)
        ]  # fmt: skip
        finish = "tool_calls"
    return {"id": "chatcmpl-standin", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", "stand-in"), "usage": usage,
            "choices": [{"index": 0, "message": message, "finish_reason": finish}]}  # fmt: skip
