"""Day alternatives: "Day 2: Sentosa or the Mandai parks?" — where a day of a group's plan is spent.

Members' wishes point to different areas (the planner's regions, via
:func:`bot.planning.day_areas`) when members wish for two or more places of one area, no day of the
plan is spent there and the plan left some of them out: the day that holds the others (or the day
serving the fewest wishes) went mostly elsewhere. That is a choice of *where*, not of one place, so
the group votes on the area of that day: option 0 is the day's current main area (a tie keeps the
current plan), option 1 the other area. If the other area wins, its wished places are kept on that
day (``pinned`` and ``wish_days``) and the plan is made again; the fair planner then drops what no
longer fits. A single left-out place is asked about by the drop poll instead
(:func:`bot.group.polls.drop_poll`).

A *free day* (no member's wished place on it) goes where the planner values a day most. When
another area is near-equal for the group — its value within :data:`NEAR_EQUAL` (10 %) of the
day's area, as the planner weighs areas (:func:`bot.planning.area_values`) — and members' own
styles pull to different ones of the two (one member's styles value one more, another member's
the other), the group votes on that day too (:func:`free_day_poll`, once a trip): option 0 the
day's area, option 1 the other with its best places, which are kept on that day if it wins.
Pure: the clock's reading is passed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.i18n import Lang, t
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import area_highlights, area_name, area_values, day_areas
from bot.trip import TripRequest

from .fairness import FairOutcome, all_wishes
from .ledger import GroupLedger, GroupPoll
from .render import Places

MIN_WISHED = 2  # wished places of one area that make a day's area worth a vote
NEAR_EQUAL = 0.10  # two areas within 10 % of each other's value are near-equal for the group
HIGHLIGHTS = 2  # the other area's best places, kept on the day if it wins


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


def free_day_poll(
    fair: FairOutcome, ledger: GroupLedger, kb: KnowledgeBase, now: float, deadline_s: int
) -> GroupPoll | None:
    """A poll on a free day's area when another area is near-equal for the group and members'
    styles pull to different ones of the two (``None``: no such day, or a poll is open)."""
    itinerary = fair.outcome.itinerary
    if ledger.open_poll() is not None or itinerary is None:
        return None
    pulling = [m for m in ledger.members if m.styles]
    if len(pulling) < 2 or any(
        p.topic == "area" and p.places and not p.places[0] for p in ledger.polls
    ):
        return None  # one free day's vote a trip: busy members are not asked day after day
    mains, day_of = day_areas(kb, itinerary).days, _days_of(itinerary)
    asked = {o.split(":", 1)[0] for p in ledger.polls if p.topic == "area" for o in p.options}
    wished = set(all_wishes(itinerary.request, ledger)) | set(ledger.pinned)
    request = itinerary.request
    for day, current in enumerate(mains, start=1):
        if current is None or str(day) in asked or any(day_of.get(p) == day for p in wished):
            continue
        used = [p for p, d in day_of.items() if d != day]
        other = _near_equal(request, ledger, kb, used, current, set(mains) - {current})
        if other is None:
            continue
        best = area_highlights(kb, request, other, used, HIGHLIGHTS)
        return GroupPoll(
            key=f"d{len(ledger.polls) + 1}", topic="area",
            options=[f"{day}:{current}", f"{day}:{other}"], places=[[], best],
            opened_at=now, closes_at=now + deadline_s,
        )  # fmt: skip
    return None


def near_equal(a: float, b: float) -> bool:
    """Tell whether two areas' values are within :data:`NEAR_EQUAL` of each other."""
    return abs(a - b) <= NEAR_EQUAL * max(abs(a), abs(b))


def _near_equal(
    request: TripRequest,
    ledger: GroupLedger,
    kb: KnowledgeBase,
    used: list[str],
    current: str,
    taken: set[str | None],
) -> str | None:
    """The area near-equal to ``current`` for the group that members' styles pull to against
    ``current`` (the most valued such area; none among ``taken``, other days' areas)."""
    group = area_values(kb, request, used)
    mine = [
        area_values(kb, request.model_copy(update={"styles": m.styles}), used)
        for m in ledger.members
        if m.styles
    ]
    here = group.get(current)
    if here is None:
        return None
    for area in sorted(group, key=lambda a: (-group[a], a)):
        if area == current or area in taken or not near_equal(here, group[area]):
            continue
        pulls = {(v.get(area, 0.0) > v.get(current, 0.0)) for v in mine}
        if pulls == {True, False}:  # one member's styles value it more, another's less
            return area
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


def area_question(poll: GroupPoll, lang: Lang, free: bool = False) -> str:
    """The poll's question, with its tie rule and deadline (``free``: a free day's)."""
    day = poll.options[0].split(":", 1)[0]
    a, b = (area_label(o, lang) for o in poll.options[:2])
    key = "poll.free_day_question" if free else "poll.area_question"
    return t(lang, key, day=day, a=a, b=b)


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
