"""Map benchmark: CPU time and size of day maps and trip overviews (``bench/results/maps.md``).

Plans come from the real planner on seeded random requests (the same ones every run). Times are
CPU seconds of this process (``time.process_time``) — the issue's budget is CPU on one core, and
CPU time does not count the waits of a busy shared machine. Medians over every day of every plan,
English and Korean; the first map of the process (font and glyphs not yet cached) is reported
apart as the cold time.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from bench.machine import machine_line, write_result
from bot.maps import draw_day, draw_overview
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.planning import Planner
from bot.trip import Party, TripRequest

PLANS = 8
REPEATS = 3
SEED = 14


def plans(kb: KnowledgeBase) -> list[Itinerary]:
    """Seeded 2-4 day trips, planned for real (infeasible requests are skipped)."""
    planner = Planner(kb)
    rng = random.Random(SEED)
    out: list[Itinerary] = []
    attempts = 0
    while len(out) < PLANS and attempts < PLANS * 3:
        attempts += 1
        start = date(2027, 1, 4) + timedelta(days=rng.randint(0, 300))
        days = rng.randint(2, 4)
        request = TripRequest(
            start_date=start,
            end_date=start + timedelta(days=days - 1),
            party=Party(adults=rng.randint(1, 3)),
        )
        itinerary = planner.plan(request).itinerary
        if itinerary is not None:
            out.append(itinerary)
    return out


def cpu_ms(draw: Callable[..., object], *args: object) -> float:
    """Median CPU milliseconds of ``draw(*args)`` over ``REPEATS`` runs."""
    times = []
    for _ in range(REPEATS):
        start = time.process_time()
        draw(*args)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def kb_text(sizes: list[int]) -> str:
    return f"{statistics.median(sizes) / 1000:.0f} KB / {max(sizes) / 1000:.0f} KB"


def main() -> None:
    kb = load_knowledge_base()
    trips = plans(kb)
    start = time.process_time()
    draw_day(trips[0], 0, kb, "ko")
    cold = (time.process_time() - start) * 1000
    day_ms: list[float] = []
    overview_ms: list[float] = []
    day_bytes: list[int] = []
    overview_bytes: list[int] = []
    for trip in trips:
        for lang in ("en", "ko"):
            for index in range(len(trip.days)):
                day_bytes.append(len(draw_day(trip, index, kb, lang).png))
                day_ms.append(cpu_ms(draw_day, trip, index, kb, lang))
            overview_bytes.append(len(draw_overview(trip, kb, lang).png))
            overview_ms.append(cpu_ms(draw_overview, trip, kb, lang))
    day, overview = statistics.median(day_ms), statistics.median(overview_ms)
    rows = [
        (f"day map, CPU median ({len(day_ms)} days, en+ko)", f"{day:.1f} ms", "≤ 60 ms"),
        ("day map, CPU slowest", f"{max(day_ms):.1f} ms", "—"),
        ("day map, first in a process (cold caches)", f"{cold:.1f} ms", "—"),
        (f"overview, CPU median ({len(overview_ms)} trips)", f"{overview:.1f} ms", "≤ 120 ms"),
        ("overview, CPU slowest", f"{max(overview_ms):.1f} ms", "—"),
        ("day map PNG, median / largest", kb_text(day_bytes), "≤ 200 KB"),
        ("overview PNG, median / largest", kb_text(overview_bytes), "≤ 200 KB"),
    ]
    write_result("maps", "Map drawing benchmark (Pillow, one core, CPU time)", rows, machine_line())


if __name__ == "__main__":
    main()
