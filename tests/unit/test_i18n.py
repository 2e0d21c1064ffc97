"""The message catalogue: every message in both languages, with the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from bot.i18n import LANGS, MESSAGES, has_hangul, suggestion, t

# Messages whose Korean deliberately leaves out a value that exists only in English (the data
# has no Korean for it), with the reason; the placeholder test allows exactly these.
KOREAN_OMITS: dict[str, set[str]] = {
    "plan.closure": {"note"},  # the closure notes in the data are English; Korean says it plainly
}

# Messages that are a proper name, the same in both languages.
NAMES = {"plan.mrt", "discord.choice.korean"}  # "한국어" is offered as itself in English too


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    message = MESSAGES[key]
    assert set(message) == set(LANGS), f"{key} lacks a language"
    assert all(message[lang].strip() for lang in LANGS), f"{key} has an empty text"
    en, ko = placeholders(message["en"]), placeholders(message["ko"])
    assert en - KOREAN_OMITS.get(key, set()) == ko, f"{key}: {en} vs {ko}"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_renders_in_both_languages(key: str) -> None:
    values = {name: 7 for lang in LANGS for name in placeholders(MESSAGES[key][lang])}
    for lang in LANGS:
        assert t(lang, key, **values).strip()


def test_a_korean_message_is_korean_and_an_english_one_is_not() -> None:
    # an English text may quote Korean input as an example ("150만원"), nothing else
    korean_in_english = [
        k
        for k, m in MESSAGES.items()
        if has_hangul(re.sub(r'"[^"]*"', "", m["en"])) and k not in NAMES
    ]
    assert korean_in_english == []
    # a Korean text is written in Hangul unless it is only a name, a number or a symbol
    untranslated = [
        k for k, m in MESSAGES.items() if not has_hangul(m["ko"]) and m["ko"] == m["en"]
        and re.search(r"[A-Za-z]{2,}", string.Formatter().vformat(m["en"], (), _Blank()))
    ]  # fmt: skip
    assert set(untranslated) <= NAMES, untranslated


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def test_the_check_catches_a_message_with_different_placeholders() -> None:
    assert placeholders("Day {n} at {time}") != placeholders("{n}일차")


def test_a_missing_key_or_value_is_an_error() -> None:
    with pytest.raises(KeyError):
        t("en", "no such message")
    with pytest.raises(KeyError):
        t("ko", "usage")  # needs {day}, {used}, {limit}


def test_a_planner_suggestion_reads_in_korean_and_an_unknown_one_is_not_guessed() -> None:
    assert suggestion("raise the budget", "ko") == "예산 늘리기"
    assert suggestion("raise the budget", "en") == "raise the budget"
    assert suggestion("sing a song", "ko") is None
