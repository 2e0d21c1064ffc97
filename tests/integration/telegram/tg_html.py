"""Telegram's HTML subset: moved to :mod:`bench.rig.telegram_html` (shared with the benchmarks)."""

from bench.rig.telegram_html import *  # noqa: F403
