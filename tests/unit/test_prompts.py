"""Every prompt renders; a missing placeholder is an error, never a hole."""

from __future__ import annotations

from datetime import date

import pytest

from bot.brains.llm_context import system_messages
from bot.planner.kb import load_knowledge_base
from bot.prompts import load_prompt, placeholders, prompt_names, render_prompt
from bot.storage.models import ConversationState

VALUES = {
    "today": "2026-11-27", "weekday": "Friday", "language_name": "English", "stage": "idle",
    "speaker": "Mina", "request": "transport=public", "missing": "dates, party",
    "plan": "No plan yet.", "summary": "- Mina: hello",
}  # fmt: skip


def test_the_prompts_directory_has_the_three_prompts() -> None:
    assert prompt_names() == ["summary", "system", "trip_state"]


@pytest.mark.parametrize("name", prompt_names())
def test_every_prompt_renders_with_its_placeholders(name: str) -> None:
    needed = placeholders(name)
    text = render_prompt(name, **{k: VALUES[k] for k in needed})
    assert "$" not in text.replace("S$", "")
    for key in needed:
        assert VALUES[key] in text


@pytest.mark.parametrize("name", prompt_names())
def test_a_missing_placeholder_is_an_error(name: str) -> None:
    needed = sorted(placeholders(name))
    with pytest.raises(KeyError):
        render_prompt(name, **{k: VALUES[k] for k in needed[1:]})


def test_the_system_prompt_keeps_persona_language_and_price_note() -> None:
    text = load_prompt("system").template
    assert "Singapore tourism professional" in text
    assert "$language_name" in text
    assert "can change" in text
    for word in ("key", "password", "sk-"):
        assert f"{word}=" not in text


def test_the_system_messages_render_for_a_fresh_conversation() -> None:
    kb = load_knowledge_base()
    messages = system_messages(ConversationState(), kb, "ko", date(2026, 11, 27), "Mina")
    assert "Korean" in messages[0]["content"] and "Friday" in messages[0]["content"]
    assert "Still missing: dates, party" in messages[1]["content"]
