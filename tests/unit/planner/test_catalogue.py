"""The attraction catalogue: find by number, id or name; describe; list by area or style."""

from __future__ import annotations

from bot.intake.places import PlaceIndex
from bot.planner.catalogue import describe_attraction, list_attractions
from bot.planner.kb import Attraction
from tests.unit.planner.fixtures_checker import DAY1, DAY2, checker_kb


def attraction(pid: str) -> Attraction:
    found = checker_kb().attraction(pid)
    assert found is not None
    return found


def find(query: str) -> Attraction | list[str] | None:
    match = PlaceIndex.for_kb(checker_kb()).lookup(query)
    if match.candidates:
        return [p.id for p in match.candidates]
    place = match.place
    return place if isinstance(place, Attraction) else None


def test_find_by_number_id_and_names() -> None:
    museum = attraction("national-museum")
    assert find("10") == museum
    assert find("#10") == museum
    assert find("National-Museum") == museum
    assert find("national museum of singapore") == museum
    assert find("싱가포르 국립 박물관") == museum
    assert find("999") is None
    assert find("   ") is None
    assert find("atlantis") is None


def test_a_partial_name_gives_candidates_or_the_single_match() -> None:
    assert find("MUSEUM") == ["national-museum", "asian-civilisations-museum", "peranakan-museum"]
    assert find("spectra") == attraction("spectra-show")
    assert find("불아") == attraction("buddha-tooth-relic-temple")


def test_description_shows_label_hours_prices_mrt_and_summary() -> None:
    text = describe_attraction(attraction("national-museum"), checker_kb(), "en", DAY1)
    assert text.startswith("10 : National Museum of Singapore\n")
    for part in ("About National Museum", "10:00–19:00 (last entry 18:30)", "Adult S$15"):
        assert part in text
    assert "Child S$10" in text and "Nearest MRT: City Hall" in text


def test_description_follows_split_hours_closed_days_and_language() -> None:
    kb = checker_kb()
    acm = describe_attraction(attraction("asian-civilisations-museum"), kb, "ko", DAY1)
    assert "10:00–13:00, 14:00–19:00" in acm and "어린이 무료" in acm
    assert "가까운 MRT" in acm
    closed = describe_attraction(attraction("peranakan-museum"), kb, "en", DAY2)
    assert "closed today" in closed


def test_listing_filters_by_area_style_or_tag_and_pages() -> None:
    kb = checker_kb()
    text, pages = list_attractions(kb, "en", "Marina Bay", 1)
    assert pages == 1 and "20 : Gardens by the Bay" in text and "Spectra" in text
    assert "Museum" not in text
    text, _ = list_attractions(kb, "ko", "자연", 1)
    assert "가든스 바이 더 베이" in text
    text, pages = list_attractions(kb, "en", None, 2, page_size=3)
    assert pages == 3 and "page 2/3" in text
    assert len([line for line in text.splitlines() if line.startswith("• ")]) == 3


def test_listing_nothing_says_so() -> None:
    text, pages = list_attractions(checker_kb(), "en", "Jupiter", 1)
    assert pages == 0 and "Jupiter" in text
