"""Reply events -> Discord message parts (pure: no I/O).

Discord's limits: message content 2,000 characters; an embed description 4,096; all embeds of one
message 6,000 together, at most 10. Texts from the core are plain text, so they are escaped here
(markdown and mentions) *before* splitting, and split on paragraph, line or word boundaries.
Nothing is ever truncated except a streamed draft, which the final message replaces.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.messages import Choices, FileReply, FinalMessage

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
EMBEDS_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
PLAN_COLOUR = 0xEF3340  # the red of Singapore's flag
_SEPARATORS = ("\n\n", "\n", " ")


@dataclass(frozen=True)
class Part:
    """One Discord message to send or to edit into place."""

    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()
    choices: Choices | None = None
    file: FileReply | None = None
    poll: discord.Poll | None = None  # a native poll (adapters/discord/polls.py)


def escape(text: str) -> str:
    """Make plain text inert on Discord: no markdown, no mentions."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters, on the best boundary."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut, skip = _cut_point(rest, limit)
        head = rest[:cut]
        if head.strip():
            pieces.append(head)
        rest = rest[cut + skip :]
    if rest.strip():
        pieces.append(rest)
    return pieces


def _cut_point(text: str, limit: int) -> tuple[int, int]:
    """Where to cut and how many separator characters to drop there."""
    for separator in _SEPARATORS:
        at = text.rfind(separator, 0, limit)
        if at > limit // 4:
            return at, len(separator)
    cut = limit
    while cut > limit // 2 and text[cut - 1] == "\\":
        cut -= 1  # never separate an escaping backslash from what it escapes
    return cut, 0


def render_final(message: FinalMessage) -> list[Part]:
    """The parts of a final message: embeds for an itinerary, plain content otherwise."""
    body = escape(message.text)
    if message.itinerary is not None:
        parts = [Part(embeds=group) for group in _embed_groups(body)]
    else:
        parts = [Part(content=piece) for piece in split_text(body, CONTENT_LIMIT)]
    if not parts:
        parts = [Part(content="…")]
    if message.choices is not None and message.choices.options:
        last = parts[-1]
        parts[-1] = Part(content=last.content, embeds=last.embeds, choices=message.choices)
    return parts


def _embed_groups(body: str) -> list[tuple[discord.Embed, ...]]:
    """Pages of at most 4,096 characters, packed into messages under the 6,000 total."""
    groups: list[tuple[discord.Embed, ...]] = []
    current: list[discord.Embed] = []
    size = 0
    for page in split_text(body, DESCRIPTION_LIMIT):
        if current and (
            size + len(page) > EMBEDS_TOTAL_LIMIT or len(current) == EMBEDS_PER_MESSAGE
        ):
            groups.append(tuple(current))
            current, size = [], 0
        current.append(discord.Embed(description=page, colour=PLAN_COLOUR))
        size += len(page)
    if current:
        groups.append(tuple(current))
    return groups


def render_draft(draft: str) -> Part:
    """A streamed draft as one message (cut to the limit; the final message replaces it)."""
    body = escape(draft)
    if len(body) > CONTENT_LIMIT:
        body = split_text(body, CONTENT_LIMIT - 1)[0] + "…"
    return Part(content=body or "…")


def render_file(reply: FileReply) -> list[Part]:
    """A file as an attachment, its caption as the content of the same message."""
    pieces = split_text(escape(reply.caption), CONTENT_LIMIT)
    if not pieces:
        return [Part(file=reply)]
    return [*(Part(content=piece) for piece in pieces[:-1]), Part(content=pieces[-1], file=reply)]
