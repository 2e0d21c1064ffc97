"""The ``bundletrip`` command: chat, plan, check, and the platform workers.

bundletrip chat [--group]        terminal chat on the shared core (--group: "alice: hi" lines)
bundletrip plan "TEXT" [--json] [--maps DIR]  one-shot plan; never asks, states its assumptions
bundletrip check PLAN.json       run the checker on a saved itinerary
bundletrip telegram              Telegram worker (polling, or webhook if configured)
bundletrip discord               Discord worker
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.i18n import LANGS, Lang, t

if TYPE_CHECKING:
    from bot.planner.itinerary import Itinerary
    from bot.planner.kb import KnowledgeBase

log = logging.getLogger("bundletrip")


def _setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # The HTTP clients log every request's URL at INFO (the model server's, the Bot API's with
    # its token): not needed in production logs. ``openai`` uses ``httpx2``.
    for noisy in ("httpx", "httpx2", "httpcore", "telegram.ext", "discord.gateway"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def build_parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per mode."""
    parser = argparse.ArgumentParser(prog="bundletrip", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="terminal chat")
    chat.add_argument("--lang", choices=LANGS, default=None)
    chat.add_argument("--out-dir", type=Path, default=Path.cwd())
    chat.add_argument(
        "--group", action="store_true", help='play a group chat: lines like "alice: hello"'
    )
    plan = sub.add_parser("plan", help="plan a trip from one sentence")
    plan.add_argument("text")
    plan.add_argument("--json", action="store_true", help="print the itinerary as JSON")
    plan.add_argument("--lang", choices=LANGS, default=None)
    plan.add_argument(
        "--maps", type=Path, default=None, metavar="DIR", help="write route maps (PNG)"
    )
    check = sub.add_parser("check", help="check a saved itinerary (JSON)")
    check.add_argument("path", type=Path)
    check.add_argument("--lang", choices=LANGS, default=None)
    sub.add_parser("telegram", help="run the Telegram worker")
    sub.add_parser("discord", help="run the Discord worker")
    sub.add_parser("planner", help="run a planner worker (plan jobs from PLANNER_QUEUE=redis)")
    sub.add_parser("schema", help="print the itinerary JSON schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    settings = Settings()
    _setup_logging(settings if args.command != "plan" else settings.model_copy(
        update={"log_level": "WARNING"}))  # fmt: skip
    if args.command == "chat":
        return asyncio.run(_chat(settings, args.lang, args.out_dir, group=args.group))
    if args.command == "plan":
        return plan_once(
            args.text, json_out=args.json, lang=args.lang, settings=settings, maps_dir=args.maps
        )
    if args.command == "check":
        return check_file(args.path, args.lang or settings.default_language)
    if args.command == "schema":
        from bot.planner.itinerary import Itinerary

        print(json.dumps(Itinerary.model_json_schema(), indent=2))
        return 0
    if args.command == "telegram":
        from adapters.telegram_adapter import run_telegram

        return run_telegram(settings)
    if args.command == "discord":
        from adapters.discord_adapter import run_discord

        return run_discord(settings)
    if args.command == "planner":
        from adapters.planner_worker import run_planner

        return run_planner(settings)
    return 2


async def _chat(settings: Settings, lang: str | None, out_dir: Path, *, group: bool = False) -> int:
    from adapters.console_adapter import ConsoleAdapter
    from bot.bootstrap import build_app

    app = build_app(settings)
    try:
        await ConsoleAdapter(app, out_dir=out_dir, language=lang, group=group).run()
    finally:
        await app.aclose()
    return 0


def plan_once(
    text: str,
    *,
    json_out: bool,
    lang: str | None,
    settings: Settings,
    maps_dir: Path | None = None,
) -> int:
    """Plan from one sentence without asking; exit 0 with a plan, 2 with an explanation."""
    from bot.one_sentence import plan_one_sentence
    from bot.planner.kb import load_knowledge_base
    from bot.planning import Planner

    today = datetime.now(UTC).astimezone(ZoneInfo(settings.timezone)).date()
    planner = Planner(load_knowledge_base())
    result = plan_one_sentence(text, lang, today, planner)
    for note in result.notes:
        print(note, file=sys.stderr)
    if result.itinerary is None:
        print(result.failure, file=sys.stderr)
        return 2
    language = result.language
    if json_out:
        print(result.itinerary.model_dump_json(indent=2))
        return write_maps(result.itinerary, planner.kb, language, maps_dir, out=sys.stderr)
    if result.assumed:
        print(t(language, "defaults_assumed", items=", ".join(result.assumed)) + "\n")
    print(result.summary + "\n")
    print(result.text)
    return write_maps(result.itinerary, planner.kb, language, maps_dir, out=sys.stdout)


def write_maps(
    itinerary: Itinerary, kb: KnowledgeBase, lang: Lang, folder: Path | None, *, out: TextIO
) -> int:
    """Draw the route maps into ``folder`` and print their paths (nothing without a folder)."""
    if folder is None:
        return 0
    from bot.maps import draw_maps

    try:
        folder.mkdir(parents=True, exist_ok=True)
        for image in draw_maps(itinerary, kb, lang):
            path = folder / image.filename
            path.write_bytes(image.png)
            print(t(lang, "map_saved", value=path), file=out)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        print(t(lang, "console.maps_not_saved", folder=folder, reason=reason), file=sys.stderr)
        return 2
    return 0


def check_file(path: Path, lang: Lang = "en") -> int:
    """Print the checker's violations for a saved itinerary, as a plan's problems are shown
    everywhere (:func:`bot.planner.render.render_violations`); exit 1 if there are any."""
    from bot.planner.checker import check_file as run_check
    from bot.planner.render import render_violations

    try:
        violations = run_check(path)
    except (OSError, ValueError) as exc:
        reason = type(exc).__name__
        print(t(lang, "console.check_unreadable", path=path, reason=reason), file=sys.stderr)
        return 2
    if not violations:
        print(t(lang, "console.check_ok"))
        return 0
    print(render_violations(violations, lang))
    return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
