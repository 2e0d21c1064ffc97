"""Redraw the example maps in ``docs/maps/`` from real plans (``python scripts/docs_maps.py``).

Each example is a trip request planned by the real planner (the same one the bot uses); the plan
is kept next to its picture as JSON, so the picture can be redrawn exactly (``--replan`` plans
again). The README's main picture comes from the command line instead:
``bundletrip plan "…" --maps docs/maps/cli``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from bot.maps import draw_day
from bot.planner.itinerary import Itinerary
from bot.planner.kb import load_knowledge_base
from bot.planning import Planner
from bot.trip import Party, TripRequest

OUT = Path(__file__).resolve().parents[1] / "docs" / "maps"
EXAMPLES = {
    "sentosa-day": TripRequest(
        start_date=date(2027, 3, 13), end_date=date(2027, 3, 13), party=Party(adults=2),
        hotel_area="sentosa",
        must_see=["universal-studios-singapore", "palawan-beach"],
    ),
    "mandai-day": TripRequest(
        start_date=date(2027, 3, 14), end_date=date(2027, 3, 14), party=Party(adults=2, children=1),
        must_see=["singapore-zoo", "river-wonders", "night-safari"],
    ),
    "marina-bay-evening-ko": TripRequest(
        start_date=date(2027, 3, 15), end_date=date(2027, 3, 15), party=Party(adults=2),
        hotel_area="marina-bay", arrival_time="15:00",
        must_see=["gardens-by-the-bay", "marina-bay-sands", "spectra"],
    ),
}  # fmt: skip


def main() -> None:
    kb = load_knowledge_base()
    planner = Planner(kb)
    OUT.mkdir(parents=True, exist_ok=True)
    replan = "--replan" in sys.argv
    for name, request in EXAMPLES.items():
        saved = OUT / f"{name}.json"
        if replan or not saved.exists():
            outcome = planner.plan(request)
            if outcome.itinerary is None:
                print(f"{name}: no plan ({planner.explain(outcome, 'en')})")
                continue
            saved.write_text(outcome.itinerary.model_dump_json(indent=1), "utf-8")
        itinerary = Itinerary.model_validate_json(saved.read_text("utf-8"))
        lang = "ko" if name.endswith("-ko") else "en"
        path = OUT / f"{name}.png"
        path.write_bytes(draw_day(itinerary, 0, kb, lang).png)
        print(path)


if __name__ == "__main__":
    main()
