"""The ``bundletrip`` command as a user runs it: piped chat, one-shot plan, check."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bot.i18n import t
from tests.support.processes import ROOT, run_bundletrip


def run(
    args: list[str], stdin: str = "", cwd: Path = ROOT, *, script: bool = False
) -> subprocess.CompletedProcess[str]:
    """``bundletrip ARGS``, forked from the zygote; with ``script``, the installed console script
    itself (a cold start through its wrapper: one test here does that)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "REDIS_URL"))}
    env["PYTHONIOENCODING"] = "utf-8"
    return run_bundletrip(args, env=env, stdin=stdin, cwd=cwd, script=script)


def test_piped_chat_walks_through_intake_in_english_to_a_plan(tmp_path: Path) -> None:
    stdin = "/plan\n12 March 2027\n3\n1\n1\n7\n/quit\n"
    out = run(["chat", "--out-dir", str(tmp_path)], stdin, script=True)
    assert out.returncode == 0, out.stderr
    assert "When do you travel" in out.stdout
    assert "Who is coming" in out.stdout
    assert "Here is your trip" in out.stdout
    assert "Day 1" in out.stdout and "Day 4" in out.stdout
    assert "in-process Redis" in out.stderr  # the embedded default is announced
    assert "Traceback" not in out.stdout + out.stderr


def test_piped_chat_in_korean_ends_with_a_korean_plan_and_an_ics(tmp_path: Path) -> None:
    stdin = "3월 12일부터 3박 4일, 어른 2명, 맛집 위주, 1인당 150만원\n네\n캘린더로 내보내기\n"
    out = run(["chat", "--out-dir", str(tmp_path)], stdin)
    assert out.returncode == 0, out.stderr
    assert "여행 정보를 정리했어요" in out.stdout
    assert "1일차" in out.stdout
    assert list(tmp_path.glob("*.ics"))


def test_one_shot_plan_json_passes_check(tmp_path: Path) -> None:
    out = run(["plan", "3 days from 2027-03-12, 2 adults, nature and food, S$800 each", "--json"])
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert [d["date"] for d in plan["days"]] == ["2027-03-12", "2027-03-13", "2027-03-14"]
    path = tmp_path / "plan.json"
    path.write_text(out.stdout, encoding="utf-8")
    checked = run(["check", str(path)])
    assert checked.returncode == 0 and "OK" in checked.stdout


def test_check_reports_a_broken_plan(tmp_path: Path) -> None:
    out = run(["plan", "2 days from 2027-03-12, 2 adults", "--json"])
    plan = json.loads(out.stdout)
    plan["days"][0]["items"] = list(reversed(plan["days"][0]["items"]))
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    checked = run(["check", str(path)])
    assert checked.returncode == 1 and checked.stdout.startswith(t("en", "plan.problems"))
    assert "• Day 1 · " in checked.stdout  # each problem as a plan's problems are shown
    korean = run(["check", str(path), "--lang", "ko"])
    assert korean.returncode == 1 and korean.stdout.startswith(t("ko", "plan.problems"))
    unreadable = run(["check", str(tmp_path / "missing.json"), "--lang", "ko"])
    assert unreadable.returncode == 2 and "읽을 수 없어요" in unreadable.stderr


def test_one_shot_plan_writes_a_map_per_day_and_prints_the_paths(tmp_path: Path) -> None:
    out = run(["plan", "2 days from 2027-03-12, 2 adults, gardens", "--maps", str(tmp_path)])
    assert out.returncode == 0, out.stderr
    maps = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in maps] == [
        "bundletrip-2027-03-12-day1.png",
        "bundletrip-2027-03-12-day2.png",
        "bundletrip-2027-03-12-overview.png",
    ]
    assert all(str(p) in out.stdout for p in maps)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in maps)


def test_one_shot_plan_never_asks_and_states_its_assumptions() -> None:
    out = run(["plan", "we love food"])
    assert out.returncode == 0, out.stderr
    assert "Assumed" in out.stdout and "2 adults" in out.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [("from 2027-03-15 to 2027-03-10", "before the departure"), ("31 February", "not a real date")],
)
def test_one_shot_plan_explains_bad_input(text: str, expected: str) -> None:
    out = run(["plan", text])
    assert out.returncode == 2 and expected in out.stderr


def test_one_shot_plan_reads_must_sees_and_seniors_like_chat() -> None:
    text = "3 days from 2027-03-12, 2 seniors aged 72 and 75, Universal Studios is a must-see"
    out = run(["plan", text, "--json"])
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert plan["request"]["must_see"] == ["universal-studios-singapore"]
    assert plan["request"]["party"]["adults"] == 2 and plan["request"]["party"]["seniors"] == 2
    visits = {i["place_id"] for d in plan["days"] for i in d["items"]}
    assert "universal-studios-singapore" in visits


def test_one_shot_plan_warns_when_a_budget_was_lost_to_the_shell() -> None:
    out = run(["plan", "3 days from 2027-03-12, 2 adults, S00 each"])  # "S$800" after $8 expanded
    assert out.returncode == 0, out.stderr
    assert "could not read an amount" in out.stderr and "single quotes" in out.stderr


def test_one_shot_plan_in_korean_states_assumptions_in_korean() -> None:
    out = run(["plan", "다음달 10일부터 2박3일, 부모님과 아이 1명(7살)"])
    assert out.returncode == 0, out.stderr
    assert "부모님을 어른으로 셌어요" in out.stdout and "출발일을" in out.stdout
    assert "two weeks" not in out.stdout and "assumed" not in out.stdout.lower()


