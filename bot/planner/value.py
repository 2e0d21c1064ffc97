"""What a place is worth to this traveller, and how long they would really stay.

A place's value (in minutes of travel it is worth a detour of) grows with the travel styles and
interests it serves: "animals" makes the Mandai parks the reason for a day, "nightlife" the
river and the rooftop bars after dark, "food" the markets and food streets. Whole districts,
malls and resort complexes (Orchard Road, VivoCity, "Sentosa Island") are not sights in
themselves: unless the traveller asked for shopping or strolling they are worth little and get
their shortest typical visit, so they do not fill two-hour slots.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from bot.planner.kb import Attraction, FoodPlace
from bot.trip import TravelStyle, TripRequest

BASE_VALUE = 40.0
STYLE_VALUE = 30.0
INTEREST_VALUE = 45.0
STRONG_INTEREST_VALUE = 90.0  # animals, theme parks: the reason for a whole day
POPULAR_VALUE = 20.0
FILLER_FACTOR = 0.3
POPULAR_TAGS = frozenset({"iconic", "popular", "must-see", "landmark"})
FILLER_TAGS = frozenset({"neighbourhood", "mall", "malls", "transport-hub", "resort", "street"})

# Interest groups: a request's interests are knowledge-base tags ("zoo", "nightlife", "hawker"),
# and a tag of a group stands for the whole group ("zoo" also wants the bird park and the
# aquarium). Strong groups are the reason for a whole day.
INTEREST_GROUPS: dict[str, frozenset[str]] = {
    "animals": frozenset(
        {"zoo", "wildlife", "bird-park", "aquarium", "marine-life", "birdwatching", "pandas"}
    ),
    "nightlife": frozenset({"nightlife", "bar", "rooftop", "night-market", "late-night"}),
    "shopping": frozenset({"shopping", "mall", "malls", "market", "souvenirs"}),
    "strolling": frozenset({"walk", "neighbourhood", "shophouses", "waterfront", "street-art"}),
    "history": frozenset(
        {"history", "heritage", "war-memorial", "national-monument", "museum", "monument"}
    ),
    "art": frozenset(
        {"art", "gallery", "contemporary-art", "design", "street-art", "performing-arts"}
    ),
    "theme-parks": frozenset({"theme-park", "rides", "waterpark", "ride"}),
    "beaches": frozenset({"beach", "island", "coast"}),
    "hiking": frozenset({"hike", "hiking", "nature-reserve", "rainforest", "trail"}),
    "photography": frozenset({"photo-spot", "photo", "viewpoint", "skyline", "light-show"}),
    "food": frozenset({"hawker", "dining", "food", "cafes", "cafe"}),
}
STRONG = frozenset({"animals", "theme-parks"})
# a meal at a hawker centre, a food street or a famous stall is itself what "food" asks for
LOCAL_FOOD_KINDS = frozenset({"hawker_centre", "food_street", "hawker_stall", "food_court"})
MEALS_SERVE = frozenset({"food"})  # wishes every day's lunch and dinner serve already
NIGHTLIFE = INTEREST_GROUPS["nightlife"]
# A style also counts as an interest in what it names most plainly.
STYLE_TAGS: dict[TravelStyle, frozenset[str]] = {
    TravelStyle.FOOD: INTEREST_GROUPS["food"] | {"market"},
    TravelStyle.NATURE: frozenset({"garden", "park", "nature-reserve", "beach", "wetland"}),
    TravelStyle.FAMILY: frozenset({"kids", "interactive", "playground"}),
}
# Fillers a traveller did ask for: shopping makes malls sights, strolling makes districts sights.
WANTED_FILLERS: dict[str, frozenset[str]] = {
    "shopping": frozenset({"mall", "malls", "street", "shopping"}),
    "strolling": frozenset({"neighbourhood", "street", "walk"}),
}
# A style that asks for the shopping places carrying it: a luxury traveller's shopping is the
# luxury malls (The Shoppes at Marina Bay Sands, ION Orchard, Resorts World), so those the data
# marks luxury are sights for them, not fillers; a district or resort island marked luxury
# without shopping (Sentosa Island) stays a filler.
SHOPPING_STYLES = frozenset({TravelStyle.LUXURY})


def interest_groups(interests: Iterable[str]) -> dict[str, frozenset[str]]:
    """The groups a request's interest tags belong to, each with the tags it looks for (a tag
    of no group is a group of its own)."""
    return dict(_interest_groups(frozenset(interests)))


@lru_cache(maxsize=256)  # a pure function of a request's tags, asked for every place weighed
def _interest_groups(wanted: frozenset[str]) -> dict[str, frozenset[str]]:
    out = {name: tags for name, tags in INTEREST_GROUPS.items() if tags & wanted}
    grouped = set().union(*INTEREST_GROUPS.values())
    out.update({tag: frozenset({tag}) for tag in sorted(wanted - grouped)})
    return out


def wants_nightlife(request: TripRequest) -> bool:
    """Whether the traveller asked for a night out."""
    return bool(NIGHTLIFE & set(request.interests))


def styles_of(request: TripRequest, children: int) -> set[TravelStyle]:
    """The request's styles, with "family" when children travel."""
    styles = set(request.styles)
    if children:
        styles.add(TravelStyle.FAMILY)
    return styles


