"""Words → edits of a plan, in English and Korean ("make day 2 lighter", "swap the museum for
the zoo", "2일차에 나이트 사파리 추가해줘").

Every place is found through the one place index (:mod:`bot.intake.places`), so an edit, a wish
(:mod:`bot.intake.wishes`) and a question understand the same names ("USS", "the zoo",
"오셔나리움"). What is ambiguous comes back with candidates to ask about ("Which gardens?"),
never as a guess.
"""

from __future__ import annotations

import re
from datetime import date

from bot.intake.parse import AVOID_KIND_WORDS
from bot.intake.periods import month_start
from bot.intake.places import Mention, PlaceIndex, PlaceMatch, normalise
from bot.planner.edit_kinds import EDIT_KINDS, EditKind
from bot.planner.itinerary import Itinerary
from bot.planner.kb import KnowledgeBase
from bot.planning import EditOp
from bot.trip import AVOID_KIND_TAGS

_DAY = re.compile(
    r"(?:\bday\s*(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)\s+day\b"
    r"|(\d{1,2})\s*(?:일\s*차|일째|번째\s*날|날째|일에))",
    re.I,
)
_EDIT_WORDS: dict[EditKind, re.Pattern[str]] = {
    "export": re.compile(r"\b(export|calendar|ics|ical)\b|캘린더|달력|내보내", re.I),
    "swap": re.compile(
        r"\b(swap|replace|instead|change|switch|exchange|trade)\b|대신|말고|바꿔|바꾸|교체|변경",
        re.I,
    ),
    "move": re.compile(r"\b(move|shift|push)\b|옮겨|옮기|이동", re.I),
    "remove": re.compile(
        r"\b(remove|drop|skip|delete|cut|without|ditch|lose|scrap|nix|get rid of|no more|no|"
        r"take\s+(?:\w+\s+){0,4}?(?:out|off)|leave out|cancel|let'?s not|rather not|"
        r"not (?:do|go to|visit|bother with)|"
        r"don'?t want|do not want)\b|빼|제외|삭제|없애|취소|안\s*갈|안\s*가",
        re.I,
    ),
    "add": re.compile(
        r"\b(add|include|visit|see|squeeze|fit|put|also go|go to)\b|추가|넣어|넣기|넣을|가고\s*싶|"
        r"가보고|들르|들러",
        re.I,
    ),
    "less_walking": re.compile(
        r"\bless walk(?:ing)?\b|\bwalk(?:ing)? less\b|\bfewer walks\b|\bshorter walks\b"
        r"|\btoo much walking\b|\bnot so much walking\b|\bless on foot\b"
        r"|덜\s*걷|걷는\s*(?:거|것|게)?\s*(?:좀\s*)?(?:줄|적)|도보\s*(?:이동\s*)?(?:를\s*)?(?:좀\s*)?줄"
        r"|많이\s*안\s*걷|너무\s*많이\s*걷",
        re.I,
    ),
    "later": re.compile(
        r"\b(?:start|begin)\w*\s+(?:\w+\s+){0,4}?later\b|\blater start\b|\bsleep in\b"
        r"|\blie[- ]in\b|\b(?:start|begin)\w*\s+(?:\w+\s+){0,4}?(?:at|from|after)\s+\d"
        r"|늦게\s*(?:시작|출발|나가)|늦잠"
        r"|\d{1,2}\s*시\s*(?:\d{1,2}\s*분\s*|반\s*)?(?:부터|에|쯤)\s*(?:시작|출발)",
        re.I,
    ),
    "longer": re.compile(
        r"\bmore time (?:at|in|for|to)\b|\blonger (?:at|in)\b|\bstay longer\b"
        r"|\bspend more time\b|\bextra time (?:at|in)\b"
        r"|더\s*오래|시간(?:을)?\s*(?:좀\s*)?더|오래\s*(?:있|머물|보)",
        re.I,
    ),
    "lighter": re.compile(
        r"\b(lighter|easier|relax\w*|less|fewer|lighten|slower|chill\w*"
        r"|too (?:much|busy|packed|full|tiring|hectic|rushed|many (?:things|stops|places))"
        r"|cut (?:it |that |the day |day \d+ )?"
        r"down|tone (?:it )?down|ease up|overloaded|exhausting)\b"
        r"|여유|가볍|줄여|느긋|힘들|빡세|너무\s*많|벅차|피곤",
        re.I,
    ),
    "fuller": re.compile(r"\b(fuller|more|busier|pack\w*)\b|알차|더\s*많이|늘려|빡빡", re.I),
    "regen": re.compile(
        r"\b(regenerate|redo|new plan|re-?plan|shuffle|different)\b|다시\s*짜|새로", re.I
    ),
    "show": re.compile(r"\b(show|plan|itinerary|schedule)\b|보여|일정", re.I),
}
_ORDER: tuple[EditKind, ...] = (
    "export", "swap", "later", "longer", "less_walking", "move", "remove", "add", "lighter",
    "fuller", "regen", "show",
)  # fmt: skip
# "add X to the morning of day 2", "2일차 저녁에 X 추가"
_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("morning", re.compile(r"\bmorning\b|오전|아침", re.I)),
    ("afternoon", re.compile(r"\bafternoon\b|오후", re.I)),
    ("evening", re.compile(r"\bevening\b|\btonight\b|\bat night\b|저녁|밤에", re.I)),
)
_AT_CLOCK = re.compile(r"\b(?:at|from|after|around)\s+(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\b", re.I)
_KO_AT_CLOCK = re.compile(r"(오전|오후|아침|저녁)?\s*(\d{1,2})\s*시\s*(?:(\d{1,2})\s*분|(반))?")
# "B instead of A", "A 말고 B", "A 대신 B", "swap A for B", "A를 B로 바꿔"
_NEW_FIRST = re.compile(r"\binstead of\b|\brather than\b", re.I)
_OLD_FIRST = re.compile(
    r"\s(?:for|with|w/|to|into|by)\s|대신(?:에)?|말고"
    r"|(?:을|를)\s+(?=[^,.!?]{1,30}?(?:으로|로)\s*(?:바꿔|바꾸|변경|교체))",
    re.I,
)


