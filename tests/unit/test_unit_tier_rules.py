"""The unit tier never sleeps and never reads the wall clock: time comes from a fake clock.

A unit test that sleeps is slow, and one that compares wall-clock times passes only on an idle
machine. Integration tests may wait on real events (with generous timeouts); unit tests inject
the clock (``tests.support.fixed_clock``) or wait on ``asyncio.Event``.
"""

from __future__ import annotations

import ast
from pathlib import Path

UNIT = Path(__file__).resolve().parent
FORBIDDEN = {
    ("time", "sleep"),
    ("time", "time"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
    ("asyncio", "sleep"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
}


def _calls(tree: ast.AST) -> list[tuple[str, str, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            found.append((name, node.func.attr, node.lineno))
    return found


def _imported(tree: ast.AST) -> list[tuple[str, str, int]]:
    return [
        (node.module or "", alias.name, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    ]


def test_no_unit_test_sleeps_or_reads_the_wall_clock() -> None:
    offences = []
    for path in sorted(UNIT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for owner, attr, line in [*_calls(tree), *_imported(tree)]:
            if (owner, attr) in FORBIDDEN:
                offences.append(f"{path.relative_to(UNIT)}:{line} {owner}.{attr}")
    assert offences == []


def test_the_rule_sees_a_sleep_and_a_clock_read() -> None:
    sample = "import time, asyncio\nfrom time import monotonic\ntime.sleep(1)\nasyncio.sleep(0)\n"
    tree = ast.parse(sample)
    seen = {(o, a) for o, a, _ in [*_calls(tree), *_imported(tree)]} & FORBIDDEN
    assert seen == {("time", "sleep"), ("asyncio", "sleep"), ("time", "monotonic")}
