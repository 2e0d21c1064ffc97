"""Score the understanding layer on the phrasing corpus (tests/fixtures/understanding_corpus.txt).

Shared by the corpus test and ``bench/bench_understanding.py``: each line is parsed by the one
request parser or the edit parser and compared, field by field, with what the traveller meant.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.intake.flow import apply_patch
from bot.intake.request import parse_request
from bot.intake.understand import parse_edit
from bot.planner.itinerary import Day, Item, Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.trip import TripRequest

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "understanding_corpus.txt"
TODAY = date(2026, 11, 30)
STD = (
    "merlion-park,gardens-by-the-bay,singapore-flyer/singapore-zoo,night-safari/"
    "jewel-changi-airport,chinatown,peranakan-museum"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass
class Case:
    kind: str  # "T" (trip request) or "E" (edit)
    text: str
    expect: dict[str, str]
    plan: str = ""
    line: int = 0

    @property
    def korean(self) -> bool:
        return bool(_HANGUL.search(self.text))


@dataclass
class Score:
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    cases: int = 0
    korean: int = 0

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.total[name] if self.total[name] else 1.0


def load_corpus(path: Path = CORPUS) -> list[Case]:
    cases: list[Case] = []
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split(" | ")]
        expect = dict(
            (k.strip(), v.strip())
            for k, _, v in (pair.partition("=") for pair in parts[-1].split(";"))
            if k.strip()
        )
        if parts[0] == "T":
            cases.append(Case("T", parts[1], expect, line=number))
        else:
            plan = STD if parts[1] == "STD" else parts[1]
            cases.append(Case("E", parts[2], expect, plan=plan, line=number))
    return cases


def _itinerary(plan: str) -> Itinerary:
    days = []
    for index, ids in enumerate(plan.split("/")):
        items = [
            Item(
                start=f"{9 + 2 * i:02d}:00",
                end=f"{10 + 2 * i:02d}:00",
                kind="visit",
                place_id=pid,
                name=pid,
            )
            for i, pid in enumerate(p for p in ids.split(",") if p)
        ]
        days.append(Day(date=date(2027, 3, 12 + index), items=items))
    return Itinerary(request=TripRequest(), days=days)


def trip_fields(case: Case, kb: KnowledgeBase) -> dict[str, str]:
    parsed = parse_request(case.text, "ko" if case.korean else "en", TODAY, kb)
    request, _ = apply_patch(TripRequest(), parsed.patch, TODAY)
    party = request.party
    budget = request.budget
    got = {
        "start": str(request.start_date) if request.start_date else "-",
        "end": str(request.end_date) if request.end_date else "-",
        "days": str(request.days or request.requested_days or "-"),
        "adults": str(party.adults) if party else "-",
        "children": str(party.children) if party else "-",
        "seniors": str(party.seniors) if party else "-",
        "arrival": request.arrival_time or "-",
        "departure": request.departure_time or "-",
        "styles": ",".join(sorted(s.value for s in request.styles)),
        "interests": ",".join(request.interests),
        "must": ",".join(sorted(request.must_see)),
        "avoid": ",".join(sorted(request.avoid)),
        "walk": str(request.max_walk_minutes or "-"),
        "budget": f"{budget.amount.normalize():f} {budget.currency}" if budget else "-",
        "ask": ",".join(p.id for m in parsed.unsure for p in m.candidates),
    }
    return got


def edit_fields(case: Case, kb: KnowledgeBase) -> dict[str, str]:
    op = parse_edit(case.text, _itinerary(case.plan), kb)
    if op is None:
        return {"action": "-", "place": "-", "new": "-", "day": "-", "ask": "", "value": "-"}
    return {
        "action": op.action,
        "place": op.place_id or "-",
        "new": op.new_place_id or "-",
        "day": str(op.day or "-"),
        "ask": ",".join(op.candidates),
        "value": op.value or "-",  # a part of the day, or a start time
    }


def matches(name: str, want: str, got: str) -> bool:
    if name in ("styles", "must", "avoid"):
        return set(filter(None, want.split(","))) == set(filter(None, got.split(",")))
    if name in ("interests", "ask"):
        return set(filter(None, want.split(","))) <= set(filter(None, got.split(",")))
    return want == got


def score(cases: list[Case] | None = None, kb: KnowledgeBase | None = None) -> Score:
    kb = kb or load_knowledge_base()
    out = Score()
    for case in cases if cases is not None else load_corpus():
        out.cases += 1
        out.korean += case.korean
        got = trip_fields(case, kb) if case.kind == "T" else edit_fields(case, kb)
        for name, want in case.expect.items():
            key = ("edit." if case.kind == "E" else "") + name
            out.total[key] += 1
            if matches(name, want, got.get(name, "")):
                out.right[key] += 1
            else:
                out.failures.append(
                    f"line {case.line}: {name}: want {want!r}, got {got.get(name)!r} — {case.text}"
                )
    return out
