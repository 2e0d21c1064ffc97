"""The group ledger: who is a member of a trip and what each of them wishes.

It is stored inside the conversation's trip state (``ConversationState.group``), so it shares the
conversation's Redis hash tag and is written atomically with each turn. Pure values and small
mutations; no I/O.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.i18n.lang import Lang
from bot.trip import Money, TravelStyle

Mobility = Literal["limited"]
TicketCategory = Literal["adult", "child", "student", "senior"]
# Ticket bands (as of 2026-11-30): senior from 60 as the catalogue's sources state it (e.g. the
# National Gallery's "seniors 60+", bot/planner/data/attractions.json, the same SENIOR_AGE the
# request parser uses). The catalogue has no per-place child age, so a child is taken as 12 or
# under, the usual upper band of Singapore attractions' child tickets; anyone older pays the adult
# price — the safe reading (never a price lower than the one charged at the gate). A student
# pays the adult price: the catalogue knows no student rates.
CHILD_MAX_AGE = 12
SENIOR_MIN_AGE = 60


class MemberWishes(BaseModel):
    """One member of a group trip and their own wishes (place ids, 1-based days)."""

    model_config = ConfigDict(extra="ignore")

    user_id: str
    name: str = ""  # display name as the platform gave it (escaped only when rendered)
    lang: Lang = "en"
    must_see: list[str] = Field(default_factory=list)
    avoid: list[str] = Field(default_factory=list)
    avoid_kinds: list[str] = Field(default_factory=list)  # KB tags avoided as a whole: "museum"
    styles: list[TravelStyle] = Field(default_factory=list)
    budget_sgd: int | None = None  # personal cap for the whole trip, S$
    # The budget per person they said for the whole trip ("about S$1,500 each", "1인당 150만원"),
    # in the currency said: the trip's budget is the tightest of these (bot.group.terms).
    budget_each: Money | None = None
    mobility: Mobility | None = None
    days: list[int] = Field(default_factory=list)  # days present (1-based); empty = every day
    # Their own ticket: an age said ("I'm 67"), a student, or a category said without an age;
    # and the children they bring ("bringing my 6-year-old"), by age (None: not said).
    age: int | None = None
    student: bool = False
    category_said: Literal["senior", "child"] | None = None
    children: list[int | None] = Field(default_factory=list)

    @property
    def has_wishes(self) -> bool:
        return bool(
            self.must_see or self.avoid or self.styles or self.budget_sgd or self.mobility
            or self.days or self.category != "adult" or self.children
        )  # fmt: skip

    @property
    def category(self) -> TicketCategory:
        """The member's own ticket category: an age decides, else what they said."""
        if self.age is not None:
            if self.age <= CHILD_MAX_AGE:
                return "child"
            if self.age >= SENIOR_MIN_AGE:
                return "senior"
        elif self.category_said is not None:
            return self.category_said
        return "student" if self.student else "adult"

    @property
    def heads(self) -> int:
        """People this member pays for: themselves and the children they bring."""
        return 1 + len(self.children)

    def present(self, day: int) -> bool:
        """Tell whether the member is there on ``day`` (1-based)."""
        return not self.days or day in self.days


class GroupPoll(BaseModel):
    """A decision put to the group's vote: which wished place to drop, the trip's dates, or
    the area a day is spent in.

    Option 0 is what the current plan already did; a tie keeps it (the poll says so).
    """

    model_config = ConfigDict(extra="ignore")

    key: str
    topic: Literal["drop", "dates", "area"] = "drop"
    # "drop": place ids to drop; "dates": "YYYY-MM-DD/YYYY-MM-DD" ranges; "area": "<day>:<region>"
    options: list[str]
    places: list[list[str]] = Field(default_factory=list)  # "area": the wished places per option
    votes: dict[str, int] = Field(default_factory=dict)  # user id -> option index
    open: bool = True
    opened_at: float = 0.0
    closes_at: float = 0.0

    def tally(self) -> list[int]:
        counts = [0] * len(self.options)
        for choice in self.votes.values():
            if 0 <= choice < len(counts):
                counts[choice] += 1
        return counts

    def winner(self) -> int:
        """The option with most votes; a tie keeps option 0 if it is among the best, else the
        first of the best (the rule the poll states)."""
        counts = self.tally()
        best = max(counts) if counts else 0
        leaders = [i for i, c in enumerate(counts) if c == best]
        return 0 if 0 in leaders else leaders[0]


class GroupLedger(BaseModel):
    """Every member of one trip, in the order they joined, and the group's decisions."""

    model_config = ConfigDict(extra="ignore")

    members: list[MemberWishes] = Field(default_factory=list)
    polls: list[GroupPoll] = Field(default_factory=list)
    pinned: list[str] = Field(default_factory=list)  # places the group voted to keep
    vetoed: list[str] = Field(default_factory=list)  # places the group voted to drop
    wish_days: dict[str, list[int]] = Field(default_factory=dict)  # place -> days voted for it
    pinned_version: int = 0  # the plan version the pinned message shows
    # Nobody said who is coming: the party is the members (bot.group.terms), and grows as they join.
    party_from_members: bool = False

    def member(self, user_id: str) -> MemberWishes | None:
        return next((m for m in self.members if m.user_id == user_id), None)

    def open_poll(self) -> GroupPoll | None:
        return next((p for p in self.polls if p.open), None)

    def poll(self, key: str) -> GroupPoll | None:
        return next((p for p in self.polls if p.key == key), None)

    def join(self, user_id: str, name: str, lang: Lang) -> MemberWishes:
        """Return the member, adding them (or refreshing their name and language)."""
        found = self.member(user_id)
        if found is None:
            found = MemberWishes(user_id=user_id, name=name, lang=lang)
            self.members.append(found)
        else:
            found.name = name or found.name
            found.lang = lang
        return found

    def forget(self, user_id: str) -> list[str]:
        """Remove a member and every wish of theirs; return the places no one else wishes for."""
        gone = self.member(user_id)
        self.members = [m for m in self.members if m.user_id != user_id]
        for poll in self.polls:
            poll.votes.pop(user_id, None)  # their votes go too
        if gone is None:
            return []
        others = {p for m in self.members for p in m.must_see}
        return [p for p in gone.must_see if p not in others]

    @property
    def with_wishes(self) -> list[MemberWishes]:
        return [m for m in self.members if m.has_wishes]
