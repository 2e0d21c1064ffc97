"""Use cases the adapters call on the core: moving a conversation, catalogue look-ups."""

from __future__ import annotations

import pytest

from bot.bootstrap import App
from bot.messages import ConversationKey
from tests.support import collect, message

pytestmark = pytest.mark.redis

TRIP = "3 days from 2027-03-12, 2 adults, food, S$800 each"


async def test_a_moved_conversation_keeps_its_trip_history_and_members(app: App) -> None:
    service = app.service
    old, new = ConversationKey("telegram", "-4001"), ConversationKey("telegram", "-1004001")
    await collect(
        service, message(TRIP, chat="-4001", private=False, user="11", platform="telegram")
    )
    before = await service.conversations.load(old)
    assert before.version > 0

    assert await service.migrate(old, new) is True
    moved = await service.conversations.load(new)
    assert moved.request == before.request and moved.members == before.members
    old_turns = await service.conversations.recent_turns(old, 100)
    assert await service.conversations.recent_turns(new, 100) == old_turns != []
    # the second announcement of the same move finds the new conversation taken
    assert await service.migrate(old, new) is False
    assert len(await service.conversations.recent_turns(new, 100)) == len(old_turns)


async def test_moving_an_empty_conversation_does_nothing(app: App) -> None:
    new = ConversationKey("telegram", "-1004002")
    assert await app.service.migrate(ConversationKey("telegram", "-4002"), new) is False
    assert await app.service.conversations.recent_turns(new, 10) == []


def test_attraction_suggestions_follow_what_is_typed(app: App) -> None:
    by_name = app.service.suggest_attractions("gardens", 5)
    assert by_name and all("garden" in a.names.en.lower() for a in by_name[:1])
    number = by_name[0].number
    assert number is not None
    by_number = app.service.suggest_attractions(str(number), 5)
    assert by_number[0].number is not None and str(by_number[0].number).startswith(str(number))
    assert len(app.service.suggest_attractions("", 3)) == 3