_ORDINAL_DAY = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|last|final)\s+(?:day|night|evening)\b"
    r"|(첫|둘째|셋째|넷째|마지막)\s*(?:날|밤)",
    re.I,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "첫": 1, "둘째": 2, "셋째": 3, "넷째": 4}  # fmt: skip


def _day(text: str, days: int = 0) -> int | None:
    m = _DAY.search(text)
    if m is None:
        o = _ORDINAL_DAY.search(text)
        if o is None:
            return None
        word = (o.group(1) or o.group(2)).lower()
        return days or None if word in ("last", "final", "마지막") else _ORDINALS[word]
    return int(next(g for g in m.groups() if g))


def parse_edit(text: str, itinerary: Itinerary, kb: KnowledgeBase) -> EditOp | None:
    """Understand an edit request in English or Korean; ``None`` if the text is not one.

    Places come back as ids; a problem's ``value`` is a place id (shown in the user's language
    by the caller) or the unknown words; ``candidates`` lists place ids to ask about.
    """
    if (m := _SWAP_DAYS.search(text)) is not None:  # "swap day 1 and day 2", "1일차랑 2일차 바꿔"
        a, b = (int(g) for g in m.groups() if g)
        if not (1 <= a <= len(itinerary.days) and 1 <= b <= len(itinerary.days)) or a == b:
            return EditOp("swap_days", problem="which_day", value=f"{a}/{b}")
        return EditOp("swap_days", day=a, value=str(b))
    index = PlaceIndex.for_kb(kb)
    if _names_dates(text) and not index.mentions(text):
        return None  # "move it to April", "3월로 미뤄줘": the trip's dates, not an edit of a place
    day = _day(text, len(itinerary.days))
    planned = [i.place_id for d in itinerary.days for i in d.items if i.place_id]
    actions = [a for a in _ORDER if _EDIT_WORDS[a].search(text)]
    if not actions:
        return None
    mentions = index.mentions(text)
    if "remove" in actions and "add" in actions and "swap" not in actions:
        ids = [p.id for m in mentions for p in m.match.places]
        old = next((p for p in ids if p in planned), None)
        new = next((p for p in ids if p not in planned), None)
        if old and new:  # "drop the zoo and add River Wonders": a swap
            return EditOp("swap", place_id=old, new_place_id=new)
    unsure: EditOp | None = None  # "cut it down" read as a removal of "it down"
    for action in actions:
        op = _edit(action, text, day, planned, mentions, index, len(itinerary.days))
        if op is not None and _a_move(op, text, day, itinerary):  # "the zoo on day 3 instead"
            return EditOp("move", day=day, place_id=op.place_id)
        if op is not None and (pid := _planned_elsewhere(op, day, itinerary)) is not None:
            return EditOp("move", day=day, place_id=pid)  # "the night safari on the last night"
        if op is not None and op.problem not in ("unknown_place", "none_in_plan"):
            return op
        unsure = unsure or op
    return unsure


