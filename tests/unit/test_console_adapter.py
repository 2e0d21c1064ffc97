"""The terminal adapter: numbers press shown buttons; a failure apologises without a traceback."""

from __future__ import annotations

import io
from pathlib import Path

from adapters.console_adapter import ConsoleAdapter
from bot.bootstrap import build_app
from bot.config import Settings
from tests.support import fixed_clock
from tests.support.brains import BrokenBrain


async def test_a_failing_turn_gets_an_apology_and_no_traceback() -> None:
    app = build_app(
        Settings(_env_file=None), clock=fixed_clock, brain=BrokenBrain("secret internals")
    )
    out = io.StringIO()
    try:
        await ConsoleAdapter(app, stdin=io.StringIO("hello\n"), stdout=out).run()
    finally:
        await app.aclose()
    assert "Sorry, something went wrong" in out.getvalue()
    assert "secret internals" not in out.getvalue() and "Traceback" not in out.getvalue()


async def test_a_number_presses_the_shown_button(tmp_path: Path) -> None:
    app = build_app(Settings(_env_file=None), clock=fixed_clock)
    out = io.StringIO()
    script = "3 days from 2027-03-12, 2 adults\n1\n"
    try:
        await ConsoleAdapter(app, stdin=io.StringIO(script), stdout=out, out_dir=tmp_path).run()
    finally:
        await app.aclose()
    assert "[1] ✅ Plan it" in out.getvalue() and "Day 3" in out.getvalue()


def pngs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.png"))


async def test_a_plan_writes_its_maps_and_a_number_then_lists_a_days_stops(
    tmp_path: Path,
) -> None:
    app = build_app(Settings(_env_file=None), clock=fixed_clock)
    out = io.StringIO()
    script = "2 days from 2027-03-12, 2 adults\n1\n"
    adapter = ConsoleAdapter(app, stdin=io.StringIO(script), stdout=out, out_dir=tmp_path)
    try:
        await adapter.run()
        written = pngs(tmp_path)
        assert written == [
            "bundletrip-2027-03-12-day1.png",
            "bundletrip-2027-03-12-day2.png",
            "bundletrip-2027-03-12-overview.png",
        ]
        assert all(str(tmp_path / name) in out.getvalue() for name in written)
        assert "[2] 📍 Stops · day 2" in out.getvalue()
        await adapter.answer("2")  # presses "📍 Stops · day 2"
    finally:
        await app.aclose()
    assert out.getvalue().count("📍 ") >= 4 and "(1." in out.getvalue()


async def test_group_mode_reads_who_is_speaking_from_each_line() -> None:
    app = build_app(Settings(_env_file=None), clock=fixed_clock)
    adapter = ConsoleAdapter(app, stdout=io.StringIO(), group=True)
    try:
        first = adapter.to_incoming("alice: I want the Night Safari")
        again = adapter.to_incoming("and the zoo")
        other = adapter.to_incoming("민수: 박물관은 싫어요")
        clock = adapter.to_incoming("bob: 10:30 arrival")
    finally:
        await app.aclose()
    assert (first.sender.display_name, first.text, first.is_private) == (
        "alice", "I want the Night Safari", False,
    )  # fmt: skip
    assert again.sender.display_name == "alice" and again.text == "and the zoo"
    assert other.sender.display_name == "민수" and other.conversation == first.conversation
    assert clock.sender.display_name == "bob" and clock.text == "10:30 arrival"
    assert first.user_id != other.user_id


async def test_a_pressed_button_answers_in_the_language_of_the_conversation(
    tmp_path: Path,
) -> None:
    app = build_app(Settings(_env_file=None), clock=fixed_clock)
    out = io.StringIO()
    script = "3월 12일부터 2일, 어른 2명\n1\n"
    try:
        await ConsoleAdapter(app, stdin=io.StringIO(script), stdout=out, out_dir=tmp_path).run()
    finally:
        await app.aclose()
    assert "1일차" in out.getvalue() and "Day 1" not in out.getvalue()
