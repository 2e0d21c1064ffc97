"""Display names safe to show in a group: never a ping, never markup, never a wall of text."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 32
_ZWSP = "\u200b"
_MENTION = re.compile(r"<[@#!&]*\d+>")


def safe_name(name: str, fallback: str = "?") -> str:
    """A member's display name as plain text that pings nobody (``@`` and ``<@id>`` defused)."""
    clean = "".join(
        ch for ch in name if unicodedata.category(ch)[0] != "C"
    )  # no control or format characters (a right-to-left override, a zero-width joiner)
    clean = _MENTION.sub("", clean)
    clean = " ".join(clean.split())[:MAX_NAME]
    clean = clean.replace("@", "@" + _ZWSP)
    return clean or fallback
