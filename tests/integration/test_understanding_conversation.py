"""Understanding end to end on the real Redis server: names people use, edits that say what
changed, ambiguity asked with buttons, and Korean conversations without English."""

from __future__ import annotations

import re

import pytest

from bot.bootstrap import App
from bot.i18n import MESSAGES
from bot.messages import FinalMessage
from tests.support import Where, collect, final, message

pytestmark = pytest.mark.redis


def _visits(reply: FinalMessage) -> list[str]:
    assert reply.itinerary is not None
    return [
        i.place_id
        for d in reply.itinerary.days
        for i in d.items
        if i.kind == "visit" and i.place_id
    ]


def _english_fragments() -> set[str]:
    """Literal pieces (no placeholders) of every English text the bot itself writes."""
    pieces = {m["en"] for k, m in MESSAGES.items() if k.startswith("suggest.") and "{" not in k}
    for table in MESSAGES.values():
        for piece in re.split(r"\{[^}]*\}", table["en"]):
            piece = piece.strip(" .,:;!?()\"'\n•-–—")
            if len(piece) >= 12 and re.search(r"[a-z]{3,} [a-z]{3,}", piece):
                pieces.add(piece.lower())
    return pieces


async def test_a_korean_conversation_contains_no_english_from_the_bots_texts(app: App) -> None:
    ko: Where = {"language": "ko"}
    texts: list[str] = []
    for text in (
        "다음달 10일부터 2박3일, 부모님과 아이 1명(7살), 유니버설 스튜디오 꼭 가고 싶어요",
        "네",
    ):
        texts.append((await final(app.service, message(text, **ko))).text)
    plan = await final(app.service, message("/plan", **ko))
    assert plan.itinerary is not None
    visits = _visits(plan)
    assert "universal-studios-singapore" in visits
    name = app.planner.kb.places[visits[-1]].names.ko
    for text in (f"{name} 빼줘", "2일차 좀 여유롭게", "나이트 사파리 추가해줘", "좀 여유롭게"):
        texts += [e.text for e in await collect(app.service, message(text, **ko))
                  if isinstance(e, FinalMessage)]  # fmt: skip
    texts.append((await final(app.service, message(callback="p:show", **ko))).text)
    fragments = _english_fragments()
    for text in texts:
        low = text.lower()
        leaked = [f for f in fragments if f in low]
        assert leaked == [], (leaked, text[:300])
    joined = "\n".join(texts)
    assert "바뀐 점" in joined  # the edit said what changed


async def test_edits_by_the_names_people_use_say_what_changed(app: App) -> None:
    await final(
        app.service,
        message("3 days from 2027-03-12, 2 adults, Jewel and the Merlion are must-sees"),
    )
    plan = await final(app.service, message(callback="i:go"))
    visits = _visits(plan)
    assert {"jewel-changi-airport", "merlion-park"} <= set(visits)
    removed = await final(app.service, message("remove Jewel"))
    assert removed.itinerary is not None
    assert "jewel-changi-airport" not in _visits(removed)
    assert "Removed Jewel" in removed.text and "Day " in removed.text
    assert removed.choices is not None and any(o.data == "p:show" for o in removed.choices.options)
    whole = await final(app.service, message(callback="p:show"))
    assert whole.itinerary is not None and "Day 3" in whole.text


async def test_an_ambiguous_name_is_asked_with_buttons(app: App) -> None:
    reply = await final(
        app.service, message("4 days from 2027-03-12, 2 adults, we want to see the gardens")
    )
    assert reply.choices is not None
    data = [o.data for o in reply.choices.options]
    assert "i:must:gardens-by-the-bay" in data and "i:must:singapore-botanic-gardens" in data
    assert "Gardens by the Bay" in reply.text and "Botanic Gardens" in reply.text
    summary = await final(app.service, message(callback="i:must:singapore-botanic-gardens"))
    assert "Singapore Botanic Gardens" in summary.text


async def test_the_attraction_command_reads_abbreviations_and_asks_when_unsure(app: App) -> None:
    uss = await final(app.service, message("/attraction USS"))
    assert uss.text.startswith("96 : Universal Studios Singapore")
    gardens = await final(app.service, message("/attraction gardens"))
    assert gardens.choices is not None
    assert {o.data for o in gardens.choices.options} == {"c:/attraction 12", "c:/attraction 59"}
    picked = await final(app.service, message(callback="c:/attraction 59"))
    assert picked.text.startswith("59 : Singapore Botanic Gardens")
