"""The webhook server: aiohttp on ``0.0.0.0:$PORT`` (Fly routes HTTPS to it).

``POST <path>`` accepts an update only with the right ``X-Telegram-Bot-Api-Secret-Token``
(constant-time compare; anything else is 403 and nothing is processed) and answers once the
update is stored and its place in its chat's order is fixed (free text: waiting in the chat's
pending list; anything else: handled — see ``InboxRunner.run_now``). A body that is not an
update (bad JSON, a wrong shape, JSON nested thousands deep) is answered 200 and dropped with a
log line, so Telegram does not redeliver it forever. Telegram sends the next update of a chat
only after the previous one was answered, so one chat's turns stay in order even across several
instances, and a burst typed during a long turn is folded into one reply (bot/busy.py); a
re-delivery (a timeout, a crash) carries the same ``update_id`` and the core drops it as a
duplicate.
``GET /healthz`` and ``GET /metrics`` (Prometheus text) serve Fly and monitoring.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from telegram import Bot, Update

from adapters.metrics_http import add_metrics_routes
from bot.metrics import Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Process = Callable[[Update], Awaitable[None]]


def make_web_app(
    *, bot: Bot, process: Process, secret: str, path: str, metrics: Metrics
) -> web.Application:
    """The aiohttp application serving the webhook, health and metrics."""
    expected = secret.encode()

    async def webhook(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            metrics.webhook_rejected.labels("secret").inc()
            log.warning("webhook request without the right secret refused")
            return web.Response(status=403, text="forbidden")
        update = _read_update(await request.read(), bot)
        if update is None:
            # Answered 200: Telegram would redeliver an error forever and hold the chat back.
            metrics.webhook_rejected.labels("malformed").inc()
            return web.Response(text="dropped")
        await process(update)
        return web.Response(text="ok")

    app = web.Application(client_max_size=2**20)
    app.router.add_post(path, webhook)
    add_metrics_routes(app, metrics)
    return app


def _read_update(body: bytes, bot: Bot) -> Update | None:
    """The update in ``body``, or ``None`` (logged) when it is not one Telegram could send."""
    try:
        data: Any = json.loads(body)
        update = Update.de_json(data, bot) if isinstance(data, dict) else None
        if update is not None and not isinstance(update.update_id, int):
            update = None
    except RecursionError:  # nested thousands deep: json and de_json both recurse
        update, reason = None, "nested too deep"
    # de_json raises whatever a wrong shape provokes; a malformed POST is dropped (and logged),
    # never answered with a traceback.
    except Exception as exc:  # noqa: BLE001
        update, reason = None, type(exc).__name__
    else:
        reason = "not an update object"
    if update is None:
        log.warning("malformed update dropped (%s, %d bytes)", reason, len(body))
    return update
