"""Reading one member's wishes from their own words, in English or Korean.

This is the one place where group code calls the request parser (:func:`parse_trip_text`) and the
place finder: a message is cut into clauses ("I want the Night Safari but no museums"); a clause
with a "no / avoid / 싫어" word gives places and kinds of places to avoid, any other clause gives
wished places and styles. Budgets ("my cap is S$400", "예산 30만원") become the member's personal
cap; "I can only come on days 2–3" / "2일차부터" become the days the member is present; "I use a
wheelchair" / "많이 못 걸어요" become a mobility limit; "I'm 67" / "저는 65세예요" / "I'm a student"
their own ticket category and "bringing my 6-year-old" a child in their own party (read by the
request parser, :mod:`bot.intake.speaker`). Pure: ``today`` and the KB are passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.intake.parse import parse_trip_text, unwanted_kinds
from bot.intake.places import PlaceIndex, normalise
from bot.intake.speaker import Speaker
from bot.intake.wishes import wished_places
from bot.planner.kb import KnowledgeBase
from bot.trip import MAX_TRIP_DAYS, TravelStyle, TripRequest, kind_tags

from .ledger import MemberWishes, Mobility

_CLAUSE = re.compile(
    r"[.;!?\n]|,\s*(?:but|and)\s|\s(?:but|however|though)\s|하지만|그런데|지만|는데"
)
_NEGATIVE = re.compile(
    r"\b(avoid|skip|no|not|don'?t|do not|hate|without|rather not|never|dislike|exclude)\b|"
    r"싫|빼\s*줘|빼고|제외|말고|안\s*가|별로|원하지\s*않",
    re.I,
)
_MOBILITY = re.compile(
    r"wheelchair|can'?t walk|cannot walk|not walk (?:much|far)|limited mobility|bad knee|"
    r"knee|crutch|walker|walking is hard|휠체어|걷기\s*(?:힘들|어려)|많이\s*못\s*걸|무릎|거동",
    re.I,
)
_DAY_RANGE = re.compile(
    r"\bdays?\s*(\d{1,2})\s*(?:-|–|to|and|&|through)\s*(?:day\s*)?(\d{1,2})\b|"
    r"(\d{1,2})\s*(?:~|-|–)\s*(\d{1,2})\s*일\s*(?:차|째)",
    re.I,
)
_DAY_FROM = re.compile(
    r"\b(?:from|arriv\w*\s+(?:on\s+)?|join\w*\s+(?:on\s+)?|come\s+(?:on\s+)?)day\s*(\d{1,2})\b|"
    r"(\d{1,2})\s*일\s*(?:차|째)\s*(?:부터|에\s*도착|도착)",
    re.I,
)
_DAY_UNTIL = re.compile(
    r"\b(?:until|till|leav\w*\s+(?:after|on)\s+)day\s*(\d{1,2})\b|(\d{1,2})\s*일\s*(?:차|째)\s*까지",
    re.I,
)
_DAY_ONLY = re.compile(
    r"\bonly\s+(?:on\s+)?day\s*(\d{1,2})\b|\bday\s*(\d{1,2})\s+only\b|(\d{1,2})\s*일\s*(?:차|째)\s*만",
    re.I,
)
# A budget "each" / "per person" is the member's word on the whole trip's budget per person; one
# said of themselves ("my budget", "for me", "I can spend", "제 예산") is their own cap. A budget
# with neither is the trip's too: the bot's budgets are per person.
_EACH = re.compile(
    r"\b(?:each|per (?:person|head|pax)|pp|a head|apiece|every(?:one|body) (?:spends|pays))\b"
    r"|1\s*인당|인당|한\s*(?:명|사람)당|각자|(?:씩|명당)",
    re.I,
)
_OWN = re.compile(
    r"\b(?:my|me|i|i'm|im|i've|i'd|i'll|myself)\b"
    r"|(?<![가-힣])(?:제|저|저는|제가|내|나|나는|내가|저희 집)(?![가-힣])|전\s|난\s",
    re.I,
)
_KO_ORDINAL = {"첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4, "다섯째": 5}
_KO_ORDINAL_FROM = re.compile(r"(첫째|둘째|셋째|넷째|다섯째)\s*날\s*(?:부터|에\s*도착|도착)")


@dataclass
class WishPatch:
    """What one message says about its author's own wishes; empty means "nothing personal"."""

    must_see: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    avoid_kinds: list[str] = field(default_factory=list)
    styles: list[TravelStyle] = field(default_factory=list)
    budget_sgd: int | None = None
    mobility: Mobility | None = None
    days: list[int] = field(default_factory=list)
    trip_level: bool = False  # the text also says something about the whole trip (dates, party)
    dates: tuple[date, date] | None = None  # trip dates the text proposes (start, end)
    speaker: Speaker = field(default_factory=Speaker)  # their own ticket and children

    @property
    def personal(self) -> bool:
        """Tell whether it says something only this member's ledger keeps (not the request)."""
        return bool(
            self.avoid or self.budget_sgd or self.mobility or self.days or self.speaker.said
        )

    @property
    def empty(self) -> bool:
        return not (
            self.must_see or self.avoid or self.styles or self.budget_sgd or self.mobility
            or self.days or self.speaker.said
        )  # fmt: skip


def _besides_places(clause: str, kb: KnowledgeBase) -> str:
    """``clause`` (normalised) with the names of the places it mentions taken out."""
    low = normalise(clause)
    for mention in reversed(PlaceIndex.for_kb(kb).mentions(clause)):
        low = f"{low[: mention.start]} {low[mention.end :]}"
    return low


