"""Choices -> buttons and select menus, and a pressed component -> the core's callback data.

A button's ``custom_id`` *is* the core's ``Choice.data`` (at most 100 characters, Discord's limit),
so a press needs no memory in this process: it survives restarts and works on any shard. For the
same reason the views are never registered with discord.py's view store (they are stopped before
sending); every component interaction is routed by :meth:`BundletripClient.on_interaction`.

Up to 10 options become buttons (five to a row); more become select menus of up to 25 options.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import discord

from bot.i18n import Lang, t
from bot.messages import Choice, Choices

log = logging.getLogger(__name__)

CUSTOM_ID_LIMIT = 100
BUTTON_LABEL_LIMIT = 80
OPTION_LABEL_LIMIT = 100
MAX_BUTTONS = 10
OPTIONS_PER_SELECT = 25
MAX_SELECTS = 5
SELECT_PREFIX = "bt:select:"


def choices_view(choices: Choices, lang: Lang) -> discord.ui.View | None:
    """A view showing ``choices``; ``None`` when no option can be shown."""
    options = _usable(choices.options)
    if not options:
        return None
    view = discord.ui.View(timeout=None)
    if len(options) <= MAX_BUTTONS:
        for index, choice in enumerate(options):
            view.add_item(_button(choice, index))
    else:
        chunks = [
            options[i : i + OPTIONS_PER_SELECT] for i in range(0, len(options), OPTIONS_PER_SELECT)
        ]
        for index, chunk in enumerate(chunks[:MAX_SELECTS]):
            view.add_item(_select(chunk, index, lang))
    view.stop()  # not stored: presses are routed by custom_id (see the module docstring)
    return view


def _usable(options: tuple[Choice, ...]) -> list[Choice]:
    seen: set[str] = set()
    usable: list[Choice] = []
    for choice in options:
        if len(choice.data) > CUSTOM_ID_LIMIT or choice.data.startswith(SELECT_PREFIX):
            log.warning(
                "choice payload unusable as a Discord custom_id (%d chars)", len(choice.data)
            )
            continue
        if choice.data not in seen:
            seen.add(choice.data)
            usable.append(choice)
    return usable


def _label(label: str, limit: int, fallback: str) -> str:
    label = label.strip() or fallback
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _button(choice: Choice, index: int) -> discord.ui.Button[discord.ui.View]:
    style = discord.ButtonStyle.primary if index == 0 else discord.ButtonStyle.secondary
    label = _label(choice.label, BUTTON_LABEL_LIMIT, choice.data)
    return discord.ui.Button(label=label, custom_id=choice.data, style=style, row=index // 5)


def _select(chunk: list[Choice], index: int, lang: Lang) -> discord.ui.Select[discord.ui.View]:
    placeholder = t(lang, "discord.choose" if index == 0 else "discord.choose_more")
    options = [
        discord.SelectOption(label=_label(c.label, OPTION_LABEL_LIMIT, c.data), value=c.data)
        for c in chunk
    ]
    return discord.ui.Select(
        custom_id=f"{SELECT_PREFIX}{index}", placeholder=placeholder, options=options, row=index
    )


def callback_data(data: Mapping[str, Any] | None) -> str | None:
    """The core's payload of a component interaction's ``data``: a button id or a chosen value."""
    if not data:
        return None
    custom_id = str(data.get("custom_id", ""))
    if custom_id.startswith(SELECT_PREFIX):
        values = data.get("values") or []
        return str(values[0]) if values else None
    return custom_id or None
