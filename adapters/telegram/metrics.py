"""Counters for ``GET /metrics``, written by hand in the Prometheus text format (0.0.4).

Per process; Prometheus sums over instances. Label values are fixed vocabularies (Bot API method
names, update kinds), never user data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

PREFIX = "bundletrip_telegram"
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class Histogram:
    """A cumulative histogram with fixed buckets."""

    buckets: tuple[float, ...] = LATENCY_BUCKETS
    counts: list[int] = field(default_factory=lambda: [0] * (len(LATENCY_BUCKETS) + 1))
    total: float = 0.0
    count: int = 0

    def observe(self, value: float) -> None:
        index = next((i for i, b in enumerate(self.buckets) if value <= b), len(self.buckets))
        self.counts[index] += 1
        self.total += value
        self.count += 1

    def lines(self, name: str) -> list[str]:
        out, running = [], 0
        for bound, count in zip((*self.buckets, float("inf")), self.counts, strict=True):
            running += count
            le = "+Inf" if bound == float("inf") else repr(bound)
            out.append(f'{name}_bucket{{le="{le}"}} {running}')
        out += [f"{name}_sum {self.total:.6f}", f"{name}_count {self.count}"]
        return out


@dataclass
class Metrics:
    """What one Telegram worker process counts."""

    updates: Counter[str] = field(default_factory=Counter)
    api_calls: Counter[str] = field(default_factory=Counter)
    flood_waits: int = 0
    flood_wait_seconds: float = 0.0
    errors: int = 0
    webhook_rejected: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    first_text: Histogram = field(default_factory=Histogram)

    def render(self) -> str:
        """The Prometheus text exposition of every metric."""
        p = PREFIX
        lines = _family(f"{p}_updates_total", "counter", "Updates received, by kind.",
                        _labelled("kind", self.updates))  # fmt: skip
        lines += _family(f"{p}_api_calls_total", "counter", "Bot API calls made, by method.",
                         _labelled("method", self.api_calls))  # fmt: skip
        lines += _family(f"{p}_flood_waits_total", "counter", "429 answers honoured.",
                         [("", self.flood_waits)])  # fmt: skip
        lines += _family(f"{p}_flood_wait_seconds_total", "counter", "Seconds waited on 429.",
                         [("", self.flood_wait_seconds)])  # fmt: skip
        lines += _family(f"{p}_errors_total", "counter", "Updates ending in the error handler.",
                         [("", self.errors)])  # fmt: skip
        lines += _family(f"{p}_webhook_rejected_total", "counter", "Webhook requests refused.",
                         _labelled("reason", self.webhook_rejected))  # fmt: skip
        lines += _family(f"{p}_updates_in_flight", "gauge", "Updates being handled.",
                         [("", self.in_flight)])  # fmt: skip
        lines += _family(f"{p}_first_text_seconds", "histogram",
                         "Update received to first visible text.", [])  # fmt: skip
        lines += self.first_text.lines(f"{p}_first_text_seconds")
        return "\n".join(lines) + "\n"


def _labelled(label: str, counter: Counter[str]) -> list[tuple[str, float]]:
    return [(f'{{{label}="{key}"}}', value) for key, value in sorted(counter.items())]


def _family(name: str, kind: str, help_text: str, samples: list[tuple[str, float]]) -> list[str]:
    out = [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
    return out + [f"{name}{labels} {_number(value)}" for labels, value in samples]


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.6f}"
