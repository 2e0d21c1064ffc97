"""Korean conversations read Korean: every reply of a Korean chat — plans, edits, a group trip,
errors, help, buttons, files, polls — is checked against every English text of the catalogue,
through the real conversation service on the real Redis server; and English replies carry no
Hangul.

Names stay as they are: a fragment of an English message that is also a place's Korean name, or
that the message's own Korean keeps (``MRT``, ``/attraction``, ``bundletrip``), is not a leak.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypedDict, Unpack

import pytest

from bot.bootstrap import App
from bot.i18n import MESSAGES, has_hangul
from bot.messages import (
    Choices,
    FileReply,
    FinalMessage,
    IncomingMessage,
    PictureReply,
    PinnedPlan,
    PollReply,
    ReplyEvent,
    Superseded,
    TextDelta,
    VenueReply,
)
from bot.planner.geo import ANCHORS
from tests.support import collect, message

pytestmark = pytest.mark.redis

_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_WORD = re.compile(r"[A-Za-z]{3,}")
_EDGE = " \t\n.,:;!?()[]\"'•–—-→+·/✓=#*"


def english_fragments(names: Iterable[str] = ()) -> dict[str, str]:
    """Each literal piece of the catalogue's English texts (no placeholders) -> its key.

    Left out: pieces without an English word, and pieces that the message's Korean keeps too (a
    name, a command, a unit) or that a place's Korean name contains.
    """
    names = "\n".join(names)
    pieces: dict[str, str] = {}
    for key, texts in MESSAGES.items():
        korean = texts["ko"] + "\n" + names
        for piece in _PLACEHOLDER.split(texts["en"]):
            piece = piece.strip(_EDGE)
            piece = re.sub(r"^[^\w/]+|[^\w)]+$", "", piece)  # emoji and symbols at the edges
            if _WORD.search(piece) and piece not in korean:
                pieces.setdefault(piece, key)
    return pieces


def leaks(text: str, fragments: dict[str, str]) -> list[tuple[str, str]]:
    """The English catalogue pieces found in ``text`` as whole words, with their keys."""
    found = []
    for piece, key in fragments.items():
        if piece not in text:  # most pieces: no need for the word-boundary search
            continue
        if re.search(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", text):
            found.append((key, piece))
    return found


def shown_texts(events: Iterable[ReplyEvent]) -> list[str]:
    """Everything a person reads in a turn's replies: texts, buttons, captions, polls."""
    out: list[str] = []
    for event in events:
        if isinstance(event, FinalMessage):
            out.append(event.text)
            if event.choices is not None:
                out += [o.label for o in event.choices.options]
        elif isinstance(event, Choices):
            out += [o.label for o in event.options]
        elif isinstance(event, TextDelta | PinnedPlan | Superseded):
            out.append(event.text)
        elif isinstance(event, FileReply):
            out.append(event.caption)
        elif isinstance(event, PictureReply):
            for picture in event.pictures:
                out.append(picture.caption)
                if picture.button is not None:
                    out.append(picture.button.label)
        elif isinstance(event, VenueReply):
            out += [v.title for v in event.venues]
        elif isinstance(event, PollReply):
            out += [event.question, *event.options]
    return [text for text in out if text]


class Where(TypedDict, total=False):
    """Who speaks, and in which chat (keyword arguments of :func:`tests.support.message`)."""

    user: str
    name: str
    chat: str | None
    private: bool


class Chat:
    """One conversation driven through the service, keeping every text it was shown."""

    def __init__(self, app: App, language: str, **where: Unpack[Where]) -> None:
        self.app = app
        self.language = language
        self.where = where
        self.texts: list[str] = []
        self.events: list[ReplyEvent] = []

    async def say(
        self, text: str = "", *, callback: str | None = None, **who: Unpack[Where]
    ) -> None:
        where: Where = {**self.where, **who}
        msg: IncomingMessage = message(text, callback=callback, language=self.language, **where)
        events = await collect(self.app.service, msg)
        assert events, f"no reply to {text or callback!r}"
        self.events += events
        self.texts += shown_texts(events)

    def buttons(self) -> list[str]:
        """The callback data of the last turn's buttons."""
        for event in reversed(self.events):
            if isinstance(event, FinalMessage) and event.choices is not None:
                return [o.data for o in event.choices.options]
        return []

    def polls(self) -> list[PollReply]:
        return [e for e in self.events if isinstance(e, PollReply)]


def _place_names(app: App, lang: str) -> list[str]:
    places = app.planner.kb.places.values()
    return [p.names.ko if lang == "ko" else p.names.en for p in places]


def _english_only_names(app: App) -> set[str]:
    """English names of places and hotel areas whose Korean name is different."""
    korean = "\n".join(_place_names(app, "ko"))
    pairs = [(p.names.en, p.names.ko) for p in app.planner.kb.places.values()]
    pairs += [(a.name_en, a.name_ko) for a in ANCHORS.values()]
    return {en for en, ko in pairs if en != ko and len(en) > 3 and en not in korean}


def _unsigned(text: str) -> list[str]:
    """The lines of ``text`` but the nearest-MRT line (stations keep their English names, as on
    the signs), with "(City Hall)" after its Korean name taken out."""
    lines = text.replace("(City Hall)", "").splitlines()
    return [line for line in lines if not line.startswith("🚇")]


