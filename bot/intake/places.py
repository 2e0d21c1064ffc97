"""The one place index: the only code that turns words into places, in English and Korean.

Intake (must-see / avoid), edits, ``/attraction``, Discord autocomplete and the language-model
tools all ask this index. It knows, for every place of the knowledge base:

* its official English and Korean names and its id (read from the KB, nothing to keep in step);
* the names people use, abbreviations and Korean spellings (``bot/intake/data/place_aliases.json``:
  "USS", "MBS", "GBTB", "the zoo", "Jewel", "유니버설", "오셔나리움" …);
* group names ("the domes" = both domes) and ambiguous names ("the gardens" = one of two), which
  come back as a question with candidates, never as a silent guess;
* the distinctive words of its names ("botanic", "safari") for partial names, and typos, ranked
  by rapidfuzz.

``PlaceIndex.for_kb(kb)`` builds (and caches) the index; it is pure and deterministic.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from rapidfuzz import fuzz, process

from bot.i18n import has_hangul
from bot.planner.kb import Attraction, FoodPlace, KnowledgeBase

Place = Attraction | FoodPlace
Kinds = Literal["attraction", "food", "any"]

# How sure a key is; lower wins when one key names several places.
NAME, ALIAS, DERIVED, AMBIGUOUS, WORD = 0, 1, 2, 3, 4
FUZZY_CUTOFF = 86  # rapidfuzz score (0-100) for a typo to count as the name
FUZZY_TIE = 3  # places scoring within this of the best are asked about, not guessed

_PARTICLES = ("에서", "으로", "이랑", "까지", "부터", "하고", "은", "는", "을", "를", "이", "가",
              "도", "에", "로", "랑", "와", "과", "의", "만")  # fmt: skip
# Words of place names that are ordinary words in a sentence ("we arrive at night"): a place is
# found by one of its words only when the word is distinctive, never by these.
_COMMON = frozenset(
    """the and of at on in by for to a an singapore national international new old road rd
    street lane house centre center museum museums garden gardens park island point world river
    wonders paradise forest flower cloud studios bird hotel wings time fantasy spring waves
    science design memorial little india china east west north south coast water market village
    lake hill city gallery heritage arts art bay beach asian chinese japanese children childrens
    natural history contemporary institute college factory former tour tours walk light show food
    night sky tree top treetop skyline complex temple mosque church cathedral hall theatre
    theatres concert victoria reserve nature wetland wetlands sands marina orchard sentosa
    changi airport quay boat cable car mount peak observation deck fort raffles long bar
    dome domes grove rooftop playground waterpark adventure cove resorts resort station mall
    square plaza area district estate flats shophouses houses building tower towers landing
    site sites crossing view views point stop""".split()
)
_KO_COMMON = frozenset(
    "싱가포르 싱가폴 센터 공원 사원 박물관 스트리트 비치 파크 가든 가든스 하우스 로드 섬 시장 "
    "기념관 기념비 갤러리 뮤지엄 호텔 공항 정원 해변 마켓 워크 쇼 바 타워 레이크 리버 아일랜드 "
    "센토사 마리나 베이 오차드 창이 차이나타운".split()
)


def normalise(text: str) -> str:
    """Fold case, width and punctuation: "Pinnacle@Duxton", "pinnacle duxton" compare alike."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("&", " and ").replace("’", "'").replace("'s ", "s ").replace("@", " at ")
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class PlaceMatch:
    """What a name means: one place, a group of places, or a choice to ask about."""

    places: tuple[Place, ...] = ()  # the place named, or every place of a group ("the domes")
    candidates: tuple[Place, ...] = ()  # several places it could mean: ask, do not guess
    phrase: str = ""  # the words that named it

    @property
    def place(self) -> Place | None:
        return self.places[0] if len(self.places) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates) and not self.places

    @property
    def found(self) -> bool:
        return bool(self.places)


@dataclass(frozen=True)
class Mention:
    """A place named inside a sentence, with where it was named (in the normalised text)."""

    start: int
    end: int
    match: PlaceMatch


@dataclass
class _Key:
    entries: list[tuple[int, str]] = field(default_factory=list)  # (sureness, place id)
    group: bool = False


@lru_cache(maxsize=1)
def alias_table() -> dict[str, dict[str, list[str]]]:
    """The names people use, as data (``bot/intake/data/place_aliases.json``)."""
    raw = resources.files("bot.intake.data").joinpath("place_aliases.json").read_text("utf-8")
    data: dict[str, dict[str, list[str]]] = json.loads(raw)
    return data


