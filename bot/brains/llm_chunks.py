"""Folding streamed ChatCompletion chunks, as decoded JSON, into one :class:`Completion`.

The ``openai`` SDK would build a pydantic ``ChatCompletionChunk`` for every streamed token (about
half the brain's CPU per answer); :mod:`bot.brains.llm_stream` asks it for the decoded JSON
instead, and this module reads the few fields the brain needs, tolerating missing or ``null``
ones as the SDK's lenient models did:

* ``choices[0].delta``: ``content`` and ``refusal`` text, ``tool_calls`` fragments folded by
  ``index`` (the id and name come in the first fragment, the arguments may be split over many),
  and ``choices[0].finish_reason``;
* ``usage`` (the last chunk with ``stream_options.include_usage``): prompt, completion and
  cached prompt tokens.

A chunk that is not a JSON object is a protocol error (:class:`~bot.errors.BrainUnavailable`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.errors import BrainUnavailable


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


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


class ChunkAssembler:
    """Fold chunks in order with :meth:`add`; :meth:`result` gives the :class:`Completion`."""

    def __init__(self) -> None:
        self.done = Completion()
        self.text: list[str] = []
        self.refusal: list[str] = []
        self.calls: dict[int, ToolCall] = {}
        self.arguments: dict[int, list[str]] = {}

    def add(self, chunk: object) -> str:
        """Fold one decoded chunk; return its text delta (``""`` if none)."""
        if not isinstance(chunk, dict):
            raise BrainUnavailable("model stream sent a malformed chunk")
        usage = chunk.get("usage")
        if usage:
            self.done.usage = _usage(_obj(usage))
        choices = chunk.get("choices")
        if not choices or not isinstance(choices, list):
            return ""
        choice = _obj(choices[0])
        delta = _obj(choice.get("delta"))
        content = _str(delta.get("content"))
        if content:
            self.text.append(content)
        if refusal := _str(delta.get("refusal")):
            self.refusal.append(refusal)
        if parts := delta.get("tool_calls"):
            for part in parts if isinstance(parts, list) else ():
                self._merge_call(_obj(part))
        if finish := _str(choice.get("finish_reason")):
            self.done.finish_reason = finish
        return content

    def _merge_call(self, part: dict[str, Any]) -> None:
        """Fold one streamed tool-call fragment into the call at its index."""
        index = _int(part.get("index"))
        call = self.calls.get(index)
        if call is None:
            call = self.calls[index] = ToolCall(id="", name="", arguments="")
            self.arguments[index] = []
        if call_id := _str(part.get("id")):
            call.id = call_id
        function = _obj(part.get("function"))
        call.name += _str(function.get("name"))
        if arguments := _str(function.get("arguments")):
            self.arguments[index].append(arguments)
        if not call.id:
            call.id = f"call_{index}"

    def result(self) -> Completion:
        """The assembled completion; :class:`TruncatedStream` if no finish reason came."""
        if self.done.finish_reason is None:
            raise TruncatedStream("the stream ended without a finish reason")
        self.done.text = "".join(self.text)
        self.done.refusal = "".join(self.refusal)
        for index, call in self.calls.items():
            call.arguments = "".join(self.arguments[index])
        self.done.tool_calls = [self.calls[i] for i in sorted(self.calls) if self.calls[i].name]
        return self.done


def _usage(usage: dict[str, Any]) -> Usage:
    details = _obj(usage.get("prompt_tokens_details"))
    return Usage(
        _int(usage.get("prompt_tokens")),
        _int(usage.get("completion_tokens")),
        _int(details.get("cached_tokens")),
    )
