"""A plain "yes, go ahead" in its many forms plans the trip; anything more is read as words."""

from __future__ import annotations

import pytest

from bot.brains.offline import is_confirmation


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "ok plan it",
        "yes please",
        "perfect, let's go!",
        "looks good 👍",
        "네 좋아요",
        "좋아요 계획 세워 주세요",
        "ㅇㅇ 고고",
    ],
)
def test_a_yes_in_many_words_confirms(text: str) -> None:
    assert is_confirmation(text)


@pytest.mark.parametrize(
    "text", ["no", "ok but change day 2", "plan it for 5 days", "yes 3 adults", "thanks"]
)
def test_more_than_a_yes_is_not_a_confirmation(text: str) -> None:
    assert not is_confirmation(text)
