"""The group's texts: the ledger (``/group``), fairness lines under a plan, costs and ``/split``.

Plain text in English or Korean (adapters escape it); every display name goes through
:func:`safe_name`, so a name never pings anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.i18n import Lang, t
from bot.i18n.dates import numeric_date
from bot.planner.itinerary import Itinerary
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase
from bot.trip import AVOID_KIND_TAGS, MAX_TRIP_DAYS, kind_tags

from .fairness import MemberReport
from .ledger import GroupLedger, MemberWishes
from .money import GroupCosts, member_costs
from .names import safe_name


@dataclass(frozen=True)
class Places:
    """Place names in one language, and the kinds (tags) of each place."""

    kb: KnowledgeBase
    lang: Lang
    by_id: dict[str, Attraction | FoodPlace] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id.update(self.kb.places)

    def __call__(self, place_id: str) -> str:
        place = self.by_id.get(place_id)
        if place is None:
            return place_id
        return place.names.ko if self.lang == "ko" else place.names.en

    def tags(self, place_id: str) -> tuple[str, ...]:
        place = self.by_id.get(place_id)
        return place.tags if isinstance(place, Attraction) else ()


PlaceName = Places


def _money(amount: float) -> str:
    return f"{amount:,.0f}"


def day_span(days: Sequence[int], trip_days: int | None = None) -> str:
    """``[2, 3]`` → ``2–3``; ``[1, 3]`` → ``1, 3`` (clipped to the trip's length when known)."""
    shown = [d for d in days if trip_days is None or d <= trip_days]
    if not shown:
        return ""
    if shown == list(range(shown[0], shown[-1] + 1)) and len(shown) > 1:
        return f"{shown[0]}–{shown[-1]}"
    return ", ".join(str(d) for d in shown)


def wish_summary(
    member: MemberWishes, lang: Lang, name: PlaceName, trip_days: int | None = None
) -> str:
    """A member's wishes on one line ("wants Night Safari · cap S$400 · days 2–3")."""
    parts: list[str] = []
    if member.must_see:
        parts.append(f"{t(lang, 'group.wants')}: " + ", ".join(name(p) for p in member.must_see))
    kinds = kind_tags(member.avoid_kinds)
    avoided = [kind_label(k, lang) for k in member.avoid_kinds]
    avoided += [name(p) for p in member.avoid if not kinds & set(name.tags(p))]
    if avoided:
        parts.append(f"{t(lang, 'group.avoids')}: " + ", ".join(avoided[:6]))
    if member.styles:
        styles = ", ".join(t(lang, f"style.{s.value}") for s in member.styles)
        parts.append(f"{t(lang, 'group.styles')}: " + styles)
    if member.budget_sgd is not None:
        parts.append(t(lang, "group.cap", amount=_money(member.budget_sgd)))
    if member.days and trip_days is None and member.days[-1] >= MAX_TRIP_DAYS:
        parts.append(t(lang, "group.from_day", day=member.days[0]))
    elif member.days and day_span(member.days, trip_days):
        parts.append(t(lang, "group.days", days=day_span(member.days, trip_days)))
    if member.mobility:
        parts.append(t(lang, "group.mobility"))
    parts += _tickets(member, lang)
    return " · ".join(parts) or t(lang, "group.no_wishes")


def _tickets(member: MemberWishes, lang: Lang) -> list[str]:
    """The member's own ticket category and the children they bring ("senior ticket (67)")."""
    out: list[str] = []
    category = member.category
    if category != "adult":
        text = t(lang, f"group.ticket_{category}")
        if member.age is not None:
            text += f" ({t(lang, 'group.age', age=member.age)})"
        out.append(text)
    if member.children:
        known = [t(lang, "group.age", age=a) for a in member.children if a is not None]
        ages = f" ({', '.join(known)})" if known else ""
        out.append(t(lang, "group.brings", n=len(member.children), ages=ages))
    return out


def kind_label(kind: str, lang: Lang) -> str:
    """A kind of place in words ("museums", "박물관"); a kind no longer known, as stored."""
    return t(lang, f"kind.{kind}") if kind in AVOID_KIND_TAGS else kind


def fairness_line(rep: MemberReport, lang: Lang, name: PlaceName) -> str:
    """What the plan does for one member: "2/3 of your wishes · no museums: kept ✓ · Food on
    3/3 days · Jewel did not fit the days — vote to swap?" — the count first, what did not fit
    (and the question) last (empty: no wishes of theirs)."""
    others = [_avoid_part(rep, lang, name)] if rep.days else []
    others += [
        t(lang, "group.fair_style", style=t(lang, f"style.{s.value}"), n=n, total=rep.days)
        for s, n in (rep.styles if rep.days else ())
    ]
    count, why = _wish_parts(rep, lang, name)
    return " · ".join(p for p in [count, *others, why] if p)


def _avoid_part(rep: MemberReport, lang: Lang, name: PlaceName) -> str:
    """ "no museums: kept ✓", or the avoided places the plan has."""
    member = rep.member
    if rep.clashes:
        return t(lang, "group.avoid_broken", places=", ".join(name(p) for p in rep.clashes))
    kinds = kind_tags(member.avoid_kinds)
    avoided = [kind_label(k, lang) for k in member.avoid_kinds]
    avoided += [name(p) for p in member.avoid if not kinds & set(name.tags(p))]
    if not avoided:
        return ""
    shown = ", ".join(avoided[:3]) + ("…" if len(avoided) > 3 else "")
    return t(lang, "group.fair_avoid_kept", what=shown)


def _wish_parts(rep: MemberReport, lang: Lang, name: PlaceName) -> tuple[str, str]:
    """ "2/2 of your wishes ✓", or "1/2 of your wishes" and "Jewel did not fit the days —
    vote to swap?"."""
    if not rep.wished:
        return "", ""
    text = t(lang, "group.served", n=len(rep.served), total=len(rep.wished))
    if not rep.missed:
        return text + " " + t(lang, "group.all_served"), ""
    why = "; ".join(
        t(lang, f"group.{reason}", place=name(p), day=day) for p, reason, day in rep.missed
    )
    if all(reason == "voted" for _, reason, _ in rep.missed):
        return text, why
    return text, f"{why} — {t(lang, 'group.vote')}"


def fairness_block(reports: Sequence[MemberReport], lang: Lang, name: PlaceName) -> str:
    """One fairness line per member with wishes of any kind (places, avoids, styles), next to
    their display name (escaped: it never pings)."""
    lines = [
        f"• {safe_name(r.member.name)}: {line}"
        for r in reports
        if (line := fairness_line(r, lang, name))
    ]
    return "\n".join([t(lang, "group.fair_head"), *lines]) if lines else ""


def cost_block(itinerary: Itinerary, ledger: GroupLedger, lang: Lang, kb: KnowledgeBase) -> str:
    """Cost per member (their own ticket category) and the total, on one short paragraph."""
    costs = member_costs(itinerary, ledger, kb)
    trip_days = len(itinerary.days)
    parts = []
    for cost in costs.members:
        member = ledger.member(cost.user_id)
        shown = member.name if member else ""
        days = ""
        if member is not None and member.days and len(cost.days) < trip_days:
            days = t(lang, "group.cost_days", days=day_span(cost.days))
        total = _money(cost.total)
        parts.append(t(lang, "group.cost_line", name=safe_name(shown), total=total, days=days))
    if costs.others:
        parts.append(t(lang, "group.others", n=costs.others, each=_money(costs.other_each)))
    return (
        t(lang, "group.cost_head") + " " + " · ".join(parts) + "\n"
        + t(lang, "group.total", total=_money(costs.total))
    )  # fmt: skip


def split_text(costs: GroupCosts, ledger: GroupLedger, lang: Lang) -> str:
    """``/split``: each member's tickets, food, transport (their taxi share) and total."""
    lines = [t(lang, "group.split_head")]
    for cost in costs.members:
        member = ledger.member(cost.user_id)
        rides = ""
        if cost.shared_rides:
            rides = t(lang, "group.split_rides", amount=_money(cost.shared_rides))
        lines.append(
            t(lang, "group.split_line", name=safe_name(member.name if member else ""),
                tickets=_money(cost.tickets), food=_money(cost.food),
                transport=_money(cost.transport), rides=rides, total=_money(cost.total),
            )
        )  # fmt: skip
    if costs.others:
        lines.append("• " + t(lang, "group.others", n=costs.others, each=_money(costs.other_each)))
    lines.append(t(lang, "group.total", total=_money(costs.total)))
    lines.append(t(lang, "group.split_fares", amount=_money(costs.ride_fares)))
    return "\n".join(lines)


def ledger_text(
    ledger: GroupLedger,
    reports: Sequence[MemberReport] | None,
    lang: Lang,
    name: PlaceName,
    itinerary: Itinerary | None = None,
    trip_days: int | None = None,
) -> str:
    """``/group``: each member, their wishes, and how the current plan serves them."""
    if not ledger.members:
        return t(lang, "group.empty")
    by_user = {r.member.user_id: r for r in reports or ()}
    costs = member_costs(itinerary, ledger, name.kb) if itinerary is not None else None
    share = {c.user_id: c.total for c in costs.members} if costs else {}
    lines = [t(lang, "group.head", n=len(ledger.members))]
    for member in ledger.members:
        lines.append(f"• {safe_name(member.name)} — {wish_summary(member, lang, name, trip_days)}")
        served: list[str] = []
        rep = by_user.get(member.user_id)
        if rep is not None and (line := fairness_line(rep, lang, name)):
            served.append(line)
        if member.user_id in share:
            key = "group.share_cap" if member.budget_sgd is not None else "group.share"
            served.append(
                t(
                    lang,
                    key,
                    amount=_money(share[member.user_id]),
                    cap=_money(member.budget_sgd or 0),
                )
            )
        if served:
            lines.append("   " + " · ".join(served))
    if itinerary is None:
        lines.append(t(lang, "group.no_plan"))
    return "\n".join(lines)


def pinned_text(
    itinerary: Itinerary,
    ledger: GroupLedger,
    head: tuple[int, str, str],
    lang: Lang,
    name: PlaceName,
) -> str:
    """The pinned plan: a version line, one line per day, the cost per member (≤ 4,096 chars)."""
    version, who, what = head
    lines = [t(lang, "group.pin_head", n=version, name=safe_name(who), what=what)]
    for number, day in enumerate(itinerary.days, start=1):
        visits = [name(i.place_id) for i in day.items if i.kind != "transit" and i.place_id]
        shown = numeric_date(day.date, lang)
        lines.append(
            t(lang, "group.pin_day", n=number, date=shown, places=" → ".join(visits) or "—")
        )
    if ledger.members:
        lines += ["", cost_block(itinerary, ledger, lang, name.kb)]
    return "\n".join(lines)[:4000]