_TO_DAY = re.compile(r"\b(?:on|to|for|into)\s+(?:the\s+)?day\s*\d|\d\s*일\s*차\s*(?:에|로)", re.I)


_DATE_WORDS = re.compile(
    r"\b20\d\d-\d{1,2}-\d{1,2}\b|\d{1,2}\s*월|\bnext (?:week|month)\b|다음\s*(?:주|달)"
)


def _names_dates(text: str) -> bool:
    """Whether the words name a date or a month ("move it to April"; "may we" names none)."""
    low = normalise(text)
    return bool(_DATE_WORDS.search(low)) or month_start(low, date(2000, 1, 1), None) is not None


_SWAP_DAYS = re.compile(
    r"\b(?:swap|switch|exchange|trade|flip|reverse)\s+(?:the\s+)?days?\s*(\d{1,2})\s*"
    r"(?:and|with|for|&|,)\s*(?:day\s*)?(\d{1,2})\b"
    r"|\bdays?\s*(\d{1,2})\s*(?:and|&)\s*(?:day\s*)?(\d{1,2})\s*(?:swapped|switched|the other way)"
    r"|(\d{1,2})\s*일\s*차\s*(?:랑|와|과|하고|,)\s*(\d{1,2})\s*일\s*차\s*(?:를|을)?\s*(?:서로\s*)?"
    r"(?:바꿔|바꾸|교체|맞바꿔|순서)",
    re.I,
)


def _planned_elsewhere(op: EditOp, day: int | None, itinerary: Itinerary) -> str | None:
    """The place of an "add to day N" that is planned already, on another day: a move."""
    if op.action != "add" or op.problem != "already_planned" or day is None:
        return None
    on = _days_of(itinerary, op.value)
    return op.value if on and day not in on else None


def _days_of(itinerary: Itinerary, place_id: str) -> list[int]:
    """The days (1-based) ``place_id`` is planned on."""
    return [
        n for n, d in enumerate(itinerary.days, 1) if any(i.place_id == place_id for i in d.items)
    ]


def _a_move(op: EditOp, text: str, day: int | None, itinerary: Itinerary) -> bool:
    """A swap naming one planned place and another day, no new place: a move to that day."""
    if op.action != "swap" or op.problem or op.new_place_id or op.place_id is None or day is None:
        return False
    return day not in _days_of(itinerary, op.place_id) and _TO_DAY.search(text) is not None


def _edit(
    action: EditKind,
    text: str,
    day: int | None,
    planned: list[str],
    mentions: list[Mention],
    index: PlaceIndex,
    days: int,
) -> EditOp | None:
    needs = EDIT_KINDS[action].needs
    if action == "show":  # needs nothing, but takes a day when one is said
        return EditOp("show", day=day)
    if not needs:  # the whole plan (export, less walking)
        return EditOp(action)
    if needs == ("day",):  # one whole day (later, lighter, fuller, regen)
        return _day_edit(action, text, day, mentions, days)
    if action == "longer":
        return _longer(text, planned, mentions, index)
    if action == "swap":
        return _swap(text, planned, index)
    if action == "add":
        return _add(text, day, planned, mentions, index)
    if action in ("remove", "move"):
        return _remove_or_move(action, text, day, planned, mentions, index)
    return None


def _day_edit(
    action: EditKind, text: str, day: int | None, mentions: list[Mention], days: int
) -> EditOp | None:
    """An edit of one whole day (later start, lighter, fuller, regenerated)."""
    if action == "lighter" and mentions and re.search(r"\bless\b", text, re.I):
        return None  # "less time at X" is not about the day's load
    if day is None and days == 1:
        day = 1
    if day is None:
        return EditOp(action, problem="which_day")
    if action == "later":
        return EditOp("later", day=day, value=_start_time(text) or "")
    return EditOp(action, day=day)


