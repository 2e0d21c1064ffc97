"""Keeping the bot token out of every log line.

The token is part of every Bot API URL, and httpx logs URLs; exceptions can carry them too. A log
record factory replaces the token in the message, its arguments and any traceback text, so every
handler (files, stderr, test capture) only ever sees ``<token>``.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

REDACTED = "<token>"
QUIET_LOGGERS = ("httpx", "httpx2", "httpcore", "aiohttp.access")


def install_token_redaction(token: str) -> None:
    """Redact ``token`` from every log record created from now on (idempotent per token)."""
    if not token:
        return
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts", None) == token:
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        return redact(record, token)

    factory.redacts = token  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


def redact(record: logging.LogRecord, token: str) -> logging.LogRecord:
    """Render the record's message and traceback now, without the token."""
    try:
        message = record.getMessage()
    # A bad format string or an argument whose __str__ fails: logging reports it later, as
    # usual; the redacting factory itself must never raise inside a logging call.
    except Exception:  # noqa: BLE001
        message = str(record.msg)
    if token in message:
        record.msg, record.args = message.replace(token, REDACTED), None
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = text.replace(token, REDACTED)
    return record