def test_pace_and_timing_edits_in_words_say_what_changed(tmp_path: Path) -> None:
    out_dir = tmp_path / "not-made-yet"  # the chat makes its output folder
    stdin = (
        "3 days from 12 March 2027, 2 adults, we love food\n1\n"
        "start day 2 at 11:00\nless walking please\n2일차 저녁에 스펙트라 넣어줘\n/quit\n"
    )
    out = run(["chat", "--out-dir", str(out_dir)], stdin)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("What changed") == 2
    assert "바뀐 점" in out.stdout and "스펙트라" in out.stdout
    assert "went wrong" not in out.stdout and "문제가 생겼어요" not in out.stdout
    day2 = out.stdout.split("What changed")[1].split("Day 2 · Sat 13 Mar")[1]
    first = next(line.split()[0] for line in day2.splitlines() if line.strip()[:2].isdigit())
    assert first >= "11:00", first  # the day starts no earlier than asked
    assert list(out_dir.glob("*.png"))


def test_piped_group_chat_plans_for_three_members(tmp_path: Path) -> None:
    """The issue's group, end to end: dates by a poll, a wish that does not fit settled by a
    poll, each winner planned, every cap kept, cost and a fairness line per member, the pinned
    plan versioned."""
    stdin = (
        "alice: I want the Night Safari, Adventure Cove Waterpark and the S.E.A. Aquarium\n"
        "bob: my budget is S$400 and I arrive on day 2\n"
        "bob: I want Universal Studios and Gardens by the Bay\n"
        "민수: 저는 박물관은 싫어요. 싱가포르 동물원, 리버 원더스, 버드 파라다이스 가고 싶어요\n"
        "alice: 3 adults, 3 days from 12 March 2027\n"
        "bob: can we do 13-15 March 2027 instead?\n"
        "alice: 2\n"
        "bob: 2\n"
        "민수: 2\n"
        "bob: 1\n"
        "alice: 2\n"
        "bob: 2\n"
        "민수: 2\n"
        "alice: /group\n"
        "민수: /split\n"
    )
    out = run(["chat", "--group", "--out-dir", str(tmp_path)], stdin)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Noted for bob: cap S$400 · from day 2" in text
    assert "민수님 바람을 기록했어요" in text and "박물관" in text
    # dates chosen by a poll
    assert "bob proposes other dates" in text and "[2] 13 Mar – 15 Mar 2027" in text
    assert "Vote counted (1/3 members)" in text
    assert "Poll closed: 13 Mar – 15 Mar 2027 (3 of 3 votes)" in text
    assert "2027-03-13 → 2027-03-15" in text
    # the first plan drops Universal Studios; the group votes to drop Bird Paradise instead
    assert "📌 v1 · changed by bob: made the plan" in text
    bob_v1 = next(line for line in text.splitlines() if "• bob: 1/2 of your wishes · " in line)
    assert "Universal Studios Singapore did not fit the days" in bob_v1
    assert "[1] Drop Universal Studios Singapore  [2] Drop Bird Paradise" in text
    _, final_plan = text.split("Poll closed: drop Bird Paradise (3 of 3 votes)")
    version = next(line for line in final_plan.splitlines() if "📌 v2 · changed by 민수: " in line)
    assert "Universal Studios Singapore" in version and "Bird Paradise" in version  # the vote
    assert version.endswith(" (poll)")  # the pinned plan, versioned by what changed
    lines = final_plan.split("🇸🇬")[0]  # the fairness and cost lines of the final plan
    assert "• bob: 2/2 of your wishes ✓" in lines  # the winner is planned
    minsu = next(line for line in lines.splitlines() if "• 민수: 2/3 of your wishes · " in line)
    assert minsu.endswith(" · Bird Paradise was dropped by the group's vote")
    assert "• alice: 1/3 of your wishes" in lines  # a line per member, each served
    assert "Cost per member: alice S$" in lines and "(days 2–3)" in lines
    ledger = final_plan.split("Trip members (3)")[1]
    bob = int(ledger.split("share S$")[2].split(" ")[0].replace(",", ""))
    assert bob <= 400 and "of a S$400 cap" in ledger  # every cap kept
    assert "누가 얼마를 내나요" in final_plan
    assert "Traceback" not in text + out.stderr


def test_piped_group_chat_votes_where_a_short_trips_day_is_spent(tmp_path: Path) -> None:
    """Two members wish for places in two areas, one day: a day poll, its winner planned."""
    stdin = (
        "ann: I want the ArtScience Museum and CE LA VI\n"
        "민수: 싱가포르 동물원이랑 버드 파라다이스 가고 싶어요\n"
        "ann: 2 adults, 1 day on 12 March 2027\n"
        "ann: 1\n"
        "ann: 2\n"
        "민수: 2\n"
        "ann: /group\n"
    )
    out = run(["chat", "--group", "--out-dir", str(tmp_path)], stdin)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    asked = next(line for line in text.splitlines() if "🗳 Day 1: " in line)
    assert "A tie keeps the current plan" in asked
    options = text.split(asked, 1)[1].splitlines()[1]  # the poll's options, under it
    second = options.split("[2] ", 1)[1].strip()
    area, wished = second.split(" — ", 1)
    assert f" or {area}?" in asked  # option 2 is the area the plan has no day in
    assert "Vote counted (1/2 members)" in text
    _, after = text.split(f"Poll closed: day 1 in {area} (2 of 2 votes)")
    final_plan = after.split("Trip members (2)")[0]
    assert any(name in final_plan.split("🇸🇬")[1] for name in wished.split(", "))
    assert f"📌 v2 · changed by 민수: Day 1: {area} (poll)" in final_plan
    assert "• ann: 0/2 of your wishes" in final_plan and "dropped by the group's vote" in final_plan
    assert "Traceback" not in text + out.stderr
