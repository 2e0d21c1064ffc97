"""Understanding benchmark: accuracy per field on the phrasing corpus.

Every line of ``tests/fixtures/understanding_corpus.txt`` (trip requests and edits, English and
Korean, as travellers write them) goes through the one request parser or the edit parser; each
expected field counts as right or wrong. Run with ``python -m bench.bench_understanding``;
results go to ``bench/results/understanding.md``.
"""

from __future__ import annotations

import time

from bench.machine import machine_line, write_result
from bench.understanding_eval import load_corpus, score

HISTORY = """
The last 45 lines of the corpus (after the "Written after the rules" marker) were written before
the parser saw them, as a check on phrasings the rules were not made from. Their first score
(2026-11-30): 14 of 151 fields wrong (90.7%) — adult ages said in words ("one is 67", "both
70"), "me and 3 mates", "in a month", "not keen on", "take the zoo out", "instead of X let's do
Y", "the first day", "X 빼고 Y 넣어줘". Each was fixed by a general rule, not by the string.
Phrasings not in the repository will still find gaps: this table measures the corpus only.
"""


def main() -> int:
    cases = load_corpus()
    started = time.perf_counter()
    result = score(cases)
    elapsed = time.perf_counter() - started
    rows = [
        ("utterances (Korean)", f"{result.cases} ({result.korean})", ">= 400 (>= 150)"),
        ("parse time per utterance", f"{elapsed / max(1, result.cases) * 1000:.1f} ms", "-"),
    ]
    for name in sorted(result.total):
        right, total = result.right[name], result.total[name]
        rows.append((f"field `{name}`", f"{right}/{total} = {right / total:.1%}", "100%"))
    all_right = sum(result.right.values())
    all_total = sum(result.total.values())
    rows.append(("all fields", f"{all_right}/{all_total} = {all_right / all_total:.1%}", "100%"))
    path = write_result("understanding", "Understanding: phrasing corpus", rows, machine_line())
    with path.open("a", encoding="utf-8") as out:
        out.write(HISTORY)
    for failure in result.failures:
        print("MISS", failure)
    return 0 if not result.failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
