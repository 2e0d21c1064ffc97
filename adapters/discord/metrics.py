"""Discord's share of the process metrics (defined in :mod:`bot.metrics`).

discord.py honours 429s inside its HTTP client and offers no hook for them; it logs each retry
on the ``discord.http`` logger with a fixed format. :class:`RetryCounter` is a logging filter on
that logger that counts those records (and the seconds waited) and lets every record through.
"""

from __future__ import annotations

import logging

from bot.metrics import Metrics

PLATFORM = "discord"
HTTP_LOGGER = "discord.http"
# discord/http.py (discord.py 2.x): the warning logged before sleeping and retrying a 429.
RETRYING = "We are being rate limited. %s %s responded with 429. Retrying in %.2f seconds."


class RetryCounter(logging.Filter):
    """Counts discord.py's 429 retries in ``metrics``; never drops a record."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.metrics = metrics

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == RETRYING and isinstance(record.args, tuple) and len(record.args) == 3:
            self.metrics.api_retries.labels(PLATFORM).inc()
            waited = record.args[2]
            if isinstance(waited, int | float):
                self.metrics.api_retry_wait.labels(PLATFORM).inc(float(waited))
        return True

    def install(self) -> None:
        logging.getLogger(HTTP_LOGGER).addFilter(self)

    def remove(self) -> None:
        logging.getLogger(HTTP_LOGGER).removeFilter(self)
