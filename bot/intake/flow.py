"""The guided intake: merge what was said, ask only for what is missing, confirm with defaults.

The original app's seven-question form becomes a conversation. Free text fills fields through
:func:`apply_patch`; buttons fill them through :func:`apply_choice`. Only dates and party are
essential; everything else has a stated default the user can change with one tap.

Callback payloads (``Choice.data``) are short and versionless, prefixed ``i:``::

    i:days:4        trip length          i:party:2-1     adults-children
    i:go            confirm and plan     i:ask:<field>   open a field's options
    i:style:food    toggle a style       i:tr:taxi       toggle a transport mode
    i:budget:1000   S$ per person        i:budget:none   no limit
    i:pace:relaxed  pace                 i:who:mixed     who travels
    i:done          back to the summary  i:must:<id>     add a must-see
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from bot.i18n import t
from bot.intake.parse import party_from_patch
from bot.intake.patch import TripPatch
from bot.messages import Choice, Choices
from bot.trip import (
    AVOID_KIND_TAGS,
    MAX_TRIP_DAYS,
    Money,
    Pace,
    Party,
    Transport,
    Travellers,
    TravelStyle,
    TripProblem,
    TripRequest,
)

DATE_PROBLEMS = {"return_before_departure", "too_long", "in_past", "bad_date"}
PARTY_PROBLEMS = {"too_many_people", "no_people", "no_adult"}
BUDGET_CHOICES = (500, 1000, 1500, 2500)
PARTY_CHOICES = ((1, 0), (2, 0), (2, 1), (2, 2), (4, 0))
DAY_CHOICES = (2, 3, 4, 5, 7)
E = TypeVar("E")
PlaceNames = Callable[[str], str]  # place id -> display name


@dataclass
class Prompt:
    """What intake says next: text, optional buttons, and what it now waits for."""

    text: str
    choices: Choices | None = None
    awaiting: str | None = None
    problems: list[TripProblem] = field(default_factory=list)


def apply_patch(
    request: TripRequest, patch: TripPatch, today: date
) -> tuple[TripRequest, list[TripProblem]]:
    """Merge ``patch`` into ``request``; invalid parts are dropped and returned as problems."""
    data = request.model_copy(deep=True)
    _merge_dates(data, patch)
    party = party_from_patch(patch)
    if party is not None:
        data.party = party
    if patch.adults == 0 and patch.children == 0:
        patch.problems.append(TripProblem(code="no_people"))
    _add_wishes(data, patch)
    _replace_choices(data, patch)
    if patch.budget is not None:
        budget = patch.budget
        if patch.budget_per_day and (days := data.days or data.requested_days):
            budget = Money(amount=budget.amount * days, currency=budget.currency)
        data.budget = _per_person(budget, patch.budget_is_total, data.party)
    if data.party is not None and data.party.children and TravelStyle.FAMILY not in data.styles:
        data.styles.append(TravelStyle.FAMILY)
    return _drop_invalid(data, [*patch.problems, *data.problems(today)])


def _add_wishes(data: TripRequest, patch: TripPatch) -> None:
    """Add the patch's styles, places, interests and needs to those already asked for."""
    if patch.styles:
        data.styles = list(dict.fromkeys([*data.styles, *patch.styles]))
    if patch.must_see:  # in a group, every member's wishes add up
        data.must_see = list(dict.fromkeys([*data.must_see, *patch.must_see]))
        data.avoid = [p for p in data.avoid if p not in patch.must_see]
    if patch.interests:
        data.interests = list(dict.fromkeys([*data.interests, *patch.interests]))
        liked = set(patch.interests)  # "museums after all": no longer unwanted
        data.avoid_kinds = [k for k in data.avoid_kinds if not AVOID_KIND_TAGS[k] & liked]
    if patch.avoid_kinds:
        data.avoid_kinds = list(dict.fromkeys([*data.avoid_kinds, *patch.avoid_kinds]))
    if patch.max_walk_minutes is not None:
        data.max_walk_minutes = min(data.max_walk_minutes or 60, patch.max_walk_minutes)
    if patch.mobility:
        data.mobility = list(dict.fromkeys([*data.mobility, *patch.mobility]))
    if patch.avoid:
        data.avoid = list(dict.fromkeys([*data.avoid, *patch.avoid]))
        data.must_see = [p for p in data.must_see if p not in patch.avoid]


