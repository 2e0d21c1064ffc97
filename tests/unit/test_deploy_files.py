"""Dockerfile and fly.toml have the properties the deploy relies on (no Docker engine here)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from adapters.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def dockerfile() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1]) for ln in lines]


def test_image_is_slim_python_with_a_locked_install() -> None:
    steps = dockerfile()
    assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", steps[0][1])
    runs = " ".join(arg for op, arg in steps if op == "RUN")
    assert "--require-hashes -r requirements.lock" in runs


def test_image_runs_as_a_non_root_user_with_an_exec_form_command() -> None:
    steps = dockerfile()
    users = [arg for op, arg in steps if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert [op for op, _ in steps].index("USER") < [op for op, _ in steps].index("CMD")
    command = json.loads(next(arg for op, arg in steps if op == "CMD"))
    assert command[0] == "bundletrip" and command[1] in subcommands()


def subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)  # type: ignore[arg-type]


def test_fly_process_groups_run_cli_subcommands() -> None:
    fly = tomllib.loads((ROOT / "fly.toml").read_text(encoding="utf-8"))
    assert fly["processes"]
    for command in fly["processes"].values():
        program, sub = command.split()[:2]
        assert program == "bundletrip" and sub in subcommands()


def test_fly_http_service_checks_healthz_on_the_webhook_group() -> None:
    fly = tomllib.loads((ROOT / "fly.toml").read_text(encoding="utf-8"))
    service = fly["http_service"]
    assert service["internal_port"] == int(fly["env"]["PORT"])
    assert service["processes"] == ["web"]
    assert any(c["path"] == "/healthz" for c in service["checks"])


def test_image_ships_the_prompts_next_to_the_code() -> None:
    steps = dockerfile()
    copies = [arg for op, arg in steps if op == "COPY"]
    assert "prompts ./prompts" in copies and "bot ./bot" in copies
    runs = " ".join(arg for op, arg in steps if op == "RUN")
    assert "--editable ." in runs


def test_the_shutdown_grace_fits_in_flys_kill_timeout() -> None:
    from bot.config import Settings

    fly = tomllib.loads((ROOT / "fly.toml").read_text(encoding="utf-8"))
    kill_timeout = float(str(fly["kill_timeout"]).rstrip("s"))
    from bot.stream_worker import CANCEL_BOUND_S, SHOWING_BOUND_S

    grace = Settings(_env_file=None).shutdown_grace_s + SHOWING_BOUND_S + CANCEL_BOUND_S
    assert fly["kill_signal"] == "SIGTERM"
    assert grace + 5 <= kill_timeout  # turns handed back and clients closed before SIGKILL


def test_fly_runs_planner_workers_with_a_health_check_and_the_queue_on() -> None:
    fly = tomllib.loads((ROOT / "fly.toml").read_text(encoding="utf-8"))
    assert fly["processes"]["planner"] == "bundletrip planner"
    assert fly["env"]["PLANNER_QUEUE"] == "redis"
    checks = [c for c in fly["checks"].values() if c.get("processes") == ["planner"]]
    assert checks and checks[0]["path"] == "/healthz"
    assert checks[0]["port"] == int(fly["env"]["PORT"])