async def _private_trip(chat: Chat, ko: bool) -> None:
    """Help, the guided intake by buttons, a plan, edits by words and buttons, the calendar,
    the catalogue, history and usage, and the bad inputs a traveller sends."""
    await chat.say("/start")
    await chat.say("/help")
    await chat.say("/plan")  # asks for the dates
    await chat.say("다음 달 10일부터" if ko else "from the 10th of next month")
    for data in ("i:days:3", "i:party:2-1"):
        await chat.say(callback=data)
    await chat.say(callback="i:ask:styles")
    await chat.say(callback="i:style:food")
    await chat.say(callback="i:done")
    await chat.say(callback="i:go")
    for data in chat.buttons():  # the plan's own buttons: lighter, fuller, regenerate, .ics
        await chat.say(callback=data)
    for text in (
        (
            "2일차 좀 여유롭게",
            "나이트 사파리 추가해줘",
            "가든스 바이 더 베이 빼줘",
            "1일차 다시 짜줘",
        )
        if ko
        else ("make day 2 lighter", "add Night Safari", "remove Gardens by the Bay", "redo day 1")
    ):
        await chat.say(text)
    await chat.say(callback="p:show")
    await chat.say("캘린더로 내보내기" if ko else "export calendar")
    await chat.say("/attractions")
    await chat.say("/attractions 2")
    await chat.say("/attraction 1")
    await chat.say("/attraction 가든스" if ko else "/attraction gardens")
    await chat.say("/attraction")
    await chat.say("/attraction 없는곳이름" if ko else "/attraction nowhereplace")
    await chat.say("/history")
    await chat.say("/usage")
    await chat.say("/lang xx")
    await chat.say("/nosuchcommand")
    await chat.say("5번 장소 빼줘" if ko else "remove place 5")
    await chat.say("아무말" if ko else "blah")
    await chat.say(callback="x:old-button")
    await chat.say("/reset")
    await chat.say("2월 30일부터 3일, 어른 2명" if ko else "3 days from 30 February, 2 adults")
    await chat.say("/reset")
    await chat.say("어제부터 3일, 어른 0명" if ko else "3 days from yesterday, 0 adults")
    await chat.say("/reset")
    await chat.say(
        "아이 2명만 3일, 다음 달 10일부터" if ko else "2 children alone, 3 days from 10th"
    )
    await chat.say("/reset")
    await chat.say(("가" if ko else "a") * 5000)  # too long
    await chat.say("/history")
    await chat.say("/forget")


async def _group_trip(chat: Chat, ko: bool) -> None:
    """Members' wishes, the ledger, a fair plan, costs, a date poll and its close."""
    who: Where = {"user": "1", "name": "지수" if ko else "Jo"}
    other: Where = {"user": "2", "name": "민수" if ko else "Max"}
    await chat.say("/group", **who)
    await chat.say(
        "나이트 사파리 꼭 가고 싶어요" if ko else "I want to see the Night Safari", **who
    )
    await chat.say(
        "내 예산은 1인당 S$400이고 2일차부터 가능해요, 박물관은 싫어요"
        if ko
        else "My budget is S$400 and I arrive on day 2, no museums",
        **other,
    )
    await chat.say(
        "/plan 어른 2명, 2027년 3월 12일부터 3일" if ko else "/plan 2 adults, 12-14 March 2027",
        **who,
    )
    await chat.say(callback="i:go", **who)
    await chat.say("/group", **other)
    await chat.say("/split", **other)
    await chat.say(
        "2027년 3월 20일부터 22일로 가요" if ko else "we should go 20-22 March 2027 instead",
        **other,
    )
    (poll,) = chat.polls()
    await chat.say(callback=f"v:{poll.poll_key}:1", **who)
    await chat.say(callback=f"v:{poll.poll_key}:1", **other)
    await chat.say(callback=f"v:{poll.poll_key}:0", **who)  # too late: closed


async def test_a_korean_traveller_reads_no_english_text_of_the_bot(app: App) -> None:
    chat = Chat(app, "ko")
    await _private_trip(chat, ko=True)
    group = Chat(app, "ko", chat="-515", private=False)
    await _group_trip(group, ko=True)
    fragments = english_fragments(_place_names(app, "ko"))
    texts = chat.texts + group.texts
    found = {(key, piece): text for text in texts for key, piece in leaks(text, fragments)}
    assert not found, "\n\n".join(f"{k}: {p!r} in\n{t[:400]}" for (k, p), t in found.items())
    english_names = _english_only_names(app)
    named = {(n, line) for t in texts for line in _unsigned(t) for n in english_names if n in line}
    assert not named, named  # a place is called by its Korean name
    assert sum(has_hangul(t) for t in texts) >= 0.9 * len(texts)  # and it is Korean
    assert any(isinstance(e, FileReply) for e in chat.events)  # the calendar came
    assert any("바뀐 점" in t for t in chat.texts)  # an edit said what changed


async def test_an_english_traveller_reads_no_korean(app: App) -> None:
    chat = Chat(app, "en")
    await _private_trip(chat, ko=False)
    group = Chat(app, "en", chat="-516", private=False)
    await _group_trip(group, ko=False)
    for text in chat.texts + group.texts:
        unquoted = re.sub(r'"[^"]*"', "", text)  # the examples of what to type may be Korean
        assert not has_hangul(unquoted), text[:400]


def test_the_leak_check_finds_an_english_sentence_and_spares_names() -> None:
    fragments = english_fragments(["나이트 사파리"])
    assert leaks("계획에 없어요. Send /help for the list.", fragments)
    assert not leaks("🗺️ 지도: MRT 도보 5분 · S$12 · /attraction 12", fragments)
