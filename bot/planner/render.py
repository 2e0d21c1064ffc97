"""Chat renderers for itineraries, in English and Korean, as plain text.

The output contract is the original product's: Day 1, Day 2, ... each split into morning /
afternoon / evening (오전 / 오후 / 저녁) with the bundle's area, attractions as ``number : name``,
meals with a signature dish, transit lines, costs, rain alternatives, a map link per day, totals
against the budget, the assumptions, a data-freshness note and a closing invitation. No markup:
adapters escape and style the text. Lines stay short so a plan reads on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.i18n import LANGS, MESSAGES, Lang, t
from bot.i18n.assumptions import assumption
from bot.i18n.dates import short_date, weekday_date
from bot.planner.checker import Violation, continued_visits
from bot.planner.geo import ANCHORS
from bot.planner.itinerary import SNACK, Day, Item, Itinerary
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase, minutes, span
from bot.planner.pricing import Price, day_prices
from bot.trip import Party, TripRequest

MEAL_KINDS = ("breakfast", "lunch", "dinner", "snack")
BLOCK_ICON = {"morning": "☀️", "afternoon": "🌤️", "evening": "🌙"}
MODE_ICON = {
    "walk": "🚶",
    "mrt": "🚇",
    "taxi": "🚕",
    "car": "🚗",
    "sentosa_express": "🚝",
    "cable_car": "🚡",
    "shuttle": "🚌",
    "bus": "🚌",
    "ferry": "⛴️",
}
AREA_KO = {a.name_en: a.name_ko for a in ANCHORS.values()} | {
    "Bugis": "부기스",
    "Bukit Timah": "부킷 티마",
    "Central": "중부",  # the central region (MacRitchie, Bishan), not downtown
    "Changi": "창이",
    "Civic District": "시빅 디스트릭트",
    "Clarke Quay": "클락 키",
    "Dempsey": "뎀시",
    "East": "동부",
    "East Coast": "이스트 코스트",
    "HarbourFront": "하버프런트",
    "Jurong": "주롱",
    "Kampong Glam": "캄퐁 글람",
    "Katong": "카통",
    "Kranji": "크란지",
    "Mandai": "만다이",
    "North": "북부",
    "Northern Islands": "북부 섬",
    "Novena": "노베나",
    "Punggol": "풍골",
    "Raffles Place": "래플스 플레이스",
    "Southern Islands": "남부 섬",
    "Southern Ridges": "서던 리지스",
    "Tiong Bahru": "티옹바루",
    "West": "서부",
}


MEAL_WORDS = frozenset(
    {*MEAL_KINDS, *(t(lang, f"plan.{kind}").casefold() for lang in LANGS for kind in MEAL_KINDS)}
)


def sgd(amount: float) -> str:
    """Format Singapore dollars: ``S$12`` or ``S$12.50``."""
    rounded = round(amount, 2)
    return f"S${rounded:,.0f}" if rounded == int(rounded) else f"S${rounded:,.2f}"


def place_label(place: Attraction | FoodPlace, lang: Lang) -> str:
    """``number : name`` for numbered attractions, the bare name otherwise."""
    name = place.names.of(lang)
    number = place.number if isinstance(place, Attraction) else None
    return f"{number} : {name}" if number is not None else name


def area_name(area: str, lang: Lang) -> str:
    """The area in the reader's language where a translation is known."""
    return AREA_KO.get(area, area) if lang == "ko" else area


def day_header(index: int, day: date, lang: Lang) -> str:
    """``Day 1 · Tue 4 Jun`` / ``1일차 · 6월 4일 (화)``."""
    return t(lang, "plan.day_header", n=index + 1, date=weekday_date(day, lang))


def render_itinerary(it: Itinerary, kb: KnowledgeBase, lang: Lang) -> str:
    """Render a whole plan as chat text."""
    parts = [_trip_header(it.request, len(it.days), lang)]
    parts += [render_day(it, kb, index, lang) for index in range(len(it.days))]
    parts.append(_totals(it, kb, lang))
    if it.assumptions:
        shown = [assumption_text(a, lang) for a in it.assumptions]
        parts.append("\n".join([t(lang, "plan.assumptions"), *(f"• {a}" for a in shown)]))
    parts.append(t(lang, "plan.data_note", when=_data_as_of(it, kb)))
    parts.append(t(lang, "plan.closing"))
    return "\n\n".join(parts)