def is_filler(a: Attraction, interests: Iterable[str], styles: Iterable[TravelStyle] = ()) -> bool:
    """A district, mall or resort complex the traveller did not ask for (by an interest, or by
    a style of :data:`SHOPPING_STYLES` the place carries and shops for)."""
    tags = set(a.tags)
    if not tags & FILLER_TAGS:
        return False
    if SHOPPING_STYLES & set(styles) & set(a.styles) and tags & WANTED_FILLERS["shopping"]:
        return False
    groups = interest_groups(interests)
    return not any(tags & WANTED_FILLERS[g] for g in groups if g in WANTED_FILLERS)


def place_value(request: TripRequest, children: int, ticket: float, a: Attraction) -> float:
    """Worth of visiting ``a`` (not a must-see) for this request; ``ticket`` per person."""
    styles = styles_of(request, children)
    tags = set(a.tags)
    value = BASE_VALUE + min(a.duration_min, 180) / 6 + _wish_value(request, styles, tags, a)
    if POPULAR_TAGS & tags:
        value += POPULAR_VALUE
    if TravelStyle.VALUE in styles:
        value -= ticket / 2
    if TravelStyle.LUXURY in styles:
        value += ticket / 4
    if is_filler(a, request.interests, request.styles):
        value *= FILLER_FACTOR
    return max(5.0, value)


def _wish_value(
    request: TripRequest, styles: set[TravelStyle], tags: set[str], a: Attraction
) -> float:
    """What the traveller's styles and interests add to a sight. The food style and the food
    interest count once between them: the day's meals serve food already, so a sight tagged
    "cafes" does not outweigh the zoo for a family that loves food."""
    value = food = 0.0
    for style in sorted(styles & set(a.styles)):
        if style == TravelStyle.FOOD:
            food += STYLE_VALUE
        else:
            value += STYLE_VALUE
    for style in sorted(styles & set(STYLE_TAGS)):
        if tags & STYLE_TAGS[style]:
            if style == TravelStyle.FOOD:
                food += STYLE_VALUE / 2
            else:
                value += STYLE_VALUE / 2
    for group, wanted in sorted(interest_groups(request.interests).items()):
        if not tags & wanted:
            continue
        if group == "food":
            food += INTEREST_VALUE
        else:
            value += STRONG_INTEREST_VALUE if group in STRONG else INTEREST_VALUE
    return value + min(food, INTEREST_VALUE)


def serves(request: TripRequest, children: int, a: Attraction) -> set[str]:
    """The styles and interests of the request that ``a`` serves (for quality figures)."""
    tags = set(a.tags)
    out = {str(s) for s in styles_of(request, children) & set(a.styles)}
    out |= {g for g, wanted in interest_groups(request.interests).items() if tags & wanted}
    return out


def meal_serves(request: TripRequest, food: FoodPlace) -> frozenset[str]:
    """The wishes a meal at ``food`` serves (for quality figures): "food" (the style or the
    interest) at a hawker centre, a food court or street of hawker stalls, or a famous stall.
    Every day has two meals, so the search does not chase this wish; the meals' places do."""
    if food.kind not in LOCAL_FOOD_KINDS:
        return frozenset()
    return frozenset({"food"}) if foodie(request) else frozenset()


def foodie(request: TripRequest) -> bool:
    """Whether the traveller travels for the food (the style, or a food interest)."""
    return TravelStyle.FOOD in request.styles or "food" in interest_groups(request.interests)
