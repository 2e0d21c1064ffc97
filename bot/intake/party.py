"""Who: adults, children and their ages, seniors, and the people a message names ("my parents",
"아내와 아이 둘"), with what was assumed to read them.
"""

from __future__ import annotations

import re

from bot.intake.patch import KONUM, NUM, TripPatch, num
from bot.trip import (
    MAX_PEOPLE,
    TripProblem,
)

SENIOR_AGE = 60  # the usual senior price category of Singapore attractions
ADULT_AGE = 18
_SENIOR_WORDS = (
    r"(?:seniors?|senior citizens?|elderly|pensioners?|retirees?|grandparents?|old(?:er)? folks"
    r"|oaps?)"
)
_PARENTS = re.compile(
    r"\b(?:my|our|with)\s+(?:(?:elderly|old|aging|ageing|retired|older)\s+)?parents\b"
    r"|\b(?:mum|mom|mam) and dad\b|부모님"
    r"|엄마\s*(?:랑|와|하고)?\s*아빠|아빠\s*(?:랑|와|하고)?\s*엄마"
)
_ELDERLY = re.compile(
    r"\b(?:elderly|aging|ageing|retired|old) (?:parents|mum|mom|dad|folks)\b|연로|나이\s*드신|고령|"
    r"[6-9]0대"
)
_WITH_PARENTS = re.compile(
    r"\bwith (?:my|our) (?:(?:elderly|old|aging|ageing|retired|older) )?parents\b"
    r"|\b(?:me|i) and my (?:(?:elderly|old) )?parents\b|부모님\s*(?:을|를)?\s*모시고"
    r"|부모님\s*(?:과|와|이랑|랑|하고)\s*(?:같이|함께|저|나)"
)
_GRANDPARENT = re.compile(
    r"\b(?:grandma|grandmother|granny|grandpa|grandfather|nana|할머니|할아버지|외할머니|외할아버지)"
)


def _stated_ages(low: str) -> list[int]:
    """Every age the text states ("7 years old", "(7, 9)", "one of us is 67", "70대")."""
    ages = [
        int(a)
        for a in re.findall(r"\b(\d{1,2})[\s-]*(?:(?:years?|yrs?)[\s-]*old|yo\b|y\.o\.)", low)
    ]
    ages += [int(a) for a in re.findall(r"(\d{1,2})\s*(?:살|세)", low)]
    not_age = r"(?!\d|\s*(?:days?|nights?|d\b|n\b|adults?|kids?|child|people|pax|박|일|명))"
    for m in re.finditer(
        rf"\b(?:aged?|ages)\s+(\d{{1,2}}{not_age}(?:\s*(?:,|and|&)\s*\d{{1,2}}{not_age})*)", low
    ):
        ages += [int(a) for a in re.findall(r"\d{1,2}", m.group(1))]
    for m in re.finditer(
        r"(?:kids?|kiddos?|kiddies|children|boys?|girls?|sons?|daughters?|teens?|teenagers?|"
        r"little ones|아이들?|애들|아들|딸|"
        r"아이\s*둘|아이\s*셋|아이\s*\d)\s*(?:\(\s*"
        r"((?:\d{1,2}\s*(?:,|and|&|와|과|\s)?\s*)+)\)"
        r"|:\s*(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})+)\b)",  # "(3 kids: 2, 7 and 12)"
        low,
    ):
        ages += [int(a) for a in re.findall(r"\d{1,2}", m.group(1) or m.group(2))]
    ages += [
        int(a) for a in re.findall(r"\(\s*(\d{2})\s*(?:살|세|yo)?\s*\)", low) if int(a) >= ADULT_AGE
    ]
    for m in re.finditer(
        r"\b(one|both|each|all|two)\s+(?:of (?:us|them)\s+)?(?:is|are|aged?)?\s*(\d{2})\b"
        r"(?!\s*(?:days?|nights?|adults?))",
        low,
    ):
        ages += [int(m.group(2))] * (1 if m.group(1) == "one" else 2)
    for m in re.finditer(r"\bin (?:our|their|his|her|the) ([6-9])0s\b|(?<!\d)([6-9])0대", low):
        everyone = re.search(rf"\b{NUM}\s+of us\b[^.]{{0,20}}\ball\b", low)  # "3 of us, all in"
        many = num(everyone.group(1)) if everyone else 0
        ages += [int(m.group(1) or m.group(2)) * 10] * (
            many or (2 if re.search(r"\b(?:our|their)\b|두\s*분|둘\s*다", low) else 1)
        )
    return ages


