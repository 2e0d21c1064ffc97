"""Offline free-text parsing of trip details, in English and Korean.

``parse_trip_text("4 days from 12 March, 2 adults and a 6-year-old, love food, S$1500 each",
today)`` returns a :class:`TripPatch`: only what the text says, so it can be merged into a request
that already holds earlier answers. Impossible values (31 February, zero people, a zero budget)
come back as problems, never as exceptions. Pure: ``today`` is passed in.

The parts live beside it: :mod:`bot.intake.dates` (when), :mod:`bot.intake.party` (who),
:mod:`bot.intake.budget` (how much), :mod:`bot.intake.flights` (arrival and departure) and
:mod:`bot.intake.patch` (the patch and the small readers they share); this module reads the
rest (styles, pace, transport, interests, kinds of place unwanted, mobility, the hotel's area)
and puts them together.
"""

from __future__ import annotations

import re
from datetime import date

from bot.intake.budget import parse_budget
from bot.intake.dates import parse_dates, parse_length, parse_relative_dates
from bot.intake.flights import parse_ko_times, parse_layover, parse_times
from bot.intake.party import parse_party
from bot.intake.patch import TripPatch, words_said
from bot.intake.speaker import parse_speaker
from bot.trip import (
    MAX_PEOPLE,
    Pace,
    Party,
    Transport,
    Travellers,
    TravelStyle,
)

STYLE_WORDS: dict[TravelStyle, tuple[str, ...]] = {
    TravelStyle.FOOD: ("food", "eat", "hawker", "foodie", "cuisine", "seafood", "chilli crab",
                       "dim sum", "해산물", "칠리크랩", "칠리 크랩", "맛집", "음식", "먹방",
                       "미식", "호커", "먹거리"),
    TravelStyle.NATURE: ("nature", "park", "hike", "hiking", "garden", "wildlife", "outdoor",
                         "자연", "공원", "정원", "트레킹", "산책", "동물"),
    TravelStyle.CITY: ("city", "sightseeing", "museum", "culture", "history", "heritage",
                       "architecture", "관광", "시내", "도시", "박물관", "문화", "역사", "명소"),
    TravelStyle.LUXURY: ("luxury", "luxurious", "fancy", "splurge", "premium", "럭셔리",
                         "고급", "호캉스"),
    TravelStyle.VALUE: ("value", "cheap", "budget-friendly", "affordable", "backpack",
                        "backpacking", "backpacker", "tight budget", "low budget", "on a budget",
                        "shoestring", "not too expensive", "inexpensive",
                        "가성비", "저렴", "알뜰"),
    TravelStyle.FAMILY: ("kids", "children", "child", "family", "toddler", "키즈", "가족",
                         "아이와", "아이랑", "아이들"),
}  # fmt: skip
# Each mode's first word is how a form's choice is written (bot/intake/options.py).
TRANSPORT_WORDS: dict[Transport, tuple[str, ...]] = {
    Transport.PUBLIC: ("public transport", "mrt", "subway", "metro", "bus", "train",
                       "대중교통", "지하철", "버스"),
    Transport.TAXI: ("taxi", "cab", "택시"),
    Transport.GRAB: ("grab", "uber", "ride-hailing", "그랩", "우버"),
    Transport.CAR: ("rental car", "rent a car", "car rental", "drive", "driving",
                    "렌터카", "렌트카", "자동차"),
}  # fmt: skip
PACE_WORDS: dict[Pace, tuple[str, ...]] = {
    Pace.RELAXED: ("relaxed", "relaxing", "slow", "easy", "chill", "leisurely", "여유",
                   "느긋", "천천히", "널널"),
    Pace.PACKED: ("packed", "busy", "intense", "as much as possible", "빡빡", "알차게",
                  "최대한 많이", "강행군"),
}  # fmt: skip
TRAVELLER_WORDS: dict[Travellers, tuple[str, ...]] = {
    Travellers.MIXED: ("mixed", "혼성", "남녀"),
    Travellers.MALE: ("all male", "guys", "men only", "male", "남자끼리", "남성", "남자"),
    Travellers.FEMALE: ("all female", "girls", "women only", "female", "여자끼리", "여성",
                        "여자"),
}  # fmt: skip
HOTEL_AREAS = {
    "marina bay": "marina-bay", "marina": "marina-bay", "city hall": "city-hall",
    "orchard": "orchard", "chinatown": "chinatown", "bugis": "bugis", "sentosa": "sentosa",
    "little india": "little-india", "마리나": "marina-bay", "오차드": "orchard",
    "차이나타운": "chinatown", "부기스": "bugis", "센토사": "sentosa", "시청": "city-hall",
}  # fmt: skip