_INDEXES: dict[int, tuple[KnowledgeBase, PlaceIndex]] = {}


class PlaceIndex:
    """Every name of every place of one knowledge base, and how to look words up in it."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.places: dict[str, Place] = dict(kb.places)
        self._keys: dict[str, _Key] = {}
        self._words: dict[str, set[str]] = {}
        for attraction in kb.attractions:
            self._add_place(attraction)
        for food in kb.food:
            self._add_place(food)
        self._add_alias_table(alias_table())
        for word, word_ids in self._words.items():
            for pid in sorted(word_ids):
                self._add(word, WORD, pid)
        self._choices = sorted(k for k, v in self._keys.items() if min(v.entries)[0] < WORD)
        self._pattern = self._mention_pattern()

    @staticmethod
    def for_kb(kb: KnowledgeBase) -> PlaceIndex:
        """The index of ``kb`` (built once per knowledge base object)."""
        cached = _INDEXES.get(id(kb))
        if cached is None or cached[0] is not kb:
            if len(_INDEXES) >= 8:
                _INDEXES.clear()
            cached = _INDEXES[id(kb)] = (kb, PlaceIndex(kb))
        return cached[1]

    # -- building --------------------------------------------------------------------------
    def _add_alias_table(self, table: dict[str, dict[str, list[str]]]) -> None:
        """Add the hand-kept aliases, group names ("the gardens") and ambiguous names."""
        for pid, names in table.get("aliases", {}).items():
            if pid in self.places:
                for name in names:
                    self._add(name, ALIAS, pid)
        for name, ids in table.get("groups", {}).items():
            known = [i for i in ids if i in self.places]
            if known:
                key = self._keys.setdefault(normalise(name), _Key())
                key.group = True
                key.entries += [(ALIAS, i) for i in known]
        for name, ids in table.get("ambiguous", {}).items():
            for pid in ids:
                if pid in self.places:
                    self._add(name, AMBIGUOUS, pid)

    def _add(self, name: str, sureness: int, pid: str) -> None:
        key = normalise(name)
        if key:
            entry = self._keys.setdefault(key, _Key())
            if (sureness, pid) not in entry.entries:
                entry.entries.append((sureness, pid))

    def _add_place(self, place: Place) -> None:
        pid = place.id
        for name in (place.names.en, place.names.ko):
            self._add(name, NAME, pid)
            bare = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
            self._add(bare, DERIVED, pid)
            self._add(re.sub(r",.*$", "", bare), DERIVED, pid)
            inner = re.findall(r"\((.*?)\)", name)
            for part in inner:
                self._add(part, DERIVED + 1, pid)
            short = re.sub(r"^(?:the|singapore|싱가포르)\s+|\s+(?:singapore|싱가포르)$", "", bare,
                           flags=re.I)  # fmt: skip
            if normalise(short) not in _COMMON | _KO_COMMON:  # "Singapore River" is not "river"
                self._add(short, DERIVED, pid)
            if has_hangul(name):
                self._add(bare.replace(" ", ""), DERIVED, pid)
                self._add(short.replace(" ", ""), DERIVED, pid)
            for word in re.findall(r"[a-z0-9]{3,}|[\uac00-\ud7a3]{2,}", normalise(name)):
                if word not in _COMMON and word not in _KO_COMMON:
                    self._words.setdefault(word, set()).add(pid)
        self._add(pid.replace("-", " "), NAME, pid)

    def _mention_pattern(self) -> re.Pattern[str]:
        """One regex of every name a sentence may contain, longest first (leftmost-longest)."""
        alternatives: list[str] = []
        for key, entry in self._keys.items():
            best = min(entry.entries)[0]
            if best == WORD:
                distinct = len({pid for _, pid in entry.entries}) == 1
                long_enough = len(key) >= (3 if has_hangul(key) else 5)
                if not (distinct and long_enough and key.isalnum()):
                    continue
            if best == AMBIGUOUS and not (key.startswith("the ") or has_hangul(key)):
                continue
            alternatives.append(key)
        alternatives.sort(key=lambda k: (-len(k), k))
        parts = []
        for key in alternatives:
            body = re.escape(key).replace(r"\ ", r"\s*" if has_hangul(key) else r"\s+")
            if has_hangul(key):
                lead = r"(?<![\uac00-\ud7a3])" if len(key) <= 2 else ""
                parts.append(lead + body)
            else:
                parts.append(r"(?<![a-z0-9])" + body + r"(?![a-z0-9])")
        return re.compile("|".join(parts))

    # -- looking up ------------------------------------------------------------------------
    def _resolve(
        self, key: str, kinds: Kinds, within: Collection[str] | None, phrase: str
    ) -> PlaceMatch | None:
        entry = self._keys.get(key)
        if entry is None:
            return None
        allowed = [(s, pid) for s, pid in entry.entries if self._allowed(pid, kinds, within)]
        if not allowed:
            return None
        if entry.group:
            ids = list(dict.fromkeys(pid for _, pid in allowed))
            return PlaceMatch(places=tuple(self.places[i] for i in ids), phrase=phrase)
        best = min(s for s, _ in allowed)
        ids = list(dict.fromkeys(pid for s, pid in allowed if s == best))
        if len(ids) > 1 and kinds == "any":  # a food centre and an attraction share a name
            attractions = [i for i in ids if isinstance(self.places[i], Attraction)]
            ids = attractions if len(attractions) == 1 else ids
        if len(ids) == 1:
            return PlaceMatch(places=(self.places[ids[0]],), phrase=phrase)
        return PlaceMatch(candidates=self._ordered(ids), phrase=phrase)

    def _allowed(self, pid: str, kinds: Kinds, within: Collection[str] | None) -> bool:
        place = self.places[pid]
        if kinds == "attraction" and not isinstance(place, Attraction):
            return False
        if kinds == "food" and not isinstance(place, FoodPlace):
            return False
        return within is None or pid in within

    def tagged(self, tags: Collection[str]) -> tuple[Place, ...]:
        """The attractions with any of ``tags`` ("museum", "shopping"), catalogue order."""
        return self._ordered(a.id for a in self.kb.attractions if set(a.tags) & set(tags))

    def _ordered(self, ids: Iterable[str]) -> tuple[Place, ...]:
        def rank(pid: str) -> tuple[int, int, str]:
            place = self.places[pid]
            number = place.number if isinstance(place, Attraction) else None
            return (0 if number is not None else 1, number or 0, pid)

        return tuple(self.places[i] for i in sorted(dict.fromkeys(ids), key=rank))

    def lookup(
        self, query: str, *, kinds: Kinds = "attraction", within: Collection[str] | None = None
    ) -> PlaceMatch:
        """What ``query`` (a name, a number, a partial name, a typo) means.

        ``within`` narrows the choice to those ids (the places of a plan): "the museum" in an
        edit is the museum of the plan. An empty match means nothing is called that.
        """
        raw = query.strip().lstrip("#").strip()
        if not raw:
            return PlaceMatch()
        if raw.isdigit():
            found = self.kb.by_number.get(int(raw))
            if found is not None and self._allowed(found.id, kinds, within):
                return PlaceMatch(places=(found,), phrase=raw)
            return PlaceMatch()
        if raw in self.places and self._allowed(raw, kinds, within):
            return PlaceMatch(places=(self.places[raw],), phrase=raw)
        key = normalise(raw)
        for variant in _variants(key):
            match = self._resolve(variant, kinds, within, raw)
            if match is not None:
                return match
        mentions = self.mentions(raw, kinds=kinds, within=within)
        if len(mentions) == 1:
            return mentions[0].match
        return self._loose(re.sub(r"^(?:the|a|an)\s+", "", key), kinds, within, raw)

    def _loose(
        self, key: str, kinds: Kinds, within: Collection[str] | None, phrase: str
    ) -> PlaceMatch:
        """Partial names and typos: substrings of names, then rapidfuzz."""
        if len(key) >= 2 + (0 if has_hangul(key) else 1):
            ids = [
                pid
                for name in self._choices
                if key in name
                for s, pid in self._keys[name].entries
                if s < AMBIGUOUS and self._allowed(pid, kinds, within)
            ]
            ids = list(dict.fromkeys(ids))
            if len(ids) == 1:
                return PlaceMatch(places=(self.places[ids[0]],), phrase=phrase)
            if ids:
                return PlaceMatch(candidates=self._ordered(ids), phrase=phrase)
        scored: dict[str, float] = {}
        for name, score, _ in process.extract(
            key, self._choices, scorer=fuzz.WRatio, limit=12, score_cutoff=FUZZY_CUTOFF
        ):
            for s, pid in self._keys[name].entries:
                if s < AMBIGUOUS and self._allowed(pid, kinds, within):
                    scored[pid] = max(scored.get(pid, 0.0), float(score))
        if not scored:
            return PlaceMatch()
        best = max(scored.values())
        ids = [pid for pid, score in scored.items() if score >= best - FUZZY_TIE]
        if len(ids) == 1:
            return PlaceMatch(places=(self.places[ids[0]],), phrase=phrase)
        return PlaceMatch(candidates=self._ordered(ids), phrase=phrase)

    def mentions(
        self, text: str, *, kinds: Kinds = "attraction", within: Collection[str] | None = None
    ) -> list[Mention]:
        """Places named in a sentence, in the order they are named (typos included)."""
        low = normalise(text)
        found: list[Mention] = []
        for m in self._pattern.finditer(low):
            key = re.sub(r"\s+", " ", m.group(0))
            match = self._resolve(key, kinds, within, m.group(0)) or self._resolve(
                key.replace(" ", ""), kinds, within, m.group(0)
            )
            if match is not None:
                found.append(Mention(m.start(), m.end(), match))
        found += self._fuzzy_mentions(low, found, kinds, within)
        found.sort(key=lambda x: x.start)
        return found

    def _fuzzy_mentions(
        self, low: str, taken: list[Mention], kinds: Kinds, within: Collection[str] | None
    ) -> list[Mention]:
        """Misspelt names ("univeral studios", "gardns by the bay") among the sentence's words."""
        words = [(m.start(), m.end()) for m in re.finditer(r"[a-z0-9]+", low)]
        free = [w for w in words if not any(t.start <= w[0] < t.end for t in taken)]
        found: list[tuple[float, int, int, str]] = []
        for size in (4, 3, 2, 1):
            for i in range(len(free) - size + 1):
                span = free[i : i + size]
                if any(b[0] != a[1] + 1 for a, b in itertools.pairwise(span)):
                    continue  # only neighbouring words form a name
                start, end = span[0][0], span[-1][1]
                phrase = low[start:end]
                if len(phrase) < 6 or phrase.split()[0] in _COMMON | {"day"}:
                    continue
                best = process.extractOne(
                    phrase, self._choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF + 2
                )
                if best is not None and not has_hangul(best[0]):
                    found.append((float(best[1]), start, end, best[0]))
        out: list[Mention] = []
        for _, start, end, name in sorted(found, key=lambda f: (-f[0], -(f[2] - f[1]), f[1])):
            if any(start < o.end and o.start < end for o in [*taken, *out]):
                continue
            match = self._resolve(name, kinds, within, low[start:end])
            if match is not None and not match.ambiguous:
                out.append(Mention(start, end, match))
        return out

    def named(
        self, text: str, *, kinds: Kinds = "attraction", within: Collection[str] | None = None
    ) -> list[Place]:
        """Every place a sentence names for sure (groups expanded), in order, once each."""
        out: dict[str, Place] = {}
        for mention in self.mentions(text, kinds=kinds, within=within):
            for place in mention.match.places:
                out.setdefault(place.id, place)
        return list(out.values())

    def complete(self, prefix: str, limit: int = 25) -> list[Attraction]:
        """Autocomplete: attractions whose number or any name starts with / contains ``prefix``."""
        raw = prefix.strip().lstrip("#").strip()
        attractions = [a for a in self._ordered(self.places) if isinstance(a, Attraction)]
        if not raw:
            return attractions[:limit]
        if raw.isdigit():
            return [a for a in attractions if str(a.number or "").startswith(raw)][:limit]
        key = normalise(raw)
        starts: list[str] = []
        contains: list[str] = []
        for name in self._choices:
            ids = [pid for s, pid in self._keys[name].entries if s < AMBIGUOUS]
            if name.startswith(key):
                starts += ids
            elif key in name:
                contains += ids
        ids = [
            i for i in dict.fromkeys([*starts, *contains]) if isinstance(self.places[i], Attraction)
        ]
        if not ids:
            match = self._loose(key, "attraction", None, raw)
            ids = [p.id for p in (*match.places, *match.candidates)]
        return [a for a in (self.places[i] for i in ids) if isinstance(a, Attraction)][:limit]


def _variants(key: str) -> list[str]:
    """The key, without "the", and Korean words without a trailing particle ("오셔나리움을")."""
    out = [key, re.sub(r"^the\s+", "", key), key.replace(" ", "")]
    words = key.split()
    if words and has_hangul(words[-1]):
        for particle in _PARTICLES:
            if words[-1].endswith(particle) and len(words[-1]) > len(particle) + 1:
                out.append(" ".join([*words[:-1], words[-1][: -len(particle)]]))
    return list(dict.fromkeys(v for v in out if v))
