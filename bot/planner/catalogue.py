"""The attraction catalogue in chat: look an attraction up, describe it, list them by page.

Plans name attractions as ``number : name`` (the original STB numbers). Names are looked up in
the one place index (:mod:`bot.intake.places`); this module renders the page found: summary,
today's hours, prices, the nearest MRT station and a link. Plain text; adapters style it.
"""

from __future__ import annotations

import math
import re
from datetime import date

from bot.planner.checker import walk_minutes
from bot.planner.geo import Point
from bot.planner.kb import Attraction, KnowledgeBase, hhmm
from bot.planner.render import Lang, area_name, place_label, sgd

STYLE_NAMES: dict[Lang, dict[str, str]] = {
    "en": {
        "nature": "nature",
        "city": "city sightseeing",
        "food": "food",
        "luxury": "luxury",
        "value": "value for money",
        "family": "with children",
    },
    "ko": {
        "nature": "자연",
        "city": "도시 관광",
        "food": "음식",
        "luxury": "럭셔리",
        "value": "가성비",
        "family": "아이와 함께",
    },
}

TEXT: dict[Lang, dict[str, str]] = {
    "en": {
        "today": "🕘 Today: {hours}",
        "closed": "closed today",
        "last_entry": "last entry {time}",
        "price": "💵 Adult {adult} · Child {child}",
        "free": "💵 Free entry",
        "free_word": "free",
        "mrt": "🚇 Nearest MRT: {station} ({codes}), {walk} min walk",
        "address": "📍 {address}",
        "link": "🔗 {url}",
        "styles": "🏷️ {styles}",
        "list_title": "📚 Attractions{what} — page {page}/{pages}",
        "list_hint": "Send a number or a name to see an attraction.",
        "none": "No attractions match “{query}”.",
        "shows": "🎭 Shows at {times}",
        "appointment": "📅 By appointment or booked tour only — not a walk-in visit",
        "timed": "🎟️ Book a time slot ahead",
        "senior": "💵 Senior {price}",
    },
    "ko": {
        "today": "🕘 오늘: {hours}",
        "closed": "오늘 휴무",
        "last_entry": "입장 마감 {time}",
        "price": "💵 성인 {adult} · 어린이 {child}",
        "free": "💵 무료 입장",
        "free_word": "무료",
        "mrt": "🚇 가까운 MRT: {station} ({codes}), 도보 {walk}분",
        "address": "📍 {address}",
        "link": "🔗 {url}",
        "styles": "🏷️ {styles}",
        "list_title": "📚 관광지{what} — {page}/{pages}쪽",
        "list_hint": "번호나 이름을 보내면 자세히 알려 드립니다.",
        "none": "“{query}”에 맞는 관광지가 없습니다.",
        "shows": "🎭 공연 시간 {times}",
        "appointment": "📅 예약 또는 가이드 투어로만 방문 가능 — 자유 입장 불가",
        "timed": "🎟️ 입장 시간 사전 예약 필요",
        "senior": "💵 경로 {price}",
    },
}


def describe_attraction(a: Attraction, kb: KnowledgeBase, lang: Lang, today: date) -> str:
    """Render one attraction's catalogue page for ``today``."""
    text = TEXT[lang]
    lines = [place_label(a, lang), a.summary.ko if lang == "ko" else a.summary.en, ""]
    lines.append(text["today"].format(hours=_hours_today(a, lang, today)))
    if a.show_times:
        shows = a.shows_on(today) or a.all_show_times
        lines.append(text["shows"].format(times=", ".join(shows)))
    if a.admission != "walk_in":
        lines.append(text["appointment" if a.admission == "appointment" else "timed"])
    if a.price_adult_sgd == 0 and a.price_child_sgd == 0:
        lines.append(text["free"])
    else:
        adult, child = (
            sgd(p) if p else text["free_word"] for p in (a.price_adult_sgd, a.price_child_sgd)
        )
        lines.append(text["price"].format(adult=adult, child=child))
        if a.price_senior_sgd is not None:
            lines.append(text["senior"].format(price=sgd(a.price_senior_sgd)))
    station = kb.stations.get(a.mrt_station)
    if station is not None:
        walk = walk_minutes(Point(a.lat, a.lon), Point(station.lat, station.lon))
        codes = "/".join(station.codes)
        lines.append(text["mrt"].format(station=station.name, codes=codes, walk=walk))
    if a.access_note and lang == "en":  # access notes are kept in English only
        lines.append(f"🧭 {a.access_note}")
    if a.closure_note and lang == "en":
        lines.append(f"⚠️ {a.closure_note}")
    lines.append(text["address"].format(address=a.address or area_name(a.area, lang)))
    styles = ", ".join(STYLE_NAMES[lang].get(s.value, s.value) for s in a.styles)
    lines.append(text["styles"].format(styles=styles))
    if a.url:
        lines.append(text["link"].format(url=a.url))
    return "\n".join(lines)


def _hours_today(a: Attraction, lang: Lang, today: date) -> str:
    intervals = a.open_intervals(today)
    if not intervals:
        return TEXT[lang]["closed"]
    hours = ", ".join(f"{hhmm(start)}–{hhmm(end)}" for start, end in intervals)
    if a.last_entry_before_close_min:
        last = hhmm(intervals[-1][1] - a.last_entry_before_close_min)
        hours += f" ({TEXT[lang]['last_entry'].format(time=last)})"
    return hours


def _key(text: str) -> str:
    """Fold case and drop everything but letters and digits (Hangul included)."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _order(a: Attraction) -> tuple[int, int, str]:
    return (0 if a.number is not None else 1, a.number or 0, a.names.en)


def _matches(a: Attraction, key: str) -> bool:
    names = [a.area, area_name(a.area, "ko"), *a.tags]
    for style in a.styles:
        names += [style.value, STYLE_NAMES["en"][style.value], STYLE_NAMES["ko"][style.value]]
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
    text = TEXT[lang]
    if not chosen:
        return text["none"].format(query=filter or ""), 0
    size = max(1, page_size)
    pages = math.ceil(len(chosen) / size)
    page = min(max(1, page), pages)
    what = f" ({filter.strip()})" if filter and filter.strip() else ""
    lines = [text["list_title"].format(what=what, page=page, pages=pages)]
    for a in chosen[(page - 1) * size : page * size]:
        lines.append(f"• {place_label(a, lang)} — {area_name(a.area, lang)}")
    lines += ["", text["list_hint"]]
    return "\n".join(lines), pages
