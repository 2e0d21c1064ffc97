"""What changed between two versions of a group's plan, for the pinned plan's version line
("v3 · changed by Ann: swapped Jewel for Night Safari", "Day 2: Sentosa (poll)",
"budget cap S$400").

The words come from the actual difference of the plan and the trip before and after the turn:
what changed in the trip itself (its dates, the speaker's cap or days), then in the plan — the
days whose main area changed ("Day 2: Sentosa"), else the places swapped, added, dropped or moved
(:func:`bot.edit_summary.compare` is the one comparison of two plans). At most two parts, in
the reader's language; "(poll)" when a vote made the change. Pure; it sits with the desk in the
core layer (it reads :mod:`bot.edit_summary`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.edit_summary import compare
from bot.i18n import Lang, t
from bot.i18n.dates import date_range
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import area_name, day_areas

from .ledger import GroupLedger, GroupPoll
from .render import Places, day_span

MAX_PARTS = 2


@dataclass(frozen=True)
class Snapshot:
    """The plan and the ledger as they were when a turn began."""

    itinerary: Itinerary | None
    ledger: GroupLedger | None


def what_changed(
    before: Snapshot, after: Itinerary, ledger: GroupLedger, user_id: str, kb: KnowledgeBase,
    lang: Lang,
) -> str:  # fmt: skip
    """The version line's account of the change (empty: nothing to say from the diff)."""
    closed = _closed(before, ledger)
    parts = _trip_parts(before, after, ledger, user_id, lang)
    if before.itinerary is not None:
        wished = {p for m in ledger.members for p in m.must_see}
        areas = _area_parts(before.itinerary, after, kb, lang)
        places = _place_parts(before.itinerary, after, wished, kb, lang)
        if closed is not None and closed.topic == "area":  # the vote was on where a day goes
            parts += areas or places
        else:
            parts += places or areas
    text = "; ".join(parts[:MAX_PARTS])
    if text and closed is not None:
        text += t(lang, "group.what_poll")
    return text


def _closed(before: Snapshot, ledger: GroupLedger) -> GroupPoll | None:
    """The poll this turn closed, if any."""
    if before.ledger is None:
        return None
    was_open = {p.key for p in before.ledger.polls if p.open}
    return next((p for p in ledger.polls if not p.open and p.key in was_open), None)


def _area_parts(before: Itinerary, after: Itinerary, kb: KnowledgeBase, lang: Lang) -> list[str]:
    """ "Day 2: Sentosa" for each day whose main area changed."""
    old_areas, new_areas = day_areas(kb, before).days, day_areas(kb, after).days
    return [
        t(lang, "group.what_area", day=n, area=area_name(area, lang))
        for n, (old, area) in enumerate(zip(old_areas, new_areas, strict=False), start=1)
        if area is not None and old is not None and area != old
    ]


def _place_parts(
    before: Itinerary, after: Itinerary, wished: set[str], kb: KnowledgeBase, lang: Lang
) -> list[str]:
    """The places that changed (members' wishes only, when any changed: the places around
    them follow)."""
    changes = compare(before, after)
    name = Places(kb, lang)
    gone, new = [p for p, _ in changes.removed], [p for p, _, _ in changes.added]
    if {*gone, *new} & wished:
        gone, new = [p for p in gone if p in wished], [p for p in new if p in wished]
    removed, added = [name(p) for p in gone], [name(p) for p in new]
    if len(removed) == 1 and len(added) == 1:
        return [t(lang, "group.what_swapped", old=removed[0], new=added[0])]
    parts = []
    if added:
        parts.append(t(lang, "group.what_added", places=_few(added)))
    if removed:
        parts.append(t(lang, "group.what_dropped", places=_few(removed)))
    parts += [
        t(lang, "group.what_moved", place=name(p), day=b + 1) for p, _, b in changes.moved[:1]
    ]
    if not parts and changes.shifted_days:
        parts.append(t(lang, "group.what_times", day=changes.shifted_days[0] + 1))
    return parts


def _trip_parts(
    before: Snapshot, after: Itinerary, ledger: GroupLedger, user_id: str, lang: Lang
) -> list[str]:
    parts = []
    old_plan = before.itinerary
    if old_plan is not None and old_plan.days and after.days:
        old_dates = (old_plan.days[0].date, old_plan.days[-1].date)
        new_dates = (after.days[0].date, after.days[-1].date)
        if old_dates != new_dates:
            parts.append(t(lang, "group.what_dates", dates=date_range(*new_dates, lang)))
    was = before.ledger.member(user_id) if before.ledger is not None else None
    now = ledger.member(user_id)
    if now is None:
        return parts
    if now.budget_sgd is not None and (was is None or was.budget_sgd != now.budget_sgd):
        parts.append(t(lang, "group.what_cap", amount=f"{now.budget_sgd:,}"))
    if now.days and (was is None or was.days != now.days):
        parts.append(t(lang, "group.what_days", days=day_span(now.days, len(after.days))))
    return parts


def _few(names: list[str]) -> str:
    shown = ", ".join(names[:2])
    return shown + ("…" if len(names) > 2 else "")
