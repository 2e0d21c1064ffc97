"""The stand-in Bot API: moved to :mod:`bench.rig.telegram_api` (shared with the benchmarks)."""

from bench.rig.telegram_api import *  # noqa: F403
