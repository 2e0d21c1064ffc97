"""The core knows no platform: bot/ never imports telegram, discord or the adapters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
FORBIDDEN = ("telegram", "discord", "adapters")


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", sorted(BOT.rglob("*.py")), ids=lambda p: str(p.relative_to(BOT)))
def test_core_module_imports_no_platform(path: Path) -> None:
    assert not imported_roots(path) & set(FORBIDDEN)


def test_the_check_itself_catches_a_platform_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import asyncio\nfrom telegram import Update\n", encoding="utf-8")
    assert "telegram" in imported_roots(bad)


def bot_imports(path: Path) -> set[str]:
    """The ``bot.<package>`` modules a file imports (one level below ``bot``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        names = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module]
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
            else []
        )
        out |= {".".join(n.split(".")[:2]) for n in names if n and n.startswith("bot.")}
    return out


# Lower layers never reach up: the planner is pure planning over the trip model; the maps draw
# an itinerary; the message catalogue is a leaf every layer may read.
# (adapters -> core -> brains -> tools -> planner; README, docs/architecture.md)
ALLOWED = {
    "i18n": {"bot.i18n"},
    "planner": {"bot.planner", "bot.trip", "bot.i18n"},
    "maps": {"bot.maps", "bot.planner", "bot.i18n"},
}


@pytest.mark.parametrize(
    "path",
    sorted(p for layer in ALLOWED for p in (BOT / layer).rglob("*.py")),
    ids=lambda p: str(p.relative_to(BOT)),
)
def test_lower_layers_import_nothing_above_them(path: Path) -> None:
    layer = path.relative_to(BOT).parts[0]
    assert bot_imports(path) <= ALLOWED[layer]


def test_the_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from bot.conversation import ConversationService\n", encoding="utf-8")
    assert bot_imports(bad) == {"bot.conversation"}
