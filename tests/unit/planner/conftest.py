"""A small, self-contained Singapore knowledge base for planner tests.

Twenty-odd real attractions and food places with plausible hours and prices, and a slice of the
MRT network (real station ids and coordinates). Built in code so the planner tests do not depend
on the data files other helpers are still writing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from bot.planner.itinerary import Itinerary
from bot.planner.kb import (
    Attraction,
    FoodPlace,
    KnowledgeBase,
    MrtNetwork,
    validate_knowledge_base,
)
from bot.planner.service import Infeasible, plan_trip
from bot.planner.travel import TravelModel
from bot.trip import Party, TripRequest

AS_OF = date(2025, 1, 1)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# id, lat, lon, codes
STATIONS: tuple[tuple[str, float, float, tuple[str, ...]], ...] = (
    ("city-hall", 1.29309, 103.85204, ("EW13", "NS25")),
    ("raffles-place", 1.28393, 103.85147, ("EW14", "NS26")),
    ("marina-bay", 1.27643, 103.85459, ("NS27", "CE2")),
    ("bayfront", 1.28187, 103.85903, ("CE1", "DT16")),
    ("promenade", 1.29322, 103.861, ("CC4", "DT15")),
    ("esplanade", 1.29332, 103.8555, ("CC3",)),
    ("bras-basah", 1.29684, 103.85066, ("CC2",)),
    ("dhoby-ghaut", 1.29894, 103.84563, ("NS24", "NE6", "CC1")),
    ("somerset", 1.30026, 103.83873, ("NS23",)),
    ("orchard", 1.30427, 103.83227, ("NS22",)),
    ("newton", 1.31385, 103.83802, ("NS21", "DT11")),
    ("little-india", 1.30663, 103.84929, ("NE7", "DT12")),
    ("bugis", 1.30064, 103.85594, ("EW12", "DT14")),
    ("chinatown", 1.28419, 103.84425, ("NE4", "DT19")),
    ("outram-park", 1.28033, 103.83948, ("EW16", "NE3")),
    ("harbourfront", 1.26528, 103.82207, ("NE1", "CC29")),
    ("botanic-gardens", 1.32235, 103.81589, ("CC19", "DT9")),
    ("khatib", 1.41738, 103.83295, ("NS14",)),
    ("tanah-merah", 1.32724, 103.94652, ("EW4",)),
    ("changi-airport", 1.35733, 103.98862, ("CG2",)),
)

# a, b, line, minutes
EDGES: tuple[tuple[str, str, str, float], ...] = (
    ("khatib", "newton", "NS", 22),
    ("newton", "orchard", "NS", 2),
    ("orchard", "somerset", "NS", 2),
    ("somerset", "dhoby-ghaut", "NS", 2),
    ("dhoby-ghaut", "city-hall", "NS", 2),
    ("city-hall", "raffles-place", "NS", 2),
    ("raffles-place", "marina-bay", "NS", 2),
    ("tanah-merah", "bugis", "EW", 17),
    ("bugis", "city-hall", "EW", 2),
    ("city-hall", "raffles-place", "EW", 2),
    ("raffles-place", "outram-park", "EW", 4),
    ("tanah-merah", "changi-airport", "CG", 8),
    ("harbourfront", "outram-park", "NE", 3),
    ("outram-park", "chinatown", "NE", 2),
    ("chinatown", "dhoby-ghaut", "NE", 4),
    ("dhoby-ghaut", "little-india", "NE", 2),
    ("dhoby-ghaut", "bras-basah", "CC", 2),
    ("bras-basah", "esplanade", "CC", 2),
    ("esplanade", "promenade", "CC", 2),
    ("botanic-gardens", "harbourfront", "CC", 18),
    ("promenade", "bayfront", "CE", 2),
    ("bayfront", "marina-bay", "CE", 2),
    ("botanic-gardens", "newton", "DT", 4),
    ("newton", "little-india", "DT", 2),
    ("little-india", "bugis", "DT", 3),
    ("bugis", "promenade", "DT", 2),
    ("promenade", "bayfront", "DT", 2),
    ("bayfront", "chinatown", "DT", 4),
)


def hours(spec: str | dict[str, str]) -> dict[str, list[str]]:
    """Build weekly hours: one spec for every day, or a per-day mapping ('' = closed)."""
    per_day = spec if isinstance(spec, dict) else dict.fromkeys(DAYS, spec)
    return {d: [i for i in per_day.get(d, "").split(",") if i] for d in DAYS}


def attraction(
    pid: str,
    lat: float,
    lon: float,
    station: str,
    spec: str | dict[str, str],
    styles: tuple[str, ...],
    setting: str,
    dur: tuple[int, int],
    price: float,
    **extra: Any,
) -> Attraction:
    name = pid.replace("-", " ").title()
    record: dict[str, Any] = {
        "id": pid,
        "names": {"en": name, "ko": name},
        "lat": lat,
        "lon": lon,
        "area": extra.pop("area", station),
        "mrt_station": station,
        "hours": hours(spec),
        "source": "test fixture",
        "as_of": AS_OF,
        "summary": {"en": name, "ko": name},
        "styles": styles,
        "setting": setting,
        "duration_min": dur[0],
        "duration_max": dur[1],
        "price_adult_sgd": price,
        "price_child_sgd": round(price * 0.7, 2),
        **extra,
    }
    return Attraction.model_validate(record)


def food(pid: str, lat: float, lon: float, station: str, spec: str, cost: float = 8.0) -> FoodPlace:
    name = pid.replace("-", " ").title()
    return FoodPlace.model_validate(
        {
            "id": pid,
            "names": {"en": name, "ko": name},
            "lat": lat,
            "lon": lon,
            "area": station,
            "mrt_station": station,
            "hours": hours(spec),
            "source": "test fixture",
            "as_of": AS_OF,
            "kind": "hawker_centre",
            "price_level": 1,
            "meal_cost_sgd": cost,
            "halal_options": True,
            "vegetarian_options": True,
            "signature_dishes": [{"en": "Chicken rice", "ko": "치킨 라이스"}],
            "summary": {"en": name, "ko": name},
        }
    )


def fixture_attractions() -> list[Attraction]:
    a = attraction
    return [
        a("gardens-by-the-bay", 1.28164, 103.86361, "bayfront", "05:00-24:00",
          ("nature", "city"), "mixed", (90, 180), 32, number=101),
        a("marina-bay-sands-skypark", 1.2834, 103.8607, "bayfront", "11:00-21:00",
          ("city", "luxury"), "outdoor", (45, 75), 32, last_entry_before_close_min=30),
        a("merlion-park", 1.2868, 103.8545, "raffles-place", "00:00-24:00",
          ("city", "value"), "outdoor", (20, 40), 0, number=102),
        a("national-gallery", 1.2903, 103.8515, "city-hall", "10:00-19:00",
          ("city",), "indoor", (90, 180), 20, last_entry_before_close_min=30),
        a("asian-civilisations-museum", 1.2875, 103.8514, "raffles-place",
          {"mon": "10:00-19:00", "tue": "10:00-19:00", "wed": "10:00-19:00",
           "thu": "10:00-19:00", "fri": "10:00-21:00", "sat": "10:00-19:00",
           "sun": "10:00-19:00"}, ("city",), "indoor", (60, 120), 25),
        a("peranakan-museum", 1.2944, 103.8490, "city-hall",
          {d: "10:00-19:00" for d in DAYS if d != "mon"}, ("city",), "indoor", (60, 120), 18),
        a("chinatown-heritage-centre", 1.2835, 103.8443, "chinatown", "09:30-18:30",
          ("city", "value"), "indoor", (60, 90), 20, number=1),
        a("buddha-tooth-relic-temple", 1.2815, 103.8443, "chinatown", "07:00-17:00",
          ("city", "value"), "indoor", (30, 60), 0),
        a("thian-hock-keng-temple", 1.28094, 103.84763, "chinatown", "07:30-17:00",
          ("city", "value"), "mixed", (20, 40), 0, number=2),
        a("sri-mariamman-temple", 1.2827, 103.8452, "chinatown", "07:00-12:00,18:00-21:00",
          ("city", "value"), "mixed", (20, 40), 0),
        a("sri-veeramakaliamman-temple", 1.3077, 103.8520, "little-india",
          "05:30-12:15,16:00-21:00", ("city", "value"), "mixed", (20, 40), 0),
        a("little-india-arcade", 1.3067, 103.8511, "little-india", "09:00-21:00",
          ("city", "food", "value"), "mixed", (30, 60), 0),
        a("sultan-mosque", 1.3022, 103.8590, "bugis",
          {d: "10:00-12:00,14:00-16:00" for d in DAYS if d != "fri"},
          ("city", "value"), "mixed", (20, 40), 0),
        a("singapore-botanic-gardens", 1.3138, 103.8159, "botanic-gardens", "05:00-24:00",
          ("nature", "value"), "outdoor", (90, 180), 0, daytime_only=True),
        a("orchard-road", 1.3036, 103.8318, "orchard", "10:00-22:00",
          ("city", "luxury"), "mixed", (60, 180), 0),
        a("singapore-zoo", 1.4043, 103.7930, "khatib", "08:30-18:00",
          ("nature", "family"), "outdoor", (180, 300), 48, last_entry_before_close_min=60),
        a("night-safari", 1.4022, 103.7880, "khatib", "19:15-24:00",
          ("nature", "family"), "outdoor", (120, 180), 55, evening_only=True,
          last_entry_before_close_min=45),
        a("universal-studios-singapore", 1.2540, 103.8238, "harbourfront", "10:00-19:00",
          ("family",), "mixed", (360, 540), 83),
        a("sea-aquarium", 1.2583, 103.8205, "harbourfront", "10:00-17:00",
          ("family", "nature"), "indoor", (90, 150), 44),
        a("spectra-light-show", 1.2837, 103.8591, "bayfront", "19:00-21:30",
          ("city", "value"), "outdoor", (15, 15), 0, evening_only=True,
          show_times=("20:00", "21:00")),
        a("clarke-quay", 1.2906, 103.8465, "chinatown", "10:00-24:00",
          ("city", "food"), "outdoor", (60, 120), 0),
        a("rooftop-bar-1-altitude", 1.2825, 103.8510, "raffles-place", "18:00-24:00",
          ("luxury", "city"), "outdoor", (60, 120), 40, evening_only=True,
          good_for_children=False, tags=("nightlife", "18+")),
        a("singapore-flyer", 1.2893, 103.8631, "promenade", "10:00-22:00",
          ("city", "family"), "indoor", (30, 45), 40, last_entry_before_close_min=15),
        a("artscience-museum", 1.2863, 103.8593, "bayfront", "10:00-19:00",
          ("city", "family"), "indoor", (60, 120), 30, last_entry_before_close_min=60),
        a("jewel-changi", 1.3602, 103.9898, "changi-airport", "10:00-22:00",
          ("city", "family"), "indoor", (60, 120), 0),
    ]  # fmt: skip


def fixture_food() -> list[FoodPlace]:
    f = food
    return [
        f("lau-pa-sat", 1.2807, 103.8504, "raffles-place", "00:00-24:00"),
        f("maxwell-food-centre", 1.2803, 103.8448, "chinatown", "08:00-20:00"),
        f("chinatown-complex", 1.2826, 103.8430, "chinatown", "07:00-21:00", 6),
        f("satay-by-the-bay", 1.2820, 103.8690, "bayfront", "11:00-23:00", 12),
        f("makansutra-gluttons-bay", 1.2892, 103.8555, "esplanade", "17:00-23:00", 12),
        f("tekka-centre", 1.3064, 103.8505, "little-india", "06:30-21:00"),
        f("newton-food-centre", 1.3120, 103.8395, "newton", "12:00-23:00", 14),
        f("food-republic-vivocity", 1.2643, 103.8223, "harbourfront", "10:00-22:00", 12),
        f("albert-centre", 1.3019, 103.8547, "bugis", "07:00-22:00"),
        f("ah-meng-restaurant", 1.4045, 103.7925, "khatib", "09:00-18:00", 18),
        f("ulu-ulu-safari-restaurant", 1.4020, 103.7886, "khatib", "17:30-22:30", 22),
        f("jewel-food-hall", 1.3603, 103.9895, "changi-airport", "00:00-24:00", 12),
        f("food-opera-ion", 1.3040, 103.8318, "orchard", "10:00-22:00", 12),
        f("malaysian-food-street", 1.2560, 103.8230, "harbourfront", "11:00-21:00", 12),
        f("adam-road-food-centre", 1.3240, 103.8140, "botanic-gardens", "07:00-23:00"),
    ]


def fixture_network() -> MrtNetwork:
    return MrtNetwork.model_validate(
        {
            "as_of": AS_OF,
            "source": "test fixture",
            "interchange_penalty_min": 4,
            "lines": [{"code": c, "name": c} for c in ("NS", "EW", "CG", "NE", "CC", "CE", "DT")],
            "stations": [
                {"id": s, "name": s.title(), "codes": codes, "lat": lat, "lon": lon}
                for s, lat, lon, codes in STATIONS
            ],
            "edges": [{"a": a, "b": b, "line": line, "minutes": m} for a, b, line, m in EDGES],
        }
    )


def fixture_kb() -> KnowledgeBase:
    """Build the fixture knowledge base (validated like the real one)."""
    kb = KnowledgeBase(
        attractions=tuple(fixture_attractions()),
        food=tuple(fixture_food()),
        mrt=fixture_network(),
    )
    validate_knowledge_base(kb)
    return kb


_KB = fixture_kb()
_TRAVEL = TravelModel(_KB)


@pytest.fixture
def kb() -> KnowledgeBase:
    return _KB


@pytest.fixture
def travel() -> TravelModel:
    return _TRAVEL


MONDAY = date(2025, 3, 3)


def build_request(days: int = 3, start: date = MONDAY, **fields: Any) -> TripRequest:
    """A complete request starting ``start`` (a Monday by default) for two adults."""
    fields.setdefault("party", Party(adults=2))
    return TripRequest(start_date=start, end_date=start + timedelta(days=days - 1), **fields)


@pytest.fixture
def make_request() -> Callable[..., TripRequest]:
    return build_request


@pytest.fixture
def plan(kb: KnowledgeBase, travel: TravelModel) -> Callable[..., Itinerary | Infeasible]:
    """Plan a request against the fixture knowledge base (short solver time)."""

    def run(request: TripRequest) -> Itinerary | Infeasible:
        return plan_trip(request, kb, travel=travel)

    return run