def parse_trip_text(text: str, today: date) -> TripPatch:
    """Extract trip details from ``text`` (English or Korean)."""
    patch = TripPatch()
    low = " ".join(text.lower().split())
    parse_dates(low, today, patch)
    parse_length(low, patch)
    parse_relative_dates(low, today, patch)
    parse_party(low, patch)
    parse_budget(low, patch)
    parse_times(low, patch)
    parse_ko_times(low, patch)
    parse_layover(low, patch)
    patch.styles = _styles(low)
    _parse_interests(low, patch)
    _parse_avoid_kinds(low, patch)
    _parse_mobility(low, patch)
    patch.speaker = parse_speaker(low)
    if patch.children == 0 and re.search(
        r"\b(?:0|no|zero|without)\s+(?:kids?|child(?:ren)?)\b", low
    ):
        patch.styles = [s for s in patch.styles if s != TravelStyle.FAMILY]
    patch.transport = [
        m for m, words in TRANSPORT_WORDS.items()
        if any(words_said(low, (w,)) and not _refused(w, low) for w in words)
    ]  # fmt: skip
    patch.pace = next((p for p, words in PACE_WORDS.items() if words_said(low, words)), None)
    patch.travellers = next((g for g, w in TRAVELLER_WORDS.items() if words_said(low, w)), None)
    patch.hotel_area = next(
        (
            area
            for name, area in HOTEL_AREAS.items()
            if re.search(
                rf"(stay(?:ing)?|hotel|hostel|airbnb|accommodation|guesthouse|based)[^.,;]*\b{name}\b"
                rf"|{name}\S*\s*(?:에\s*있는\s*)?(호텔|숙소|호스텔|게스트하우스|에어비앤비)",
                low,
            )
        ),
        None,
    )
    return patch


# Words travellers use for what they like → (KB tags for the planner to weigh, coarse styles).
INTEREST_WORDS: tuple[tuple[tuple[str, ...], tuple[TravelStyle, ...], str], ...] = (
    (("zoo", "wildlife", "bird-park"), (TravelStyle.NATURE,),
     r"animals?|zoos?|wildlife|safari|birds?|pandas?|animal lovers?|동물|사파리|새\s*공원|판다"),
    (("nightlife", "bar"), (TravelStyle.CITY,),
     r"night\s*life|bars?|pubs?|clubs?|clubbing|cocktails?|drinks|rooftop|party|술집|바\b|클럽|"
     r"칵테일|루프탑|밤문화|나이트\s*라이프|술\s*(?:마시|한\s*잔|먹)|한잔|맥주|와인"),
    (("shopping", "mall", "market"), (TravelStyle.CITY,),
     r"shop(?:ping|aholics?)?|malls?|souvenirs?|markets?|쇼핑|몰|기념품|시장"),
    (("hawker",), (TravelStyle.FOOD,),
     r"foodies?|hawkers?|street food|local food|eat(?:s|ing)?|food|맛집|먹방|호커|길거리\s*음식|"
     r"현지\s*음식|먹으러|먹는\s*거"),
    (("photo-spot", "viewpoint"), (TravelStyle.CITY,),
     r"photo(?:graphy|s|grapher)?|instagram(?:mable)?|insta|pictures?|views?|skyline|sunsets?|"
     r"사진|인스타|포토|전망|뷰|노을|일몰|야경"),
    (("history", "heritage", "museum"), (TravelStyle.CITY,),
     r"history|historic(?:al)?|heritage|museums?|culture|cultural|war|temples?|역사|박물관|문화|유적|"
     r"사원|전쟁"),
    (("art",), (TravelStyle.CITY,),
     r"art|arts|galler(?:y|ies)|design|architecture|미술|갤러리|예술|전시|건축"),
    (("theme-park", "rides"), (), r"theme\s*parks?|rides?|roller\s*coasters?|thrills?|universal|"
     r"water\s*parks?|놀이\s*공원|놀이기구|테마\s*파크|롤러코스터|워터파크"),
    (("beach",), (TravelStyle.NATURE,),
     r"beach(?:es)?|swim(?:ming)?|sea|islands?|해변|바다|비치|수영"),
    (("hiking", "walk", "nature-reserve"), (TravelStyle.NATURE,),
     r"hik(?:e|es|ing)|trek(?:king)?|trails?|nature walks?|rainforest|등산|트레킹|하이킹|"
     r"산책로|숲"),
    (("indoor",), (),
     r"rain(?:y)?(?: day)?|indoor|air[- ]?con(?:ditioned)?|too hot|heat|"
     r"비\s*오|우천|실내|에어컨|더위"),
    (("kids",), (TravelStyle.FAMILY,),
     r"kid[- ]friendly|for (?:the )?kids|playgrounds?|키즈|놀이터"),
)  # fmt: skip


def _negated(pattern: str, low: str) -> bool:
    """Whether the words of ``pattern`` are said as unwanted ("no museums", "박물관은 별로")."""
    return bool(
        re.search(
            rf"\b(?:no|not|hate|don'?t (?:like|want|care for)|skip|without)\s+(?:\w+\s+)?"
            rf"(?:{pattern})\b"
            rf"|(?:{pattern})\S*\s*(?:은|는|이|가|도)?\s*(?:별로|싫|빼|말고|제외|안\s*(?:좋|가|봐|볼)"
            rf"|관심\s*없|노노)",
            low,
        )
    )