FREE_TIME_MIN = 75  # a gap this long in a day is shown as free time


def render_day(it: Itinerary, kb: KnowledgeBase, day_index: int, lang: Lang) -> str:
    """Render one day: header, blocks with their items, map link and the day's cost."""
    day = it.days[day_index]
    lines = [day_header(day_index, day.date, lang)]
    current: str | None = None
    mixed = _mixed(it.request.party)
    prices = _item_prices(day, kb)
    resumed = continued_visits(day.items, kb)
    for pos, item in enumerate(day.items):
        lines += _free_time(day.items, pos, lang)  # ends the block it starts in
        block = _block_for(day.items, pos)
        if block != current:
            current = block
            lines += ["", _block_header(day, block, lang)]
        if pos in resumed:  # the park visit goes on after lunch inside it: no new ticket
            place = kb.places.get(item.place_id or "")
            what = place_label(place, lang) if place is not None else item.name
            lines.append(f"{item.start}–{item.end}  {what} · {t(lang, 'plan.continued')}")
            continue
        lines += _item_lines(item, kb, lang, day_index, prices[pos] if mixed else None)
        lines += _ticket_notes(item, kb, lang, prices[pos], it.request.party)
    lines.append("")
    if day.maps_url:
        lines.append(t(lang, "plan.map", url=day.maps_url))
    if mixed and it.request.party is not None:
        adult, child = _category_costs(day, prices)
        party = adult * it.request.party.adults + child * it.request.party.children
        lines.append(
            t(lang, "plan.day_cost_mixed", adult=sgd(adult), child=sgd(child), party=sgd(party))
        )
    else:
        cost = sum(item.cost_sgd for item in day.items)
        lines.append(t(lang, "plan.day_cost", amount=sgd(cost)))
    return "\n".join(lines)


def _free_time(items: Sequence[Item], pos: int, lang: Lang) -> list[str]:
    """Say so when the day leaves a long gap before an item (time to rest), rather than show
    an unexplained hole in the day."""
    if pos == 0:
        return []
    gap = minutes(items[pos].start) - minutes(items[pos - 1].end)
    if gap < FREE_TIME_MIN:
        return []
    return [t(lang, "plan.free_time", start=items[pos - 1].end, end=items[pos].start)]


def _mixed(party: Party | None) -> bool:
    """Whether prices must be shown per person category (adults with children)."""
    return party is not None and party.adults > 0 and party.children > 0


def _item_prices(day: Day, kb: KnowledgeBase) -> list[Price | None]:
    """Each item's ticket per category (``None`` for meals and transit)."""
    visits = [pos for pos, i in enumerate(day.items) if i.kind in ("visit", "show")]
    found = day_prices(kb, [day.items[pos].place_id for pos in visits])
    out: list[Price | None] = [None] * len(day.items)
    for pos, price in zip(visits, found, strict=True):
        out[pos] = price
    return out


def _category_costs(day: Day, prices: Sequence[Price | None]) -> tuple[float, float]:
    """A day's cost for one adult and for one child (meals and transit cost both the same)."""
    adult = child = 0.0
    for item, price in zip(day.items, prices, strict=True):
        adult += price.adult if price is not None else item.cost_sgd
        child += price.child if price is not None else item.cost_sgd
    return adult, child


