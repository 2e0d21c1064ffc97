"""The message catalogue: every message in both languages, with the same placeholders."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest

from bot.i18n import LANGS, MESSAGES, has_hangul, suggest, suggestion, t
from bot.i18n.dates import date_range, numeric_date, short_date, weekday_date

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
    assert suggestion(suggest("switch_to_mrt"), "ko") == "MRT로 바꾸기"  # as the planner writes it
    assert suggest("drop", place="Jewel") == "drop Jewel"
    assert suggestion("sing a song", "ko") is None


ROOT = Path(__file__).resolve().parents[2]


def _keys_used() -> list[tuple[str, str]]:
    """(where, key or key prefix) of every message named in a call of t(), both() or suggest()."""
    used: list[tuple[str, str]] = []
    for path in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "adapters").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = {
                "t": node.args[1:2], "i18n": node.args[1:2], "both": node.args[:1],
                "suggest": node.args[:1],
            }  # fmt: skip
            prefix = "suggest." if node.func.id == "suggest" else ""
            for arg in args.get(node.func.id, []):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used.append((where, prefix + arg.value))
                elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                    used.append((where, prefix + str(arg.values[0].value) + "*"))
    return used


def test_every_message_the_code_names_is_in_the_catalogue() -> None:
    used = _keys_used()
    assert len(used) > 200  # the walk sees the code's messages
    missing = [
        (where, key)
        for where, key in used
        if not (
            any(k.startswith(key[:-1]) for k in MESSAGES) if key.endswith("*") else key in MESSAGES
        )
    ]
    assert missing == []


def test_dates_read_as_each_language_writes_them() -> None:
    day, end = date(2027, 3, 12), date(2027, 3, 14)
    assert weekday_date(day, "en") == "Fri 12 Mar"
    assert weekday_date(day, "ko") == "3월 12일 (금)"
    assert short_date(date(2027, 9, 1), "en") == "1 Sep"
    assert numeric_date(day, "ko") == "3/12" and numeric_date(day, "en") == "12 Mar"
    assert date_range(day, end, "en") == "12 Mar – 14 Mar 2027"
    assert date_range(day, end, "ko") == "2027년 3월 12일 – 3월 14일"
