"""Who the speaker is, for their own ticket: "I'm 67", "저는 65세예요", "I'm a student",
"bringing my 6-year-old" (a child of their own party). Part of the request parser
(:func:`bot.intake.parse.parse_trip_text` fills ``TripPatch.speaker``); pure.

Only what the speaker says of themselves counts: "my dad is 70" says nothing about the speaker.
A child's age is kept when said (``None`` otherwise); which price an age pays is the pricing's
concern (:func:`bot.group.money.ticket_category`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "a": 1, "an": 1}
_AGE_END = r"(?=\s*(?:$|[,.!?;)]|(?:years?|yrs?)\b|y\.?o\b|and\b|so\b|btw\b|myself\b|now\b))"
_EN_AGE = re.compile(rf"\b(?:i'?m|i am|im)\s+(?:now\s+|already\s+)?(\d{{1,2}}){_AGE_END}")
_EN_AGED = re.compile(r"\b(?:i'?m|i am)\s+(?:a\s+)?(\d{1,2})[\s-]*(?:years?|yrs?)[\s-]*old\b")
_KO_AGE = re.compile(
    r"(?:저는|전|나는|난|제가|제\s*나이는|내\s*나이는)\s*(?:올해\s*)?(?:만\s*)?(\d{1,2})\s*(?:세|살)"
)
_EN_STUDENT = re.compile(
    r"\b(?:i'?m|i am)\s+(?:a\s+|still\s+a\s+)?(?:university\s+|college\s+|uni\s+|grad\s+)?"
    r"student\b|\bas a student\b"
)
_KO_STUDENT = re.compile(
    r"(?:저는|전|나는|난)\s*(?:대)?학생|(?:대)?학생(?:이에요|이예요|입니다|이라서)"
)
_EN_SENIOR = re.compile(r"\b(?:i'?m|i am)\s+(?:a\s+)?(?:senior|pensioner|retiree)\b")
_KO_SENIOR = re.compile(r"(?:저는|전|나는|난)\s*(?:경로|노인|시니어)")
_EN_CHILD_SELF = re.compile(r"\b(?:i'?m|i am)\s+(?:a\s+|just\s+a\s+)?(?:kid|child)\b")
_KID = r"(?:kid|kiddo|child|son|daughter|boy|girl|baby|toddler|little one)"
_EN_MY_KID = re.compile(
    rf"\b(?:bring(?:ing)?|with|taking|plus|and)\s+my\s+(?:(\d{{1,2}})[\s-]*(?:years?|yrs?)[\s-]*"
    rf"old(?:\s+{_KID})?|(?:little\s+)?{_KID}(?:\s*\(\s*(\d{{1,2}})\s*\)|,?\s+(?:aged?\s+)?"
    rf"(\d{{1,2}})(?=\s*(?:$|[,.!?;)]|years?\b|yrs?\b)))?)"
)
_EN_MY_KIDS = re.compile(
    r"\b(?:bring(?:ing)?|with|taking|plus|and)\s+my\s+(two|three|four|\d)\s+"
    r"(?:kids|children|sons|daughters|boys|girls)(?:\s*\(([\d\s,&and]+)\))?"
)
_KO_KID = r"(?:아이|애|딸|아들|꼬마|아기)"
_KO_MY_KID = re.compile(
    rf"(?:제|저희|우리|내)\s*(?:(\d{{1,2}})\s*(?:살|세)\s*)?{_KO_KID}(?:\s*\(\s*(\d{{1,2}})\s*(?:살|세)?\s*\))?"
    rf"[^.!?]*?(?:데리고|같이|함께|랑|하고|도\s*가)"
)
_KO_AGED_KID = re.compile(
    rf"(\d{{1,2}})\s*(?:살|세)\s*(?:짜리\s*)?{_KO_KID}[^.!?]*?(?:데리고|같이|함께)"
)


@dataclass
class Speaker:
    """What the speaker says of themselves (``None`` / empty: nothing)."""

    age: int | None = None
    student: bool = False
    senior: bool = False  # "I'm a senior" with no age
    child: bool = False  # "I'm a kid" with no age
    children: list[int | None] = field(default_factory=list)  # their own children, by age

    @property
    def said(self) -> bool:
        return bool(
            self.age is not None or self.student or self.senior or self.child or self.children
        )


def parse_speaker(low: str) -> Speaker:
    """Read the speaker's own age and category, and the children they bring, from ``low``
    (lower-cased, spaces collapsed)."""
    out = Speaker()
    found = _EN_AGED.search(low) or _EN_AGE.search(low) or _KO_AGE.search(low)
    if found:
        out.age = int(found.group(1))
    out.student = bool(_EN_STUDENT.search(low) or _KO_STUDENT.search(low))
    out.senior = bool(_EN_SENIOR.search(low) or _KO_SENIOR.search(low))
    out.child = bool(_EN_CHILD_SELF.search(low))
    many = _EN_MY_KIDS.search(low)
    if many:
        word = many.group(1)
        count = int(word) if word.isdigit() else _WORD_NUMBERS.get(word, 1)
        ages: list[int | None] = [int(a) for a in re.findall(r"\d{1,2}", many.group(2) or "")]
        out.children = (ages + [None] * count)[: max(count, len(ages))]
        return out
    for match in _EN_MY_KID.finditer(low):
        age = next((g for g in match.groups() if g), None)
        out.children.append(int(age) if age else None)
    for match in _KO_MY_KID.finditer(low):
        age = match.group(1) or match.group(2)
        out.children.append(int(age) if age else None)
    if not out.children:
        out.children += [int(m.group(1)) for m in _KO_AGED_KID.finditer(low)]
    return out
