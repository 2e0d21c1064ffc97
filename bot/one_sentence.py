"""Planning from one sentence, without asking back (the ``bundletrip plan "TEXT"`` use case).

Nobody is there to answer a question, so every gap is filled with a stated default, a place name
that could mean several places is left out (and said so), and a request that still cannot be
planned comes back as the reason, in the sentence's language. The terminal adapter
(:mod:`adapters.cli`) only prints what this returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.i18n import Lang, has_hangul, t
from bot.intake.flow import apply_defaults, apply_patch, summary
from bot.intake.request import parse_request
from bot.planner.itinerary import Itinerary
from bot.planning import Planner
from bot.tools import problem_text
from bot.trip import TripRequest


@dataclass(frozen=True)
class OneSentencePlan:
    """What planning one sentence gave: notes to show first, then a plan or why there is none."""

    language: Lang
    notes: tuple[str, ...] = ()  # said before the outcome (an unread budget, unused names)
    failure: str = ""  # why there is no plan ("" when there is one)
    itinerary: Itinerary | None = None  # the checked plan, its assumptions included
    assumed: tuple[str, ...] = ()  # the defaults and readings the plan rests on
    summary: str = ""  # the request in words
    text: str = ""  # the plan, rendered in ``language``


def _names(planner: Planner, lang: Lang) -> Callable[[str], str]:
    places = planner.kb.places
    return lambda pid: places[pid].names.of(lang) if pid in places else pid


def sentence_language(text: str, wanted: str | None) -> Lang:
    """The language to answer in: the one asked for, else Korean for Hangul, else English."""
    return "ko" if (wanted == "ko" or (wanted is None and has_hangul(text))) else "en"


def plan_one_sentence(
    text: str, wanted: str | None, today: date, planner: Planner
) -> OneSentencePlan:
    """Plan the trip one sentence describes, stating every assumption; never ask back."""
    lang = sentence_language(text, wanted)
    parsed = parse_request(text, lang, today, planner.kb)
    notes: list[str] = []
    if parsed.budget_unread:
        notes.append(t(lang, "budget_not_read"))
    request, problems = apply_patch(TripRequest(), parsed.patch, today)
    if problems:
        failure = "\n".join(problem_text(p, lang) for p in problems)
        return OneSentencePlan(lang, tuple(notes), failure)
    request, defaults = apply_defaults(request, today, lang)
    assumed = (*parsed.assumptions, *defaults)
    if parsed.unsure:  # no one to ask, so say which names were not used
        names = " · ".join(p.names.of(lang)
                           for m in parsed.unsure for p in m.candidates)  # fmt: skip
        notes.append(t(lang, "which_place", value=names))
    problems = request.problems(today)
    if problems:
        failure = "\n".join(problem_text(p, lang) for p in problems)
        return OneSentencePlan(lang, tuple(notes), failure)
    outcome = planner.plan(request)
    if outcome.itinerary is None:
        return OneSentencePlan(lang, tuple(notes), planner.explain(outcome, lang))
    itinerary = outcome.itinerary
    if assumed:
        itinerary = itinerary.model_copy(update={"assumptions": [*assumed, *itinerary.assumptions]})
    return OneSentencePlan(
        lang,
        tuple(notes),
        itinerary=itinerary,
        assumed=assumed,
        summary=summary(request, lang, _names(planner, lang)),
        text=planner.render(itinerary, lang),
    )