def _replace_choices(data: TripRequest, patch: TripPatch) -> None:
    """Take the patch's transport, pace, travellers, hotel area and flight times where set."""
    if patch.transport:
        data.transport = patch.transport
    if patch.pace:
        data.pace = patch.pace
    if patch.travellers:
        data.travellers = patch.travellers
    if patch.hotel_area:
        data.hotel_area = patch.hotel_area
    data.arrival_time = patch.arrival_time or data.arrival_time
    data.departure_time = patch.departure_time or data.departure_time


def _merge_dates(data: TripRequest, patch: TripPatch) -> None:
    length = patch.days or data.requested_days or data.days
    if data.start_date is not None:
        patch = patch.for_dates_set()  # "the weather in March?" keeps the trip's dates
    if patch.start_date is not None:
        data.start_date = patch.start_date
        if patch.end_date is not None:
            data.end_date = patch.end_date
        elif length is not None:
            data.end_date = patch.start_date + timedelta(days=min(length, 60) - 1)
        else:
            data.end_date = None
    elif patch.days is not None:
        if data.start_date is not None:
            data.end_date = data.start_date + timedelta(days=min(patch.days, 60) - 1)
    if patch.days is not None:
        data.requested_days = max(1, min(patch.days, 60))


def _per_person(budget: Money, is_total: bool, party: Party | None) -> Money:
    if not is_total or party is None or party.size <= 1:
        return budget
    amount = (budget.amount / party.size).quantize(Decimal("1"))
    return Money(amount=max(amount, Decimal(1)), currency=budget.currency)


def _drop_invalid(
    data: TripRequest, problems: list[TripProblem]
) -> tuple[TripRequest, list[TripProblem]]:
    codes = {p.code for p in problems}
    if codes & DATE_PROBLEMS:
        data.start_date = data.end_date = None
        if "too_long" in codes or "return_before_departure" in codes:
            data.requested_days = None
    if codes & PARTY_PROBLEMS:
        data.party = None
    unique = list({(p.code, p.value): p for p in problems}.values())
    return data, unique


def apply_defaults(
    request: TripRequest, today: date, lang: str = "en"
) -> tuple[TripRequest, list[str]]:
    """Fill the essentials without asking (one-shot mode); return what was assumed, in words."""
    data = request.model_copy(deep=True)
    assumed: list[str] = []
    if data.start_date is None:
        data.start_date = today + timedelta(days=14)
        assumed.append(t(lang, "assumed_start", value=data.start_date.isoformat()))
    if data.end_date is None:
        length = data.requested_days or 3
        data.end_date = data.start_date + timedelta(days=length - 1)
        if data.requested_days is None:  # a length the traveller gave is not an assumption
            assumed.append(days_text(lang, length))
    if data.party is None:
        data.party = Party(adults=2)
        assumed.append(t(lang, "adults", n=2))
    return data, assumed


def days_text(lang: str, n: int) -> str:
    """ "1 day", "3 days" / "1일", "3일"."""
    return t(lang, "day_one") if n == 1 else t(lang, "days", n=n)


def assumption_texts(patch: TripPatch, lang: str) -> list[str]:
    """What the parser read with an assumption ("my parents" → 2 adults), in words."""
    return [t(lang, key, value=value) for key, value in patch.assumptions]


def stated_defaults(request: TripRequest, lang: str) -> list[str]:
    """The defaults in force that the user did not choose, in words."""
    items: list[str] = []
    if request.transport == [Transport.PUBLIC]:
        items.append(t(lang, "transport.public"))
    if request.pace == Pace.NORMAL:
        items.append(t(lang, "pace.normal"))
    if request.budget is None:
        items.append(f"{t(lang, 'budget')}: {t(lang, 'no_limit')}")
    if not request.styles:
        items.append(f"{t(lang, 'styles')}: {t(lang, 'any_style')}")
    if request.hotel_area is None:
        items.append(t(lang, "assume_hotel"))
    return items


