"""What an edit changed, in words: removed (an afternoon snack too), added, moved, times shifted,
cost before → after.

After an edit the traveller sees this summary and only the days that changed; the whole plan
stays one button away (``p:show``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import Lang, t
from bot.planner.itinerary import SNACK, Itinerary
from bot.planner.kb import KnowledgeBase, minutes
from bot.planner.render import render_day, sgd

_STOPS = ("visit", "show")
START_SHIFT_SAID_MIN = 15  # a day's start that moved less than this is not news


@dataclass
class PlanChanges:
    removed: list[tuple[str, int]] = field(default_factory=list)  # (place id, day index)
    snacks_removed: list[tuple[str, int]] = field(default_factory=list)  # (food place, day)
    added: list[tuple[str, int, str]] = field(default_factory=list)  # (place id, day, start)
    moved: list[tuple[str, int, int]] = field(default_factory=list)  # (place id, from, to)
    shifted_days: list[int] = field(default_factory=list)  # days whose times changed
    starts: list[tuple[int, str, str]] = field(default_factory=list)  # (day, was, now) first stop
    changed_days: list[int] = field(default_factory=list)
    cost_before: float = 0.0
    cost_after: float = 0.0


def _stops(it: Itinerary) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for index, day in enumerate(it.days):
        for item in day.items:
            if item.kind in _STOPS and item.place_id and item.place_id not in out:
                out[item.place_id] = (index, item.start)
    return out


def _first_start(it: Itinerary, index: int) -> str | None:
    if index >= len(it.days):
        return None
    return next((i.start for i in it.days[index].items if i.kind != "transit"), None)


def _snack(it: Itinerary, index: int) -> str | None:
    """The food place of the day's afternoon snack, if it has one."""
    if index >= len(it.days):
        return None
    items = it.days[index].items
    return next((i.place_id for i in items if i.kind == "meal" and i.note == SNACK), None)


def _day_key(it: Itinerary, index: int) -> list[tuple[str, str, str | None]]:
    if index >= len(it.days):
        return []
    return [(i.start, i.end, i.place_id) for i in it.days[index].items]


def compare(before: Itinerary, after: Itinerary) -> PlanChanges:
    """The differences between two plans of the same trip."""
    old, new = _stops(before), _stops(after)
    changes = PlanChanges(
        cost_before=before.totals.per_person_sgd, cost_after=after.totals.per_person_sgd
    )
    changes.removed = [(p, d) for p, (d, _) in old.items() if p not in new]
    changes.added = [(p, d, s) for p, (d, s) in new.items() if p not in old]
    changes.moved = [(p, old[p][0], d) for p, (d, _) in new.items() if p in old and old[p][0] != d]
    for index in range(max(len(before.days), len(after.days))):
        snack = _snack(before, index)
        if snack is not None and _snack(after, index) is None:
            changes.snacks_removed.append((snack, index))
        if _day_key(before, index) != _day_key(after, index):
            changes.changed_days.append(index)
            same_places = {k[2] for k in _day_key(before, index)} == {
                k[2] for k in _day_key(after, index)
            }
            was, now = _first_start(before, index), _first_start(after, index)
            if was and now and abs(minutes(now) - minutes(was)) >= START_SHIFT_SAID_MIN:
                changes.starts.append((index, was, now))  # "sleep in on day 3": say when
            elif same_places:
                changes.shifted_days.append(index)
    return changes


def describe_changes(
    before: Itinerary, after: Itinerary, kb: KnowledgeBase, lang: Lang
) -> tuple[str, list[int]]:
    """The changes in words, and the indexes of the days to show."""
    changes = compare(before, after)

    def name(pid: str) -> str:
        place = kb.places.get(pid)
        if place is None:
            return pid
        return place.names.of(lang)

    lines = [t(lang, "changes_head")]
    lines += [t(lang, "change_removed", place=name(p), day=d + 1) for p, d in changes.removed]
    lines += [
        t(lang, "change_snack_removed", place=name(p), day=d + 1) for p, d in changes.snacks_removed
    ]
    lines += [
        t(lang, "change_added", place=name(p), day=d + 1, time=s) for p, d, s in changes.added
    ]
    pairs = {(a, b) for _, a, b in changes.moved}
    if len(pairs) == 2 and {(b, a) for a, b in pairs} == pairs:  # "swap day 1 and day 2"
        a, b = sorted(min(pairs))
        lines.append(t(lang, "change_days_swapped", a=a + 1, b=b + 1))
        changes.starts = []  # each day starts as its places need: no news
    else:
        lines += [
            t(lang, "change_moved", place=name(p), a=a + 1, b=b + 1) for p, a, b in changes.moved
        ]
    lines += [t(lang, "change_start", day=d + 1, was=a, now=b) for d, a, b in changes.starts]
    lines += [t(lang, "change_times", day=d + 1) for d in changes.shifted_days]
    if round(changes.cost_before, 2) != round(changes.cost_after, 2):
        lines.append(
            t(lang, "change_cost", before=sgd(changes.cost_before), after=sgd(changes.cost_after))
        )
    if len(lines) == 1:
        lines.append(t(lang, "change_none"))
    return "\n".join(lines), changes.changed_days


def edit_reply(before: Itinerary, after: Itinerary, kb: KnowledgeBase, lang: Lang) -> str:
    """The summary of the changes followed by the changed days."""
    text, days = describe_changes(before, after, kb, lang)
    shown = [render_day(after, kb, d, lang) for d in days if d < len(after.days)]
    return "\n\n".join([text, *shown, t(lang, "whole_plan_hint")])
