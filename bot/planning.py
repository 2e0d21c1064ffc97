"""The core's view of the planner: plan, edit, check, render, export — and edits in words.

Every itinerary returned here has passed :func:`bot.planner.checker.check_itinerary`; a plan that
fails the checker is never returned (the caller gets an explained failure instead, and the
violation is logged). Planning is CPU-bound and pure; callers run it in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Literal

from bot.i18n import Lang, t
from bot.planner import edits
from bot.planner.checker import Violation, check_itinerary
from bot.planner.ics import itinerary_to_ics
from bot.planner.itinerary import Itinerary
from bot.planner.kb import Attraction, KnowledgeBase, load_knowledge_base
from bot.planner.render import render_day, render_itinerary
from bot.planner.service import Infeasible, plan_trip, travel_model
from bot.planner.travel import TravelModel
from bot.trip import TripRequest

log = logging.getLogger(__name__)

Action = Literal[
    "swap", "remove", "add", "move", "lighter", "fuller", "regen", "export", "show"
]  # fmt: skip


@dataclass(frozen=True)
class EditOp:
    """One requested change to a plan. Days are 1-based as users say them."""

    action: Action
    day: int | None = None
    place_id: str | None = None
    new_place_id: str | None = None
    problem: str | None = None  # an i18n key when the request could not be understood
    value: str = ""

    @staticmethod
    def from_callback(data: str) -> EditOp | None:
        """Parse a ``p:`` button payload (``p:ics``, ``p:light:2``, ``p:swap:2:<place>``)."""
        parts = data.split(":")
        names: dict[str, Action] = {"light": "lighter", "full": "fuller", "regen": "regen"}
        try:
            if parts[1] == "ics":
                return EditOp("export")
            if parts[1] in names:
                return EditOp(names[parts[1]], day=int(parts[2]))
            if parts[1] == "swap":
                return EditOp("swap", day=int(parts[2]), place_id=parts[3])
        except (IndexError, ValueError):
            return None
        return None


@dataclass(frozen=True)
class PlanOutcome:
    itinerary: Itinerary | None = None
    infeasible: Infeasible | None = None
    violations: tuple[Violation, ...] = ()
    note: str = ""


class Planner:
    """Plans and edits with the knowledge base; checks everything it returns.

    Planning is CPU-bound (~0.1–0.6 s). ``plan_async`` / ``edit_async`` run it off the event
    loop: in a worker thread by default, or in a pool of ``processes`` worker processes (each
    with its own knowledge base) so that several chats plan in parallel on several cores.
    """

    def __init__(
        self, kb: KnowledgeBase, travel: TravelModel | None = None, *, processes: int = 0
    ) -> None:
        self.kb = kb
        self.travel = travel or travel_model(kb)
        self.pool: ProcessPoolExecutor | None = None
        if processes > 0:
            self.pool = ProcessPoolExecutor(
                processes, mp_context=multiprocessing.get_context("spawn"), initializer=_warm
            )

    async def plan_async(self, request: TripRequest) -> PlanOutcome:
        if self.pool is None:
            return await asyncio.to_thread(self.plan, request)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, _plan_in_worker, request)

    async def edit_async(self, itinerary: Itinerary, op: EditOp) -> PlanOutcome:
        if self.pool is None:
            return await asyncio.to_thread(self.edit, itinerary, op)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, _edit_in_worker, itinerary, op)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def plan(self, request: TripRequest) -> PlanOutcome:
        return self._checked(plan_trip(request, self.kb, travel=self.travel))

    def edit(self, itinerary: Itinerary, op: EditOp) -> PlanOutcome:
        index = (op.day or 1) - 1
        if op.day is not None and not 0 <= index < len(itinerary.days):
            return PlanOutcome(note=f"day:{op.day}")
        kb, travel = self.kb, self.travel
        result: Itinerary | Infeasible
        if op.action == "lighter":
            result = edits.lighter(itinerary, index, kb=kb, travel=travel)
        elif op.action == "fuller":
            result = edits.fuller(itinerary, index, kb=kb, travel=travel)
        elif op.action == "regen":
            result = edits.regenerate_day(itinerary, index, kb=kb, travel=travel)
        elif op.action == "remove" and op.place_id:
            result = edits.remove(itinerary, op.place_id, kb=kb, travel=travel)
        elif op.action == "add" and op.place_id:
            result = edits.add(
                itinerary, op.place_id, None if op.day is None else index, kb=kb, travel=travel
            )
        elif op.action == "move" and op.place_id and op.day is not None:
            result = edits.move(itinerary, op.place_id, index, kb=kb, travel=travel)
        elif op.action == "swap" and op.place_id and op.new_place_id:
            result = edits.swap(itinerary, op.place_id, op.new_place_id, kb=kb, travel=travel)
        elif op.action == "swap" and op.place_id:
            result = self._swap_for_best(itinerary, op.place_id)
        else:
            return PlanOutcome(note="unsupported")
        return self._checked(result)

    def _swap_for_best(self, itinerary: Itinerary, place_id: str) -> Itinerary | Infeasible:
        """Replace a place with the planner's best alternative (removal also avoids it)."""
        day = next(
            (i for i, d in enumerate(itinerary.days) for it in d.items if it.place_id == place_id),
            0,
        )
        removed = edits.remove(itinerary, place_id, kb=self.kb, travel=self.travel)
        if isinstance(removed, Infeasible):
            return removed
        fuller = edits.fuller(removed, day, kb=self.kb, travel=self.travel)
        return removed if isinstance(fuller, Infeasible) else fuller

    def _checked(self, result: Itinerary | Infeasible) -> PlanOutcome:
        if isinstance(result, Infeasible):
            return PlanOutcome(infeasible=result)
        violations = check_itinerary(result, self.kb, self.travel)
        if violations:
            log.error("planner output failed the checker: %s", [v.code for v in violations])
            return PlanOutcome(violations=tuple(violations))
        return PlanOutcome(itinerary=result)

    def check(self, itinerary: Itinerary) -> list[Violation]:
        return check_itinerary(itinerary, self.kb, self.travel)

    def render(self, itinerary: Itinerary, lang: Lang, day: int | None = None) -> str:
        if day is not None and 1 <= day <= len(itinerary.days):
            return render_day(itinerary, self.kb, day - 1, lang)
        return render_itinerary(itinerary, self.kb, lang)

    def ics(self, itinerary: Itinerary, lang: Lang) -> bytes:
        return itinerary_to_ics(itinerary, self.kb, lang)

    def explain(self, outcome: PlanOutcome, lang: Lang) -> str:
        """Say why there is no (new) plan, in the user's language."""
        if outcome.infeasible is not None:
            inf = outcome.infeasible
            text = inf.message_ko if lang == "ko" else inf.message_en
            if inf.suggestions:
                text += "\n" + "\n".join(f"• {s}" for s in inf.suggestions)
            return text
        if outcome.note.startswith("day:"):
            return t(lang, "no_such_day", value=outcome.note[4:])
        if outcome.violations:
            return t(lang, "plan_failed_check")
        return t(lang, "edit_not_understood")


