"""A member's own wishes, read from their words in English or Korean."""

from __future__ import annotations

import pytest

from bot.group.ledger import GroupLedger
from bot.group.wishes import apply_wishes, presence_days, read_wishes
from bot.planner.kb import KnowledgeBase
from bot.trip import MAX_TRIP_DAYS, TravelStyle
from tests.unit.group.conftest import TODAY


def test_a_wished_place_becomes_the_members_must_see(kb: KnowledgeBase) -> None:
    patch = read_wishes("I'd love to visit the Night Safari", TODAY, kb)
    assert patch.must_see == ["night-safari"] and not patch.avoid


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("I want the Night Safari", "night-safari"),
        ("Gardens by the Bay for me please", "gardens-by-the-bay"),
        ("나이트 사파리 꼭 가고 싶어요", "night-safari"),
    ],
)
def test_a_place_named_is_a_wish_for_the_place_not_a_style(
    kb: KnowledgeBase, text: str, place: str
) -> None:
    patch = read_wishes(text, TODAY, kb)
    assert patch.must_see == [place] and patch.styles == []


def test_a_style_said_next_to_a_place_is_still_read(kb: KnowledgeBase) -> None:
    patch = read_wishes("I want the Night Safari, we love animals and nature", TODAY, kb)
    assert patch.must_see == ["night-safari"] and TravelStyle.NATURE in patch.styles


def test_a_wish_and_an_avoided_kind_in_one_sentence_are_told_apart(kb: KnowledgeBase) -> None:
    patch = read_wishes("I want to see Universal Studios but please no museums", TODAY, kb)
    assert patch.must_see == ["universal-studios-singapore"]
    assert patch.avoid_kinds == ["museum"]
    museums = {a.id for a in kb.attractions if "museum" in a.tags}
    assert museums and museums <= set(patch.avoid)
    assert TravelStyle.CITY not in patch.styles  # "museums" was said against, not for


def test_korean_avoidance_and_wish_are_read_in_korean(kb: KnowledgeBase) -> None:
    patch = read_wishes("박물관은 싫어요. 가든스 바이 더 베이는 꼭 가고 싶어요", TODAY, kb)
    assert "museum" in patch.avoid_kinds
    assert patch.must_see == ["gardens-by-the-bay"]


def test_a_named_place_to_avoid_is_avoided(kb: KnowledgeBase) -> None:
    patch = read_wishes("please skip the Singapore Zoo", TODAY, kb)
    assert "singapore-zoo" in patch.avoid and not patch.must_see


@pytest.mark.parametrize(
    ("text", "cap"),
    [("my budget is S$400", 400), ("max 250 dollars for me", 250), ("I can spend SGD 900", 900)],
)
def test_a_budget_is_the_members_own_cap(kb: KnowledgeBase, text: str, cap: int) -> None:
    patch = read_wishes(text, TODAY, kb)
    assert patch.budget_sgd == cap and patch.personal and not patch.trip_level


@pytest.mark.parametrize(
    "text",
    [
        "about S$1,500 each",
        "budget S$1,200 per person",
        "I think S$900 a head is enough",
        "1인당 150만원",
        "예산은 각자 100만원 정도요",
        "저는 1인당 80만원이면 좋겠어요",
        "budget around S$2,000",
    ],
)
def test_a_budget_per_person_is_the_trips_not_the_members_own_cap(
    kb: KnowledgeBase, text: str
) -> None:
    patch = read_wishes(text, TODAY, kb)
    assert patch.budget_sgd is None and not patch.personal and patch.trip_level


def test_a_korean_won_budget_is_converted_to_singapore_dollars(kb: KnowledgeBase) -> None:
    patch = read_wishes("제 예산은 50만원이에요", TODAY, kb)
    assert patch.budget_sgd is not None and 300 < patch.budget_sgd < 700


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("I can only come on days 2-3", [2, 3]),
        ("I'm there day 2 to day 4", [2, 3, 4]),
        ("only day 3 for me", [3]),
        ("2~3일차만 가능해요", [2, 3]),
        ("3일차만 돼요", [3]),
    ],
)
def test_presence_days_are_read(text: str, days: list[int]) -> None:
    assert presence_days(text) == days


