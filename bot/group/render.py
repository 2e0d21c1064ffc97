"""The group's texts: the ledger (``/group``), fairness lines under a plan, costs and ``/split``.

Plain text in English or Korean (adapters escape it); every display name goes through
:func:`safe_name`, so a name never pings anyone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.i18n import Lang
from bot.planner.itinerary import Itinerary
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase
from bot.trip import MAX_TRIP_DAYS

from .fairness import MemberReport
from .ledger import GroupLedger, MemberWishes
from .money import GroupCosts, member_costs
from .names import safe_name
from .wishes import AVOID_KINDS


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

TEXTS: dict[str, dict[Lang, str]] = {
    "head": {"en": "👥 Trip members ({n})", "ko": "👥 여행 멤버 ({n}명)"},
    "empty": {
        "en": "No members yet: everyone who writes to me here joins the trip. Tell me your wishes, "
        'e.g. "I want the Night Safari", "no museums", "my cap is S$400", "I can only come on '
        'days 2-3".',
        "ko": "아직 멤버가 없어요. 여기서 저에게 말하는 사람은 모두 여행 멤버가 됩니다. "
        '예: "나이트 사파리 가고 싶어요", "박물관은 싫어요", "내 예산은 40만원", '
        '"2~3일차만 가능해요".',
    },
    "private": {
        "en": "This is a private chat: add me to a group (or a Discord thread) to plan together.",
        "ko": "개인 대화예요. 함께 계획하려면 저를 그룹(또는 디스코드 스레드)에 초대해 주세요.",
    },
    "wants": {"en": "wants", "ko": "가고 싶은 곳"},
    "avoids": {"en": "avoids", "ko": "피하고 싶은 것"},
    "styles": {"en": "likes", "ko": "취향"},
    "cap": {"en": "cap S${amount}", "ko": "예산 상한 S${amount}"},
    "days": {"en": "days {days}", "ko": "{days}일차"},
    "mobility": {"en": "limited mobility", "ko": "이동 불편"},
    "ticket_child": {"en": "child ticket", "ko": "어린이 요금"},
    "ticket_senior": {"en": "senior ticket", "ko": "경로 요금"},
    "ticket_student": {
        "en": "student (adult price: no student rates known)",
        "ko": "학생 (학생 요금 정보가 없어 성인 요금)",
    },
    "age": {"en": "{age}", "ko": "{age}세"},
    "brings": {"en": "with {n} child(ren){ages}", "ko": "아이 {n}명 동반{ages}"},
    "no_wishes": {"en": "no wishes yet", "ko": "아직 바람 없음"},
    "served": {"en": "{n}/{total} of your wishes", "ko": "소원 {total}개 중 {n}개"},
    "all_served": {"en": "✓", "ko": "✓"},
    "no_fit": {"en": "{place} did not fit the days", "ko": "{place}: 일정에 맞지 않음"},
    "budget": {"en": "{place} was over a member's cap", "ko": "{place}: 예산 상한 초과"},
    "absent": {
        "en": "{place} is on day {day}, when you are away",
        "ko": "{place}: 불참일({day}일차)",
    },
    "avoided": {
        "en": "{place} is avoided by another member",
        "ko": "{place}: 다른 멤버가 원치 않음",
    },
    "voted": {"en": "{place} was dropped by the group's vote", "ko": "{place}: 투표로 빠짐"},
    "vote": {"en": "vote to swap?", "ko": "바꾸자고 투표할까요?"},
    "avoid_kept": {"en": "nothing you avoid is planned ✓", "ko": "피하고 싶은 곳 없음 ✓"},
    "avoid_broken": {
        "en": "planned though you avoid: {places}",
        "ko": "원치 않는 곳 포함: {places}",
    },
    "share": {"en": "share S${amount}", "ko": "부담액 S${amount}"},
    "share_cap": {
        "en": "share S${amount} of a S${cap} cap",
        "ko": "부담액 S${amount} / 상한 S${cap}",
    },
    "from_day": {"en": "from day {day}", "ko": "{day}일차부터"},
    "pin_head": {
        "en": "📌 v{n} · changed by {name}: {what}",
        "ko": "📌 v{n} · {name}님이 바꿈: {what}",
    },
    "pin_day": {"en": "Day {n} · {date}: {places}", "ko": "{n}일차 · {date}: {places}"},
    "superseded": {
        "en": "⚠️ Superseded — see the pinned plan (v{n}).",
        "ko": "⚠️ 지난 일정이에요 — 고정된 일정(v{n})을 보세요.",
    },
    "deadline": {"en": "the poll's deadline", "ko": "투표 마감 시간"},
    "what_plan": {"en": "made the plan", "ko": "일정을 만듦"},
    "what_vote": {"en": "a vote closed", "ko": "투표 마감"},
    "what_edit": {"en": "edited the plan", "ko": "일정을 고침"},
    "ledger_button": {"en": "👥 Everyone's wishes", "ko": "👥 모두의 바람"},
    "no_plan": {"en": "No plan yet.", "ko": "아직 일정이 없어요."},
    "fair_head": {"en": "For each of you:", "ko": "멤버별로:"},
    "cost_head": {"en": "Cost per member:", "ko": "멤버별 비용:"},
    "cost_line": {"en": "{name} S${total}{days}", "ko": "{name} S${total}{days}"},
    "cost_days": {"en": " (days {days})", "ko": " ({days}일차)"},
    "others": {"en": "{n} more in the party S${each} each", "ko": "그 밖의 일행 {n}명 각 S${each}"},
    "total": {"en": "Total S${total}", "ko": "합계 S${total}"},
    "split_head": {"en": "💸 Who pays what", "ko": "💸 누가 얼마를 내나요"},
    "split_line": {
        "en": "• {name}: tickets S${tickets} + food S${food} + transport S${transport}"
        "{rides} = S${total}",
        "ko": "• {name}: 입장료 S${tickets} + 식비 S${food} + 교통 S${transport}{rides}"
        " = S${total}",
    },
    "split_rides": {"en": " (taxi share S${amount})", "ko": " (택시 분담 S${amount})"},
    "split_fares": {
        "en": "Taxi and car fares (S${amount} in all) are split among those riding each day; "
        "each member pays their own tickets and meals.",
        "ko": "택시·차량 요금(총 S${amount})은 그날 함께 탄 사람끼리 나누고, "
        "입장료와 식비는 각자 냅니다.",
    },
    "noted": {"en": "Noted for {name}: {what}.", "ko": "{name}님 바람을 기록했어요: {what}."},
}


def tr(lang: Lang, key: str, **values: object) -> str:
    """One of this module's texts in ``lang``."""
    return TEXTS[key][lang].format(**values)


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
        parts.append(f"{tr(lang, 'wants')}: " + ", ".join(name(p) for p in member.must_see))
    kinds = set(member.avoid_kinds)
    avoided = [kind_label(k, lang) for k in member.avoid_kinds]
    avoided += [name(p) for p in member.avoid if not kinds & set(name.tags(p))]
    if avoided:
        parts.append(f"{tr(lang, 'avoids')}: " + ", ".join(avoided[:6]))
    if member.styles:
        parts.append(f"{tr(lang, 'styles')}: " + ", ".join(s.value for s in member.styles))
    if member.budget_sgd is not None:
        parts.append(tr(lang, "cap", amount=_money(member.budget_sgd)))
    if member.days and trip_days is None and member.days[-1] >= MAX_TRIP_DAYS:
        parts.append(tr(lang, "from_day", day=member.days[0]))
    elif member.days and day_span(member.days, trip_days):
        parts.append(tr(lang, "days", days=day_span(member.days, trip_days)))
    if member.mobility:
        parts.append(tr(lang, "mobility"))
    parts += _tickets(member, lang)
    return " · ".join(parts) or tr(lang, "no_wishes")


