"""The core knows no platform: bot/ never imports telegram, discord or the adapters."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
FORBIDDEN = ("telegram", "discord", "adapters")


@cache
def import_nodes(path: Path) -> tuple[ast.Import | ast.ImportFrom, ...]:
    """A file's import statements anywhere in it, parsed once per run (every check reads them)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return tuple(n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom))


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in import_nodes(path):
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
    out: set[str] = set()
    for node in import_nodes(path):
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


# -- the whole import graph of bot/ and adapters/ -------------------------------------------------

ROOT = BOT.parent


def module_files() -> dict[str, Path]:
    """Every module of ``bot`` and ``adapters`` by dotted name (packages by their own name)."""
    out: dict[str, Path] = {}
    for base in ("bot", "adapters"):
        for path in (ROOT / base).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


def module_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules a file imports anywhere (also inside functions and TYPE_CHECKING)."""

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    found: set[str | None] = set()
    for node in import_nodes(path):
        if isinstance(node, ast.Import):
            found |= {owner(alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {owner(f"{node.module}.{alias.name}") for alias in node.names}
    return {name for name in found if name is not None}


def import_graph() -> dict[str, set[str]]:
    files = module_files()
    names = set(files)
    return {name: module_imports(path, names) - {name} for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_check_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# Layers, top to bottom; a module imports only from its own layer or a lower one. The longest
# matching prefix places a module. Storage keeps the trip model (the group ledger, the planner's
# values), so it sits under the tools and above the understanding of words; the shared modules
# (the adapter <-> core contract, errors, settings, prompts) carry the planner's values; the
# message catalogue is the leaf under everything.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("adapters", ("adapters",)),
    ("composition root", ("bot.bootstrap",)),
    (
        "core",
        (
            "bot.conversation",
            "bot.busy",
            "bot.replies",
            "bot.commands",
            "bot.catalogue_commands",
            "bot.group.desk",
            "bot.group.decisions",
            "bot.group.deadline",
            "bot.group.versions",
            "bot.pictures",
            "bot.metrics",
            "bot.migration",
            "bot.one_sentence",
            "bot.presenter",
            "bot.service_commands",
            "bot.plan_jobs",
            "bot.plan_worker",
            "bot.stream_worker",
        ),
    ),
    ("brains", ("bot.brains",)),
    ("tools", ("bot.tools", "bot.edit_summary")),
    ("storage", ("bot.storage",)),
    ("understanding", ("bot.intake", "bot.group")),
    ("planner front end", ("bot.planning", "bot.maps")),
    ("shared", ("bot", "bot.messages", "bot.errors", "bot.config", "bot.prompts")),
    ("planner", ("bot.planner", "bot.trip")),
    ("catalogue", ("bot.i18n",)),  # every text a user reads: a leaf every layer may read
]


def layer_of(module: str) -> int:
    best, rank = "", len(LAYERS)
    for position, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, rank = prefix, position
    return rank


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted(
        (module, target)
        for module, targets in graph.items()
        for target in targets
        if layer_of(target) < layer_of(module)
    )


def test_every_module_has_a_layer() -> None:
    assert [m for m in import_graph() if layer_of(m) == len(LAYERS)] == []


def test_arrows_point_only_downward() -> None:
    assert upward_imports(import_graph()) == []


def test_the_layer_check_sees_a_brain_importing_the_core() -> None:
    graph = {"bot.brains.llm": {"bot.bootstrap"}, "bot.bootstrap": {"bot.brains.llm"}}
    assert upward_imports(graph) == [("bot.brains.llm", "bot.bootstrap")]


def imports_redis(path: Path) -> bool:
    return "redis" in imported_roots(path) or "fakeredis" in imported_roots(path)


def test_redis_is_imported_only_under_bot_storage_and_the_composition_root() -> None:
    files = module_files()
    outside = [
        name
        for name, path in files.items()
        if imports_redis(path) and not name.startswith("bot.storage.") and name != "bot.bootstrap"
    ]
    assert outside == []


def test_the_redis_check_sees_a_driver_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from redis.exceptions import RedisError\n", encoding="utf-8")
    assert imports_redis(bad)


# The planner has one public entry point: ``Planner`` in bot/planning.py (plan, edit, check,
# render, .ics; every plan checked). Its internals — the search, the day solver, edits — are
# reached only through it. bench/bench_planner.py is the planner's white-box benchmark (it times
# the search itself) and the planner's own unit tests live in tests/unit/planner.
PLANNING_INTERNALS = {
    f"bot.planner.{name}"
    for name in (
        "service", "edits", "adjust", "search", "scheduler", "stops", "days", "regions",
        "assemble", "value",
    )
}  # fmt: skip
# the benches weigh and pin the planner's own parts (bench.plan_digest: every edit kind's bytes)
FACADE_EXCEPTIONS = {"bot.planning", "bench.bench_planner", "bench.plan_digest"}


def callers_of_planner_internals() -> list[tuple[str, str]]:
    files = module_files()
    for path in (ROOT / "bench").rglob("*.py"):
        files[".".join(path.relative_to(ROOT).with_suffix("").parts)] = path
    names = set(files) | PLANNING_INTERNALS
    return sorted(
        (module, target)
        for module, path in files.items()
        if not module.startswith("bot.planner") and module not in FACADE_EXCEPTIONS
        for target in module_imports(path, names) & PLANNING_INTERNALS
    )


def test_planning_is_reached_only_through_the_planner_facade() -> None:
    assert callers_of_planner_internals() == []


def test_the_facade_check_sees_a_direct_call(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from bot.planner import service\n", encoding="utf-8")
    assert module_imports(bad, PLANNING_INTERNALS) == {"bot.planner.service"}
