"""Compact, model-facing views of the trip: the request as fields and the plan as one line a day.

These are for the model only (English, ids included so it can refer to places in edits); the
traveller always sees the project's own rendering of a plan. They are short on purpose: they
travel in every request.
"""

from __future__ import annotations

from bot.planner.itinerary import Itinerary
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase
from bot.storage.models import ConversationState
from bot.trip import TripRequest


def request_view(request: TripRequest) -> str:
    """The request as ``field=value`` pairs, only those that are set."""
    parts = [*_when_and_who(request)]
    parts.append("transport=" + ",".join(t.value for t in request.transport))
    if request.styles:
        parts.append("styles=" + ",".join(s.value for s in request.styles))
    if request.budget:
        parts.append(f"budget={request.budget.amount} {request.budget.currency} per person")
    parts.append(f"pace={request.pace.value}")
    if request.travellers.value != "unspecified":
        parts.append(f"travellers={request.travellers.value}")
    for name in ("hotel_area", "arrival_time", "departure_time"):
        value = getattr(request, name)
        if value:
            parts.append(f"{name}={value}")
    if request.must_see:
        parts.append("must_see=" + ",".join(request.must_see))
    if request.avoid:
        parts.append("avoid=" + ",".join(request.avoid))
    return "; ".join(parts)


def _when_and_who(request: TripRequest) -> list[str]:
    """The dates (or trip length) and the party, as ``field=value`` pairs."""
    parts: list[str] = []
    if request.start_date and request.end_date:
        parts.append(f"dates={request.start_date}..{request.end_date} ({request.days} days)")
    elif request.start_date:
        parts.append(f"start_date={request.start_date}")
    if request.requested_days and not request.end_date:
        parts.append(f"days={request.requested_days}")
    if request.party:
        party = request.party
        parts.append(f"party={party.adults} adults, {party.children} children")
        if party.child_ages:
            parts.append("child_ages=" + ",".join(map(str, party.child_ages)))
    return parts


def plan_view(itinerary: Itinerary, kb: KnowledgeBase) -> str:
    """One line per day: start time, place id and English name of each visit and meal."""
    lines = [f"Plan v{itinerary.version}:"]
    for n, day in enumerate(itinerary.days, start=1):
        stops = [
            f"{item.start} {item.place_id}" + (" (meal)" if item.kind == "meal" else "")
            for item in day.items
            if item.kind != "transit" and item.place_id
        ]
        lines.append(f"Day {n} {day.date} {day.date:%a}: " + "; ".join(stops))
    totals = itinerary.totals
    lines.append(f"Total per person about S${totals.per_person_sgd:.0f}.")
    return "\n".join(lines)


def state_view(state: ConversationState, kb: KnowledgeBase) -> dict[str, str]:
    """The values of the ``trip_state`` prompt."""
    missing = state.request.missing()
    plan = plan_view(state.itinerary, kb) if state.itinerary else "No plan yet."
    return {
        "stage": state.stage,
        "request": request_view(state.request),
        "missing": ", ".join(missing) if missing else "nothing (ready to plan)",
        "plan": plan,
    }


def place_line(place: Attraction | FoodPlace, hours: str) -> str:
    """One search result: id, name, area, price and the hours that matter."""
    if isinstance(place, Attraction):
        price = "free" if place.price_adult_sgd == 0 else f"S${place.price_adult_sgd:g} adult"
        kind = "attraction"
    else:
        price = f"meal about S${place.meal_cost_sgd:g}"
        kind = place.kind.replace("_", " ")
    names = f"{place.names.en} / {place.names.ko}"
    return f"{place.id} | {names} | {place.area} | {kind} | {price} | {hours}"
