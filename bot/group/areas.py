"""Day alternatives: "Day 2: Sentosa or the Mandai parks?" — where a day of a group's plan is spent.

Members' wishes point to different areas (the planner's regions, via
:func:`bot.planning.day_areas`) when members wish for two or more places of one area, no day of the
plan is spent there and the plan left some of them out: the day that holds the others (or the day
serving the fewest wishes) went mostly elsewhere. That is a choice of *where*, not of one place, so
the group votes on the area of that day: option 0 is the day's current main area (a tie keeps the
current plan), option 1 the other area. If the other area wins, its wished places are kept on that
day (``pinned`` and ``wish_days``) and the plan is made again; the fair planner then drops what no
longer fits. A single left-out place is asked about by the drop poll instead
(:func:`bot.group.polls.drop_poll`). Pure: the clock's reading is passed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.i18n import Lang, t
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import area_name, day_areas

from .fairness import FairOutcome, all_wishes
from .ledger import GroupLedger, GroupPoll
from .render import Places

MIN_WISHED = 2  # wished places of one area that make a day's area worth a vote


def area_poll(
    fair: FairOutcome, ledger: GroupLedger, kb: KnowledgeBase, now: float, deadline_s: int
) -> GroupPoll | None:
    """A poll on one day's area when members' wishes point to an area the plan has no day in
    (``None``: no such day, or a poll is open, or the group already voted on that area)."""
    itinerary = fair.outcome.itinerary
    if ledger.open_poll() is not None or itinerary is None:
        return None
    areas = day_areas(kb, itinerary)
    area_of, mains = areas.of, areas.days
    day_of = _days_of(itinerary)
    wishes = [p for p in all_wishes(itinerary.request, ledger) if p in area_of]
    asked = {o.split(":", 1)[1] for p in ledger.polls if p.topic == "area" for o in p.options}
    for area in dict.fromkeys(area_of[p] for p in wishes if p not in day_of):
        if area in mains or area in asked:
            continue
        wished = [p for p in wishes if area_of[p] == area]
        left_out = [p for p in wished if p not in day_of and p not in ledger.pinned]
        if not left_out or len(wished) < MIN_WISHED:
            continue
        day = _day_for(wished, day_of, mains, wishes, area_of)
        current = mains[day - 1]
        if current is None or current == area:
            continue
        kept = [p for p in wishes if area_of[p] == current]
        return GroupPoll(
            key=f"d{len(ledger.polls) + 1}",
            topic="area",
            options=[f"{day}:{current}", f"{day}:{area}"],
            places=[kept, wished],
            opened_at=now,
            closes_at=now + deadline_s,
        )
    return None


def _day_for(
    wished: list[str],
    day_of: dict[str, int],
    mains: Sequence[str | None],
    wishes: list[str],
    area_of: Mapping[str, str],
) -> int:
    """The day the area's planned wishes are on, else the day serving the fewest wishes of its
    own area (the last such day)."""
    planned = sorted(day_of[p] for p in wished if p in day_of)
    if planned:
        return planned[0]

    def served(day: int) -> tuple[int, int]:
        main = mains[day - 1]
        return (sum(1 for p in wishes if day_of.get(p) == day and area_of[p] == main), -day)

    return min(range(1, len(mains) + 1), key=served)


def settle_area(poll: GroupPoll, ledger: GroupLedger, days: int) -> None:
    """Apply an area poll's winner on a trip of ``days`` days: the other area's wished places
    kept on that day; the current area's go to other days (dropped by the vote when there are
    none)."""
    if poll.winner() == 0 or len(poll.places) < 2:
        return  # the day stays where it is
    day = int(poll.options[1].split(":", 1)[0])
    for place in poll.places[1]:
        if place not in ledger.pinned:
            ledger.pinned.append(place)
        ledger.wish_days[place] = [day]
    others = [d for d in range(1, days + 1) if d != day]
    for place in poll.places[0]:
        if others:
            ledger.wish_days[place] = others
        elif place not in ledger.vetoed:
            ledger.vetoed.append(place)


def area_label(option: str, lang: Lang) -> str:
    """``"2:mandai"`` → ``Mandai`` (the region's name in ``lang``)."""
    return area_name(option.split(":", 1)[1], lang)


def area_labels(poll: GroupPoll, lang: Lang, places: Places) -> tuple[str, ...]:
    """Each option as its area and the wished places it keeps (at most 100 characters)."""
    out = []
    for option, wished in zip(poll.options, [*poll.places, [], []], strict=False):
        names = ", ".join(places(p) for p in wished)
        text = area_label(option, lang) + (f" — {names}" if names else "")
        out.append(text if len(text) <= 100 else text[:99] + "…")
    return tuple(out)


def area_question(poll: GroupPoll, lang: Lang) -> str:
    """The poll's question, with its tie rule and deadline."""
    day = poll.options[0].split(":", 1)[0]
    a, b = (area_label(o, lang) for o in poll.options[:2])
    return t(lang, "poll.area_question", day=day, a=a, b=b)


def area_closed(poll: GroupPoll, option: str, lang: Lang) -> str:
    counts = poll.tally()
    return t(lang, "poll.area_closed",
        day=option.split(":", 1)[0], area=area_label(option, lang),
        votes=counts[poll.options.index(option)], voters=len(poll.votes),
    )  # fmt: skip


def _days_of(itinerary: Itinerary) -> dict[str, int]:
    out: dict[str, int] = {}
    for number, day in enumerate(itinerary.days, start=1):
        for item in day.items:
            if item.place_id and item.kind != "transit":
                out.setdefault(item.place_id, number)
    return out