def _sides(
    mentions: list[Mention], planned: list[str]
) -> tuple[PlaceMatch | None, list[str], list[str]]:
    """The first ambiguous mention, and the mentioned places in and not in the plan."""
    ambiguous = next((m.match for m in mentions if m.match.ambiguous), None)
    in_plan = [p.id for m in mentions for p in m.match.places if p.id in planned]
    not_in_plan = [p.id for m in mentions for p in m.match.places if p.id not in planned]
    return ambiguous, in_plan, not_in_plan


def _add(
    text: str, day: int | None, planned: list[str], mentions: list[Mention], index: PlaceIndex
) -> EditOp | None:
    """Add a place: one mentioned, or one the words name; ask when they name several."""
    ambiguous, in_plan, not_in_plan = _sides(mentions, planned)
    if not not_in_plan and ambiguous is not None:
        return _ask("add", ambiguous, planned, day, keep_planned=False)
    if not_in_plan:
        return EditOp("add", day=day, place_id=not_in_plan[0], value=_part(text, day))
    if in_plan:
        return EditOp("add", problem="already_planned", value=in_plan[0])
    match = index.lookup(place_phrase(text))
    if match.ambiguous:
        return _ask("add", match, planned, day, keep_planned=False)
    if match.place is not None:
        if match.place.id in planned:
            return EditOp("add", problem="already_planned", value=match.place.id)
        return EditOp("add", day=day, place_id=match.place.id, value=_part(text, day))
    if (kind := _kind_named(text)) is not None:  # "add some shopping on day 1": which place?
        ids = [p.id for p in index.tagged(AVOID_KIND_TAGS[kind]) if p.id not in planned]
        if ids:
            return EditOp(
                "add", day=day, problem="which_place", value=kind, candidates=tuple(ids[:6])
            )
    if re.search(r"\b(add|include)\b|추가|넣어", text, re.I):
        return EditOp("add", problem="unknown_place", value=place_phrase(text)[:60])
    return None


def _kind_named(text: str) -> str | None:
    """The kind of place the words name ("shopping", "a museum", "쇼핑"), if one."""
    low = normalise(text)
    return next(
        (
            k
            for k, pattern in AVOID_KIND_WORDS
            if re.search(rf"(?<![a-z])(?:{pattern})(?![a-z])", low)
        ),
        None,
    )


def _remove_or_move(
    action: EditKind,
    text: str,
    day: int | None,
    planned: list[str],
    mentions: list[Mention],
    index: PlaceIndex,
) -> EditOp | None:
    """Remove a planned place, or move it to ``day``; say so when it is not in the plan."""
    ambiguous, in_plan, not_in_plan = _sides(mentions, planned)
    if not in_plan and ambiguous is not None:
        return _ask(action, ambiguous, planned, day, keep_planned=True)
    if not in_plan and not not_in_plan:
        match = index.lookup(place_phrase(text), within=planned)
        if match.ambiguous:
            return _ask(action, match, planned, day, keep_planned=True)
        in_plan = [p.id for p in match.places]
    if action == "move" and in_plan and day is not None:
        return EditOp("move", day=day, place_id=in_plan[0])
    if action == "remove" and in_plan:
        return EditOp("remove", place_id=in_plan[0])
    if not_in_plan:
        return EditOp(action, problem="not_in_plan", value=not_in_plan[0])
    if not mentions and place_phrase(text):
        return _unplanned(action, place_phrase(text), index)
    if ambiguous is not None:  # "drop the temple" with no temple planned
        return EditOp(action, problem="none_in_plan", value=ambiguous.phrase[:60])
    return None


def _unplanned(action: EditKind, phrase: str, index: PlaceIndex) -> EditOp:
    """Words for places none of which is planned: known ones ("the temple") or unknown words."""
    match = index.lookup(phrase)
    if match.found or match.ambiguous:
        return EditOp(action, problem="none_in_plan", value=phrase[:60])
    return EditOp(action, problem="unknown_place", value=phrase[:60])


def _part(text: str, day: int | None) -> str:
    """The part of the day a place should go in ("" when none was said, or no day)."""
    if day is None:
        return ""
    return next((name for name, pattern in _PARTS if pattern.search(text)), "")