def _ticket_notes(
    item: Item, kb: KnowledgeBase, lang: Lang, price: Price | None, party: Party | None
) -> list[str]:
    """A visit's ticket lines: its combined ticket, the children's cheaper one (only when
    children travel: a hint for nobody in the party is noise), booking, closures."""
    out: list[str] = []
    if price is not None and price.ticket is not None:
        ticket = next((c for c in kb.tickets if c.id == price.ticket), None)
        if ticket is not None:
            name = ticket.names.of(lang)
            first = price.adult > 0 or price.child > 0
            key = "plan.combo_first" if first else "plan.combo_rest"
            out.append("   " + t(lang, key, ticket=name))
    children = party is not None and party.children > 0
    if children and price is not None and price.child_ticket is not None and price.child > 0:
        child = next((c for c in kb.tickets if c.id == price.child_ticket), None)
        if child is not None:
            name = child.names.of(lang)
            out.append("   " + t(lang, "plan.combo_child", ticket=name))
    place = kb.places.get(item.place_id or "")
    if item.kind != "transit" and place is not None and place.admission == "timed_ticket":
        out.append("   " + t(lang, "plan.book"))
    if isinstance(place, Attraction) and place.closure_note:  # undated closures: say so
        out.append("   " + t(lang, "plan.closure", note=place.closure_note))
    return out


def _trip_header(request: TripRequest, days: int, lang: Lang) -> str:
    bits = [t(lang, "plan.days", n=days) if days != 1 else t(lang, "plan.one_day")]
    if request.party is not None:
        bits.append(_party(request.party, lang))
    span = ""
    if request.start_date and request.end_date:
        span = f": {short_date(request.start_date, lang)} – {short_date(request.end_date, lang)}"
    return f"{t(lang, 'plan.title')}{span}\n" + " · ".join(bits)


def _party(party: Party, lang: Lang) -> str:
    out = [t(lang, "plan.adults", n=party.adults) if party.adults != 1 else t(lang, "plan.adult")]
    if party.children:
        out.append(
            t(lang, "plan.children", n=party.children)
            if party.children != 1
            else t(lang, "plan.child")
        )
    return ", ".join(out)


def _block_for(items: Sequence[Item], pos: int) -> str:
    """An item's block; transit belongs to the block of the place it leads to."""
    for item in items[pos:]:
        if item.kind != "transit":
            return item.block or _block_by_clock(item.start)
    return items[pos].block or _block_by_clock(items[pos].start)


def _block_by_clock(start: str) -> str:
    m = minutes(start)
    return "morning" if m < 12 * 60 else "afternoon" if m < 17 * 60 else "evening"


def _block_header(day: Day, block: str, lang: Lang) -> str:
    areas = [b.area for b in day.bundles if b.block == block]
    title = f"{BLOCK_ICON.get(block, '•')} {t(lang, f'plan.{block}')}"
    if areas:
        title += " · " + " + ".join(area_name(a, lang) for a in dict.fromkeys(areas))
    return title


def _item_lines(
    item: Item, kb: KnowledgeBase, lang: Lang, day_index: int, price: Price | None = None
) -> list[str]:
    if item.kind == "transit":
        mode = item.mode or "walk"
        modes: list[str] = [m for m in item.via if m != "walk"] or [mode]
        words = " + ".join(t(lang, f"plan.{m}") for m in dict.fromkeys(modes))
        line = f"   {MODE_ICON[mode]} {words} {t(lang, 'plan.min', n=span(item.start, item.end))}"
        anchor = ANCHORS.get(item.to_id or "")
        if anchor is not None:
            line += f" → {anchor.name_ko if lang == 'ko' else anchor.name_en}"
        return [line + (f" · {sgd(item.cost_sgd)}" if item.cost_sgd > 0 else "")]
    place = kb.places.get(item.place_id or "")
    what = place_label(place, lang) if place is not None else item.name
    if item.kind == "meal":
        what = _meal(item, place, lang, day_index)
    elif item.kind == "show":
        what = f"🎭 {what} ({t(lang, 'plan.show')})"
    cost = sgd(item.cost_sgd) if item.cost_sgd > 0 else t(lang, "plan.free")
    if price is not None and price.adult != price.child:
        cost = " · ".join(
            t(lang, key, price=sgd(amount) if amount > 0 else t(lang, "plan.free"))
            for key, amount in (
                ("plan.adult_price", price.adult),
                ("plan.child_price", price.child),
            )
        )
    lines = [f"{item.start}–{item.end}  {what} · {cost}"]
    alternative = kb.places.get(item.rain_alternative_id or "")
    if alternative is not None:
        lines.append("   " + t(lang, "plan.rain", place=place_label(alternative, lang)))
    if item.note and not _repeats_meal_kind(item):
        lines.append(f"   📝 {item.note}")
    return lines


