"""Route maps drawn offline with Pillow: one picture per day and a trip overview.

Pure: an itinerary and the knowledge base in, PNG bytes out — no network, no tile server, no
clock. The same plan gives the same bytes. Drawing is CPU-bound (tens of milliseconds per map);
callers in the event loop run :func:`draw_maps` in a worker thread like planning.

Land outline: URA Master Plan 2019 Subzone Boundary (No Sea), data.gov.sg, Singapore Open Data
Licence v1.0 (``data/README.md``); font: a subset of NanumGothic Bold, SIL OFL 1.1
(``fonts/OFL.txt``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.i18n import Lang
from bot.maps.day import DayMap, draw_day
from bot.maps.overview import OverviewMap, draw_overview
from bot.maps.route import Stop, day_route
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase

__all__ = ["DayMap", "MapImage", "OverviewMap", "draw_day", "draw_maps", "draw_overview"]


@dataclass(frozen=True, slots=True)
class MapImage:
    """One finished picture: the overview (``day`` None) or a day (1-based)."""

    filename: str
    png: bytes
    title: str
    day: int | None = None
    stops: tuple[Stop, ...] = ()


def draw_maps(
    itinerary: Itinerary, kb: KnowledgeBase, lang: Lang, days: Collection[int] | None = None
) -> list[MapImage]:
    """The trip overview (for trips of two days or more), then one map per day.

    ``days`` (1-based) limits the day maps; the overview is drawn only when every day is.
    """
    start = itinerary.days[0].date.isoformat() if itinerary.days else "trip"
    wanted = set(range(1, len(itinerary.days) + 1)) if days is None else set(days)
    out: list[MapImage] = []
    if len(itinerary.days) > 1 and len(wanted) >= len(itinerary.days):
        overview = draw_overview(itinerary, kb, lang)
        out.append(MapImage(f"bundletrip-{start}-overview.png", overview.png, overview.title))
    for index, day in enumerate(itinerary.days):
        if index + 1 not in wanted:
            continue
        drawn = draw_day(itinerary, index, kb, lang)
        stops = day_route(day, kb, lang).stops
        out.append(
            MapImage(
                f"bundletrip-{start}-day{index + 1}.png",
                drawn.png,
                drawn.title,
                day=index + 1,
                stops=tuple(s for s in stops if s.kind not in ("hotel", "airport")),
            )
        )
    return out