def _refused(word: str, low: str) -> bool:
    """Whether a way of getting around is said as not wanted ("we don't drive", "택시는 싫어요")."""
    w = re.escape(word)
    return bool(
        re.search(
            rf"\b(?:don'?t|do not|won'?t|will not|can'?t|cannot|not|no|without|never|avoid)\s+"
            rf"(?:\w+\s+)?{w}|{w}\S*\s*(?:은|는|이|가|도)?\s*(?:안|못|싫|없|말고|빼)",
            low,
        )
    )


def _styles(low: str) -> list[TravelStyle]:
    """The coarse styles whose words the text says, and not as unwanted ("no museums")."""
    out = []
    for style, words in STYLE_WORDS.items():
        said = [w for w in words if words_said(low, (w,))]
        if any(not _negated(re.escape(w) + r"(?:s|es)?", low) for w in said):
            out.append(style)
    return out


# Kinds of place, in the words travellers use when they do not want them (AVOID_KIND_TAGS keys).
AVOID_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("museum", r"museums?|박물관|뮤지엄"),
    ("shopping", r"shop(?:ping)?|malls?|쇼핑|몰"),
    ("temple", r"temples?|churches|mosques|religious (?:sites|places)|절|사원|사찰|성당|교회|종교"),
    ("zoo", r"zoos?|animals?|동물원|동물"),
    ("theme-park", r"theme\s*parks?|rides|놀이\s*공원|놀이기구|테마\s*파크"),
    ("beach", r"beach(?:es)?|해변|비치"),
    ("nightlife", r"night\s*life|bars|clubs|clubbing|drinking|술집|클럽|밤문화"),
    ("hiking", r"hik(?:e|es|ing)|trek(?:king)?|등산|트레킹|하이킹"),
    ("gallery", r"art galleries|galleries|art museums?|미술관|갤러리"),
    ("war-memorial", r"war (?:memorials?|sites?|history)|전쟁"),
)


def unwanted_kinds(low: str) -> list[str]:
    """The kinds of place said as unwanted: "no museums please", "쇼핑은 관심 없어요" (and not
    the ones merely near such words: "I hate theme parks, can we do museums?" wants museums)."""
    return [kind for kind, pattern in AVOID_KIND_WORDS if _negated(pattern, low)]


def _parse_avoid_kinds(low: str, patch: TripPatch) -> None:
    patch.avoid_kinds = unwanted_kinds(low)


def _parse_interests(low: str, patch: TripPatch) -> None:
    """The words of what travellers like → KB tags and the planner's coarse styles."""
    for tags, styles, pattern in INTEREST_WORDS:
        if re.search(rf"(?<![a-z])(?:{pattern})(?![a-z])", low) and not _negated(pattern, low):
            patch.interests += [t for t in tags if t not in patch.interests]
            patch.styles += [s for s in styles if s not in patch.styles]


# (why, the longest walk per leg in minutes, words)
MOBILITY_WORDS: tuple[tuple[str, int, str], ...] = (
    ("wheelchair", 10, r"wheel\s*chairs?|휠체어"),
    ("stroller", 15, r"strollers?|prams?|buggy|buggies|push\s*chairs?|유모차"),
    ("limited", 10,
     r"no long walks?|(?:not|no|without) (?:too |so )?(?:much|many|long) walk(?:ing|s)?|"
     r"can'?t walk (?:much|far|long|a lot)|bad (?:knees?|legs?|hips?|back)|limited mobility|"
     r"mobility (?:issues?|problems?)|walking (?:is )?(?:hard|difficult|tough)|less walking|"
     r"minimal walking|little walking|don'?t want to walk|walking sticks?|canes?|walkers?|"
     r"(?:오래|많이)\s*(?:못|안)\s*걸|많이\s*걷는\s*(?:건|것은?|거)\s*(?:힘들|어려|싫)|많이\s*걷(?:기|는\s*거)\s*(?:힘들|어려|싫)|걷기\s*(?:힘들|어려|싫)|"
     r"덜\s*걷|적게\s*걷|많이\s*안\s*걷|(?:많이|오래|너무)\s*(?:많이\s*)?걷지\s*(?:않|말|못)|걷는\s*(?:건|거|것)\s*최소|"
     r"무릎|거동이?\s*불편|다리가?\s*(?:불편|아프)|지팡이"),
)  # fmt: skip


def _parse_mobility(low: str, patch: TripPatch) -> None:
    for why, limit, pattern in MOBILITY_WORDS:
        if re.search(pattern, low):
            patch.mobility.append(why)
            patch.max_walk_minutes = min(patch.max_walk_minutes or limit, limit)


def party_from_patch(patch: TripPatch) -> Party | None:
    """Build the party when the patch names one."""
    if patch.adults is None and patch.children is None:
        return None
    adults, children = patch.adults or 0, patch.children or 0
    if adults > MAX_PEOPLE or children > MAX_PEOPLE or adults + children > MAX_PEOPLE:
        return None  # reported as a problem by the parser
    seniors = min(patch.seniors or 0, adults)
    return Party(
        adults=adults, children=children, child_ages=tuple(patch.child_ages), seniors=seniors
    )
