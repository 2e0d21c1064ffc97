"""Route maps and tappable stops for a plan: the core's side of issue 14's pictures.

After a reply that carries an itinerary, :func:`map_reply` draws the maps (in a worker thread:
drawing is CPU-bound, like planning) and returns one :class:`PictureReply` — the overview and a
map per day, or only the days an edit changed — each day with its "📍 Stops" button. Pressing one
(``m:stops:<day>``) answers with :func:`stop_venues`: that day's stops as venues.
"""

from __future__ import annotations

import asyncio
import logging

from bot.i18n import Lang, t
from bot.maps import MapImage, draw_maps
from bot.messages import Choice, FinalMessage, Picture, PictureReply, Venue, VenueReply
from bot.planner.itinerary import Itinerary
from bot.planner.kb import Attraction, KnowledgeBase
from bot.planner.render import area_name

log = logging.getLogger(__name__)

STOPS_PREFIX = "m:stops:"


def changed_days(itinerary: Itinerary, before: Itinerary | None) -> list[int]:
    """1-based days that differ from ``before`` (every day when nothing or everything changed)."""
    every = list(range(1, len(itinerary.days) + 1))
    if before is None or len(before.days) != len(itinerary.days):
        return every
    changed = [
        i + 1 for i, (a, b) in enumerate(zip(before.days, itinerary.days, strict=True)) if a != b
    ]
    return changed or every


def pictures_for(
    itinerary: Itinerary, kb: KnowledgeBase, lang: Lang, days: list[int] | None = None
) -> PictureReply | None:
    """Draw the maps of ``days`` (all by default; the overview only with all of a longer trip)."""
    if not itinerary.days:
        return None
    maps = draw_maps(itinerary, kb, lang, days)
    return PictureReply(tuple(_picture(m, lang) for m in maps), language=lang)


def _picture(image: MapImage, lang: Lang) -> Picture:
    if image.day is None:
        return Picture(image.filename, image.png, image.title, None)
    caption = t(lang, "map_day_caption", day=image.title, n=len(image.stops))
    button = None
    if image.stops:
        button = Choice(t(lang, "map_stops_button", day=image.day), f"{STOPS_PREFIX}{image.day}")
    return Picture(image.filename, image.png, caption, image.day, button)


async def map_reply(
    itinerary: Itinerary, before: Itinerary | None, kb: KnowledgeBase, lang: Lang
) -> PictureReply | None:
    """Maps for a reply that shows ``itinerary``, drawn off the event loop; None if it fails."""
    days = changed_days(itinerary, before)
    try:
        return await asyncio.to_thread(pictures_for, itinerary, kb, lang, days)
    except Exception:  # a picture is a bonus: the plan text has already been sent
        log.exception("drawing the maps failed")
        return None


def stop_venues(
    itinerary: Itinerary | None, data: str, kb: KnowledgeBase, lang: Lang
) -> VenueReply | FinalMessage:
    """The stops of the day a ``m:stops:<day>`` button names, as venues in visit order."""
    try:
        index = int(data.removeprefix(STOPS_PREFIX)) - 1
    except ValueError:
        index = -1
    if itinerary is None or not 0 <= index < len(itinerary.days):
        return FinalMessage(t(lang, "map_no_plan"), language=lang)
    venues: list[Venue] = []
    for item in itinerary.days[index].items:
        if item.kind == "transit" or item.place_id is None:
            continue
        place = kb.places.get(item.place_id)
        if place is None:
            continue
        title = place.names.of(lang)
        address = place.address if isinstance(place, Attraction) and place.address else ""
        where = f"{item.start}–{item.end} · " + (address or area_name(place.area, lang))
        venues.append(Venue(title, where, place.lat, place.lon))
    if not venues:
        return FinalMessage(t(lang, "map_no_plan"), language=lang)
    return VenueReply(tuple(venues))