def _kid_count(low: str, kid_ages: list[int]) -> int:
    """How many children the text counts, or implies by ages or by "our son"."""
    kids = _sum(rf"\b{NUM}\s+(?:kids?|kiddos?|kiddies|children|child|sons?|daughters?"
                rf"|toddlers?|babies|baby|teens?|teenagers?|infants?|little ones|littles)\b",
                low)  # fmt: skip
    kids += _sum(  # "kids: 1" as in a form; "kids: 2, 7 and 12" are ages
        r"\b(?:kids?|children)\s*[:=]\s*(\d{1,2})\b"
        r"(?!\s*(?:,|and|&)\s*\d{1,2}\b(?!\s*(?:days?|nights?|d\b|n\b)))",
        low,
    )
    kids += _sum(
        rf"(?:아이|어린이|아동|애기|아기|아가|유아|자녀|소인|아들|딸|꼬마|애)\s*{KONUM}"
        r"(?:\s*(?:명|인)|(?=\s*(?:[(,.!)]|$|\s)))",
        low,
    )
    if kids == 0 and kid_ages:
        kids = len(kid_ages)
    elif kids == 0 and re.search(
        r"\b(?:a|one|my|our|the)\s+(?:kid|kiddo|child|son|daughter|toddler|baby|infant)\b|"
        r"\b(?:baby|infant|toddler)\b|"
        r"(?:아이|아들|딸|애기)(?:와|랑|하고|도|\s)",
        low,
    ):
        kids = 1
    return kids


_PEOPLE_ASSUMED = ("assume_parents", "assume_couple", "assume_family")


def parse_party(low: str, patch: TripPatch) -> None:
    adults = _sum(rf"\b{NUM}\s+(?:adults?|adlts?|grown[- ]ups?|grownups)\b", low)
    adults += 2 * _sum(rf"\b{NUM}\s+(?:couples|married couples|pairs of)\b", low)  # "two couples"
    adults += 2 * _sum(rf"(?:커플|부부)\s*{KONUM}\s*(?:쌍|팀)", low)
    adults += _sum(r"\badults?\s*[:=]\s*(\d{1,2})\b", low)  # "adults: 2" as in a form
    adults += _sum(rf"(?:어른|성인|대인)\s*{KONUM}\s*(?:명|인)?", low)
    seniors = _sum(rf"\b{NUM}\s+{_SENIOR_WORDS}\b", low)
    seniors += _sum(rf"(?:어르신|노인|시니어|경로)\s*{KONUM}\s*(?:명|분|인)", low)
    ages = _stated_ages(low)
    kid_ages = [a for a in ages if a < ADULT_AGE]
    senior_ages = [a for a in ages if a >= SENIOR_AGE]
    kids = _kid_count(low, kid_ages)
    adults += seniors
    counted = adults > 0  # said as a number ("2 adults", "어른 2명"), not read from people named
    if adults == 0:
        adults, named_seniors = _people_named(low, kids, patch)
        seniors = max(seniors, named_seniors)
    else:  # "2 adults + grandma (78)": relatives named on top of a count
        extra = len(_GRANDPARENT.findall(low))
        adults, seniors = adults + extra, seniors + extra
    family = re.search(rf"\bfamily of {NUM}\b|(\d)\s*인\s*가족|가족\s*{KONUM}\s*명", low)
    if family and (adults == 0 or adults + kids < num(next(g for g in family.groups() if g))):
        size = num(next(g for g in family.groups() if g))  # "my family of 5": not just "me"
        if kids == 0:
            adults = min(2, size)
            kids = max(0, size - adults)
        else:
            adults = max(1, size - kids)
        patch.assumptions.append(("assume_family", f"{adults}-{kids}"))
    total = _total_people(low)
    if total is not None and total > adults + kids and not re.search(r"\badults?\b|어른|성인", low):
        adults = total - kids  # "4 of us", "여자 친구들 4명": the count wins over the words
        patch.assumptions = [a for a in patch.assumptions if a[0] not in _PEOPLE_ASSUMED]
    if (
        kids and adults <= 1 and not counted and re.search(r"\bfamily\b|가족", low)
        and not re.search(r"\bsingle (?:mom|mum|dad|parent)|\bsolo\b|just me|혼자|싱글", low)
    ):  # "family trip with our 2 kids", "가족 여행, 아이 셋": the parents  # fmt: skip
        adults = 2
        patch.assumptions = [a for a in patch.assumptions if a[0] != "assume_parents"]
        patch.assumptions.append(("assume_family", f"{adults}-{kids}"))
    if kids and adults == 0:  # a valid party is never refused: someone brings the children
        adults = 1
        patch.assumptions.append(("assume_one_adult", "1"))
    seniors = max(seniors, min(len(senior_ages), adults))
    if adults or kids:
        patch.adults = adults
        patch.children = kids
        patch.child_ages = kid_ages[:kids]
        patch.seniors = min(seniors, adults) or None
    total = _total_people(low)
    if total is not None and not (adults or kids):
        patch.adults, patch.children = total, 0
    for value in (patch.adults or 0) + (patch.children or 0), total or 0:
        if value > MAX_PEOPLE:
            patch.problems.append(TripProblem(code="too_many_people", value=value))
            break