def _start_time(text: str) -> str | None:
    """The clock time a day should start at ("start at 10:30", "10시 반에 시작"), as "HH:MM"."""
    m = _AT_CLOCK.search(text)
    if m is not None:
        hours, mins, ampm = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
        if ampm == "pm" and hours < 12:
            hours += 12
        if not ampm and hours < 7:  # "start at 2" means the afternoon
            hours += 12
        return f"{hours:02d}:{mins:02d}" if hours < 24 and mins < 60 else None
    k = _KO_AT_CLOCK.search(text)
    if k is not None:
        hours = int(k.group(2))
        mins = 30 if k.group(4) else int(k.group(3) or 0)
        if k.group(1) in ("오후", "저녁") and hours < 12:
            hours += 12
        return f"{hours:02d}:{mins:02d}" if hours < 24 and mins < 60 else None
    return None


def _longer(
    text: str, planned: list[str], mentions: list[Mention], index: PlaceIndex
) -> EditOp | None:
    """ "more time at the zoo": a place of the plan, by any name the index knows."""
    in_plan = [p.id for m in mentions for p in m.match.places if p.id in planned]
    if in_plan:
        return EditOp("longer", place_id=in_plan[0])
    match = index.lookup(place_phrase(text), within=planned)
    if match.place is not None:
        return EditOp("longer", place_id=match.place.id)
    not_in_plan = [p.id for m in mentions for p in m.match.places]
    if not_in_plan:
        return EditOp("longer", problem="not_in_plan", value=not_in_plan[0])
    return EditOp("longer", problem="unknown_place", value=place_phrase(text)[:60])


def _ask(
    action: EditKind, match: PlaceMatch, planned: list[str], day: int | None, *, keep_planned: bool
) -> EditOp:
    ids = [p.id for p in match.candidates if (p.id in planned) == keep_planned]
    ids = ids or [p.id for p in match.candidates]
    if len(ids) == 1:
        if action == "add":
            return EditOp("add", day=day, place_id=ids[0])
        return EditOp(action, day=day, place_id=ids[0])
    return EditOp(
        action, day=day, problem="which_place", value=match.phrase, candidates=tuple(ids[:8])
    )


def _swap_parts(text: str, index: PlaceIndex) -> tuple[str, str]:
    """The words naming the place to go and the place to come, as written."""
    if m := _NEW_FIRST.search(text):
        new_part, old_part = text[: m.start()], text[m.end() :]
        if not index.mentions(new_part):  # "instead of Chinatown let's do Little India"
            later = index.mentions(old_part)
            if len(later) > 1:
                cut = later[0].end
                low = normalise(old_part)
                old_part, new_part = low[:cut], low[cut:]
        return old_part, new_part
    parts = _OLD_FIRST.split(text, maxsplit=1)
    return parts[0], (parts[1] if len(parts) > 1 else "")


def _swap(text: str, planned: list[str], index: PlaceIndex) -> EditOp | None:
    """``swap A for B`` / ``B instead of A`` / ``A 대신 B`` / ``A를 B로 바꿔``: A planned, B new."""
    old_part, new_part = _swap_parts(text, index)
    old = _pick(old_part, index, planned, in_plan=True)
    if old is None and new_part:  # "Skypark 대신 Flyer" with the Flyer planned: the other way round
        flipped = _pick(new_part, index, planned, in_plan=True)
        if flipped is not None and _pick(old_part, index, planned, in_plan=False) is not None:
            old_part, new_part, old = new_part, old_part, flipped
    old = old or _pick(text, index, planned, in_plan=True)
    if old is None:
        phrase = place_phrase(old_part)
        return _unplanned("swap", phrase, index) if phrase and index.mentions(old_part) else None
    new: PlaceMatch | None = None
    if _ANY_OTHER.search(new_part) and not index.mentions(new_part):
        new_part = ""  # "for something else": the planner picks
    if new_part.strip() and place_phrase(new_part):
        new = _pick(new_part, index, planned, in_plan=False)
        again = _pick(new_part, index, planned, in_plan=True) if new is None else None
        if again is not None and again.place is not None:
            if again.place not in old.places:  # "swap the museum for the zoo", zoo planned
                return EditOp("swap", problem="already_planned", value=again.place.id)
            if phrase := place_phrase(old_part):  # the old part named nothing planned
                return _unplanned("swap", phrase, index)
        if new is None:
            return EditOp("swap", problem="unknown_place", value=place_phrase(new_part)[:60])
    new_id = _only(new) if new is not None and new.found else None
    if old.ambiguous:
        ids = [p.id for p in old.candidates if p.id in planned] or [p.id for p in old.candidates]
        return EditOp(
            "swap", new_place_id=new_id, problem="which_place", value=old.phrase,
            candidates=tuple(ids[:8]),
        )  # fmt: skip
    if new is not None and new.ambiguous:
        ids = [p.id for p in new.candidates if p.id not in planned]
        return EditOp(
            "swap", place_id=_only(old), problem="which_place", value=new.phrase,
            candidates=tuple(ids[:8]),
        )  # fmt: skip
    return EditOp("swap", place_id=_only(old), new_place_id=new_id)


