"""Commands are parsed once, in the core, the same for every platform."""

from __future__ import annotations

import pytest

from bot.commands import Command, parse_command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/plan", Command("plan", "")),
        ("/plan@bundletrip_bot 4 days", Command("plan", "4 days")),
        ("/LANG ko", Command("lang", "ko")),
        ("plan", Command("plan", "")),
        ("계획", Command("plan", "")),
        ("  /attraction   12  ", Command("attraction", "12")),
    ],
)
def test_commands_parse_alike_everywhere(text: str, expected: Command) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize("text", ["plan a trip for me", "/", "hello /plan", "// comment", ""])
def test_other_text_is_not_a_command(text: str) -> None:
    assert parse_command(text) is None
