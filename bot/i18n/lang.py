"""The reply languages and how a conversation's language is chosen."""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["en", "ko"]
LANGS: tuple[Lang, ...] = ("en", "ko")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def has_hangul(text: str) -> bool:
    """Whether ``text`` contains a Hangul syllable."""
    return bool(_HANGUL.search(text))


def pick_language(
    chosen: str | None, text: str, platform_code: str | None, default: str = "en"
) -> Lang:
    """Choose the reply language: /lang choice, then the message's script, then the platform's."""
    if chosen in LANGS:
        return "ko" if chosen == "ko" else "en"
    if has_hangul(text):
        return "ko"
    if platform_code and platform_code.lower().startswith("ko"):
        return "ko"
    if platform_code and platform_code.lower().startswith("en"):
        return "en"
    return "ko" if default == "ko" else "en"
