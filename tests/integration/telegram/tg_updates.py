"""Telegram update JSON: moved to :mod:`bench.rig.telegram_updates` (shared with the benchmarks)."""

from bench.rig.telegram_updates import *  # noqa: F403
