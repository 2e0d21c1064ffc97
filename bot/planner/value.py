"""What a place is worth to this traveller, and how long they would really stay.

A place's value (in minutes of travel it is worth a detour of) grows with the travel styles and
interests it serves: "animals" makes the Mandai parks the reason for a day, "nightlife" the
river and the rooftop bars after dark, "food" the markets and food streets. Whole districts,
malls and resort complexes (Orchard Road, VivoCity, "Sentosa Island") are not sights in
themselves: unless the traveller asked for shopping or strolling they are worth little and get
their shortest typical visit, so they do not fill two-hour slots.
"""

from __future__ import annotations

from collections.abc import Set

from bot.planner.kb import Attraction
from bot.trip import Interest, TravelStyle, TripRequest

BASE_VALUE = 40.0
STYLE_VALUE = 30.0
INTEREST_VALUE = 45.0
STRONG_INTEREST_VALUE = 90.0  # animals, theme parks: the reason for a whole day
POPULAR_VALUE = 20.0
FILLER_FACTOR = 0.3
POPULAR_TAGS = frozenset({"iconic", "popular", "must-see", "landmark"})
FILLER_TAGS = frozenset({"neighbourhood", "mall", "malls", "transport-hub", "resort", "street"})

# Knowledge-base tags each interest looks for.
INTEREST_TAGS: dict[Interest, frozenset[str]] = {
    Interest.ANIMALS: frozenset(
        {"zoo", "wildlife", "bird-park", "aquarium", "marine-life", "birdwatching", "pandas"}
    ),
    Interest.NIGHTLIFE: frozenset({"nightlife", "bar", "rooftop", "night-market", "late-night"}),
    Interest.SHOPPING: frozenset({"shopping", "mall", "malls", "market", "souvenirs"}),
    Interest.STROLLING: frozenset(
        {"walk", "neighbourhood", "shophouses", "waterfront", "street-art", "river"}
    ),
    Interest.HISTORY: frozenset(
        {"history", "heritage", "war-memorial", "national-monument", "museum", "monument"}
    ),
    Interest.ART: frozenset(
        {"art", "gallery", "contemporary-art", "design", "street-art", "performing-arts"}
    ),
    Interest.THEME_PARKS: frozenset({"theme-park", "rides", "waterpark", "ride"}),
    Interest.BEACHES: frozenset({"beach", "island", "coast"}),
    Interest.HIKING: frozenset({"hike", "hiking", "nature-reserve", "rainforest", "trail"}),
    Interest.PHOTOGRAPHY: frozenset({"photo-spot", "photo", "viewpoint", "skyline", "light-show"}),
    Interest.ARCHITECTURE: frozenset({"architecture", "green-building", "shophouses"}),
}
STRONG = frozenset({Interest.ANIMALS, Interest.THEME_PARKS})
# A style also counts as an interest in what it names most plainly.
STYLE_TAGS: dict[TravelStyle, frozenset[str]] = {
    TravelStyle.FOOD: frozenset({"hawker", "dining", "market", "food", "cafes", "cafe"}),
    TravelStyle.NATURE: frozenset({"garden", "park", "nature-reserve", "beach", "wetland"}),
    TravelStyle.FAMILY: frozenset({"kids", "interactive", "playground"}),
}
# Fillers a traveller did ask for: shopping makes malls sights, strolling makes districts sights.
WANTED_FILLERS: dict[Interest, frozenset[str]] = {
    Interest.SHOPPING: frozenset({"mall", "malls", "street", "shopping"}),
    Interest.STROLLING: frozenset({"neighbourhood", "street", "walk"}),
}


def styles_of(request: TripRequest, children: int) -> set[TravelStyle]:
    """The request's styles, with "family" when children travel."""
    styles = set(request.styles)
    if children:
        styles.add(TravelStyle.FAMILY)
    return styles


def is_filler(a: Attraction, interests: Set[Interest]) -> bool:
    """A district, mall or resort complex the traveller did not ask for."""
    tags = set(a.tags)
    if not tags & FILLER_TAGS:
        return False
    return not any(tags & WANTED_FILLERS[i] for i in interests if i in WANTED_FILLERS)


def place_value(request: TripRequest, children: int, ticket: float, a: Attraction) -> float:
    """Worth of visiting ``a`` (not a must-see) for this request; ``ticket`` per person."""
    styles = styles_of(request, children)
    interests = set(request.interests)
    tags = set(a.tags)
    value = BASE_VALUE + STYLE_VALUE * len(styles & set(a.styles)) + min(a.duration_min, 180) / 6
    for style in sorted(styles & set(STYLE_TAGS)):
        if tags & STYLE_TAGS[style]:
            value += STYLE_VALUE / 2
    for interest in sorted(interests):
        if tags & INTEREST_TAGS[interest]:
            value += STRONG_INTEREST_VALUE if interest in STRONG else INTEREST_VALUE
    if POPULAR_TAGS & tags:
        value += POPULAR_VALUE
    if TravelStyle.VALUE in styles:
        value -= ticket / 2
    if TravelStyle.LUXURY in styles:
        value += ticket / 4
    if is_filler(a, interests):
        value *= FILLER_FACTOR
    return max(5.0, value)


def serves(request: TripRequest, children: int, a: Attraction) -> set[str]:
    """The styles and interests of the request that ``a`` serves (for quality figures)."""
    tags = set(a.tags)
    out = {str(s) for s in styles_of(request, children) & set(a.styles)}
    out |= {str(i) for i in request.interests if tags & INTEREST_TAGS[i]}
    return out
