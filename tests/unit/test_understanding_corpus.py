"""The phrasing corpus (tests/fixtures/understanding_corpus.txt): every field of every line."""

from __future__ import annotations

import pytest

from bench.understanding_eval import Case, edit_fields, load_corpus, matches, trip_fields
from bot.planner.kb import KnowledgeBase, load_knowledge_base

CASES = load_corpus()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def test_the_corpus_is_large_and_bilingual() -> None:
    assert len(CASES) >= 400
    assert sum(c.korean for c in CASES) >= 150
    assert sum(c.kind == "E" for c in CASES) >= 100


@pytest.mark.parametrize("case", CASES, ids=[f"line{c.line}" for c in CASES])
def test_every_line_is_read_as_meant(case: Case, kb: KnowledgeBase) -> None:
    got = trip_fields(case, kb) if case.kind == "T" else edit_fields(case, kb)
    wrong = {
        name: (want, got.get(name))
        for name, want in case.expect.items()
        if not matches(name, want, got.get(name, ""))
    }
    assert wrong == {}, case.text
