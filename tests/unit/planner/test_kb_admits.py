"""Who a place admits is one typed field, read from the record's tags at load time."""

from __future__ import annotations

from bot.planner.kb import ADULT_ONLY_TAGS, load_knowledge_base
from tests.unit.planner.conftest import attraction

KB = load_knowledge_base()


def test_the_children_s_museum_admits_adults_only_with_a_child() -> None:
    museum = KB.attraction("childrens-museum-singapore")
    assert museum is not None and museum.admits == "with-children"


def test_bars_and_18_plus_venues_admit_adults_only_and_nothing_else_does() -> None:
    for a in KB.attractions:
        assert (a.admits == "adults") == bool(ADULT_ONLY_TAGS & set(a.tags)), a.id
    assert any(a.admits == "adults" for a in KB.attractions)


def test_a_record_that_states_admits_keeps_it() -> None:
    def make(pid: str, **extra: object) -> str:
        return attraction(
            pid,
            1.29,
            103.85,
            "city-hall",
            "18:00-24:00",
            ("city",),
            "indoor",
            (60, 90),
            20,
            **extra,
        ).admits

    assert make("pub", tags=("bar",), admits="all") == "all"
    assert make("club", tags=("18+",)) == "adults"
    assert make("museum") == "all"