def read_wishes(text: str, today: date, kb: KnowledgeBase) -> WishPatch:
    """Read a member's own wishes from ``text`` (English or Korean)."""
    out = WishPatch()
    for clause in (c.strip() for c in _CLAUSE.split(text)):
        if not clause:
            continue
        if _NEGATIVE.search(clause):
            _read_avoid(clause, kb, out)
        else:
            out.must_see += [p for p in wished_places(clause, kb) if p not in out.must_see]
        # Styles from the member's own words, not from a place's name ("Night Safari" is a
        # wish for that place, not for a nature trip): otherwise a fairness line would report
        # a style nobody asked for. A style said as unwanted is not one ("no museums"), but one
        # beside it is ("I hate theme parks, can we do museums and food instead?").
        styles = parse_trip_text(_besides_places(clause, kb), today).styles
        out.styles += [s for s in styles if s not in out.styles]
    whole = parse_trip_text(text, today)
    if whole.start_date is not None and (whole.end_date or whole.days):
        end = whole.end_date or whole.start_date + timedelta(days=(whole.days or 1) - 1)
        out.dates = (whole.start_date, end)
    if _MOBILITY.search(text):
        out.mobility = "limited"
    out.days = presence_days(text)
    out.speaker = whole.speaker
    about_them = bool(out.days or out.mobility or out.speaker.said)
    if whole.budget is not None and own_budget(text, about_them):
        out.budget_sgd = int(whole.budget.to_sgd())
    own_party = whole.speaker.said
    out.trip_level = bool(  # "2일차부터" names a day of the trip, not the trip's length
        whole.start_date
        or (whole.budget is not None and out.budget_sgd is None)  # the trip's budget per person
        or (whole.days and not out.days)
        or (not own_party and (whole.adults is not None or whole.children is not None))
    )  # "bringing my 6-year-old" / "저는 65세예요" is this member's party, not the trip's
    out.must_see = [p for p in out.must_see if p not in out.avoid]
    return out


def own_budget(text: str, about_them: bool = False) -> bool:
    """Tell whether a budget in ``text`` is the member's own cap ("my budget is S$400",
    "제 예산은 50만원", or said with their own days: "예산 30만원, 2일차부터 가능") rather than the
    trip's per person ("about S$1,500 each", "1인당 150만원")."""
    return _EACH.search(text) is None and (about_them or _OWN.search(text) is not None)


def _read_avoid(clause: str, kb: KnowledgeBase, out: WishPatch) -> None:
    low = clause.lower()
    for mention in PlaceIndex.for_kb(kb).mentions(clause):
        place = mention.match.place  # an ambiguous name is not avoided on a guess
        if place is not None and place.id not in out.avoid:
            out.avoid.append(place.id)
    for kind in unwanted_kinds(" ".join(low.split())):
        if kind not in out.avoid_kinds:
            out.avoid_kinds.append(kind)
            tags = kind_tags([kind])
            out.avoid += [
                a.id for a in kb.attractions if tags & set(a.tags) and a.id not in out.avoid
            ]


def presence_days(text: str) -> list[int]:
    """The days (1-based) a member says they are present; empty when they did not say."""
    found = _DAY_RANGE.search(text)
    if found:
        a, b = (int(g) for g in found.groups() if g)
        return _span(a, b)
    found = _DAY_ONLY.search(text)
    if found:
        day = int(next(g for g in found.groups() if g))
        return _span(day, day)
    found = _DAY_FROM.search(text)
    first = int(next(g for g in found.groups() if g)) if found else None
    ordinal = _KO_ORDINAL_FROM.search(text)
    if first is None and ordinal:
        first = _KO_ORDINAL[ordinal.group(1)]
    until = _DAY_UNTIL.search(text)
    last = int(next(g for g in until.groups() if g)) if until else None
    if first is None and last is None:
        return []
    return _span(first or 1, last or MAX_TRIP_DAYS)


def _span(a: int, b: int) -> list[int]:
    lo, hi = sorted((a, b))
    if lo < 1 or hi > MAX_TRIP_DAYS:
        return []
    return list(range(lo, hi + 1))


def apply_wishes(member: MemberWishes, patch: WishPatch) -> None:
    """Record ``patch`` on ``member``: new places added, a later word on a place wins."""
    for place in patch.must_see:
        if place in member.avoid:
            member.avoid.remove(place)
        if place not in member.must_see:
            member.must_see.append(place)
    for place in patch.avoid:
        if place in member.must_see:
            member.must_see.remove(place)
        if place not in member.avoid:
            member.avoid.append(place)
    member.avoid_kinds += [k for k in patch.avoid_kinds if k not in member.avoid_kinds]
    member.styles += [s for s in patch.styles if s not in member.styles]
    if patch.budget_sgd is not None:
        member.budget_sgd = patch.budget_sgd
    if patch.mobility is not None:
        member.mobility = patch.mobility
    if patch.days:
        member.days = patch.days
    _apply_speaker(member, patch)


def shared(request: TripRequest, patch: WishPatch) -> TripRequest:
    """The trip's request with a member's wished places and styles (the group's too: shown in
    the trip summary); the same request when they add nothing."""
    must_see = list(dict.fromkeys([*request.must_see, *patch.must_see]))
    styles = list(dict.fromkeys([*request.styles, *patch.styles]))
    if must_see == request.must_see and styles == request.styles:
        return request
    return request.model_copy(update={"must_see": must_see, "styles": styles})


def _apply_speaker(member: MemberWishes, patch: WishPatch) -> None:
    """What the member said of themselves: age, student, their own category, their children."""
    said = patch.speaker
    if said.age is not None:
        member.age = said.age
    if said.student:
        member.student = True
    if said.senior or said.child:
        member.category_said = "senior" if said.senior else "child"
    if said.children:
        member.children = list(said.children)  # the latest word on their party wins
