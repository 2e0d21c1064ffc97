"""How much lighter "make day N lighter" makes a day, over many trips.

Run with ``python -m bench.lighter_relief [--scale N] [--verbose]``. It plans the requests of
:func:`bench.plan_digest.spread` (its four seeds) and makes every day of each plan lighter
through the planner's front end (``Planner.edit``, as a chat does), then prints, over the edits
that dropped something: the minutes of the day's busy time freed (its visits, shows, meals and
travel; the waits between them are free time), how much earlier the day ends, and the relief
(the larger of the two), as median and 10th percentile; how many edits were refused; and how
many lost a must-see place, a lunch or a dinner, or left the day without a sight (each must
be 0). It measures from the items, not with the planner's own arithmetic.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

from bench.plan_digest import SPREAD_COUNT, SPREAD_SEEDS, spread
from bot.planner.itinerary import Day, Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base, minutes
from bot.planning import EditOp, Planner


@dataclass(frozen=True)
class Relief:
    """One lighter edit of one day: what it freed and what it cost."""

    label: str
    refused: bool
    dropped: tuple[str, ...] = ()
    freed: int = 0  # busy minutes
    earlier: int = 0  # minutes the day ends earlier

    @property
    def relief(self) -> int:
        return max(self.freed, self.earlier)

    lost_must: bool = False
    lost_meal: bool = False
    emptied: bool = False


def meals_of(day: Day) -> set[str]:
    return {i.note for i in day.items if i.kind == "meal" and i.note}


def busy_minutes(day: Day) -> int:
    """Minutes of visits, shows, meals and travel (measured here, not with the planner's own)."""
    return sum(minutes(i.end) - minutes(i.start) for i in day.items)


def ends(day: Day) -> int:
    return minutes(day.items[-1].end) if day.items else 0


def sights(day: Day) -> list[str]:
    return list(
        dict.fromkeys(i.place_id for i in day.items if i.kind in ("visit", "show") and i.place_id)
    )


def relief(label: str, planner: Planner, it: Itinerary, index: int) -> Relief:
    outcome = planner.edit(it, EditOp("lighter", day=index + 1))
    if outcome.violations:
        raise AssertionError(f"{label}: the checker refused the lighter day {outcome.violations}")
    result = outcome.itinerary
    if result is None:
        return Relief(label, refused=True)
    was, now = it.days[index], result.days[index]
    gone = tuple(p for p in sights(was) if p not in sights(now))
    gone += ("snack",) if "snack" in meals_of(was) - meals_of(now) else ()
    return Relief(
        label,
        refused=False,
        dropped=gone,
        freed=busy_minutes(was) - busy_minutes(now),
        earlier=ends(was) - ends(now),
        lost_must=bool(set(gone) & set(it.request.must_see)),
        lost_meal=not meals_of(was) - {"snack"} <= meals_of(now),
        emptied=bool(sights(was)) and not sights(now),
    )


def measure(kb: KnowledgeBase, scale: int = 1) -> list[Relief]:
    """Every day of every plan made lighter, through the planner's front end (as a chat does:
    the travel model of the trip's dates, the checker run on each result)."""
    planner = Planner(kb)
    out = []
    for seed in SPREAD_SEEDS:
        for k, request in enumerate(spread(kb, SPREAD_COUNT * scale, seed)):
            it = planner.plan(request).itinerary
            if it is not None:
                for index in range(len(it.days)):
                    out.append(relief(f"{seed}-{k}/day{index + 1}", planner, it, index))
    return out


def percentile(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="requests per seed, times this")
    parser.add_argument("--verbose", action="store_true", help="one line per edit")
    args = parser.parse_args()
    kb = load_knowledge_base()
    start = time.process_time()
    found = measure(kb, args.scale)
    cpu = time.process_time() - start
    made = [r for r in found if not r.refused]
    freed, earlier = [r.freed for r in made], [r.earlier for r in made]
    eased = [r.relief for r in made]
    if args.verbose:
        for r in found:
            print(r.label, "refused" if r.refused else f"{r.freed:4d} {r.earlier:4d} {r.dropped}")
    print(f"days {len(found)} edited {len(made)} refused {len(found) - len(made)}")
    for name, values in (("busy minutes freed", freed), ("relief (freed or earlier)", eased)):
        print(
            f"{name}: median {statistics.median(values) if values else 0} "
            f"p10 {percentile(values, 0.1)} min {min(values, default=0)}; "
            f"under 45: {sum(f < 45 for f in values)}, under 60: {sum(f < 60 for f in values)}"
        )
    print(
        f"day ends earlier by: median {statistics.median(earlier) if earlier else 0} "
        f"p10 {percentile(earlier, 0.1)}; ends earlier on {sum(e > 0 for e in earlier)} days"
    )
    print(
        f"stops dropped: {sum(len(r.dropped) for r in made)} "
        f"(snack {sum('snack' in r.dropped for r in made)}) "
        f"(2+ on {sum(len(r.dropped) > 1 for r in made)} days); "
        f"lost must-see {sum(r.lost_must for r in made)} meal {sum(r.lost_meal for r in made)} "
        f"emptied {sum(r.emptied for r in made)}; cpu {cpu:.1f} s"
    )


if __name__ == "__main__":
    main()