def _repeats_meal_kind(item: Item) -> bool:
    """Whether a meal's note only names its slot ("lunch"), which the meal line already says."""
    return item.kind == "meal" and item.note.strip().casefold() in MEAL_WORDS


def _meal(item: Item, place: Attraction | FoodPlace | None, lang: Lang, day_index: int) -> str:
    m = minutes(item.start)
    kind = "breakfast" if m < 11 * 60 else "lunch" if m < 16 * 60 else "dinner"
    label = t(lang, "plan." + (SNACK if item.note == SNACK else kind))
    if not isinstance(place, FoodPlace):
        return f"🍴 {label}: {item.name}"
    dishes = place.signature_dishes
    dish = dishes[day_index % len(dishes)]
    dish_name = dish.ko if lang == "ko" else dish.en
    return f"🍴 {label}: {place_label(place, lang)} — {t(lang, 'plan.try', dish=dish_name)}"


def _totals(it: Itinerary, kb: KnowledgeBase, lang: Lang) -> str:
    """Totals recomputed from the items, per person and for the party, against the budget."""
    sums = {"visit": 0.0, "show": 0.0, "meal": 0.0, "transit": 0.0}
    for day in it.days:
        for item in day.items:
            sums[item.kind] += item.cost_sgd
    total = sum(sums.values())
    party = it.request.party
    if party is not None and _mixed(party):
        # never an averaged price for a mixed group: one figure per person category
        adult = child = 0.0
        for day in it.days:
            a, c = _category_costs(day, _item_prices(day, kb))
            adult, child = adult + a, child + c
        lines = [t(lang, "plan.per_category", adult=sgd(adult), child=sgd(child))]
        party_total = adult * party.adults + child * party.children
        lines.append(t(lang, "plan.party", n=party.size, total=sgd(party_total)))
        total = max(adult, child)  # the budget is per person: judge the dearer category
    else:
        lines = [
            t(
                lang,
                "plan.per_person",
                total=sgd(total),
                tickets=sgd(sums["visit"] + sums["show"]),
                food=sgd(sums["meal"]),
                move=sgd(sums["transit"]),
            )
        ]
        size = party.size if party else 1
        if size > 1:
            lines.append(t(lang, "plan.party", n=size, total=sgd(total * size)))
    budget = it.request.budget
    if budget is not None:
        left = float(budget.to_sgd()) - total
        shown = sgd(float(budget.to_sgd()))
        if budget.currency != "SGD":
            shown += f" ({budget.amount:,.0f} {budget.currency})"
        key, amount = ("plan.budget_ok", "left") if left >= 0 else ("plan.budget_over", "over")
        lines.append(t(lang, key, budget=shown, **{amount: sgd(abs(left))}))
    return "\n".join(lines)


def _data_as_of(it: Itinerary, kb: KnowledgeBase) -> str:
    if it.data_as_of:
        return it.data_as_of
    used = [kb.places.get(i.place_id or "") for d in it.days for i in d.items]
    return max((p.as_of for p in used if p is not None), default=kb.mrt.as_of).isoformat()


def assumption_text(text: str, lang: Lang) -> str:
    """An assumption line in ``lang`` (the planner states them in English)."""
    return assumption(text, lang, AREA_KO)


def render_violations(violations: Sequence[Violation], lang: Lang) -> str:
    """List a plan's problems, one line each (the English detail follows the title)."""
    lines = [t(lang, "plan.problems")]
    for v in violations:
        key = f"violation.{v.code}"
        title = t(lang, key if key in MESSAGES else "violation.generic")
        where = t(lang, "plan.day", n=v.day + 1) + " · " if v.day is not None else ""
        lines.append(f"• {where}{title}: {v.detail}")
    return "\n".join(lines)
