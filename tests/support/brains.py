"""Fake brains: the one family of test brains, each a real :class:`Brain` (same port).

* :class:`ScriptedBrain` answers every turn with a fixed text;
* :class:`StreamingBrain` streams another brain's answer like a language model (typing, a
  pause, the text in pieces, the final message) — the offline brain's by default;
* :class:`BrokenBrain` fails with an unexpected error whose text must never reach a user;
* :class:`GatedBrain` holds one message's turn open until the test opens its gate;
* :class:`StuckBrain` never answers (until its turn is cancelled).

The pauses of :class:`StreamingBrain` are the model's pace, never synchronisation: tests wait on
events the stand-in servers record, not on time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from bot.brains.base import Brain, TurnContext
from bot.brains.offline import OfflineBrain
from bot.messages import FinalMessage, ReplyEvent, TextDelta, Working
from bot.planner.itinerary import Itinerary
from bot.trip import TripRequest


def stub_itinerary() -> Itinerary:
    """An itinerary object for tests that only look at the text shown with it."""
    return Itinerary(request=TripRequest(), days=[])


class ScriptedBrain(Brain):
    """Answers every turn with ``text`` (as an itinerary message when ``itinerary`` is set)."""

    name = "scripted"

    def __init__(self, text: str, *, itinerary: bool = False) -> None:
        self.text = text
        self.itinerary = stub_itinerary() if itinerary else None

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        yield FinalMessage(self.text, itinerary=self.itinerary, language=ctx.lang)


def split_words(text: str, pieces: int) -> list[str]:
    """``text`` in at most ``pieces`` consecutive parts cut after spaces (they join to ``text``)."""
    words = text.split(" ")
    tokens = [w + " " for w in words[:-1]] + [words[-1]]
    size = max(-(-len(tokens) // max(pieces, 1)), 1)
    return ["".join(tokens[i : i + size]) for i in range(0, len(tokens), size)]


class StreamingBrain(Brain):
    """Streams ``inner``'s answer like a language model.

    Typing (:class:`Working`), ``think_s`` before the first token, then the final text in
    ``pieces`` deltas ``pace_s`` apart, then ``inner``'s own final message (with its itinerary,
    choices and files). ``inner`` is the offline brain unless given.
    """

    name = "streaming"

    def __init__(
        self,
        inner: Brain | None = None,
        *,
        pieces: int = 4,
        think_s: float = 0.3,
        pace_s: float = 0.03,
    ) -> None:
        self.inner = inner if inner is not None else OfflineBrain()
        self.pieces = pieces
        self.think_s = think_s
        self.pace_s = pace_s

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        yield Working()
        await asyncio.sleep(self.think_s)  # the model thinks before its first token
        async for event in self.inner.reply(ctx):
            if isinstance(event, TextDelta):
                continue  # this brain streams the final text itself, below
            if isinstance(event, FinalMessage):
                for piece in split_words(event.text, self.pieces):
                    yield TextDelta(piece)
                    await asyncio.sleep(self.pace_s)  # the model's pace, not synchronisation
            yield event


class BrokenBrain(Brain):
    """Fails with an unexpected error (not a BrainError) whose text must never reach a user.

    ``detail`` is the error's text (given the turn, it may quote the message); with
    ``working_first`` the brain shows typing before it fails, as a model that fails mid-turn.
    """

    name = "broken"

    def __init__(
        self,
        detail: str | Callable[[TurnContext], str] = "internal detail: /srv/secret.py line 42",
        *,
        working_first: bool = False,
    ) -> None:
        self.detail = detail
        self.working_first = working_first

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        if self.working_first:
            yield Working()
        detail = self.detail(ctx) if callable(self.detail) else self.detail
        raise RuntimeError(detail)
        yield Working()  # pragma: no cover - makes this an async generator


class GatedBrain(OfflineBrain):
    """The offline brain, holding the turn of the message ``first`` open until ``gate`` is set."""

    def __init__(self, first: str) -> None:
        self.first = first
        self.started = asyncio.Event()
        self.gate = asyncio.Event()

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        if ctx.message.text == self.first:
            self.started.set()
            await self.gate.wait()
        async for event in super().reply(ctx):
            yield event


class StuckBrain(Brain):
    """A brain that never answers (until its turn is cancelled, e.g. at shutdown)."""

    name = "stuck"

    def __init__(self) -> None:
        self.started = asyncio.Event()

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        self.started.set()
        await asyncio.Event().wait()
        yield Working()