def _tickets(member: MemberWishes, lang: Lang) -> list[str]:
    """The member's own ticket category and the children they bring ("senior ticket (67)")."""
    out: list[str] = []
    category = member.category
    if category != "adult":
        text = tr(lang, f"ticket_{category}")
        if member.age is not None:
            text += f" ({tr(lang, 'age', age=member.age)})"
        out.append(text)
    if member.children:
        known = [tr(lang, "age", age=a) for a in member.children if a is not None]
        ages = f" ({', '.join(known)})" if known else ""
        out.append(tr(lang, "brings", n=len(member.children), ages=ages))
    return out


def kind_label(kind: str, lang: Lang) -> str:
    """A kind of place in words ("museums", "박물관")."""
    words = AVOID_KINDS.get(kind, (kind,))
    hangul = [w for w in words if re.search(r"[\uac00-\ud7a3]", w)]
    if lang == "ko" and hangul:
        return hangul[0]
    return words[1] if len(words) > 1 and words[1].endswith("s") else words[0]


def fairness_line(rep: MemberReport, lang: Lang, name: PlaceName) -> str:
    """ "2/2 of your wishes ✓" or "1/2 of your wishes · Jewel did not fit the days — vote…"."""
    if not rep.wished:
        return ""
    text = tr(lang, "served", n=len(rep.served), total=len(rep.wished))
    if not rep.missed:
        return text + " " + tr(lang, "all_served")
    why = "; ".join(tr(lang, reason, place=name(p), day=day) for p, reason, day in rep.missed)
    if all(reason == "voted" for _, reason, _ in rep.missed):
        return f"{text} · {why}"
    return f"{text} · {why} — {tr(lang, 'vote')}"


