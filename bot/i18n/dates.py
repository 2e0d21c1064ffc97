"""Dates as each language writes them: ``Tue 4 Jun`` / ``6월 4일 (화)``.

Fixed English month and weekday abbreviations (not the process locale's, as ``%b`` would be),
so the same plan gives the same bytes on every machine.
"""

from __future__ import annotations

from datetime import date

from bot.i18n.lang import Lang

_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_KO_WEEKDAYS = "월화수목금토일"
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: date, lang: Lang) -> str:
    """``4 Jun`` / ``6월 4일``."""
    if lang == "ko":
        return f"{day.month}월 {day.day}일"
    return f"{day.day} {_EN_MONTHS[day.month - 1]}"


def numeric_date(day: date, lang: Lang) -> str:
    """``4 Jun`` / ``6/4`` (where space is short)."""
    return f"{day.month}/{day.day}" if lang == "ko" else short_date(day, lang)


def weekday_date(day: date, lang: Lang) -> str:
    """``Tue 4 Jun`` / ``6월 4일 (화)``."""
    if lang == "ko":
        return f"{short_date(day, lang)} ({_KO_WEEKDAYS[day.weekday()]})"
    return f"{_EN_WEEKDAYS[day.weekday()]} {short_date(day, lang)}"


def date_range(start: date, end: date, lang: Lang) -> str:
    """``12 Mar – 14 Mar 2027`` / ``2027년 3월 12일 – 3월 14일``."""
    if lang == "ko":
        return f"{start.year}년 {short_date(start, lang)} – {short_date(end, lang)}"
    return f"{short_date(start, lang)} – {short_date(end, lang)} {end.year}"
