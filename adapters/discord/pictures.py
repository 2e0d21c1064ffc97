"""Route maps and stops -> Discord parts (pure: no I/O).

Each map is its own message: an embed titled with the picture's caption whose image is the PNG
sent as an attachment (``attachment://<filename>``), with the day's "📍 Stops" button. Discord
has no venue message, so a day's stops come back as one embed listing each stop with a map link.
"""

from __future__ import annotations

from urllib.parse import urlencode

import discord

from adapters.discord.render import DESCRIPTION_LIMIT, PLAN_COLOUR, Part, escape, split_text
from bot.messages import Choices, FileReply, PictureReply, VenueReply


def render_pictures(reply: PictureReply) -> list[Part]:
    """One message per picture: an embed showing the attached PNG, and its button."""
    parts: list[Part] = []
    for picture in reply.pictures:
        embed = discord.Embed(title=picture.caption[:256] or None, colour=PLAN_COLOUR)
        embed.set_image(url=f"attachment://{picture.filename}")
        file = FileReply(picture.filename, "image/png", picture.data)
        choices = Choices((picture.button,)) if picture.button is not None else None
        parts.append(Part(embeds=(embed,), choices=choices, file=file))
    return parts


def map_link(lat: float, lon: float) -> str:
    """A link that opens the position in the reader's maps app or browser."""
    return "https://www.google.com/maps/search/?" + urlencode(
        {"api": 1, "query": f"{lat:.6f},{lon:.6f}"}
    )


def render_venues(reply: VenueReply) -> list[Part]:
    """A day's stops as one embed (several if very long): name, time and place, map link."""
    lines = [
        f"**{i}. {escape(v.title)}** — {escape(v.address)}\n{map_link(v.lat, v.lon)}"
        for i, v in enumerate(reply.venues, 1)
    ]
    pages = split_text("\n".join(lines), DESCRIPTION_LIMIT)
    return [Part(embeds=(discord.Embed(description=page, colour=PLAN_COLOUR),)) for page in pages]