_PARTNER = re.compile(
    r"\b(?:wife|husband|hubby|partner|girlfriend|boyfriend|gf|bf|fianc[eé]e?|spouse|missus)\b"
    r"|남편|아내|와이프|신랑|여친|남친|여자\s*친구(?!들)|남자\s*친구(?!들)"
)
# "a couple of days / museums" is a count of those, not two travellers ("a couple of us" is).
_COUPLE = re.compile(
    r"\b(?:couple(?!\s+(?:of\s+|more\s+)(?!us\b))|honeymoon\w*|two of us|the 2 of us|both of us"
    r"|just us two)\b"
    r"|부부|커플|신혼|둘이서|둘이|(?<!\d)2인(?!분|당)"
)
_TWO_OF_US = re.compile(r"\b(?:two of us|the 2 of us|both of us|just us two)\b|둘이서|둘이")
_SINGLE_PARENT = re.compile(
    r"\b(?:father|dad|daddy|mother|mum|mom|mommy|mummy|father-in-law|mother-in-law)\b"
    r"|아버지|어머니|아버님|어머님|장모님|장인어른|장인|시어머니|시아버지|엄마|아빠"
)
_ROLE = {
    "father": "dad", "dad": "dad", "daddy": "dad", "아버지": "dad", "아버님": "dad", "아빠": "dad",
    "mother": "mum", "mum": "mum", "mom": "mum", "mommy": "mum", "mummy": "mum",
    "어머니": "mum", "어머님": "mum", "엄마": "mum", "장인": "fil", "장인어른": "fil",
    "father-in-law": "fil", "장모님": "mil", "mother-in-law": "mil", "시어머니": "mil2",
    "시아버지": "fil2",
}  # fmt: skip
_PARENTS_2 = re.compile(
    r"\bparents(?:-in-law)?\b|\bin-?laws\b|\b(?:mum|mom|mam) and dad\b|\bdad and (?:mum|mom)\b"
    r"|부모님|시부모님|장인\s*장모|엄마\s*(?:랑|와|하고|,)?\s*아빠|아빠\s*(?:랑|와|하고|,)?\s*엄마"
)
_SPEAKER = re.compile(
    r"\b(?:me|i|i'm|im|my|we|our|us|myself)\b|(?<![가-힣])(?:저|제가|나|저희|우리|저랑|나랑)(?![가-힣])"
    r"|모시고|혼자|저\s*혼자"
    # "부모님이랑 가요", "아빠와 함께": "with …" says the speaker comes too ("부모님과 아이" lists)
    r"|(?:부모님|엄마|아빠|어머니|아버지|어머님|아버님)\s*(?:이랑|랑|과|와|하고)"
    r"(?=\s*(?:같이|함께|여행|가|갈|놀러|싱가포르|\d|$|[,.!~]))"
)
_SOLO = re.compile(
    r"\b(solo|alone|just me|by myself|only me|business trip|work trip|backpacking|conference)\b"
    r"|혼자|나홀로|1인\s*여행|출장"
)


