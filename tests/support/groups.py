"""Checking a group's plan by its properties — each member has a wish served, every wish left out
is explained, the group's vote is what the plan does — not by which place the planner happened
to drop (that may change with the planner)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.group.fairness import FairOutcome, report
from bot.group.ledger import GroupPoll
from bot.group.render import Places
from bot.planner.kb import KnowledgeBase
from bot.planning import PlanOutcome
from bot.storage.models import ConversationState

_FAIR_LINE = re.compile(
    r"^• (?P<name>.+?): (?P<served>\d+)/(?P<wished>\d+) of your wishes(?P<rest>.*)$", re.M
)


def fair_lines(text: str) -> dict[str, tuple[int, int, str]]:
    """Each member's "n/m of your wishes …" line: served, wished, and what follows."""
    return {
        m["name"].replace("@\u200b", "@"): (int(m["served"]), int(m["wished"]), m["rest"])
        for m in _FAIR_LINE.finditer(text)
    }


def assert_each_member_served(text: str, names: Iterable[str]) -> dict[str, tuple[int, int, str]]:
    """Every named member has a line, at least one wish served, and a reason for each miss."""
    lines = fair_lines(text)
    for name in names:
        assert name in lines, (name, text)
        served, wished, rest = lines[name]
        assert served >= 1, (name, lines[name])
        if served < wished:
            assert rest.count(";") + 1 == wished - served and rest.startswith(" · "), lines[name]
    return lines


def planned(state: ConversationState) -> set[str]:
    assert state.itinerary is not None
    return {i.place_id for d in state.itinerary.days for i in d.items if i.place_id}


def assert_drop_poll_is_about_the_plan(state: ConversationState, poll: GroupPoll) -> None:
    """Option 0 is a wish the plan left out; the others are wishes it kept."""
    places = planned(state)
    wished = {p for m in state.group.members for p in m.must_see}
    assert poll.topic == "drop" and poll.options[0] in wished - places
    assert all(p in places and p in wished for p in poll.options[1:])


def assert_the_vote_is_planned(
    state: ConversationState, kept: str, voted_out: str, text: str, kb: KnowledgeBase
) -> None:
    """The wish kept by the vote is planned, the one voted out is not, each member has a wish
    served, and each wisher of the one voted out is told it was the group's vote."""
    assert state.itinerary is not None
    places = planned(state)
    assert kept in places and voted_out not in places
    reports = report(FairOutcome(PlanOutcome(itinerary=state.itinerary)), state.group)
    assert all(r.served for r in reports if r.wished)
    lines = fair_lines(text)
    name = Places(kb, "en")(voted_out)
    for member in state.group.members:
        if voted_out in member.must_see:
            shown = member.name.replace("@\u200b", "@")
            assert f"{name} was dropped by the group's vote" in lines[shown][2], lines[shown]