_WORKER: Planner | None = None


def _warm() -> None:
    """Process-pool initializer: load the knowledge base and travel model once per worker."""
    global _WORKER
    _WORKER = Planner(load_knowledge_base())


def _plan_in_worker(request: TripRequest) -> PlanOutcome:
    if _WORKER is None:
        _warm()
    assert _WORKER is not None
    return _WORKER.plan(request)


def _edit_in_worker(itinerary: Itinerary, op: EditOp) -> PlanOutcome:
    if _WORKER is None:
        _warm()
    assert _WORKER is not None
    return _WORKER.edit(itinerary, op)


_DAY = re.compile(r"(?:day\s*(\d{1,2})|(\d{1,2})\s*(?:일\s*차|일째|번째\s*날|일에))", re.I)
_EDIT_WORDS: dict[Action, re.Pattern[str]] = {
    "export": re.compile(r"\b(export|calendar|ics|ical)\b|캘린더|달력|내보내", re.I),
    "lighter": re.compile(r"\b(lighter|easier|relax\w*|less|fewer|lighten)\b|여유|가볍|줄여", re.I),
    "fuller": re.compile(r"\b(fuller|more|busier|pack\w*)\b|알차|더\s*많이|늘려", re.I),
    "regen": re.compile(r"\b(regenerate|redo|new plan|re-?plan|shuffle)\b|다시\s*짜|새로", re.I),
    "swap": re.compile(r"\b(swap|replace|instead|change)\b|대신|바꿔|교체", re.I),
    "move": re.compile(r"\b(move|shift)\b|옮겨|이동", re.I),
    "remove": re.compile(r"\b(remove|drop|skip|delete|cut|without)\b|빼|제외|삭제|없애", re.I),
    "add": re.compile(r"\b(add|include|visit|see)\b|추가|넣어|가고\s*싶", re.I),
    "show": re.compile(r"\b(show|plan|itinerary|schedule)\b|보여|일정", re.I),
}


