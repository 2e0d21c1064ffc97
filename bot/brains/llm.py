"""The language-model brain: an OpenAI-compatible ChatCompletion model that talks and acts
through the trip tools.

One turn:

1. the circuit breaker and the daily budgets (per user, per conversation) are checked — either
   refusing raises :class:`~bot.errors.BrainUnavailable` and the offline brain answers;
2. the request is built within a token budget (:mod:`bot.brains.llm_context`);
3. up to ``max_tool_rounds`` streamed requests: text deltas become :class:`TextDelta` events,
   tool calls run through :class:`~bot.brains.llm_tools.Toolbox` and their results go back;
   the last round may not call tools. Usage from each stream's final chunk is recorded;
4. the final message is the model's text framing what the project shows: the planner's plan
   (rendered by the project, checked), the planner's explanation, intake buttons, files.

Failures (timeouts, 429 after the SDK's retries, 5xx, cut streams twice, a chunk that is not
JSON, an empty or filtered answer, tool calls refused two rounds in a row) raise
:class:`~bot.errors.BrainUnavailable` / :class:`~bot.errors.BrainError`;
the service then lets the offline brain answer the same turn. No raw error reaches a chat and
the API key is never logged (it lives only inside the SDK client).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openai import AsyncOpenAI

from bot.brains.base import Brain, TurnContext
from bot.brains.llm_breaker import CircuitBreaker
from bot.brains.llm_context import ContextBudget, build_messages
from bot.brains.llm_stream import Completion, Request, TruncatedStream, stream_completion
from bot.brains.llm_tools import TOOL_SCHEMAS, Toolbox
from bot.brains.llm_usage import PriceTable, UsageHook
from bot.errors import BrainError, BrainUnavailable, StorageUnavailable
from bot.i18n import Lang, t
from bot.messages import FinalMessage, ReplyEvent, TextDelta, Working

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from bot.storage.ports import UsageLedger

__all__ = ["LlmBrain", "LlmConfig"]

log = logging.getLogger(__name__)

_PLAN_LINE = re.compile(r"^\s*[-*•]?\s*(day\s*\d+|\d+\s*일\s*차|\d{1,2}:\d{2}\b)", re.I | re.M)


class OverBudget(BrainUnavailable):
    """A daily budget is spent; not a failure of the model (the breaker ignores it)."""


@dataclass(frozen=True)
class LlmConfig:
    """Behaviour of the brain (built from Settings by :func:`bot.bootstrap.make_llm_brain`)."""

    model: str
    budget_user_usd: Decimal
    budget_conversation_usd: Decimal
    max_tool_rounds: int = 6
    max_refused_rounds: int = 2  # rounds in a row of only refused tool calls: offline answers
    turn_timeout_s: float = 60.0
    stream_retries: int = 1
    max_output_tokens: int = 800
    # Text deltas are joined for this long before becoming one event: the adapters refresh a
    # draft at most once a second, so per-token events would only cost CPU on the way.
    delta_interval_s: float = 0.25
    context: ContextBudget = field(default_factory=ContextBudget)


class LlmBrain(Brain):
    """Answers with an OpenAI-compatible model acting through the trip tools."""

    name = "llm"

    def __init__(
        self,
        client: AsyncOpenAI,
        config: LlmConfig,
        *,
        ledger: UsageLedger,
        breaker: CircuitBreaker,
        prices: PriceTable,
        on_usage: UsageHook | None = None,
    ) -> None:
        self.client = client
        self.on_usage = on_usage  # metrics: tokens and cost of every request
        self.config = config
        self.ledger = ledger
        self.breaker = breaker
        self.prices = prices

    async def aclose(self) -> None:
        await self.client.close()

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        if not await self.breaker.allow():
            raise BrainUnavailable("circuit breaker open")
        await self._check_budget(ctx)
        yield Working()
        try:
            async for event in self._turn(ctx):
                yield event
        except OverBudget:
            raise
        except BrainUnavailable:
            await self.breaker.failure()
            raise
        await self.breaker.success()

    async def _turn(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        msg, state = ctx.message, ctx.tools.state
        messages, summary = build_messages(
            state, ctx.tools.planner.kb, ctx.history, msg.text, lang=ctx.lang, today=ctx.today,
            speaker=msg.sender.display_name or "traveller", group=not msg.is_private,
            budget=self.config.context,
        )  # fmt: skip
        toolbox = Toolbox(ctx.tools, ctx.lang)
        deadline = asyncio.get_running_loop().time() + self.config.turn_timeout_s
        rounds = self.config.max_tool_rounds
        text = ""
        refused_rounds = 0  # consecutive rounds whose every tool call was refused
        for index in range(rounds):
            if index:
                await self._check_budget(ctx)
            last = index == rounds - 1
            request = Request(
                self.config.model, messages, TOOL_SCHEMAS, "none" if last else "auto",
                self.config.max_output_tokens,
            )  # fmt: skip
            done: Completion | None = None
            async for item in self._round(ctx, request, deadline):
                if isinstance(item, Completion):
                    done = item
                else:
                    yield item
            assert done is not None
            if done.tool_calls and not last:
                all_refused = await _run_tools(toolbox, done, messages)
                refused_rounds = refused_rounds + 1 if all_refused else 0
                if refused_rounds >= self.config.max_refused_rounds:
                    # It was told what was wrong and got it wrong again: stop spending rounds.
                    raise BrainError("the model kept sending tool calls that do not fit")
                continue
            text = _answer_text(done, toolbox, ctx.lang)
            break
        log.info("llm turn in %s: tools %s", msg.conversation, ",".join(toolbox.called) or "-")
        ctx.tools.state.summary = summary
        if leaks_prompt(text, str(messages[0]["content"])):
            log.warning("model echoed its instructions in %s; answer replaced", msg.conversation)
            text = t(ctx.lang, "brain.private")
        yield _final(text, toolbox, ctx.lang)
        for file in toolbox.files:
            yield file
        for poll in toolbox.polls:
            yield poll

    async def _round(
        self, ctx: TurnContext, request: Request, deadline: float
    ) -> AsyncIterator[TextDelta | Completion]:
        """One model round: its text as batched deltas, then its completion."""
        batch = DeltaBatcher(self.config.delta_interval_s)
        async for item in self._complete(ctx, request, deadline):
            if isinstance(item, Completion):
                if rest := batch.flush():
                    yield TextDelta(rest)
                yield item
            elif (ready := batch.add(item)) is not None:
                yield TextDelta(ready)

    async def _complete(
        self, ctx: TurnContext, request: Request, deadline: float
    ) -> AsyncIterator[str | Completion]:
        """One request, retried when the stream is cut; usage recorded when it completes."""
        for attempt in range(self.config.stream_retries + 1):
            try:
                async for item in stream_completion(self.client, request, deadline):
                    if isinstance(item, Completion):
                        await self._record(ctx, item)
                    yield item
                return
            except TruncatedStream:
                log.warning(
                    "model stream cut (attempt %d) in %s", attempt + 1, ctx.message.conversation
                )
                if attempt >= self.config.stream_retries:
                    raise

    async def _record(self, ctx: TurnContext, done: Completion) -> None:
        if done.usage is None:
            log.warning("model stream carried no usage; nothing recorded")
            return
        cost = self.prices.cost(self.config.model, done.usage)
        if self.on_usage is not None:
            self.on_usage(self.config.model, done.usage.prompt_tokens,
                          done.usage.completion_tokens, cost)  # fmt: skip
        msg = ctx.message
        try:
            await self.ledger.record(
                msg.user_id,
                msg.conversation,
                ctx.today.isoformat(),
                done.usage.prompt_tokens,
                done.usage.completion_tokens,
                cost,
            )
        except StorageUnavailable:
            log.warning("usage of a model request in %s was not recorded", msg.conversation)

    async def _check_budget(self, ctx: TurnContext) -> None:
        msg = ctx.message
        try:
            spent = await self.ledger.spent(msg.user_id, msg.conversation, ctx.today.isoformat())
        except StorageUnavailable as exc:
            raise OverBudget("usage store unavailable; budgets cannot be enforced") from exc
        if spent.user_usd >= self.config.budget_user_usd:
            log.info("daily model budget of a user reached (%s)", msg.platform)
            raise OverBudget("user's daily model budget reached")
        if spent.conversation_usd >= self.config.budget_conversation_usd:
            log.info("daily model budget of %s reached", msg.conversation)
            raise OverBudget("conversation's daily model budget reached")


class DeltaBatcher:
    """Pass the first delta at once, then join deltas that arrive within ``interval_s``.

    A model streams a token at a time; the adapters show a draft at most every second or so,
    so one event per token would only cost CPU on the way through the core.
    """

    def __init__(self, interval_s: float = 0.25) -> None:
        self.interval_s = interval_s
        self.pending: list[str] = []
        self.sent_at: float | None = None

    def add(self, text: str) -> str | None:
        """Buffer ``text``; return what is due for an event, if anything."""
        self.pending.append(text)
        now = time.monotonic()
        if self.sent_at is not None and now - self.sent_at < self.interval_s:
            return None
        self.sent_at = now
        return self.flush()

    def flush(self) -> str:
        """Return and clear whatever is buffered."""
        out = "".join(self.pending)
        self.pending.clear()
        return out


def _assistant_calls(done: Completion) -> dict[str, Any]:
    calls = [
        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
        for c in done.tool_calls
    ]
    return {"role": "assistant", "content": done.text or None, "tool_calls": calls}


def leaks_prompt(text: str, system_prompt: str) -> bool:
    """Tell whether ``text`` repeats a line of the system prompt (an echo of the rules)."""
    said = " ".join(text.split()).lower()
    lines = (" ".join(line.split()).lower().lstrip("-* ") for line in system_prompt.splitlines())
    return any(len(line) >= 40 and line[:60] in said for line in lines)


def looks_like_plan(text: str) -> bool:
    """Tell whether the model wrote its own itinerary (day headings or timed lines)."""
    return len(_PLAN_LINE.findall(text)) >= 3


def _final(text: str, toolbox: Toolbox, lang: Lang) -> FinalMessage:
    """The model's words framing what the project shows."""
    text = text.strip()
    if looks_like_plan(text):
        text = t(lang, "brain.frame" if toolbox.plan is not None else "brain.own_plan")
    if toolbox.plan is not None:
        plan = toolbox.plan
        framed = (text or t(lang, "brain.frame")) + "\n\n" + plan.text
        return FinalMessage(framed, itinerary=plan.itinerary, choices=plan.choices, language=lang)
    if toolbox.notice:
        text = (text + "\n\n" + toolbox.notice) if text else toolbox.notice
    return FinalMessage(text, choices=toolbox.choices, language=lang)


async def _run_tools(toolbox: Toolbox, done: Completion, messages: list[dict[str, Any]]) -> bool:
    """Run a round's tool calls, answers appended to ``messages``; tell if all were refused."""
    messages.append(_assistant_calls(done))
    before = toolbox.rejected
    for call in done.tool_calls:
        result = await toolbox.call(call.name, call.arguments)
        messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    return toolbox.rejected - before == len(done.tool_calls)


def _answer_text(done: Completion, toolbox: Toolbox, lang: Lang) -> str:
    """The text of a final round (the model's, or a fixed one), or a BrainError if it has none."""
    text = done.text or done.refusal
    if not text and done.finish_reason == "content_filter" and toolbox.plan is None:
        raise BrainError("the answer was filtered")
    if not text and not done.tool_calls and toolbox.plan is None and not toolbox.notice:
        raise BrainError("the model returned an empty answer")
    if not text and done.tool_calls:
        text = t(lang, "brain.rounds")
    return text
