"""Dates as each language writes them (``Tue 4 Jun`` / ``6월 4일 (화)``), formatted by Babel from
the CLDR data for the reply's locale, with one pattern per form and language here."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from bot.i18n.lang import Lang

# LDML patterns: letters are fields (d day, M/MMM month, EEE/E weekday, y year), Hangul is literal.
_PATTERNS: dict[str, dict[Lang, str]] = {
    "short": {"en": "d MMM", "ko": "M월 d일"},
    "numeric": {"en": "d MMM", "ko": "M/d"},
    "weekday": {"en": "EEE d MMM", "ko": "M월 d일 (E)"},
    "with_year": {"en": "d MMM y", "ko": "y년 M월 d일"},
}


def _format(day: date, form: str, lang: Lang) -> str:
    return format_date(day, _PATTERNS[form][lang], locale=lang)


def short_date(day: date, lang: Lang) -> str:
    """``4 Jun`` / ``6월 4일``."""
    return _format(day, "short", lang)


def numeric_date(day: date, lang: Lang) -> str:
    """``4 Jun`` / ``6/4`` (where space is short)."""
    return _format(day, "numeric", lang)


def weekday_date(day: date, lang: Lang) -> str:
    """``Tue 4 Jun`` / ``6월 4일 (화)``."""
    return _format(day, "weekday", lang)


def date_range(start: date, end: date, lang: Lang) -> str:
    """``12 Mar – 14 Mar 2027`` / ``2027년 3월 12일 – 3월 14일`` (the year written once)."""
    if lang == "ko":
        return f"{_format(start, 'with_year', lang)} – {short_date(end, lang)}"
    return f"{short_date(start, lang)} – {_format(end, 'with_year', lang)}"
