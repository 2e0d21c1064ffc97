"""What the model sees each turn, within a token budget that does not grow with the chat.

A request carries, in order: the system prompt (persona and rules), the current trip state
(request fields and a one-line-per-day plan, see :mod:`bot.brains.llm_views`), the rolling
summary of older turns, as many recent turns as fit the budget (newest first, each shortened;
a rendered plan is not repeated because the trip state holds it), and the new message.

Rolling summary (``ConversationState.summary``, owned by this module): the first line is
``@<ts>``, the timestamp of the newest turn folded in; then one shortened line per older
traveller message, at most :attr:`ContextBudget.summary_lines`. Turns are folded when they
fall out of the window but are still in the history the service passes (``context_turns``
is larger than :attr:`ContextBudget.max_turns`), so each turn is folded exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.brains.llm_views import state_view
from bot.i18n import Lang
from bot.planner.kb import KnowledgeBase
from bot.prompts import render_prompt
from bot.storage.models import ConversationState, Turn

LANGUAGE_NAMES: dict[Lang, str] = {"en": "English", "ko": "Korean (한국어)"}


@dataclass(frozen=True)
class ContextBudget:
    """Limits of one request (tool schemas come on top and are constant)."""

    max_tokens: int = 2500  # system + trip state + summary + turns + new message
    max_turns: int = 8
    turn_chars: int = 500
    summary_lines: int = 8
    summary_line_chars: int = 120


def estimate_tokens(text: str) -> int:
    """A conservative token estimate: ~4 ASCII characters or 1 other character per token."""
    ascii_chars = len(text) if text.isascii() else len(text.encode("ascii", errors="ignore"))
    return ascii_chars // 4 + (len(text) - ascii_chars) + 1


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split()) if len(text) > limit else text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _turn_message(turn: Turn, budget: ContextBudget, group: bool) -> dict[str, Any]:
    if turn.role == "user":
        said = f"[{turn.name or 'traveller'}] {turn.text}" if group else turn.text
        return {"role": "user", "content": _shorten(said, budget.turn_chars)}
    text = turn.text
    if "\n" in text and len(text) > budget.turn_chars:  # a rendered plan: the state holds it
        text = text.split("\n", 1)[0] + " … (plan shown to the traveller; see current trip)"
    return {"role": "assistant", "content": _shorten(text, budget.turn_chars)}


def system_messages(
    state: ConversationState, kb: KnowledgeBase, lang: Lang, today: date, speaker: str
) -> list[dict[str, Any]]:
    """The system prompt, the trip state and the rolling summary."""
    system = render_prompt(
        "system", today=today.isoformat(), weekday=f"{today:%A}",
        language_name=LANGUAGE_NAMES[lang],
    )  # fmt: skip
    trip = render_prompt("trip_state", speaker=speaker, **state_view(state, kb))
    out = [{"role": "system", "content": system}, {"role": "system", "content": trip}]
    lines = summary_lines(state.summary)
    if lines:
        out.append(
            {"role": "system", "content": render_prompt("summary", summary="\n".join(lines))}
        )
    return out


def window(
    history: list[Turn], fixed: list[dict[str, Any]], new_text: str, budget: ContextBudget,
    group: bool,
) -> tuple[list[dict[str, Any]], int]:  # fmt: skip
    """Recent turns that fit the budget (oldest first) and how many history turns they cover."""
    used = sum(estimate_tokens(m["content"]) + 4 for m in fixed) + estimate_tokens(new_text)
    picked: list[dict[str, Any]] = []
    for turn in reversed(history[-budget.max_turns :]):
        message = _turn_message(turn, budget, group)
        cost = estimate_tokens(message["content"]) + 4
        if used + cost > budget.max_tokens:
            break
        used += cost
        picked.append(message)
    picked.reverse()
    while picked and picked[0]["role"] != "user":  # start the window at a traveller's turn
        picked.pop(0)
    return picked, len(picked)


def build_messages(
    state: ConversationState, kb: KnowledgeBase, history: list[Turn], new_text: str,
    *, lang: Lang, today: date, speaker: str, group: bool, budget: ContextBudget,
) -> tuple[list[dict[str, Any]], str]:  # fmt: skip
    """The request's messages and the updated rolling summary."""
    fixed = system_messages(state, kb, lang, today, speaker)
    turns, kept = window(history, fixed, new_text, budget, group)
    older = history[: len(history) - kept]
    summary = fold_summary(state.summary, older, budget)
    if summary != state.summary:  # rebuild with the fresh summary
        fixed = system_messages(
            state.model_copy(update={"summary": summary}), kb, lang, today, speaker
        )
    said = f"[{speaker}] {new_text}" if group else new_text
    return [*fixed, *turns, {"role": "user", "content": said}], summary


def summary_lines(summary: str) -> list[str]:
    """The summary's lines without its ``@<ts>`` marker."""
    return [line for line in summary.splitlines() if line and not line.startswith("@")]


def fold_summary(summary: str, older: list[Turn], budget: ContextBudget) -> str:
    """Fold traveller turns that left the window (and were not folded before) into the summary."""
    lines = summary.splitlines()
    through = float(lines[0][1:]) if lines and lines[0].startswith("@") else 0.0
    kept = summary_lines(summary)
    newest = through
    for turn in older:
        if turn.ts <= through:
            continue
        newest = max(newest, turn.ts)
        if turn.role == "user" and turn.text.strip():
            who = turn.name or "traveller"
            kept.append("- " + _shorten(f"{who}: {turn.text}", budget.summary_line_chars))
    if newest == through:
        return summary
    kept = kept[-budget.summary_lines :]
    return "\n".join([f"@{newest!r}", *kept])
