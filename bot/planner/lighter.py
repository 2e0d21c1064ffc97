"""What "make day N lighter" drops: the stops that free the most of the day for the least value.

A traveller who asks for a lighter day must feel the difference: a ten-minute stop at a statue
taken out of a day that still runs from nine to seven with the same walks is no lighter. So
the edit (:func:`bot.planner.edits.lighter`) tries sets of drops, solving the day again without
each, and judges each by the day it gives:

- **relief**: the minutes of busy time it frees (:func:`busy_minutes`: visits, shows, meals and
  travel; the waits between them are free time), or how much earlier the day ends, if more;
- **loss**: the value of what the day no longer holds, in the planner's unit (travel minutes a
  place is worth; the afternoon snack of a food lover's day is worth ``SNACK_VALUE``).

:func:`choose` takes, of the sets that free at least :data:`MIN_RELIEF_MIN`, the one whose loss,
less :data:`RELIEF_WORTH` for each freed minute (up to :data:`RELIEF_CAP_MIN`: a lighter day,
not a gutted one), is least; so a low-value long or far-flung stop goes before a ten-minute one.
A set is tried only when no part of it frees enough already (a second stop goes only when one
is not enough). When no set frees between :data:`MIN_RELIEF_MIN` and :data:`MAX_RELIEF_MIN`,
the one that frees the most short of the minimum is taken; one that frees more than the maximum
(a theme park's six hours: the day the traveller asked to ease would be another day, its one
sight left) only when nothing else can go. Ties go to fewer drops, then to the ids.

Must-see places are never candidates; the caller refuses a day that would lose a lunch or a
dinner, and :func:`choose` never tries a set that takes the day's last sight. The work is
bounded by the sets of at most :data:`MAX_DROPS` stops, tried in order of their value, at most
:data:`MAX_TRIES` of them; once a set frees enough, the rest are skipped when even full relief
could not make them cheaper.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from bot.planner.itinerary import SNACK, Day
from bot.planner.kb import minutes

MIN_RELIEF_MIN = 60  # a lighter day frees at least an hour of its busy time, when it can
RELIEF_CAP_MIN = 150  # relief beyond this earns nothing more when choosing
MAX_RELIEF_MIN = 180  # freeing more (the six hours of a theme park) only when nothing else will
RELIEF_WORTH = 0.5  # value (travel minutes) a freed minute is worth when choosing
MAX_DROPS = 3  # stops (the snack counts as one) one lighter edit may drop
MAX_TRIES = 48  # days solved again at most (a packed day's 10 stops make 175 sets)


@dataclass(frozen=True)
class Outcome:
    """A day solved again without some stops: what it lost and what it freed."""

    day: Day
    lost: tuple[str, ...]  # place ids (and SNACK) the day no longer holds
    loss: float
    relief: int

    def cost(self) -> float:
        return self.loss - RELIEF_WORTH * min(self.relief, RELIEF_CAP_MIN)


def busy_minutes(day: Day) -> int:
    """The day's busy time: its visits, shows, meals and travel (the waits between are free)."""
    return sum(minutes(i.end) - minutes(i.start) for i in day.items)


def day_end(day: Day) -> int:
    return minutes(day.items[-1].end) if day.items else 0


def relief(was: Day, now: Day) -> int:
    """Minutes of busy time freed, or how much earlier the day ends if that is more."""
    return max(busy_minutes(was) - busy_minutes(now), day_end(was) - day_end(now))


def choose(
    choices: Sequence[str],
    value: Mapping[str, float],
    sights: int,
    attempt: Callable[[tuple[str, ...]], Outcome | None],
) -> Outcome | None:
    """The outcome to keep among ``attempt`` of the sets of ``choices`` (None: none will do).

    ``value`` is what each choice is worth, ``sights`` how many sights the day holds (a set
    taking every one of them is not tried); ``attempt`` solves the day without a set and says
    what it freed and lost, or None when that day is not acceptable.
    """
    sight_choices = {c for c in choices if c != SNACK}
    sets = sorted(
        (
            combo
            for size in range(1, MAX_DROPS + 1)
            for combo in combinations(sorted(choices), size)
            if not sights or len(sight_choices.intersection(combo)) < sights
        ),
        key=lambda combo: (sum(value[c] for c in combo), len(combo), combo),
    )
    enough: list[tuple[str, ...]] = []
    best: Outcome | None = None  # the cheapest that frees enough, and not too much
    most: Outcome | None = None  # the one that frees the most, short of MIN_RELIEF_MIN
    over: Outcome | None = None  # the cheapest that frees more than MAX_RELIEF_MIN
    tries = 0
    for combo in sets:
        floor = sum(value[c] for c in combo) - RELIEF_WORTH * RELIEF_CAP_MIN
        if best is not None and floor > best.cost():
            break  # sorted by value: no later set can be cheaper
        if any(set(part) <= set(combo) for part in enough):
            continue  # a part of it frees enough already
        if tries == MAX_TRIES:
            break
        tries += 1
        outcome = attempt(combo)
        if outcome is None or outcome.relief <= 0:
            continue
        if outcome.relief >= MIN_RELIEF_MIN:
            enough.append(combo)
        if MIN_RELIEF_MIN <= outcome.relief <= MAX_RELIEF_MIN:
            best = min(best or outcome, outcome, key=_rank)
        elif outcome.relief > MAX_RELIEF_MIN:
            over = min(over or outcome, outcome, key=_rank)
        else:
            most = min(most or outcome, outcome, key=_fullest)
    return best or most or over


def _rank(outcome: Outcome) -> tuple[float, int, tuple[str, ...]]:
    return (outcome.cost(), len(outcome.lost), outcome.lost)


def _fullest(outcome: Outcome) -> tuple[int, float, int, tuple[str, ...]]:
    return (-outcome.relief, outcome.cost(), len(outcome.lost), outcome.lost)
