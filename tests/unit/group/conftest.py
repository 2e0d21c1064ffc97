"""The real knowledge base, loaded once for the group tests."""

from __future__ import annotations

from datetime import date

import pytest

from bot.planner.kb import KnowledgeBase, load_knowledge_base

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()