def _people_named(low: str, kids: int, patch: TripPatch) -> tuple[int, int]:
    """Adults and seniors counted from the people named ("me, my wife and my dad" → 3)."""
    if _COUPLE.search(low) and not _PARENTS_2.search(low) and not _SINGLE_PARENT.search(low):
        return 2, 0
    if re.search(r"\bsingle (?:mom|mum|dad|father|mother|parent)\b|싱글\s*(?:맘|대디)|한부모", low):
        return 1, 0  # the speaker is the parent
    count = seniors = 0
    rest = low
    if _PARENTS_2.search(rest):
        count += 2
        if _ELDERLY.search(rest) or re.search(r"in their [6-9]0s|both (?:over )?[6-9]\d", rest):
            seniors += 2
        rest = _PARENTS_2.sub(" ", rest)
    roles = {_ROLE.get(w.replace(" ", ""), w) for w in _SINGLE_PARENT.findall(rest)}
    parents = 0 if _PARENTS_2.search(low) else len(roles)
    count += parents
    grand = len(_GRANDPARENT.findall(rest))
    if re.search(r"\bgrandparents\b|조부모", rest):
        grand = max(grand, 2)
    count += grand
    seniors += grand
    partner = bool(_PARTNER.search(low)) or bool(_COUPLE.search(low))
    count += 2 if _COUPLE.search(low) else int(partner)
    speaker = partner or bool(_SPEAKER.search(low)) or bool(_SOLO.search(low))
    if speaker and not _COUPLE.search(low) and (count or kids or _SOLO.search(low)):
        count += 1
    if count > 2 and not kids and _TWO_OF_US.search(low):
        count = 2  # "엄마랑 둘이", "just mum and me, the two of us": the pair is all
    if count and (parents or grand or _PARENTS_2.search(low)):
        patch.assumptions.append(("assume_parents", str(count)))
    elif count == 2 and partner and not _COUPLE.search(low):
        patch.assumptions.append(("assume_couple", "2"))
    return count, seniors


def _sum(pattern: str, low: str) -> int:
    return sum(num(m.group(1)) for m in re.finditer(pattern, low))


def _total_people(low: str) -> int | None:
    m = re.search(
        rf"\b(?:me|i)\s+(?:and|&|\+|with)\s+(?:my\s+)?{NUM}\s+(?:friends|mates|buddies|pals|colleagues|coworkers|others)\b",
        low,
    )
    if m is not None:
        return num(m.group(1)) + 1
    m = (
        re.search(
            rf"\b{NUM}\s+(?:people|persons|pax|friends|mates|travell?ers|of us|guys|girls)\b", low
        )
        or re.search(rf"\bwe(?:'re| are)\s+{NUM}\b", low)
        or re.search(rf"(?:친구|일행|가족|총)?\s*{KONUM}\s*명(?!\s*(?:이하|이상))", low)
        or re.search(  # "셋이서", "넷이 가요", "다섯이에요"
            r"(?<![가-힣])(둘|셋|넷|다섯|여섯|일곱|여덟)\s*이(?:서만|서|에요|예요|요)?(?![가-힣])",
            low,
        )
        or re.search(r"\b(\d{1,3})\s*(?:people|pax)\b", low)
        or re.search(  # "20대 여자 둘", "친구 셋"
            r"(?:여자|남자|친구|동기|동료|자매|형제)\s*(둘|셋|넷|다섯|여섯)(?:이서?|이요)?(?![가-힣])",
            low,
        )
    )
    if m is None:
        return None
    return num(m.group(1))
