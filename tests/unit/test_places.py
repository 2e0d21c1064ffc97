"""The one place index: official names, the names people use, Korean names, typos, ambiguity."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from bot.intake.places import PlaceIndex, alias_table
from bot.planner.kb import load_knowledge_base


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return PlaceIndex.for_kb(load_knowledge_base())


@pytest.mark.parametrize(
    ("query", "place_id"),
    [
        ("USS", "universal-studios-singapore"),
        ("universal studio", "universal-studios-singapore"),
        ("univrsal studios", "universal-studios-singapore"),
        ("유니버셜 스튜디오", "universal-studios-singapore"),
        ("MBS", "marina-bay-sands"),
        ("GBTB", "gardens-by-the-bay"),
        ("garden by the bay", "gardens-by-the-bay"),
        ("가든스 바이 더 베이", "gardens-by-the-bay"),
        ("the zoo", "singapore-zoo"),
        ("동물원", "singapore-zoo"),
        ("Jewel", "jewel-changi-airport"),
        ("주얼 창이", "jewel-changi-airport"),
        ("the Merlion", "merlion-park"),
        ("Chinatown", "chinatown"),
        ("센토사", "sentosa-island"),
        ("나이트 사파리", "night-safari"),
        ("오셔나리움을", "singapore-oceanarium"),
        ("botanic", "singapore-botanic-gardens"),
        ("#12", "gardens-by-the-bay"),
        ("night-safari", "night-safari"),
    ],
)
def test_names_people_use_find_the_one_place(index: PlaceIndex, query: str, place_id: str) -> None:
    match = index.lookup(query)
    assert match.place is not None and match.place.id == place_id


def test_a_group_name_means_every_place_of_the_group(index: PlaceIndex) -> None:
    assert [p.id for p in index.lookup("the domes").places] == ["flower-dome", "cloud-forest"]


def test_an_ambiguous_name_gives_candidates_not_a_guess(index: PlaceIndex) -> None:
    match = index.lookup("the gardens")
    assert match.ambiguous and match.place is None
    assert {p.id for p in match.candidates} == {"gardens-by-the-bay", "singapore-botanic-gardens"}
    museums = index.lookup("museum")
    assert museums.ambiguous and len(museums.candidates) > 3


def test_within_narrows_an_ambiguous_name_to_the_plan(index: PlaceIndex) -> None:
    match = index.lookup("the museum", within={"peranakan-museum", "night-safari"})
    assert match.place is not None and match.place.id == "peranakan-museum"


def test_unknown_names_find_nothing(index: PlaceIndex) -> None:
    for query in ("atlantis", "", "   ", "99999", "qwxz"):
        match = index.lookup(query)
        assert not match.found and not match.ambiguous, query


def test_sentences_name_every_place_in_order(index: PlaceIndex) -> None:
    named = index.named("the Night Safari and Universal Studios are must-sees")
    assert [p.id for p in named] == ["night-safari", "universal-studios-singapore"]
    assert [p.id for p in index.named("유니버셜스튜디오랑 동물원 꼭 가고싶어요")] == [
        "universal-studios-singapore",
        "singapore-zoo",
    ]
    assert [p.id for p in index.named("gardns by the bay at night")] == ["gardens-by-the-bay"]
    # ordinary words are not places
    assert index.named("we arrive at night and love long walks by the river bank") == []


def test_food_places_only_when_asked(index: PlaceIndex) -> None:
    food = index.lookup("Maxwell Food Centre", kinds="food")
    assert food.place is not None and food.place.id == "maxwell-food-centre"
    assert index.lookup("Lau Pa Sat", kinds="any").place is not None


def test_autocomplete_by_number_name_alias_and_korean(index: PlaceIndex) -> None:
    assert index.complete("USS")[0].id == "universal-studios-singapore"
    assert index.complete("유니버")[0].id == "universal-studios-singapore"
    assert all(str(a.number).startswith("1") for a in index.complete("1"))
    assert len(index.complete("", limit=25)) == 25


def test_every_alias_names_a_known_place() -> None:
    kb = load_knowledge_base()
    table = alias_table()
    ids = [*table["aliases"], *(i for v in table["groups"].values() for i in v)]
    ids += [i for v in table["ambiguous"].values() for i in v]
    assert sorted(set(ids) - set(kb.places)) == []
    raw = resources.files("bot.intake.data").joinpath("place_aliases.json").read_text("utf-8")
    assert json.loads(raw)["as_of"]