def fairness_block(reports: Sequence[MemberReport], lang: Lang, name: PlaceName) -> str:
    """One fairness line per member with wishes, next to their display name."""
    lines = [
        f"• {safe_name(r.member.name)}: {line}"
        for r in reports
        if (line := fairness_line(r, lang, name))
    ]
    return "\n".join([tr(lang, "fair_head"), *lines]) if lines else ""


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
            days = tr(lang, "cost_days", days=day_span(cost.days))
        total = _money(cost.total)
        parts.append(tr(lang, "cost_line", name=safe_name(shown), total=total, days=days))
    if costs.others:
        parts.append(tr(lang, "others", n=costs.others, each=_money(costs.other_each)))
    return (
        tr(lang, "cost_head") + " " + " · ".join(parts) + "\n"
        + tr(lang, "total", total=_money(costs.total))
    )  # fmt: skip


def split_text(costs: GroupCosts, ledger: GroupLedger, lang: Lang) -> str:
    """``/split``: each member's tickets, food, transport (their taxi share) and total."""
    lines = [tr(lang, "split_head")]
    for cost in costs.members:
        member = ledger.member(cost.user_id)
        rides = ""
        if cost.shared_rides:
            rides = tr(lang, "split_rides", amount=_money(cost.shared_rides))
        lines.append(
            tr(
                lang, "split_line", name=safe_name(member.name if member else ""),
                tickets=_money(cost.tickets), food=_money(cost.food),
                transport=_money(cost.transport), rides=rides, total=_money(cost.total),
            )
        )  # fmt: skip
    if costs.others:
        lines.append("• " + tr(lang, "others", n=costs.others, each=_money(costs.other_each)))
    lines.append(tr(lang, "total", total=_money(costs.total)))
    lines.append(tr(lang, "split_fares", amount=_money(costs.ride_fares)))
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
        return tr(lang, "empty")
    by_user = {r.member.user_id: r for r in reports or ()}
    costs = member_costs(itinerary, ledger, name.kb) if itinerary is not None else None
    share = {c.user_id: c.total for c in costs.members} if costs else {}
    planned = _planned_places(itinerary)
    lines = [tr(lang, "head", n=len(ledger.members))]
    for member in ledger.members:
        lines.append(f"• {safe_name(member.name)} — {wish_summary(member, lang, name, trip_days)}")
        served: list[str] = []
        rep = by_user.get(member.user_id)
        if rep is not None and (line := fairness_line(rep, lang, name)):
            served.append(line)
        if itinerary is not None and member.avoid:
            clash = [name(p) for p in member.avoid if p in planned]
            served.append(
                tr(lang, "avoid_kept")
                if not clash
                else tr(lang, "avoid_broken", places=", ".join(clash))
            )
        if member.user_id in share:
            key = "share_cap" if member.budget_sgd is not None else "share"
            served.append(
                tr(
                    lang,
                    key,
                    amount=_money(share[member.user_id]),
                    cap=_money(member.budget_sgd or 0),
                )
            )
        if served:
            lines.append("   " + " · ".join(served))
    if itinerary is None:
        lines.append(tr(lang, "no_plan"))
    return "\n".join(lines)


def _planned_places(itinerary: Itinerary | None) -> set[str]:
    if itinerary is None:
        return set()
    return {i.place_id for d in itinerary.days for i in d.items if i.place_id}


def pinned_text(
    itinerary: Itinerary,
    ledger: GroupLedger,
    head: tuple[int, str, str],
    lang: Lang,
    name: PlaceName,
) -> str:
    """The pinned plan: a version line, one line per day, the cost per member (≤ 4,096 chars)."""
    version, who, what = head
    lines = [tr(lang, "pin_head", n=version, name=safe_name(who), what=what)]
    for number, day in enumerate(itinerary.days, start=1):
        visits = [name(i.place_id) for i in day.items if i.kind != "transit" and i.place_id]
        shown = (
            f"{day.date.day} {day.date:%b}" if lang == "en" else f"{day.date.month}/{day.date.day}"
        )
        lines.append(tr(lang, "pin_day", n=number, date=shown, places=" → ".join(visits) or "—"))
    if ledger.members:
        lines += ["", cost_block(itinerary, ledger, lang, name.kb)]
    return "\n".join(lines)[:4000]
