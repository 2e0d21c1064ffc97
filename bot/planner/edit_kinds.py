"""The edit vocabulary: every kind of change a plan can take, defined once.

Understanding (:mod:`bot.intake.understand`), the plan's buttons (:mod:`bot.tools`), the planner
front end (:class:`bot.planning.Planner.edit`, which maps each kind onto :mod:`bot.planner.edits`
and :mod:`bot.planner.adjust`), the language model's ``edit_plan`` tool and its prompt all read
this table; adding a kind here is the one place to start (the planner must then learn to do it).

Each kind says what it needs (``day``, ``place``, ``new_place``; ``time`` and ``part`` are
optional refinements), the short name its per-day button uses in a ``p:`` payload, and one line
for the language model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

EditKind = Literal[
    "swap", "remove", "add", "move", "lighter", "fuller", "regen", "later", "longer",
    "less_walking", "swap_days", "show", "export",
]  # fmt: skip
Need = Literal["day", "place", "new_place", "other_day"]


@dataclass(frozen=True)
class KindSpec:
    """What one kind of edit needs and how it is offered."""

    needs: tuple[Need, ...]
    summary: str  # for the language model: what the kind does and with which arguments
    button: str | None = None  # the short name of its per-day button (``p:<button>:<day>``)


EDIT_KINDS: dict[EditKind, KindSpec] = {
    "swap": KindSpec(("place",), "place -> new_place (without new_place: the best alternative)"),
    "remove": KindSpec(("place",), "take place out of the plan"),
    "add": KindSpec(("place",), "put place in (day and part of day optional)"),
    "move": KindSpec(("place", "day"), "move place to day"),
    "lighter": KindSpec(("day",), "an easier day: frees an hour or more of day", button="light"),
    "fuller": KindSpec(("day",), "more stops on day", button="full"),
    "regen": KindSpec(("day",), "a new plan for day", button="regen"),
    "later": KindSpec(("day",), "start day later (time optional)"),
    "longer": KindSpec(("place",), "more time at place"),
    "less_walking": KindSpec((), "shorter walks over the whole trip"),
    "swap_days": KindSpec(("day", "other_day"), "trade the places of day and other_day"),
    "show": KindSpec((), "show day, or the whole plan"),
    "export": KindSpec((), "the plan as a calendar file"),
}
if set(EDIT_KINDS) != set(get_args(EditKind)):  # pragma: no cover - a definition error
    raise RuntimeError("EDIT_KINDS must describe every EditKind exactly once")

BUTTONS: dict[str, EditKind] = {
    spec.button: kind for kind, spec in EDIT_KINDS.items() if spec.button
}
"""Per-day button name -> kind (``p:light:2`` is a lighter day 2)."""


def kinds_text() -> str:
    """Every kind with what it does, one per line (the ``edit_plan`` tool's vocabulary)."""
    return "\n".join(f"{kind}: {spec.summary}" for kind, spec in EDIT_KINDS.items())
