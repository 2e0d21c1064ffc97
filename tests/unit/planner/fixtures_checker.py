"""A small knowledge base and a hand-made valid itinerary for checker, renderer and ICS tests.

The itinerary is written by hand as a list of (kind, place, start, end) per day; only the transit
items between places are filled in from the travel model, so that "valid" means valid under the
same model the checker uses. Tests mutate the spec (or the built plan) and expect one violation.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from bot.planner.checker import item_cost
from bot.planner.itinerary import BundleInfo, Day, Item, Itinerary, Totals
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase, MrtNetwork, minutes
from bot.planner.travel import TravelModel
from bot.trip import Money, Party, Transport, TripRequest

AS_OF = date(2025, 1, 1)
DAY1 = date(2030, 6, 4)  # a Tuesday
DAY2 = date(2030, 6, 5)
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Spec = list[tuple[str, str, str, str]]  # kind, place id, start, end


def _hours(spec: str | dict[str, str]) -> dict[str, list[str]]:
    per_day = spec if isinstance(spec, dict) else dict.fromkeys(WEEK, spec)
    return {d: [i for i in per_day.get(d, "").split(",") if i] for d in WEEK}


def _place(pid: str, en: str, ko: str, lat: float, lon: float, station: str) -> dict[str, Any]:
    return {
        "id": pid,
        "names": {"en": en, "ko": ko},
        "lat": lat,
        "lon": lon,
        "mrt_station": station,
        "source": "test fixture",
        "as_of": AS_OF,
        "summary": {"en": f"About {en}.", "ko": f"{ko} 소개."},
    }


def _attraction(
    pid: str, en: str, ko: str, where: tuple[float, float, str, str], **extra: Any
) -> Attraction:
    lat, lon, station, area = where
    record = _place(pid, en, ko, lat, lon, station) | {
        "area": area,
        "styles": ["city"],
        "setting": "indoor",
        "duration_min": 60,
        "duration_max": 150,
        "price_adult_sgd": 0,
        "price_child_sgd": 0,
        "hours": _hours(extra.pop("hours", "10:00-19:00")),
    }
    return Attraction.model_validate(record | extra)


def _food(
    pid: str, en: str, ko: str, where: tuple[float, float, str, str], **extra: Any
) -> FoodPlace:
    lat, lon, station, area = where
    record = _place(pid, en, ko, lat, lon, station) | {
        "area": area,
        "kind": "hawker_centre",
        "price_level": 1,
        "meal_cost_sgd": 8.0,
        "halal_options": True,
        "vegetarian_options": True,
        "signature_dishes": [
            {"en": "Hainanese chicken rice", "ko": "하이난 치킨라이스"},
            {"en": "Satay", "ko": "사테"},
        ],
        "hours": _hours(extra.pop("hours", "07:00-22:00")),
    }
    return FoodPlace.model_validate(record | extra)


CIVIC = (1.2966, 103.8485, "city-hall", "Civic District")
ACM = (1.2875, 103.8514, "raffles-place", "Civic District")
PERANAKAN = (1.2944, 103.8490, "city-hall", "Civic District")
GARDENS = (1.2816, 103.8636, "bayfront", "Marina Bay")
SPECTRA = (1.2837, 103.8591, "bayfront", "Marina Bay")
TEMPLE = (1.2815, 103.8443, "chinatown", "Chinatown")
ROOFTOP = (1.2825, 103.8510, "raffles-place", "Raffles Place")
LAU_PA_SAT = (1.2807, 103.8504, "raffles-place", "Raffles Place")
MAXWELL = (1.2803, 103.8448, "chinatown", "Chinatown")
GLUTTONS = (1.2892, 103.8555, "esplanade", "Marina Bay")


def attractions() -> list[Attraction]:
    a = _attraction
    return [
        a("national-museum", "National Museum of Singapore", "싱가포르 국립 박물관", CIVIC,
          number=10, price_adult_sgd=15, price_child_sgd=10, duration_min=60,
          last_entry_before_close_min=30),
        a("asian-civilisations-museum", "Asian Civilisations Museum", "아시아 문명 박물관", ACM,
          number=11, price_adult_sgd=25, price_child_sgd=0,
          hours={"mon": "", **{d: "10:00-13:00,14:00-19:00" for d in WEEK[1:]}}),
        a("peranakan-museum", "Peranakan Museum", "페라나칸 박물관", PERANAKAN,
          closed_dates=[DAY2.isoformat()], price_adult_sgd=18, price_child_sgd=12),
        a("gardens-by-the-bay", "Gardens by the Bay", "가든스 바이 더 베이", GARDENS,
          number=20, setting="outdoor", styles=["nature", "family"], hours="05:00-24:00",
          duration_min=90, duration_max=180, price_adult_sgd=32, price_child_sgd=20),
        a("spectra-show", "Spectra Light Show", "스펙트라 라이트 쇼", SPECTRA,
          setting="outdoor", hours="19:30-22:00", duration_min=15, duration_max=15,
          evening_only=True, show_times=["20:00", "21:00"]),
        a("buddha-tooth-relic-temple", "Buddha Tooth Relic Temple", "불아사", TEMPLE,
          hours="07:00-21:00", duration_min=45, duration_max=90, daytime_only=True),
        a("rooftop-bar", "Rooftop Bar", "루프탑 바", ROOFTOP, hours="12:00-24:00",
          styles=["luxury"], price_adult_sgd=30, price_child_sgd=30, good_for_children=False),
    ]  # fmt: skip


def food() -> list[FoodPlace]:
    return [
        _food("lau-pa-sat", "Lau Pa Sat", "라우 파 삿", LAU_PA_SAT, hours="00:00-24:00"),
        _food("maxwell-food-centre", "Maxwell Food Centre", "맥스웰 푸드 센터", MAXWELL),
        _food("gluttons-bay", "Makansutra Gluttons Bay", "글루턴스 베이", GLUTTONS,
              hours="17:00-23:00", meal_cost_sgd=15.0),
    ]  # fmt: skip


STATIONS = (
    ("city-hall", 1.29309, 103.85204),
    ("raffles-place", 1.28393, 103.85147),
    ("bayfront", 1.28187, 103.85903),
    ("esplanade", 1.29332, 103.8555),
    ("chinatown", 1.28419, 103.84425),
)
EDGES = (
    ("city-hall", "raffles-place", "NS", 2),
    ("raffles-place", "bayfront", "NS", 3),
    ("city-hall", "esplanade", "CC", 2),
    ("bayfront", "chinatown", "DT", 4),
)


def network() -> MrtNetwork:
    return MrtNetwork.model_validate(
        {
            "as_of": AS_OF,
            "source": "test fixture",
            "interchange_penalty_min": 4,
            "lines": [{"code": c, "name": c} for c in ("NS", "CC", "DT")],
            "stations": [
                {
                    "id": s,
                    "name": s.replace("-", " ").title(),
                    "codes": ["X1"],
                    "lat": la,
                    "lon": lo,
                }
                for s, la, lo in STATIONS
            ],
            "edges": [{"a": a, "b": b, "line": ln, "minutes": m} for a, b, ln, m in EDGES],
        }
    )


@lru_cache(maxsize=1)
def checker_kb() -> KnowledgeBase:
    """The fixture knowledge base."""
    return KnowledgeBase(attractions=tuple(attractions()), food=tuple(food()), mrt=network())


@lru_cache(maxsize=1)
def checker_travel() -> TravelModel:
    return TravelModel(checker_kb())


def request(**changes: Any) -> TripRequest:
    """Two adults, two days, public transport and taxis, S$400 each."""
    base: dict[str, Any] = {
        "start_date": DAY1,
        "end_date": DAY2,
        "party": Party(adults=2),
        "transport": [Transport.PUBLIC, Transport.TAXI],
        "budget": Money(amount=Decimal(400), currency="SGD"),
    }
    return TripRequest(**(base | changes))


def valid_spec() -> list[Spec]:
    """A plan that breaks no rule; tests copy and mutate it."""
    return [
        [
            ("visit", "national-museum", "10:00", "11:30"),
            ("meal", "lau-pa-sat", "12:00", "13:00"),
            ("visit", "asian-civilisations-museum", "14:00", "15:30"),
            ("visit", "gardens-by-the-bay", "16:00", "18:00"),
            ("meal", "gluttons-bay", "18:30", "19:30"),
            ("show", "spectra-show", "20:00", "20:15"),
        ],
        [
            ("visit", "buddha-tooth-relic-temple", "09:30", "10:30"),
            ("meal", "maxwell-food-centre", "11:00", "12:00"),
            ("visit", "rooftop-bar", "13:30", "15:00"),
            ("meal", "lau-pa-sat", "18:00", "19:00"),
        ],
    ]


def block_of(start: str) -> str:
    m = minutes(start)
    return "morning" if m < 12 * 60 else "afternoon" if m < 17 * 60 else "evening"


def build_itinerary(spec: list[Spec] | None = None, **request_changes: Any) -> Itinerary:
    """Build a plan from a spec, filling transit from the travel model and totals from items."""
    req = request(**request_changes)
    dates = req.dates()
    specs = valid_spec() if spec is None else spec
    days = [_build_day(dates[i] if i < len(dates) else DAY2, s, req) for i, s in enumerate(specs)]
    per_person = sum(i.cost_sgd for d in days for i in d.items)
    size = req.party.size if req.party else 1
    totals = Totals(per_person_sgd=round(per_person, 2), party_sgd=round(per_person * size, 2))
    return Itinerary(request=req, days=days, totals=totals, data_as_of=AS_OF.isoformat())


def _build_day(day: date, spec: Spec, req: TripRequest) -> Day:
    kb, travel = checker_kb(), checker_travel()
    items: list[Item] = []
    adults = req.party.adults if req.party else 1
    children = req.party.children if req.party else 0
    for kind, pid, start, end in spec:
        place = kb.places[pid]
        if items:
            items.append(_transit(items[-1], place.id, req, travel))
        item = Item.model_validate(
            {"start": start, "end": end, "kind": kind, "place_id": pid, "name": place.names.en,
             "lat": place.lat, "lon": place.lon, "block": block_of(start)}
        )  # fmt: skip
        item.cost_sgd = round(item_cost(item, kb, adults, children), 2)
        if isinstance(place, Attraction) and place.outdoor and item.block == "afternoon":
            item.rain_alternative_id = "national-museum"
        items.append(item)
    areas: dict[str, BundleInfo] = {}
    for i in items:
        if i.kind != "transit" and i.block is not None and i.place_id:
            area = kb.places[i.place_id].area
            areas.setdefault(i.block, BundleInfo(block=i.block, area=area, place_ids=[]))
            areas[i.block].place_ids.append(i.place_id)
    return Day(date=day, items=items, bundles=list(areas.values()),
               maps_url=f"https://www.google.com/maps/dir/{day.isoformat()}")  # fmt: skip


def _transit(prev: Item, to_id: str, req: TripRequest, travel: TravelModel) -> Item:
    size = req.party.size if req.party else 1
    start = minutes(prev.end)
    leg = travel.leg(prev.place_id or "", to_id, frozenset(req.transport), start, party_size=size)
    end = start + leg.minutes
    return Item(
        start=f"{start // 60:02d}:{start % 60:02d}",
        end=f"{end // 60:02d}:{end % 60:02d}",
        kind="transit",
        name=f"{leg.mode} to {to_id}",
        mode=leg.mode,
        from_id=prev.place_id,
        to_id=to_id,
        distance_km=leg.distance_km,
        cost_sgd=leg.cost_sgd,
    )