def next_prompt(
    request: TripRequest,
    lang: str,
    names: PlaceNames | None = None,
    assumed: Sequence[str] = (),
) -> Prompt:
    """Ask for the first missing essential, or show the summary with confirm buttons
    (``assumed``: what else the summary should say was assumed, first)."""
    missing = request.missing()
    if "dates" in missing:
        if request.start_date is not None:
            start = request.start_date.isoformat()
            return Prompt(t(lang, "ask_length", start=start), _day_choices(lang), "dates")
        return Prompt(t(lang, "ask_dates"), None, "dates")
    if "party" in missing:
        return Prompt(t(lang, "ask_party"), _party_choices(lang), "party")
    text = summary_with_confirm(request, lang, names, assumed)
    return Prompt(text, confirm_choices(lang), "confirm")


def summary(request: TripRequest, lang: str, names: PlaceNames | None = None) -> str:
    """The trip request as readable lines (``names`` shows must-see places by name)."""
    lines = []
    if request.start_date and request.end_date:
        days = days_text(lang, request.days or 1)
        lines.append(f"{t(lang, 'dates')}: {request.start_date} → {request.end_date} ({days})")
    if request.party:
        lines.append(f"{t(lang, 'party')}: {party_text(request.party, lang)}")
    if request.travellers != Travellers.UNSPECIFIED:
        lines.append(f"{t(lang, 'travellers')}: {t(lang, 'travellers.' + request.travellers)}")
    styles = ", ".join(t(lang, f"style.{s}") for s in request.styles) or t(lang, "any_style")
    lines.append(f"{t(lang, 'styles')}: {styles}")
    modes = ", ".join(t(lang, f"transport.{m}") for m in request.transport)
    lines.append(f"{t(lang, 'transport')}: {modes}")
    lines.append(f"{t(lang, 'budget')}: {budget_text(request, lang)}")
    lines.append(f"{t(lang, 'pace')}: {t(lang, 'pace.' + request.pace)}")
    if request.max_walk_minutes is not None:
        why = ", ".join(t(lang, f"mobility.{m}") for m in request.mobility)
        walk = t(lang, "walk_limit", n=request.max_walk_minutes)
        lines.append(f"{t(lang, 'walking')}: {walk}" + (f" ({why})" if why else ""))
    if request.must_see:
        shown = [names(p) if names else p for p in request.must_see]
        lines.append(f"{t(lang, 'must_see')}: {', '.join(shown)}")
    if request.avoid or request.avoid_kinds:
        shown = [t(lang, f"kind.{k}") for k in request.avoid_kinds]
        shown += [names(p) if names else p for p in request.avoid]
        lines.append(f"{t(lang, 'avoid')}: {', '.join(shown)}")
    return "\n".join(lines)


def summary_with_confirm(
    request: TripRequest, lang: str, names: PlaceNames | None = None, assumed: Sequence[str] = ()
) -> str:
    defaults = [*assumed, *stated_defaults(request, lang)]
    parts = [t(lang, "summary_head"), summary(request, lang, names)]
    if defaults:
        parts.append(t(lang, "defaults_assumed", items=", ".join(defaults)))
    parts.append(t(lang, "summary_confirm"))
    return "\n\n".join(parts)


def party_text(party: Party, lang: str) -> str:
    text = t(lang, "adult") if party.adults == 1 else t(lang, "adults", n=party.adults)
    if party.seniors:
        seniors = t(lang, "senior") if party.seniors == 1 else t(lang, "seniors", n=party.seniors)
        text += f" ({seniors})"
    if party.children:
        kids = t(lang, "child") if party.children == 1 else t(lang, "children", n=party.children)
        text += ", " + kids
        if party.child_ages:
            text += " (" + t(lang, "ages", ages=", ".join(map(str, party.child_ages))) + ")"
    return text


def budget_text(request: TripRequest, lang: str) -> str:
    if request.budget is None:
        return t(lang, "no_limit")
    money = request.budget
    sgd = money.to_sgd()
    shown = f"{money.amount:,.0f} {money.currency}"
    if money.currency != "SGD":
        shown += f" ≈ S${sgd:,.0f}"
    return f"{shown} {t(lang, 'per_person')}"


def confirm_choices(lang: str) -> Choices:
    fields = ("styles", "transport", "budget", "pace", "travellers")
    return Choices(
        (Choice(t(lang, "go"), "i:go"), *(Choice(t(lang, f), f"i:ask:{f}") for f in fields))
    )


