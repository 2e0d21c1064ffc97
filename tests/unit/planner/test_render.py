"""Chat renderers: the original output contract in English and Korean, plain text, robust."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import suggest
from bot.planner.checker import Violation
from bot.planner.explain import Infeasible
from bot.planner.regions import REGIONS
from bot.planner.render import (
    area_name,
    day_header,
    place_label,
    render_day,
    render_itinerary,
    render_violations,
)
from bot.planning import Planner, PlanOutcome
from bot.trip import Money, Party
from tests.unit.planner.fixtures_checker import DAY1, DAY2, build_itinerary, checker_kb

CLOSING_EN = "Have a great trip — ask me anything else or tell me what to change."
CLOSING_KO = "즐거운 여행 되세요 — 궁금한 점이나 바꾸고 싶은 부분을 말씀해 주세요."


def test_english_plan_has_days_blocks_numbers_meals_transit_and_closing() -> None:
    text = render_itinerary(build_itinerary(), checker_kb(), "en")
    for part in (
        "Day 1 · Tue 4 Jun",
        "Day 2 · Wed 5 Jun",
        "☀️ Morning · Civic District",
        "🌤️ Afternoon",
        "🌙 Evening · Marina Bay",
        "10 : National Museum of Singapore",
        "Lunch: Lau Pa Sat — try Hainanese chicken rice",
        "🚕 taxi 11 min",
        "🚶 walk",
        "☔ If it rains: 10 : National Museum of Singapore",
        "🗺️ Map: https://www.google.com/maps/dir/2030-06-04",
        "Party of 2",
        "to spare",
        "data as of 2025-01-01",
    ):
        assert part in text, part
    assert text.endswith(CLOSING_EN)


def test_unnumbered_attractions_show_just_the_name() -> None:
    kb = checker_kb()
    assert place_label(kb.places["spectra-show"], "en") == "Spectra Light Show"
    assert place_label(kb.places["gardens-by-the-bay"], "ko") == "20 : 가든스 바이 더 베이"
    text = render_itinerary(build_itinerary(), kb, "en")
    assert "spectra-show :" not in text and " : Spectra" not in text


def test_korean_plan_uses_korean_names_blocks_and_closing() -> None:
    text = render_itinerary(build_itinerary(), checker_kb(), "ko")
    for part in ("1일차 · 6월 4일 (화)", "오전", "오후", "저녁", "10 : 싱가포르 국립 박물관"):
        assert part in text, part
    assert "점심: 라우 파 삿 — 추천: 하이난 치킨라이스" in text
    assert "🚶 도보" in text and "기준 자료입니다" in text
    assert text.endswith(CLOSING_KO)


def test_transit_sits_under_the_block_it_leads_into() -> None:
    day = render_day(build_itinerary(), checker_kb(), 0, "en").splitlines()
    header = day.index("🌤️ Afternoon · Raffles Place")
    assert day[header + 1].strip().startswith("🚕 taxi")


def test_over_budget_is_stated_with_the_original_currency() -> None:
    won = Money(amount=Decimal(50_000), currency="KRW")
    text = render_itinerary(build_itinerary(budget=won), checker_kb(), "en")
    assert "over by" in text and "50,000 KRW" in text


def test_children_are_counted_in_the_header() -> None:
    it = build_itinerary(party=Party(adults=2, children=1))
    assert "2 adults, 1 child" in render_itinerary(it, checker_kb(), "en")
    assert "성인 2명, 어린이 1명" in render_itinerary(it, checker_kb(), "ko")


def test_output_is_plain_text_without_markup() -> None:
    text = render_itinerary(build_itinerary(), checker_kb(), "en")
    for mark in ("**", "<b>", "__", "```", "[", "]("):
        assert mark not in text


def test_lines_stay_short_enough_for_a_phone() -> None:
    text = render_itinerary(build_itinerary(), checker_kb(), "en")
    long = [line for line in text.splitlines() if len(line) > 90 and "http" not in line]
    assert long == []


def test_violations_render_in_both_languages() -> None:
    found = [Violation(code="closed", day=1, place_id="x", detail="X is closed")]
    assert "Day 2 · closed at that time: X is closed" in render_violations(found, "en")
    assert "2일차 · 운영 시간이 아님" in render_violations(found, "ko")


names = st.text(min_size=1, max_size=60)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    item_names=st.lists(names, min_size=18, max_size=18),
    notes=st.lists(st.text(max_size=80), min_size=18, max_size=18),
    assumptions=st.lists(st.text(max_size=80), max_size=3),
    lose_ids=st.lists(st.booleans(), min_size=18, max_size=18),
    lang=st.sampled_from(["en", "ko"]),
)
def test_arbitrary_names_and_notes_never_crash_and_every_day_has_its_header(
    item_names: list[str],
    notes: list[str],
    assumptions: list[str],
    lose_ids: list[bool],
    lang: str,
) -> None:
    it = build_itinerary()
    it.assumptions = assumptions
    items = [item for day in it.days for item in day.items]
    for item, name, note, lose in zip(items, item_names, notes, lose_ids, strict=False):
        item.name, item.note = name, note
        if lose and item.kind != "transit":
            item.place_id = name  # unknown to the knowledge base: rendered by its own name
    text = render_itinerary(it, checker_kb(), "ko" if lang == "ko" else "en")
    for index, day in enumerate((DAY1, DAY2)):
        assert day_header(index, day, "ko" if lang == "ko" else "en") in text


def test_meal_note_that_only_names_the_meal_is_not_shown() -> None:
    it = build_itinerary()
    meals = [i for d in it.days for i in d.items if i.kind == "meal"]
    meals[0].note, meals[1].note = "lunch", "Dinner"
    meals[2].note = "ask for less chilli"
    text = render_itinerary(it, checker_kb(), "en")
    assert "📝 lunch" not in text and "📝 Dinner" not in text
    assert "📝 ask for less chilli" in text


def test_why_there_is_no_plan_reads_in_the_users_language_suggestions_included() -> None:
    planner = Planner(checker_kb())
    result = Infeasible(
        constraint="must_see",
        message_en="Too many must-sees.",
        message_ko="꼭 볼 곳이 너무 많습니다.",
        suggestions=[
            suggest("add_a_day"),
            suggest("drop", place="National Museum of Singapore"),
            "sing a song",  # no catalogue entry: an English reply shows it, a Korean one does not
        ],
    )
    ko = planner.explain(PlanOutcome(infeasible=result), "ko")
    assert ko == "꼭 볼 곳이 너무 많습니다.\n• 하루 늘리기\n• 싱가포르 국립 박물관 빼기"
    en = planner.explain(PlanOutcome(infeasible=result), "en")
    assert en == (
        "Too many must-sees.\n• add a day\n• drop National Museum of Singapore\n• sing a song"
    )


def test_a_regions_korean_name_spells_its_areas_as_the_plan_does() -> None:
    """A day's heading ("부기스·캄퐁 글람·리틀 인디아") and its stops' areas ("캄퐁 글람") read the
    same; and the central region is not called the city centre."""
    named = [(r, area) for r in REGIONS for area in r.areas if area in r.name_en]
    assert len(named) >= 15
    for region, area in named:
        assert area_name(area, "ko") in region.name_ko, (region.id, area)
    assert area_name("Central", "ko") == "중부"
