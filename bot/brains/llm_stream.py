"""One streamed ChatCompletion: text deltas out, tool calls and usage assembled.

This is the boundary with the ``openai`` SDK. The request goes through
``chat.completions.with_streaming_response.create`` — the SDK's transport, auth, retries
(``max_retries``, honouring ``retry-after``, before the first byte) and status errors — and the
body is read as an ``AsyncStream[object]``: the SDK still decodes the server-sent events, maps
transport errors and reports an ``error`` event, but hands over each chunk as decoded JSON
instead of building a pydantic model per token. :mod:`bot.brains.llm_chunks` folds the chunks.

SDK exceptions are wrapped here into :class:`~bot.errors.BrainUnavailable` (network, timeouts,
429, 5xx, cut streams) or :class:`~bot.errors.BrainError` (a request the server rejects), with a
message that names the kind of failure and never the server's text, the request or the key. A
stream cut after the first byte is reported as :class:`TruncatedStream` so the caller can retry
the round. A chunk that is not JSON (``data: {this is not``) is a protocol error:
:class:`~bot.errors.BrainUnavailable`, so the offline brain answers that turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

import openai
from openai import AsyncOpenAI, AsyncStream
from openai.types.chat import ChatCompletionMessageParam, ChatCompletionToolUnionParam

from bot.brains.llm_chunks import ChunkAssembler, Completion, ToolCall, TruncatedStream, Usage
from bot.errors import BrainError, BrainUnavailable

__all__ = [
    "Completion", "Request", "ToolCall", "TruncatedStream", "Usage", "stream_completion",
]  # fmt: skip

T = TypeVar("T")


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


async def _open(client: AsyncOpenAI, request: Request, deadline: float) -> AsyncStream[object]:
    """Send the request; return its body as a stream of decoded JSON chunks."""
    manager = client.chat.completions.with_streaming_response.create(
        model=request.model,
        messages=cast("list[ChatCompletionMessageParam]", request.messages),
        tools=cast("list[ChatCompletionToolUnionParam]", request.tools),
        tool_choice=request.tool_choice,
        max_completion_tokens=request.max_tokens,
        stream=True,
        stream_options={"include_usage": True},
    )
    try:
        response = await _bounded(manager.__aenter__(), deadline)
    except openai.APIError as exc:
        raise _wrapped(exc, streaming=False) from exc
    return await response.parse(to=AsyncStream[object])


async def stream_completion(
    client: AsyncOpenAI, request: Request, deadline: float
) -> AsyncIterator[str | Completion]:
    """Yield text deltas as they arrive, then the assembled :class:`Completion`."""
    stream = await _open(client, request, deadline)
    assembler = ChunkAssembler()
    loop = asyncio.get_running_loop()
    try:
        # Each wait for a chunk is bounded by the client's read timeout, so checking the
        # deadline between chunks bounds the turn (no task per chunk on the hot path).
        async for chunk in stream:
            if loop.time() > deadline:
                raise BrainUnavailable("turn time limit reached")
            if text := assembler.add(chunk):
                yield text
    except openai.APIError as exc:
        raise _wrapped(exc, streaming=True) from exc
    except ValueError as exc:  # the SDK's json.loads of an event that is not JSON
        raise BrainUnavailable("model stream sent a chunk that is not JSON") from exc
    finally:
        await stream.close()
    yield assembler.result()


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
