"""The planner's real world for tests: the shipped knowledge base and its travel model."""

from __future__ import annotations

from functools import cache

from bot.planner.kb import KnowledgeBase, load_knowledge_base
from bot.planner.service import travel_model
from bot.planner.travel import TravelModel


@cache
def real() -> tuple[KnowledgeBase, TravelModel]:
    """The real knowledge base and its travel model (all stations open), loaded once."""
    kb = load_knowledge_base()
    return kb, travel_model(kb)
