"""How much: a budget per person or for everyone, for the trip or per day, in S$, US$ or won
("S$1,500 each", "1인당 100만원", "200/day").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import cast

from bot.intake.patch import TripPatch
from bot.trip import (
    Currency,
    Money,
    TripProblem,
)

_SGD = r"(?:s\$|sgd\s*\$?|sg\$|싱가포르\s*달러|싱달러|싱가폴\s*달러)"
_USD = r"(?:us\$|usd\s*\$?|u\.s\.\s*\$|미국\s*달러|미화)"
_AMOUNT = r"(?<![\d,])(\d[\d,]{0,14}(?:\.\d{1,2})?)"  # bounded: no quadratic scans


_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,4}(?:\.\d{1,2})?)\s*k\b")
_MONEY_WORDS = re.compile(r"\$|\bsgd\b|\busd\b|dollar|budget|\beach\b|per person|예산|달러")


def _thousands(low: str) -> str:
    """ "2k", "$1.5k" as money: the thousands written out (only where money is talked about)."""
    if not _MONEY_WORDS.search(low):
        return low
    return _THOUSANDS.sub(lambda m: str(int(Decimal(m.group(1)) * 1000)), low)


def parse_budget(low: str, patch: TripPatch) -> None:
    low = _thousands(low)
    amount: Decimal | None = None
    currency = "SGD"
    patterns: list[tuple[str, str, Decimal]] = [
        (rf"{_AMOUNT}\s*만\s*원", "KRW", Decimal(10000)),
        (rf"₩\s*{_AMOUNT}", "KRW", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:원|krw|won)\b", "KRW", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:million|m)\s*(?:won|krw)\b", "KRW", Decimal(1_000_000)),
        (rf"krw\s*{_AMOUNT}", "KRW", Decimal(1)),
        (rf"{_USD}\s*{_AMOUNT}", "USD", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:usd|us dollars?|미국\s*달러|불)\b", "USD", Decimal(1)),
        (rf"{_SGD}\s*{_AMOUNT}", "SGD", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:sgd|singapore dollars?|싱가포르\s*달러|싱달러)", "SGD", Decimal(1)),
        (rf"\${_AMOUNT}", "SGD", Decimal(1)),
        (rf"{_AMOUNT}\s*(?:dollars?|달러)", "SGD", Decimal(1)),
        (rf"budget\s*(?:of|is|:)?\s*(?:about|around|~)?\s*{_AMOUNT}", "SGD", Decimal(1)),
        (rf"예산\s*(?:은|는|:)?\s*(?:약|대략)?\s*{_AMOUNT}", "SGD", Decimal(1)),
    ]
    per_day = False
    for pattern, cur, factor in patterns:
        m = re.search(pattern, low)
        if m:
            try:
                amount = Decimal(m.group(1).replace(",", "")) * factor
            except InvalidOperation:
                continue
            currency = cur
            if pattern.startswith("\\$") or "dollars?|달러" in pattern:
                patch.assumptions.append(("assume_sgd", str(amount)))
            per_day = bool(_PER_DAY.match(low, m.end()) or _PER_DAY_BEFORE.search(low[: m.start()]))
            break
    if amount is None:
        if re.search(r"\bno budget\b|unlimited|예산\s*(?:없|무제한|상관)", low):
            patch.budget = None
        return
    if amount <= 0:
        patch.problems.append(TripProblem(code="bad_budget"))
        return
    if per_day and (days := _days_said(patch)) is not None:
        patch.assumptions.append(("assume_per_day", f"{amount:f} {currency} × {days}"))
        amount *= days
    else:
        patch.budget_per_day = per_day
    patch.budget = Money(amount=amount, currency=cast(Currency, currency))
    patch.budget_is_total = bool(
        re.search(r"\b(in total|total|altogether|for all of us|for everyone)\b|총|전체|합쳐서", low)
    ) and not re.search(r"\b(each|per person|pp|a head)\b|1인당|인당|한\s*명당", low)


# "S$200 a day", "200/day", "하루 20만원", "1일 20만원": an amount for each day of the trip.
_PER_DAY = re.compile(
    r"\s*(?:sgd|usd|krw|dollars?|won|원)?\s*(?:/|per|a|an|each|every)\s*(?:day|d)\b"
    r"|\s*(?:sgd|usd|krw|dollars?|won|원)?\s*(?:daily|per diem)\b"
    r"|\s*(?:씩\s*)?(?:/\s*)?(?:하루|(?<!\d)1일|일)(?:에|당)"
)
_PER_DAY_BEFORE = re.compile(
    r"(?:\bdaily(?: budget)?|하루(?:에)?|(?<!\d)1일|일당|하루\s*예산은?)\s*(?:of|:)?\s*\S{0,4}$"
)


def _days_said(patch: TripPatch) -> int | None:
    """The trip's length this message gives, if any."""
    if patch.days is not None:
        return patch.days
    if patch.start_date is not None and patch.end_date is not None:
        return (patch.end_date - patch.start_date).days + 1
    return None
