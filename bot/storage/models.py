"""Values the storage keeps: history turns, the conversation state document, archived trips."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.group.ledger import GroupLedger
from bot.planner.itinerary import Itinerary
from bot.trip import TripRequest

Role = Literal["user", "assistant", "tool"]
Stage = Literal["idle", "intake", "planned"]
FORGOTTEN = "forgotten"


class Turn(BaseModel):
    """One entry of a conversation's history, with the member who spoke."""

    model_config = ConfigDict(extra="ignore")

    role: Role
    text: str
    speaker: str | None = None  # user id ("telegram:42") for user turns
    name: str = ""  # display name of the speaker, for group context
    message_id: str | None = None
    ts: float = 0.0


class ConversationState(BaseModel):
    """The trip state of one conversation, stored as one JSON document."""

    model_config = ConfigDict(extra="ignore")

    version: int = 0  # bumped on every committed turn
    trip_id: str = ""
    stage: Stage = "idle"
    is_private: bool = True
    request: TripRequest = Field(default_factory=TripRequest)
    intake_owner: str | None = None  # who started the intake (groups: their next answer counts)
    awaiting: str | None = None  # what intake asked last: "dates", "party", "confirm", ...
    itinerary: Itinerary | None = None
    plan_version: int = 0
    summary: str = ""  # rolling summary of older turns (used by the language-model brain)
    created_at: float = 0.0
    members: list[str] = Field(default_factory=list)  # user ids who spoke in this trip
    group: GroupLedger = Field(default_factory=GroupLedger)  # groups: each member's wishes
    # A plan answered "still planning" (its job ran long): the button that asks for it again,
    # pressed by the workers' sweep once the job is done, so the plan is pushed to the chat.
    pending_plan: str | None = None
    pending_lang: str = "en"


def summary_without(summary: str, names: set[str]) -> str:
    """The rolling summary without the lines of speakers called any of ``names`` (/forget).

    Its lines are ``- <name>: <words>`` (written by :func:`bot.brains.llm_context.fold_summary`,
    whitespace in a long line collapsed), after an ``@<ts>`` marker line that is kept.
    """
    spoken = {" ".join(n.split()) for n in names if n.strip()}
    kept = [
        line for line in summary.splitlines()
        if not any(" ".join(line.split()).startswith(f"- {name}:") for name in spoken)
    ]  # fmt: skip
    return "\n".join(kept)


def forget_in_state(state: ConversationState, user_id: str, names: set[str]) -> bool:
    """Take ``user_id`` (called any of ``names``) out of ``state``: their wishes and votes, their
    must-see places no one else wants, membership, intake ownership and summary lines. Returns
    whether they were there (the state then needs committing)."""
    summary = summary_without(state.summary, names)
    in_group = state.group.member(user_id) is not None
    involved = user_id in state.members or state.intake_owner == user_id or in_group
    if not (involved or summary != state.summary):
        return False
    alone = state.group.forget(user_id)  # their wishes and votes leave the trip
    must_see = [p for p in state.request.must_see if p not in alone]
    state.request = state.request.model_copy(update={"must_see": must_see})
    state.members = [m for m in state.members if m != user_id]
    state.intake_owner = None if state.intake_owner == user_id else state.intake_owner
    state.summary = summary
    return True


class ArchivedTrip(BaseModel):
    """A finished or abandoned trip, kept for /history."""

    model_config = ConfigDict(extra="ignore")

    trip_id: str
    archived_at: float
    created_at: float
    title: str
    request: TripRequest
    itinerary: Itinerary | None = None
    members: list[str] = Field(default_factory=list)
    turns: list[Turn] = Field(default_factory=list)  # the conversation as it was
