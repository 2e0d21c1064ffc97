"""Flights: arrival and departure times at Changi ("landing 2pm", "오후 3시 도착"), said by the
part of the day ("arrive in the morning", stated as assumed) or as a layover.
"""

from __future__ import annotations

import re

from bot.intake.patch import TripPatch
from bot.planner.kb import hhmm, minutes

_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?"


# A clock time that cannot be a date or a count: "14:30", "2pm", "2.30 pm", "10h", "noon".
_TIME = r"(\d{1,2})(?:[:.h](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?|\s*(am|pm|a\.m\.|p\.m\.))"
_ARRIVE = (
    r"\b(?:arriv\w*|land(?:s|ing|ed)?|get(?:ting)? in(?:to)?|gets in|touch(?:ing|es)? down|"
    r"fly(?:ing)? in(?:to)?|flight (?:gets in|lands|arrives|in)|inbound)\b"
)
_DEPART = (
    r"\b(?:depart\w*|leav(?:e|es|ing)|fly(?:ing)? (?:out|home|back)|flights? (?:out|home|back)|"
    r"return flight|flight leaves|outbound|head(?:ing)? home|go(?:ing)? home)\b"
)


def _time_after(verb: str, low: str) -> str | None:
    """The clock time said with ``verb`` ("land at Changi at 14:30", "our 2pm landing")."""
    m = re.search(rf"{verb}[^.;!?\n]{{0,40}}?(?<![\d:.])(?:at|around|about|by|@|~)?\s*{_TIME}", low)
    if m is None:
        m = re.search(rf"{_TIME}\s*(?:flight\s+)?(?:{verb})", low)
        if m is None:
            return None
    hours, mins = m.group(1), m.group(2)
    ampm = (m.group(3) or m.group(4) or "").replace(".", "") or None
    return _clock(hours, mins, ampm)


# A flight said by the part of the day ("arrive on the 12th in the morning"): a time in it,
# stated as assumed. Arrivals early in the part, departures late in it.
_PART_TIMES = {"morning": ("09:00", "11:00"), "afternoon": ("14:00", "16:00"),
               "evening": ("19:00", "20:00"), "night": ("22:00", "23:00")}  # fmt: skip
_PART_WORDS = {"morning": r"morning|아침|오전", "afternoon": r"afternoon|오후|낮",
               "evening": r"evening|저녁", "night": r"night|밤"}  # fmt: skip
_LAYOVER = re.compile(
    r"\b(\d{1,2})[\s-]*(?:hours?|hrs?|h)\b[\s-]*(?:long\s+)?(?:layover|stopover|transit)\b"
    r"|(\d{1,2})\s*시간\s*(?:레이오버|경유|환승|스탑오버)"
)


def _part_time(verb: str, low: str, which: int) -> tuple[str, str] | None:
    """The part of the day said with ``verb`` → (its time, the part's name)."""
    for part, words in _PART_WORDS.items():
        if re.search(
            rf"{verb}[^.;!?\n,]{{0,30}}?\b(?:in the |this |that |the )?(?:{words})\b", low
        ):
            return _PART_TIMES[part][which], part
    return None


def parse_times(low: str, patch: TripPatch) -> None:
    low = re.sub(r"\bnoon\b|midday", "12:00", low)
    patch.arrival_time = _time_after(_ARRIVE, low)
    patch.departure_time = _time_after(_DEPART, low)
    for field_name, verb, which in (("arrival_time", _ARRIVE, 0), ("departure_time", _DEPART, 1)):
        if getattr(patch, field_name) is None and (said := _part_time(verb, low, which)):
            setattr(patch, field_name, said[0])
            key = "assume_arrival_part" if which == 0 else "assume_departure_part"
            patch.assumptions.append((key, f"{said[0]} ({said[1]})"))


def parse_layover(low: str, patch: TripPatch) -> None:
    """ "A 9-hour layover", "10시간 경유": one day, back at Changi that many hours after landing."""
    if (m := _LAYOVER.search(low)) is None:
        return
    patch.days = 1
    hours = int(m.group(1) or m.group(2))
    if patch.arrival_time is not None and patch.departure_time is None:
        end = minutes(patch.arrival_time) + hours * 60
        if end < 24 * 60:
            patch.departure_time = hhmm(end)


_KO_CLOCK = (
    r"(오전|오후|저녁|밤|아침|새벽)?\s*(\d{1,2})\s*(?:시|:)\s*(?:(\d{1,2})\s*분?|(반))?"
    r"\s*(?:에\s*|쯤\s*|경\s*)?"
)
_KO_ARRIVE = r"(?:도착|착륙|떨어지|들어가|들어와|입국)"
_KO_DEPART = r"(?:출발|출국|떠나|귀국|(?:돌아오는|돌아가는|나가는|귀국)\s*(?:비행기|항공편|편))"


def _ko_time(verb: str, low: str) -> str | None:
    m = re.search(_KO_CLOCK + r"[\uac00-\ud7a3\s]{0,12}?" + verb, low)
    if m is None:
        m = re.search(  # "도착 (시간은) (2월 5일) 새벽 2시"
            verb
            + r"\S*\s*(?:시간\S*\s*)?(?:은|는)?\s*(?:\d{1,2}\s*월\s*\d{1,2}\s*일\s*,?\s*)?"
            + _KO_CLOCK,
            low,
        )
    if m is None:
        return None
    mins = "30" if m.group(4) else m.group(3)
    return _clock(m.group(2), mins, _ko_ampm(m.group(1)))


def parse_ko_times(low: str, patch: TripPatch) -> None:
    patch.arrival_time = patch.arrival_time or _ko_time(_KO_ARRIVE, low)
    patch.departure_time = patch.departure_time or _ko_time(_KO_DEPART, low)
    landed = re.search(_KO_ARRIVE, low)
    if patch.departure_time is None and landed is not None:
        # "3월 12일 밤 10시 도착, 3월 15일 아침 7시 비행기": the flight said after landing goes home
        flights = list(re.finditer(_KO_CLOCK + r"\s*(?:비행기|항공편|편)", low[landed.end() :]))
        if flights:
            m = flights[-1]
            mins = "30" if m.group(4) else m.group(3)
            patch.departure_time = _clock(m.group(2), mins, _ko_ampm(m.group(1)))


def _ko_ampm(word: str | None) -> str | None:
    if word in ("오후", "저녁", "밤"):
        return "pm"
    return "am" if word in ("오전", "아침", "새벽") else None


def _clock(hours: str, mins: str | None, ampm: str | None) -> str | None:
    h, mm = int(hours), int(mins or 0)
    if ampm == "pm" and h < 12:
        h += 12
    if ampm == "am" and h == 12:
        h = 0
    if not (0 <= h <= 23 and 0 <= mm <= 59):
        return None
    return f"{h:02d}:{mm:02d}"
