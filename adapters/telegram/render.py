"""Plain text -> Telegram HTML messages, split as Telegram counts.

The core's texts are plain. This module is the only place that produces markup: every piece of
text is escaped (``&``, ``<``, ``>``) and the only tags added are whole-line ``<b>`` around short
headings, so a message boundary can never fall inside a tag or an entity.

Telegram limits a message to 4,096 characters *after entity parsing*, counted in UTF-16 code
units (an emoji outside the Basic Multilingual Plane counts 2). Splitting happens on the plain
text, at paragraph boundaries first, then lines, then spaces, then anywhere between code points.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import LANGS, MESSAGES
from bot.messages import Choices, FinalMessage

MAX_TEXT = 4096
MAX_CAPTION = 1024
ROW_WIDTH = 48  # display columns of button labels in one keyboard row
ROW_BUTTONS = 3


def _day_heading(template: str) -> str:
    """The catalogue's day title ("Day {n}", "{n}일차") as a pattern for any day number."""
    before, _, after = template.partition("{n}")
    return re.escape(before) + r"\d+" + (re.escape(after) if after else r"\b")


# A plan's headings: the trip's and each day's (📅 …), or a day's title in any language.
_HEADING = re.compile(
    "^(?:📅|🇸🇬|" + "|".join(_day_heading(MESSAGES["plan.day"][lang]) for lang in LANGS) + ")"
)
_HEADING_MAX = 120
_SEPARATORS = ("\n\n", "\n", " ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Part:
    """One message to send: its HTML, the same text plain (fallback) and its keyboard."""

    html: str
    plain: str
    keyboard: InlineKeyboardMarkup | None = None


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def clean(text: str) -> str:
    """Drop control characters Telegram rejects and trim outer whitespace."""
    return _CONTROL.sub("", text).strip()


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split plain text into non-empty pieces of at most ``limit`` UTF-16 units."""
    text = clean(text)
    pieces: list[str] = []
    while text:
        if utf16_len(text) <= limit:
            pieces.append(text)
            break
        cut = _cut_point(text, limit)
        head, text = text[:cut].rstrip(), text[cut:].lstrip()
        if head:
            pieces.append(head)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    """The largest boundary index <= limit units, preferring paragraphs, lines, then spaces."""
    fit = _prefix_fitting(text, limit)
    for sep in _SEPARATORS:
        at = text.rfind(sep, 0, fit + 1)
        if at > fit // 4:  # a boundary that leaves a reasonably full message
            return at if sep != " " else at + 1
    # No boundary: cut between code points, but not before a combining mark or joiner.
    cut = fit
    while cut > 1 and (unicodedata.combining(text[cut]) or text[cut] in "\u200d\ufe0f"):
        cut -= 1
    return max(cut, 1)


def _prefix_fitting(text: str, limit: int) -> int:
    """The number of code points of ``text`` whose UTF-16 length fits in ``limit``."""
    units = 0
    for index, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def to_html(plain: str, *, headings: bool = False) -> str:
    """Escape plain text for parse_mode=HTML; optionally bold short heading lines."""
    lines = []
    for line in plain.split("\n"):
        escaped = html.escape(line, quote=False)
        if headings and len(line) <= _HEADING_MAX and _HEADING.match(line.strip()):
            escaped = f"<b>{escaped}</b>"
        lines.append(escaped)
    return "\n".join(lines)


def render_final(final: FinalMessage) -> list[Part]:
    """The messages for a final reply; the keyboard rides on the last one."""
    plain_parts = split_text(final.text)
    keyboard = keyboard_for(final.choices) if final.choices and final.choices.options else None
    if not plain_parts and keyboard is not None:
        plain_parts = ["…"]
    headings = final.itinerary is not None
    parts = [Part(to_html(p, headings=headings), p) for p in plain_parts]
    if parts and keyboard is not None:
        parts[-1] = Part(parts[-1].html, parts[-1].plain, keyboard)
    return parts


def caption_html(caption: str) -> str:
    """A document caption: escaped, within Telegram's 1,024-unit caption limit."""
    pieces = split_text(caption, MAX_CAPTION)
    return to_html(pieces[0]) if pieces else ""


def draft_text(text: str) -> str:
    """What a streamed draft or progress edit shows: the first message's worth, plain."""
    pieces = split_text(text)
    return pieces[0] if pieces else ""


def keyboard_for(choices: Choices) -> InlineKeyboardMarkup:
    """Inline keyboard: the primary option on its own row, the rest packed in short rows.

    The primary option is the first one (``Plan it``, ``Export .ics``), or the last one of a
    multi-select (``Done``).
    """
    buttons = [InlineKeyboardButton(c.label, callback_data=c.data) for c in choices.options]
    if len(buttons) <= 1:
        return InlineKeyboardMarkup([buttons])
    if choices.multi:
        return InlineKeyboardMarkup([*_pack(buttons[:-1]), [buttons[-1]]])
    return InlineKeyboardMarkup([[buttons[0]], *_pack(buttons[1:])])


def _pack(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    rows: list[list[InlineKeyboardButton]] = []
    row: list[InlineKeyboardButton] = []
    width = 0
    for button in buttons:
        size = _display_width(button.text) + 4
        if row and (len(row) >= ROW_BUTTONS or width + size > ROW_WIDTH):
            rows.append(row)
            row, width = [], 0
        row.append(button)
        width += size
    if row:
        rows.append(row)
    return rows


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
