"""The attraction catalogue in chat: look an attraction up, describe it, list them by page.

Plans name attractions as ``number : name`` (the original STB numbers). Names are looked up in
the one place index (:mod:`bot.intake.places`); this module renders the page found: summary,
today's hours, prices, the nearest MRT station and a link. Plain text; adapters style it.
"""

from __future__ import annotations

import math
import re
from datetime import date

from bot.i18n import MESSAGES, Lang, t
from bot.planner.checker import walk_minutes
from bot.planner.geo import Point
from bot.planner.kb import Attraction, KnowledgeBase, hhmm
from bot.planner.render import area_name, place_label, sgd


def style_name(style: str, lang: Lang) -> str:
    """A travel style as the catalogue shows it ("city sightseeing", "도시 관광")."""
    key = f"catalogue.style.{style}"
    return t(lang, key) if key in MESSAGES else style


def describe_attraction(a: Attraction, kb: KnowledgeBase, lang: Lang, today: date) -> str:
    """Render one attraction's catalogue page for ``today``."""
    lines = [place_label(a, lang), a.summary.ko if lang == "ko" else a.summary.en, ""]
    lines.append(t(lang, "catalogue.today", hours=_hours_today(a, lang, today)))
    if a.show_times:
        shows = a.shows_on(today) or a.all_show_times
        lines.append(t(lang, "catalogue.shows", times=", ".join(shows)))
    if a.admission != "walk_in":
        lines.append(
            t(lang, "catalogue." + ("appointment" if a.admission == "appointment" else "timed"))
        )
    if a.price_adult_sgd == 0 and a.price_child_sgd == 0:
        lines.append(t(lang, "catalogue.free"))
    else:
        adult, child = (
            sgd(p) if p else t(lang, "catalogue.free_word")
            for p in (a.price_adult_sgd, a.price_child_sgd)
        )
        lines.append(t(lang, "catalogue.price", adult=adult, child=child))
        if a.price_senior_sgd is not None:
            lines.append(t(lang, "catalogue.senior", price=sgd(a.price_senior_sgd)))
    station = kb.stations.get(a.mrt_station)
    if station is not None:
        walk = walk_minutes(Point(a.lat, a.lon), Point(station.lat, station.lon))
        codes = "/".join(station.codes)
        lines.append(t(lang, "catalogue.mrt", station=station.name, codes=codes, walk=walk))
    if a.access_note and lang == "en":  # access notes are kept in English only
        lines.append(f"🧭 {a.access_note}")
    if a.closure_note and lang == "en":
        lines.append(f"⚠️ {a.closure_note}")
    lines.append(t(lang, "catalogue.address", address=a.address or area_name(a.area, lang)))
    styles = ", ".join(style_name(s.value, lang) for s in a.styles)
    lines.append(t(lang, "catalogue.styles", styles=styles))
    if a.url:
        lines.append(t(lang, "catalogue.link", url=a.url))
    return "\n".join(lines)


def _hours_today(a: Attraction, lang: Lang, today: date) -> str:
    intervals = a.open_intervals(today)
    if not intervals:
        return t(lang, "catalogue.closed")
    hours = ", ".join(f"{hhmm(start)}–{hhmm(end)}" for start, end in intervals)
    if a.last_entry_before_close_min:
        last = hhmm(intervals[-1][1] - a.last_entry_before_close_min)
        hours += f" ({t(lang, 'catalogue.last_entry', time=last)})"
    return hours


def _key(text: str) -> str:
    """Fold case and drop everything but letters and digits (Hangul included)."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _order(a: Attraction) -> tuple[int, int, str]:
    return (0 if a.number is not None else 1, a.number or 0, a.names.en)


def _matches(a: Attraction, key: str) -> bool:
    names = [a.area, area_name(a.area, "ko"), *a.tags]
    for style in a.styles:
        names += [style.value, style_name(style.value, "en"), style_name(style.value, "ko")]
    return any(_key(n) == key for n in names)


def list_attractions(
    kb: KnowledgeBase, lang: Lang, filter: str | None, page: int, page_size: int = 10
) -> tuple[str, int]:
    """Return one page of the catalogue (filtered by area, style or tag) and the page count."""
    key = _key(filter or "")
    chosen = sorted((a for a in kb.attractions if not key or _matches(a, key)), key=_order)
    if key and not chosen:
        loose = (a for a in kb.attractions if key in _key(" ".join((a.area, *a.tags))))
        chosen = sorted(loose, key=_order)
    if not chosen:
        return t(lang, "catalogue.none", query=filter or ""), 0
    size = max(1, page_size)
    pages = math.ceil(len(chosen) / size)
    page = min(max(1, page), pages)
    what = f" ({filter.strip()})" if filter and filter.strip() else ""
    lines = [t(lang, "catalogue.list_title", what=what, page=page, pages=pages)]
    for a in chosen[(page - 1) * size : page * size]:
        lines.append(f"• {place_label(a, lang)} — {area_name(a.area, lang)}")
    lines += ["", t(lang, "catalogue.list_hint")]
    return "\n".join(lines), pages
