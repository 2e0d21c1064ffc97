"""Words → wishes and questions about places, in English and Korean: the places a message wants
("I want to see the Night Safari", "가든스 바이 더 베이 꼭 가고 싶어요"), the ones it refuses ("skip
Sentosa", "센토사는 빼고") and the place a question is about ("what time does the zoo open?").
Kinds of place refused ("no museums") are :mod:`bot.intake.parse`'s.

Places are found through the one place index (:mod:`bot.intake.places`), as edits
(:mod:`bot.intake.understand`) find them.
"""

from __future__ import annotations

import re

from bot.intake.places import Mention, PlaceIndex, PlaceMatch, normalise
from bot.planner.kb import Attraction, KnowledgeBase

_WISH = re.compile(
    r"\b(want|wanna|wish|must|see|visit|go to|love to|would like|include|please add|"
    r"can'?t miss|cannot miss|bucket list|dying to|keen on|looking forward)\b|"
    r"가고\s*싶|보고\s*싶|꼭|가보고|들르|필수|가\s*볼래|가야",
    re.I,
)
# English says "no X", "skip X", "not interested in X": the negative word comes before the place.
_AVOID_BEFORE = re.compile(
    r"\b(?:not (?:keen|fussed|bothered|big) on|not a fan of|not interested in|not into|"
    r"no interest in|no|not|avoid|skip|skipping|without|except|hate|exclude|minus|"
    r"don ?t (?:want|like|need|care for)|do not (?:want|like|need)|dont (?:want|like|need)|"
    r"not interested in|not into|rather not|never|been to|already (?:seen|been|visited|did|done)|"
    r"not (?:keen|fussed|bothered|big) on|no interest in|not a fan of|pass on|give \w+ a miss|"
    r"we ve (?:been|seen|done)|have (?:been|seen|done))\b"
)
# Korean says "X 빼고", "X는 관심 없어요": the negative comes after the place.
_AVOID_AFTER = re.compile(
    r"\s*(?:은|는|도|이랑은|랑은)?\s*(?:이미\s*|벌써\s*)?(?:빼|제외|말고|싫|안\s*(?:가|갈|갑|가도)|"
    r"가\s*봤|가봤|다녀|패스|관심\s*없|필요\s*없|별로)"
    r"|\s*(?:is|are)?\s*(?:out|a no|not needed|not necessary)\b"
    r"|\s*(?:we ve|we have|i ve|already)\s*(?:been|seen|done)"
)
_JOIN = re.compile(r"^\s*(?:랑|이랑|와|과|하고|및|and|or|nor|&)?\s*(?:the\s+)?$")
_STAY = re.compile(
    r"(?:stay(?:ing)?|hotel|hostel|airbnb|guesthouse|accommodation|based|sleep(?:ing)?|숙소|호텔"
    r"|호스텔|게스트하우스|묵)\W*(?:\w+\W+){0,3}$"
)
_WISH_WORDS = re.compile(
    r"\b(?:want|wanna|must|see|visit|love|like|include|add|keen|also)\b|꼭|필수|가고|보고|넣어"
)


def wished_places(text: str, kb: KnowledgeBase) -> list[str]:
    """Attractions a traveller wishes for ("we want to see the Night Safari"), by id."""
    return read_wishes(text, kb).must_see


class Wishes:
    """Must-see and avoid places read from one message, and names to ask about."""

    def __init__(self) -> None:
        self.must_see: list[str] = []
        self.avoid: list[str] = []
        self.unsure: list[PlaceMatch] = []


def read_wishes(text: str, kb: KnowledgeBase) -> Wishes:
    """Must-see and avoid lists from a trip request ("the zoo is a must, skip Sentosa").

    A place named in a trip request is wished for, unless a negative word covers it: before it
    in its clause in English ("no Sentosa or USS", "skip the zoo"), after it in Korean
    ("센토사랑 유니버설은 말고") — a negation also covers the places joined to it by "and/or/랑".
    A place named as where the traveller stays ("hotel near Marina Bay Sands") is neither.
    """
    index = PlaceIndex.for_kb(kb)
    out = Wishes()
    clauses = re.split(r"[.;!?\n,]|\bbut\b|하지만|그리고|지만", text)
    for clause in clauses:
        low = normalise(clause)
        mentions = index.mentions(clause)
        negative = [_negated(low, m, mentions) for m in mentions]
        for k in range(len(mentions) - 2, -1, -1):  # "X랑 Y는 빼고": the negation covers X too
            between = low[mentions[k].end : mentions[k + 1].start]
            if negative[k + 1] and _JOIN.match(between):
                negative[k] = True
        for mention, negated in zip(mentions, negative, strict=True):
            if _STAY.search(low[: mention.start]):
                continue
            if mention.match.ambiguous:
                out.unsure.append(mention.match)
                continue
            for place in mention.match.places:
                (out.avoid if negated else out.must_see).append(place.id)
    out.must_see = [p for p in dict.fromkeys(out.must_see) if p not in out.avoid]
    out.avoid = list(dict.fromkeys(out.avoid))
    return out


def _negated(low: str, mention: Mention, mentions: list[Mention]) -> bool:
    """Whether a negative word covers this mention (see :func:`read_wishes`)."""
    if _AVOID_AFTER.match(low[mention.end : mention.end + 16]):
        return True
    before = low[: mention.start]
    last = None
    for m in _AVOID_BEFORE.finditer(before):
        last = m
    if last is None:
        return False
    gap = before[last.end() :]
    return not _WISH_WORDS.search(gap)


_QUESTION = re.compile(
    r"\?|\b(what|when|how|where|which|open|opens|opening|hours|close|closes|price|cost|"
    r"ticket|tickets|fee|info|about|tell me)\b|언제|몇\s*시|가격|얼마|어디|운영|입장료|알려",
    re.I,
)


def place_question(text: str, kb: KnowledgeBase) -> Attraction | None:
    """The place a question is about ("what time does the zoo open?"), if any."""
    if not _QUESTION.search(text) or _WISH.search(text):
        return None  # "can we include the zoo?" is a wish, not a question about the zoo
    named = PlaceIndex.for_kb(kb).named(text)
    first = named[0] if named else None
    return first if isinstance(first, Attraction) else None
