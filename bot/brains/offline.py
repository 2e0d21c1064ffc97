"""The offline brain: deterministic understanding of trip talk, no network.

It is a brain like any other (same interface as the language-model brain), the default when no
API key is set and the fallback when the model fails. It understands trip details in English and
Korean through the intake parser, confirmation words, and plan edits (see ``bot.brains.edits``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from bot.brains.base import Brain, TurnContext
from bot.i18n import Lang, t
from bot.intake.places import PlaceMatch
from bot.intake.wishes import place_question
from bot.messages import Choice, Choices, FinalMessage, ReplyEvent, TextDelta
from bot.tools import TripTools

# A plain "yes, go ahead": one to four such words and nothing else ("ok plan it", "yes please",
# "perfect, let's go!", "네 좋아요", "좋아요 계획 세워 주세요", "👍").
_YES_WORD = (
    r"(?:yes|yep|yup|yeah|yea|ok(?:ay)?|k|sure|go(?: ahead)?|plan it|do it|let'?s (?:go|do it)"
    r"|sounds (?:good|great)|looks (?:good|great)|perfect|great|cool|fine|confirm(?:ed)?|please"
    r"|pls|that'?s (?:it|right|good)|all good|go for it"
    r"|네|예|응|ㅇㅇ|좋아요?|좋습니다|좋네요|확인|괜찮아요|고고|그래요?|계획\s*(?:세워|짜)\s*(?:줘|주세요)?"
    r"|진행(?:해\s*(?:줘|주세요))?|부탁(?:해요|드려요)|👍|👌|✅)"
)
_YES = re.compile(rf"^\s*(?:{_YES_WORD}[\s,.!~]*){{1,4}}$", re.IGNORECASE)


def is_confirmation(text: str) -> bool:
    """Tell whether ``text`` is a plain "yes, go ahead"."""
    return bool(_YES.match(text))


class OfflineBrain(Brain):
    """Rule-based brain over the parser and planner."""

    name = "offline"

    async def reply(self, ctx: TurnContext) -> AsyncIterator[ReplyEvent]:
        tools, lang, text = ctx.tools, ctx.lang, ctx.message.text
        state = tools.state
        if state.stage == "intake" and state.awaiting == "confirm" and is_confirmation(text):
            yield TextDelta(t(lang, "planning"))
            for event in await tools.confirm_and_plan(lang):
                yield event
            return
        if state.stage == "planned":
            handled = await tools.edit_from_text(text, lang)
            if handled is not None:
                for event in handled:
                    yield event
                return
        place = place_question(text, tools.planner.kb)
        if place is not None:  # "what time does the zoo open?" is about the place, not the trip
            yield FinalMessage(tools.describe(place, lang), language=lang)
            return
        parsed = tools.read(text, lang)
        patch, unsure = parsed.patch, parsed.unsure
        if patch.empty and not unsure:
            yield _not_understood(tools, lang, text)
            return
        if state.stage == "planned":
            for event in await tools.replan_with(patch, lang):
                yield event
            return
        result = tools.update_request(patch, lang)
        text, choices = result.prompt.text, result.prompt.choices
        if parsed.assumptions:
            text = t(lang, "defaults_assumed", items=", ".join(parsed.assumptions)) + "\n\n" + text
        if unsure:
            text, choices = _ask_which(unsure[0], text, choices, tools, lang)
        yield FinalMessage(text, choices=choices, language=lang)


# A hello or "planning a trip" with no details yet: welcomed with the first question, not told
# that nothing was understood.
_HELLO = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|안녕\w*|반가\w*)\b"
    r"|\b(?:plan(?:ning)?|organi[sz]e|help (?:me|us) (?:plan|with))\s+(?:a|my|our|the)\s+trip\b"
    r"|\b(?:trip|travel(?:l?ing)?|holiday|vacation|going|coming)\s+to\s+singapore\b"
    r"|\bvisit(?:ing)? singapore\b"
    r"|여행\s*(?:계획|가려|갈|가요|준비|짜)|싱가포르\s*(?:여행|가려|갈|가요)",
    re.I,
)


def _not_understood(tools: TripTools, lang: Lang, text: str = "") -> FinalMessage:
    """Say the words held no trip details (in the intake, asking its question again)."""
    stage = tools.state.stage
    if stage == "planned":
        return FinalMessage(t(lang, "planned_not_understood"), language=lang)
    if stage == "intake" or _HELLO.search(text):
        prompt = tools.start_intake(lang)
        opening = t(lang, "glad_to_help") if _HELLO.search(text) else t(lang, "not_understood")
        return FinalMessage(opening + "\n\n" + prompt.text, choices=prompt.choices, language=lang)
    return FinalMessage(t(lang, "not_understood"), language=lang)


def _ask_which(
    match: PlaceMatch, text: str, choices: Choices | None, tools: TripTools, lang: Lang
) -> tuple[str, Choices]:
    """Add "Which gardens? Gardens by the Bay · Botanic Gardens" with a button per place."""
    name = tools.place_name(lang)
    places = match.candidates[:6]
    question = t(lang, "which_place", value=" · ".join(name(p.id) for p in places))
    options = [Choice(name(p.id), f"i:must:{p.id}") for p in places]
    if choices is not None:
        options += list(choices.options)
    return text + "\n\n" + question, Choices(tuple(options))