def parse_edit(text: str, itinerary: Itinerary, kb: KnowledgeBase) -> EditOp | None:
    """Understand an edit request in English or Korean; ``None`` if the text is not one."""
    day_match = _DAY.search(text)
    day = int(day_match.group(1) or day_match.group(2)) if day_match else None
    planned = [i.place_id for d in itinerary.days for i in d.items if i.place_id]
    mentioned = find_places(text, kb)
    in_plan = [p for p in mentioned if p.id in planned]
    not_in_plan = [p for p in mentioned if p.id not in planned]
    for action, pattern in _EDIT_WORDS.items():
        if not pattern.search(text):
            continue
        if action in ("export",):
            return EditOp(action)
        if action in ("lighter", "fuller", "regen"):
            if day is None:
                return EditOp(action, problem="which_day")
            return EditOp(action, day=day)
        if action == "swap":
            op = _swap(text, kb, planned)
            if op is not None:
                return op
        if action == "move" and in_plan and day is not None:
            return EditOp("move", day=day, place_id=in_plan[0].id)
        if action == "remove" and in_plan:
            return EditOp("remove", place_id=in_plan[0].id)
        if action == "add" and not_in_plan:
            return EditOp("add", day=day, place_id=not_in_plan[0].id)
        if action in ("swap", "remove", "move") and mentioned and not in_plan:
            return EditOp(action, problem="not_in_plan", value=not_in_plan[0].names.en)
        if action == "add" and in_plan and not not_in_plan:
            return EditOp(action, problem="already_planned", value=in_plan[0].names.en)
        if action in ("swap", "remove", "move", "add") and not mentioned:
            return EditOp(action, problem="unknown_place", value=_guess_name(text))
        if action == "show":
            return EditOp("show", day=day)
    return None


_QUESTION = re.compile(
    r"\?|\b(what|when|how|where|which|open|opens|opening|hours|close|closes|price|cost|"
    r"ticket|tickets|fee|info|about|tell me)\b|언제|몇\s*시|가격|얼마|어디|운영|입장료|알려",
    re.I,
)


_QUESTION_WORDS = {
    "what", "when", "how", "where", "which", "time", "does", "do", "is", "are", "open", "opens",
    "opening", "hours", "close", "closes", "price", "cost", "costs", "ticket", "tickets", "fee",
    "much", "today", "tomorrow", "tell", "me", "about", "info", "the", "a", "an", "it", "there",
}  # fmt: skip


_WISH = re.compile(
    r"\b(want|wanna|wish|must|see|visit|go to|love to|would like|include|please add)\b|"
    r"가고\s*싶|보고\s*싶|꼭|가보고|들르",
    re.I,
)


def wished_places(text: str, kb: KnowledgeBase) -> list[str]:
    """Attractions a traveller wishes for ("we want to see the Night Safari"), by id."""
    if not _WISH.search(text):
        return []
    named = [a.id for a in find_places(text, kb)]
    if named:
        return named
    rest = " ".join(w for w in re.findall(r"\w+", text.lower()) if not _WISH.fullmatch(w))
    best = _best(rest, kb, lambda a: True)
    return [best.id] if best is not None else []


def place_question(text: str, kb: KnowledgeBase) -> Attraction | None:
    """The place a question is about ("what time does the zoo open?"), if any."""
    if not _QUESTION.search(text) or _WISH.search(text):
        return None  # "can we include the zoo?" is a wish, not a question about the zoo
    asked = " ".join(w for w in re.findall(r"\w+", text.lower()) if w not in _QUESTION_WORDS)
    return _best(asked, kb, lambda a: True)


