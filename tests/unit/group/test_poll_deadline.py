"""A poll is due once its deadline has passed, by the clock passed in; a tie keeps option 0."""

from __future__ import annotations

from bot.group import polls as voting
from bot.group.ledger import GroupLedger, GroupPoll


def _ledger() -> GroupLedger:
    ledger = GroupLedger()
    ledger.join("t:1", "Ann", "en")
    ledger.join("t:2", "Ben", "en")
    ledger.polls.append(GroupPoll(key="d1", options=["zoo", "uss"], opened_at=0, closes_at=100))
    return ledger


def test_a_poll_is_overdue_only_from_its_deadline_on() -> None:
    ledger = _ledger()
    assert voting.overdue(ledger, 99.9) == []
    assert [p.key for p in voting.overdue(ledger, 100)] == ["d1"]
    assert voting.overdue(ledger, 100, skip="d1") == []  # the turn that votes in it closes it


def test_a_closed_poll_is_never_overdue_again_and_a_tie_keeps_the_current_plan() -> None:
    ledger = _ledger()
    (poll,) = voting.overdue(ledger, 500)
    voting.record_vote(poll, "t:1", 0)
    voting.record_vote(poll, "t:2", 1)
    assert voting.settle(poll, ledger) == "zoo"  # 1–1: option 0, as the question states
    assert voting.overdue(ledger, 500) == []
