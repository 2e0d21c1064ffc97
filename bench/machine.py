"""Shared helpers for benchmarks: describe the machine and write a results table."""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def machine_line() -> str:
    """One line: date, CPU model, core count, Python."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    return (
        f"{when}; {model}; {os.cpu_count()} cores; Python {sys.version.split()[0]} "
        f"on {platform.system()} (shared, noisy machine: read medians and ratios)"
    )


def write_result(name: str, title: str, rows: list[tuple[str, str, str]], machine: str) -> Path:
    """Write ``bench/results/<name>.md`` and echo it."""
    RESULTS.mkdir(exist_ok=True)
    lines = [f"# {title}", "", f"Machine: {machine}", "", "| measure | result | target |",
             "|---|---|---|", *(f"| {a} | {b} | {c} |" for a, b, c in rows), ""]  # fmt: skip
    path = RESULTS / f"{name}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return path
