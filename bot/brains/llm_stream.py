"""One streamed ChatCompletion: text deltas out, tool calls and usage assembled.

This is the boundary with the ``openai`` SDK: its exceptions are wrapped here into
:class:`~bot.errors.BrainUnavailable` (network, timeouts, 429, 5xx, cut streams) or
:class:`~bot.errors.BrainError` (a request the server rejects), with a message that names the
kind of failure and never the server's text, the request or the key. The SDK's own retries
(``max_retries``, honouring ``retry-after``) run before the first byte; a stream cut after that is
reported as :class:`TruncatedStream` so the caller can retry the round.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam, ChatCompletionToolUnionParam

from bot.errors import BrainError, BrainUnavailable

T = TypeVar("T")


class TruncatedStream(BrainUnavailable):
    """The stream ended before a finish reason (connection cut, server crash)."""


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0


@dataclass
class Completion:
    """What one streamed request produced."""

    text: str = ""
    refusal: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    usage: Usage | None = None


@dataclass(frozen=True)
class Request:
    model: str
    messages: list[dict[str, Any]]
    tools: list[dict[str, Any]]
    tool_choice: Literal["auto", "none"] = "auto"
    max_tokens: int = 800


async def _bounded(awaitable: Awaitable[T], deadline: float) -> T:
    remaining = deadline - asyncio.get_running_loop().time()
    if remaining <= 0:
        raise BrainUnavailable("turn time limit reached")
    try:
        return await asyncio.wait_for(awaitable, remaining)
    except TimeoutError as exc:
        raise BrainUnavailable("turn time limit reached") from exc


async def stream_completion(
    client: AsyncOpenAI, request: Request, deadline: float
) -> AsyncIterator[str | Completion]:
    """Yield text deltas as they arrive, then the assembled :class:`Completion`."""
    try:
        stream = await _bounded(
            client.chat.completions.create(
                model=request.model,
                messages=cast("list[ChatCompletionMessageParam]", request.messages),
                tools=cast("list[ChatCompletionToolUnionParam]", request.tools),
                tool_choice=request.tool_choice,
                max_completion_tokens=request.max_tokens,
                stream=True,
                stream_options={"include_usage": True},
            ),
            deadline,
        )
    except openai.APIError as exc:
        raise _wrapped(exc, streaming=False) from exc
    done = Completion()
    calls: dict[int, ToolCall] = {}
    loop = asyncio.get_running_loop()
    try:
        # Each wait for a chunk is bounded by the client's read timeout, so checking the
        # deadline between chunks bounds the turn (no task per chunk on the hot path).
        async for chunk in stream:
            if loop.time() > deadline:
                raise BrainUnavailable("turn time limit reached")
            if chunk.usage is not None:
                details = chunk.usage.prompt_tokens_details
                done.usage = Usage(
                    chunk.usage.prompt_tokens,
                    chunk.usage.completion_tokens,
                    (details.cached_tokens or 0) if details else 0,
                )
            for choice in chunk.choices[:1]:
                delta = choice.delta
                if delta.content:
                    done.text += delta.content
                    yield delta.content
                if delta.refusal:
                    done.refusal += delta.refusal
                for part in delta.tool_calls or ():
                    _merge_call(calls, part)
                if choice.finish_reason:
                    done.finish_reason = choice.finish_reason
    except openai.APIError as exc:
        raise _wrapped(exc, streaming=True) from exc
    finally:
        await stream.close()
    if done.finish_reason is None:
        raise TruncatedStream("the stream ended without a finish reason")
    done.tool_calls = [calls[i] for i in sorted(calls) if calls[i].name]
    yield done


def _merge_call(calls: dict[int, ToolCall], part: Any) -> None:
    """Fold one streamed tool-call fragment into the call at its index."""
    call = calls.setdefault(part.index, ToolCall(id="", name="", arguments=""))
    if part.id:
        call.id = part.id
    if part.function is not None:
        if part.function.name:
            call.name += part.function.name
        if part.function.arguments:
            call.arguments += part.function.arguments
    if not call.id:
        call.id = f"call_{part.index}"


def _wrapped(exc: openai.APIError, *, streaming: bool) -> BrainError:
    """Map an SDK error to ours; the message is safe to log (no body, no key)."""
    if streaming and isinstance(exc, openai.APIConnectionError):
        return TruncatedStream("the stream was cut")
    if isinstance(exc, openai.APITimeoutError):
        return BrainUnavailable("model request timed out")
    if isinstance(exc, openai.APIConnectionError):
        return BrainUnavailable("cannot connect to the model")
    if isinstance(exc, openai.RateLimitError):
        return BrainUnavailable("model rate-limited (429) after retries")
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code >= 500 or exc.status_code in (408, 409):
            return BrainUnavailable(f"model server error {exc.status_code}")
        return BrainError(f"model request rejected ({exc.status_code})")
    return BrainUnavailable("model stream reported an error")
