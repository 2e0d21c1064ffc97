"""Prompt files: ``prompts/<name>.md`` rendered with ``string.Template`` ``$placeholders``.

A missing variable is an error (``KeyError`` from ``Template.substitute``), so a prompt never
ships with a hole; ``tests/unit/test_prompts.py`` renders every file. Prompts hold no secret and
no per-user data beyond what the caller passes in.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Template

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


def prompt_names(directory: Path = PROMPTS_DIR) -> list[str]:
    """List the prompt files by name (without ``.md``)."""
    return sorted(p.stem for p in directory.glob("*.md"))


@lru_cache(maxsize=32)
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Template:
    """Load ``prompts/<name>.md`` as a template (cached; files are read once)."""
    path = directory / f"{name}.md"
    return Template(path.read_text(encoding="utf-8").strip())


def placeholders(name: str, directory: Path = PROMPTS_DIR) -> set[str]:
    """Return the ``$placeholders`` a prompt needs."""
    template = load_prompt(name, directory)
    return {
        m.group("named") or m.group("braced")
        for m in template.pattern.finditer(template.template)
        if m.group("named") or m.group("braced")
    }


def render_prompt(name: str, /, **values: object) -> str:
    """Render ``prompts/<name>.md``; raises ``KeyError`` when a placeholder has no value."""
    return render_template(load_prompt(name), values)


def render_template(template: Template, values: dict[str, object]) -> str:
    """Substitute every placeholder; a missing one is a ``KeyError``."""
    return template.substitute({k: str(v) for k, v in values.items()})
