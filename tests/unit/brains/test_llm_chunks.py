"""Streamed ChatCompletion chunks, as decoded JSON, fold into one completion."""

from __future__ import annotations

from typing import Any

import pytest

from bot.brains.llm_chunks import ChunkAssembler, ToolCall, TruncatedStream, Usage
from bot.errors import BrainUnavailable


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            "usage": None}  # fmt: skip


def _part(index: int, arguments: str, **head: str) -> dict[str, Any]:
    call: dict[str, Any] = {"index": index, "function": {"arguments": arguments}}
    if head:
        call.update(id=head["id"], type="function")
        call["function"]["name"] = head["name"]
    return _chunk({"tool_calls": [call]})


def test_text_deltas_are_returned_and_joined() -> None:
    parts = ChunkAssembler()
    said = [parts.add(_chunk({"role": "assistant", "content": ""}))]
    said += [parts.add(_chunk({"content": word})) for word in ("Hello ", "Singapore", None)]
    said.append(parts.add(_chunk({}, "stop")))
    assert said == ["", "Hello ", "Singapore", "", ""]
    done = parts.result()
    assert (done.text, done.finish_reason, done.tool_calls) == ("Hello Singapore", "stop", [])


def test_parallel_tool_calls_are_reassembled_by_index_across_chunks() -> None:
    parts = ChunkAssembler()
    for chunk in (
        _part(0, '{"days"', id="call_a", name="update_trip"),
        _part(1, "", id="call_b", name="get_trip"),
        _part(0, ": 4, "),
        _part(1, "{}"),
        _part(0, '"adults": 2}'),
        _chunk({}, "tool_calls"),
    ):
        assert parts.add(chunk) == ""
    assert parts.result().tool_calls == [
        ToolCall("call_a", "update_trip", '{"days": 4, "adults": 2}'),
        ToolCall("call_b", "get_trip", "{}"),
    ]


def test_a_call_without_an_id_gets_one_and_a_nameless_fragment_is_dropped() -> None:
    parts = ChunkAssembler()
    parts.add(_chunk({"tool_calls": [{"index": 0, "function": {"name": "get_trip"}}]}))
    parts.add(_part(1, '{"x": 1}'))
    parts.add(_chunk({}, "tool_calls"))
    assert parts.result().tool_calls == [ToolCall("call_0", "get_trip", "")]


def test_the_usage_chunk_is_read_with_cached_tokens() -> None:
    parts = ChunkAssembler()
    parts.add(_chunk({"content": "Hi"}, "stop"))
    usage = {"prompt_tokens": 900, "completion_tokens": 12, "total_tokens": 912,
             "prompt_tokens_details": {"cached_tokens": 512}}  # fmt: skip
    assert parts.add({"id": "c", "choices": [], "usage": usage}) == ""
    assert parts.result().usage == Usage(900, 12, 512)


def test_usage_without_details_counts_no_cached_tokens() -> None:
    parts = ChunkAssembler()
    parts.add(_chunk({"content": "Hi"}, "stop"))
    parts.add({"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 1,
                                        "prompt_tokens_details": None}})  # fmt: skip
    assert parts.result().usage == Usage(9, 1, 0)


def test_a_refusal_is_collected_apart_from_text() -> None:
    parts = ChunkAssembler()
    assert parts.add(_chunk({"refusal": "I can't "})) == ""
    parts.add(_chunk({"refusal": "help with that."}, "stop"))
    done = parts.result()
    assert (done.text, done.refusal) == ("", "I can't help with that.")


def test_a_stream_without_a_finish_reason_is_truncated() -> None:
    parts = ChunkAssembler()
    parts.add(_chunk({"content": "Let me look at that for"}))
    with pytest.raises(TruncatedStream):
        parts.result()


@pytest.mark.parametrize("chunk", [[1, 2], "data", None])
def test_a_chunk_that_is_not_an_object_is_a_protocol_error(chunk: object) -> None:
    with pytest.raises(BrainUnavailable):
        ChunkAssembler().add(chunk)


def test_missing_and_null_fields_are_tolerated() -> None:
    parts = ChunkAssembler()
    for chunk in ({}, {"choices": None}, {"choices": [None]}, {"choices": [{"delta": None}]},
                  {"choices": [{"delta": {"tool_calls": None, "content": None}}]}):  # fmt: skip
        assert parts.add(chunk) == ""
    parts.add(_chunk({}, "length"))
    assert parts.result().finish_reason == "length"
