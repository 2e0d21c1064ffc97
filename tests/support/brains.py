"""Brains that answer Discord tests with exactly what a test needs (same port as the real ones)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from bot.brains.base import Brain, TurnContext
from bot.messages import FinalMessage, ReplyEvent, TextDelta, Working
from bot.planner.itinerary import Itinerary


def stub_itinerary() -> Itinerary:
    """An itinerary object for tests that only look at the text shown with it."""
    fields: dict[str, Any] = {"days": [], "version": 1}
    return Itinerary.model_construct(**fields)


class ScriptedBrain(Brain):
    """Answers every turn with ``text`` (as an itinerary message when ``itinerary`` is set)."""

    name = "scripted"

    def __init__(self, text: str, *, itinerary: bool = False) -> None:
        self.text = text
        self.itinerary = stub_itinerary() if itinerary else None

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        yield FinalMessage(self.text, itinerary=self.itinerary, language=ctx.lang)


class StreamingBrain(Brain):
    """Streams ``pieces`` deltas, one every ``pause_s``, then the whole text."""

    name = "streaming"

    def __init__(self, pieces: int, pause_s: float) -> None:
        self.pieces = pieces
        self.pause_s = pause_s

    @staticmethod
    def piece(index: int) -> str:
        return f"word{index} "

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        yield Working()
        for index in range(self.pieces):
            await asyncio.sleep(self.pause_s)
            yield TextDelta(self.piece(index))
        yield FinalMessage("".join(map(self.piece, range(self.pieces))).strip(), language=ctx.lang)


class BrokenBrain(Brain):
    """Fails with an unexpected error whose text must never reach a user."""

    name = "broken"

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        raise RuntimeError("internal detail: /srv/secret.py line 42")
        yield Working()  # pragma: no cover - makes this an async generator