def test_arriving_later_means_every_day_from_then(kb: KnowledgeBase) -> None:
    for text in ("I arrive on day 2", "2일차부터 합류해요", "둘째 날부터 가능해요"):
        assert presence_days(text) == list(range(2, MAX_TRIP_DAYS + 1)), text
    patch = read_wishes("예산은 30만원이에요, 2일차부터 가능해요", TODAY, kb)
    assert not patch.trip_level  # "2일차" is a day of the trip, not a two-day trip


def test_mobility_limits_are_noticed(kb: KnowledgeBase) -> None:
    assert read_wishes("my dad uses a wheelchair", TODAY, kb).mobility == "limited"
    assert read_wishes("저는 많이 못 걸어요", TODAY, kb).mobility == "limited"


def test_trip_details_are_left_to_the_trip(kb: KnowledgeBase) -> None:
    patch = read_wishes("3 adults from 12 March for 3 days, I want the Night Safari", TODAY, kb)
    assert patch.trip_level and patch.must_see == ["night-safari"]
    assert read_wishes("nice weather today", TODAY, kb).empty


def test_a_later_word_on_a_place_wins(kb: KnowledgeBase) -> None:
    ledger = GroupLedger()
    member = ledger.join("console:ann", "Ann", "en")
    apply_wishes(member, read_wishes("I want the Singapore Zoo", TODAY, kb))
    apply_wishes(member, read_wishes("actually skip the Singapore Zoo", TODAY, kb))
    assert "singapore-zoo" in member.avoid and "singapore-zoo" not in member.must_see


def test_forgetting_a_member_returns_places_nobody_else_wants() -> None:
    ledger = GroupLedger()
    ledger.join("a", "A", "en").must_see = ["night-safari", "jewel-changi-airport"]
    ledger.join("b", "B", "en").must_see = ["jewel-changi-airport"]
    assert ledger.forget("a") == ["night-safari"]
    assert [m.user_id for m in ledger.members] == ["b"]


@pytest.mark.parametrize(
    ("text", "category", "age", "children"),
    [
        ("I'm 67", "senior", 67, []),
        ("저는 65세예요", "senior", 65, []),
        ("I'm a student", "student", None, []),
        ("전 대학생이에요", "student", None, []),
        ("I'm 11, my mum is coming too", "child", 11, []),
        ("I'm a senior citizen", "senior", None, []),
        ("bringing my 6-year-old", "adult", None, [6]),
        ("I'm 25 and bringing my daughter (4)", "adult", 25, [4]),
        ("제 딸(6살)도 같이 가요", "adult", None, [6]),
        ("with my two kids (5 and 8)", "adult", None, [5, 8]),
        ("I'm 5 minutes away", "adult", None, []),
        ("my dad is 70", "adult", None, []),
    ],
)
def test_a_members_own_ticket_category_and_children_are_read(
    kb: KnowledgeBase, text: str, category: str, age: int | None, children: list[int]
) -> None:
    patch = read_wishes(text, TODAY, kb)
    member = GroupLedger().join("u", "U", "en")
    apply_wishes(member, patch)
    assert (member.category, member.age, member.children) == (category, age, children)
    if patch.speaker.said:
        assert not patch.trip_level  # the member's own party, not the trip's


def test_a_child_of_unknown_age_is_still_counted(kb: KnowledgeBase) -> None:
    member = GroupLedger().join("u", "U", "ko")
    apply_wishes(member, read_wishes("우리 아들 데리고 가요", TODAY, kb))
    assert member.children == [None] and member.has_wishes


@pytest.mark.parametrize(
    ("text", "avoids", "styles"),
    [
        (
            "I hate theme parks, can we do museums and food instead?",
            ["theme-park"],
            {TravelStyle.CITY, TravelStyle.FOOD},
        ),
        ("no museums for me please", ["museum"], set()),
        (
            "놀이공원은 싫고 박물관이랑 맛집 좋아요",
            ["theme-park"],
            {TravelStyle.CITY, TravelStyle.FOOD},
        ),
    ],
)
def test_only_the_kind_said_as_unwanted_is_avoided_and_the_wishes_beside_it_count(
    kb: KnowledgeBase, text: str, avoids: list[str], styles: set[TravelStyle]
) -> None:
    patch = read_wishes(text, TODAY, kb)
    assert patch.avoid_kinds == avoids
    assert set(patch.styles) == styles
