"""bench/ and standins/ never import test code: they run where tests/ is not a package to import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("folder", ["bench", "standins"])
def test_no_module_imports_from_tests(folder: str) -> None:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in _imported_modules(path)
        if name == "tests" or name.startswith("tests.")
    ]
    # nor reach test modules by putting a tests/ folder on the import path
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    offences += [
        f"{path.relative_to(ROOT)} puts tests/ on sys.path"
        for path, text in texts.items()
        if "sys.path" in text and '"tests"' in text
    ]
    assert offences == []