_SWAP_SPLIT = re.compile(r"\s(?:for|with|to)\s|대신|(?:을|를)\s*(?=\S+\s*(?:으로|로)\s)", re.I)
_STOP = {
    "the", "and", "for", "with", "swap", "replace", "change", "instead", "please", "day",
    "singapore", "place", "something", "else", "another", "make", "can", "you", "want", "see",
    "visit", "would", "like", "should", "will", "our", "싱가포르", "가고", "싶어",
}  # fmt: skip


def _swap(text: str, kb: KnowledgeBase, planned: list[str]) -> EditOp | None:
    """``swap A for B`` / ``replace A with B`` / ``A 대신 B``: A from the plan, B (optional) new."""
    parts = _SWAP_SPLIT.split(text, maxsplit=1)
    old_part, new_part = parts[0], (parts[1] if len(parts) > 1 else "")
    order = {pid: i for i, pid in enumerate(planned)}
    old = _best(old_part, kb, lambda a: a.id in order, order) or _best(
        text, kb, lambda a: a.id in order, order
    )
    if old is None:
        return None
    new = _best(new_part, kb, lambda a: a.id not in order) if new_part.strip() else None
    if new_part.strip() and new is None:
        return EditOp("swap", problem="unknown_place", value=_guess_name(new_part))
    return EditOp("swap", place_id=old.id, new_place_id=new.id if new else None)


def _best(
    text: str,
    kb: KnowledgeBase,
    keep: Callable[[Attraction], bool],
    order: dict[str, int] | None = None,
) -> Attraction | None:
    """The attraction ``text`` names (full name first, then a distinctive word), if any.

    Several places share a word ("museum"): the one earliest in ``order`` (the plan) wins.
    """
    order = order or {}
    exact = [a for a in find_places(text, kb) if keep(a)]
    if exact:
        return exact[0]
    words = [
        w for w in re.findall(r"[a-z]{3,}|[\uac00-\ud7a3]{2,}", text.lower()) if w not in _STOP
    ]
    for word in sorted(words, key=len, reverse=True):  # longer words are more distinctive
        hits = [a for a in kb.attractions if keep(a) and word in _name_words(a)]
        if hits:
            return min(hits, key=lambda a: _rank(a, word, order))
    return None


def _rank(a: Attraction, word: str, order: dict[str, int]) -> tuple[int, int, int, str]:
    named_first = a.names.en.lower().startswith(word) or a.names.ko.startswith(word)
    return (order.get(a.id, 999), 0 if named_first else 1, a.number or 999, a.id)


def _name_words(a: Attraction) -> set[str]:
    return set(re.findall(r"[a-z]{3,}|[\uac00-\ud7a3]{2,}", f"{a.names.en} {a.names.ko}".lower()))


def find_places(text: str, kb: KnowledgeBase) -> list[Attraction]:
    """Attractions named in ``text`` (English or Korean names, ids), in order of mention."""
    low = text.lower()
    hits: list[tuple[int, int, Attraction]] = []
    for a in kb.attractions:
        for name in _names(a):
            pos = low.find(name)
            if pos >= 0:
                hits.append((pos, -len(name), a))
                break
    hits.sort(key=lambda h: (h[0], h[1]))
    seen: set[str] = set()
    out: list[Attraction] = []
    covered: list[tuple[int, int]] = []
    for pos, neg_len, a in hits:
        span = (pos, pos - neg_len)
        if a.id in seen or any(s <= pos < e for s, e in covered):
            continue
        seen.add(a.id)
        covered.append(span)
        out.append(a)
    return out


def _names(a: Attraction) -> list[str]:
    names = [a.names.en.lower(), a.names.ko.lower(), a.id.replace("-", " ")]
    short = re.sub(r"^(the|singapore)\s+|\s*\(.*\)$|,.*$", "", a.names.en.lower()).strip()
    if len(short) >= 4:
        names.append(short)
    return sorted(set(names), key=len, reverse=True)


def _guess_name(text: str) -> str:
    words = re.sub(r"[^\w\s'-]", " ", text).split()
    return " ".join(words[1:5])[:60] if len(words) > 1 else text[:60]
