"""A validator of Telegram's HTML subset (what ``parse_mode=HTML`` accepts), strict like the API.

Supported tags: b/strong, i/em, u/ins, s/strike/del, span class="tg-spoiler", tg-spoiler,
a href, code, pre, blockquote [expandable], tg-emoji emoji-id. Entities: &lt; &gt; &amp; &quot;
and numeric ones. Any other ``<``, ``>`` or ``&`` is an error, as is an unclosed or crossed tag.
"""

from __future__ import annotations

import html
import re

TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
        "code", "pre", "blockquote", "tg-emoji"}  # fmt: skip
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_TAG = re.compile(r"<(/?)([a-z][a-z-]*)((?:\s+[a-z-]+(?:=\"[^\"<>]*\")?)*)\s*>")
MAX_UNITS = 4096


class TelegramHtmlError(ValueError):
    """What Telegram would answer with "Bad Request: can't parse entities"."""


def parse(text: str) -> str:
    """Return the plain text Telegram would show; raise if the markup is invalid."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            match = _TAG.match(text, i)
            if match is None:
                raise TelegramHtmlError(f"unsupported start tag at {i}")
            _tag(match, stack)
            i = match.end()
        elif ch == "&":
            match = _ENTITY.match(text, i)
            if match is None:
                raise TelegramHtmlError(f"unescaped & at {i}")
            out.append(html.unescape(match.group(0)))
            i = match.end()
        elif ch == ">":
            raise TelegramHtmlError(f"unescaped > at {i}")
        else:
            out.append(ch)
            i += 1
    if stack:
        raise TelegramHtmlError(f"unclosed tags {stack}")
    return "".join(out)


def _tag(match: re.Match[str], stack: list[str]) -> None:
    closing, name, attrs = match.group(1), match.group(2), match.group(3)
    if name not in TAGS:
        raise TelegramHtmlError(f"unsupported tag {name}")
    if closing:
        if not stack or stack[-1] != name:
            raise TelegramHtmlError(f"unexpected end tag {name}")
        stack.pop()
        return
    if name == "a" and "href=" not in attrs:
        raise TelegramHtmlError("a without href")
    if name == "span" and 'class="tg-spoiler"' not in attrs:
        raise TelegramHtmlError("span without tg-spoiler class")
    stack.append(name)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_message(text: str, parse_mode: str | None) -> str:
    """Validate one sendMessage/editMessageText text as Telegram does; return what shows."""
    shown = parse(text) if parse_mode and parse_mode.upper() == "HTML" else text
    if not shown.strip():
        raise TelegramHtmlError("message text is empty")
    if utf16_units(shown) > MAX_UNITS:
        raise TelegramHtmlError("message is too long")
    return shown