_ANY_OTHER = re.compile(
    r"\b(?:something|anything|else|another|other|different|whatever|alternative)\b|다른|아무", re.I
)


def _only(match: PlaceMatch) -> str:
    place = match.places[0]
    return place.id


def _pick(part: str, index: PlaceIndex, planned: list[str], *, in_plan: bool) -> PlaceMatch | None:
    for mention in index.mentions(part):
        places = [p for p in mention.match.places if (p.id in planned) == in_plan]
        if places:
            return PlaceMatch(places=(places[0],), phrase=mention.match.phrase)
        cands = [p for p in mention.match.candidates if (p.id in planned) == in_plan]
        if len(cands) == 1:
            return PlaceMatch(places=(cands[0],), phrase=mention.match.phrase)
        if cands:
            return PlaceMatch(candidates=tuple(cands), phrase=mention.match.phrase)
    phrase = place_phrase(part)
    if not phrase:
        return None
    if in_plan:
        match = index.lookup(phrase, within=planned)
    else:
        match = index.lookup(phrase)
        if match.place is not None and match.place.id in planned:
            return None
    return match if (match.found or match.ambiguous) else None


# -- the place phrase of a sentence --------------------------------------------------------
_STRIP = [
    r"\b(?:to|on|for|from|in|into)\s+(?:the\s+)?(?:day\s*\d{1,2}|\d{1,2}(?:st|nd|rd|th)\s+day)\b",
    r"\bday\s*\d{1,2}\b",
    r"\b(?:in|on|for)\s+the\s+(?:morning|afternoon|evening|night)\b",
    r"\b(?:morning|afternoon|evening|tonight|tomorrow)\b",
    r"\b(?:from|of|in|to)\s+(?:the|my|our)\s+(?:plan|itinerary|trip|schedule|list)\b",
    r"\b(?:please|pls|plz|can|could|would|will|you|we|i|i'd|i'm|let's|lets|let|us|me|just|"
    r"maybe|also|too|actually|hey|hi|ok|okay|so|and|then|it|instead|the|a|an|there|some|"
    r"remove|drop|skip|delete|cut|ditch|lose|scrap|add|include|visit|see|squeeze|fit|put|"
    r"want|wanna|like|love|need|to|go|get|rid|of|swap|replace|change|switch|move|shift|push|"
    r"with|for|into|in|on|at|more|less|time|don't|dont|do|not|no|out|back|really|"
    r"anymore|any|thanks|thank)\b",
    r"(\d{1,2})\s*(?:일\s*차|일째|번째\s*날|날째)(?:에|에는|에서|로|으로)?",
    r"(?:오전|오후|저녁|아침|밤)(?:에|에는)?",
    r"(?:일정|계획)(?:에서|에|을|를)?",
    r"(?:빼\s*(?:줘|주세요|줄래|주라|자|고)?|제외(?:해)?\s*(?:줘|주세요)?|삭제(?:해)?\s*(?:줘|주세요)?|"
    r"없애\s*(?:줘|주세요)?|추가(?:해)?\s*(?:줘|주세요|해\s*줘)?|넣어\s*(?:줘|주세요)?|"
    r"가고\s*싶어(?:요)?|가보고\s*싶어(?:요)?|옮겨\s*(?:줘|주세요)?|바꿔\s*(?:줘|주세요)?|"
    r"취소(?:해)?\s*(?:줘|주세요)?|해\s*줘|해\s*주세요|주세요|줘|좀|꼭|그냥|도|은|는)(?![\uac00-\ud7a3])",
]
_STRIP_RE = [re.compile(p, re.I) for p in _STRIP]


def place_phrase(text: str) -> str:
    """The words of a request that name a place ("add Universal Studios to day 2" → the name)."""
    out = text
    for pattern in _STRIP_RE:
        out = pattern.sub(" ", out)
    out = re.sub(r"[^\w\s'&@.-]|(?<!\w)[.'-]|[.'-](?!\w)", " ", out)
    return " ".join(out.split())