def _day_choices(lang: str) -> Choices:
    return Choices(tuple(Choice(t(lang, "days", n=n), f"i:days:{n}") for n in DAY_CHOICES))


def _party_choices(lang: str) -> Choices:
    return Choices(
        tuple(
            Choice(party_text(Party(adults=a, children=c), lang), f"i:party:{a}-{c}")
            for a, c in PARTY_CHOICES
        )
    )


def field_prompt(request: TripRequest, name: str, lang: str) -> Prompt:
    """The options of one changeable field (toggle lists show a check mark)."""
    done = Choice(t(lang, "done"), "i:done")
    if name == "styles":
        opts = tuple(
            Choice(_mark(s in request.styles) + t(lang, f"style.{s}"), f"i:style:{s.value}")
            for s in TravelStyle
        )
        return Prompt(t(lang, "ask_styles"), Choices((*opts, done), multi=True), "styles")
    if name == "transport":
        opts = tuple(
            Choice(_mark(m in request.transport) + t(lang, f"transport.{m}"), f"i:tr:{m.value}")
            for m in Transport
        )
        return Prompt(t(lang, "ask_transport"), Choices((*opts, done), multi=True), "transport")
    if name == "budget":
        opts = tuple(Choice(f"S${n:,}", f"i:budget:{n}") for n in BUDGET_CHOICES)
        none = Choice(t(lang, "no_limit"), "i:budget:none")
        return Prompt(t(lang, "ask_budget"), Choices((*opts, none)), "budget")
    if name == "pace":
        opts = tuple(Choice(t(lang, f"pace.{p}"), f"i:pace:{p.value}") for p in Pace)
        return Prompt(t(lang, "ask_pace"), Choices(opts), "pace")
    opts = tuple(Choice(t(lang, f"travellers.{g}"), f"i:who:{g.value}") for g in Travellers)
    return Prompt(t(lang, "ask_travellers"), Choices(opts), "travellers")


def _mark(on: bool) -> str:
    return "✅ " if on else ""


def apply_choice(request: TripRequest, data: str, today: date) -> tuple[TripRequest, str | None]:
    """Apply a button press; return the new request and the field prompt to reopen, if any.

    Raises ``ValueError`` for a payload that is not an intake choice.
    """
    kind, _, value = data[2:].partition(":")
    req = request.model_copy(deep=True)
    if kind == "days":
        _choose_days(req, int(value))
        return req, None
    if kind == "party":
        _choose_party(req, value)
        return req, None
    if kind == "style":
        style = TravelStyle(value)
        req.styles = _toggle(req.styles, style)
        return req, "styles"
    if kind == "tr":
        mode = Transport(value)
        req.transport = _toggle(req.transport, mode) or [Transport.PUBLIC]
        return req, "transport"
    if kind == "budget":
        req.budget = None if value == "none" else Money(amount=Decimal(value), currency="SGD")
        return req, None
    if kind == "pace":
        req.pace = Pace(value)
        return req, None
    if kind == "who":
        req.travellers = Travellers(value)
        return req, None
    if kind == "must":  # the answer to "which one?" about a wished place
        req.must_see = list(dict.fromkeys([*req.must_see, value]))
        req.avoid = [p for p in req.avoid if p != value]
        return req, None
    if kind == "ask":
        return req, value
    if kind == "done":
        return req, None
    raise ValueError(f"not an intake choice: {data!r}")


def _choose_days(req: TripRequest, days: int) -> None:
    """Set the trip's length (bounded), and its end when the start is known."""
    days = max(1, min(days, MAX_TRIP_DAYS))
    req.requested_days = days
    if req.start_date is not None:
        req.end_date = req.start_date + timedelta(days=days - 1)


def _choose_party(req: TripRequest, value: str) -> None:
    """Set the party from ``adults-children``; children make it a family trip."""
    adults, _, children = value.partition("-")
    req.party = Party(adults=int(adults), children=int(children or 0))
    if req.party.children and TravelStyle.FAMILY not in req.styles:
        req.styles.append(TravelStyle.FAMILY)


def _toggle(items: list[E], item: E) -> list[E]:
    return [i for i in items if i != item] if item in items else [*items, item]
