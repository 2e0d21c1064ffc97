"""``GET /metrics`` and ``GET /healthz`` over aiohttp, for any worker process.

The metrics themselves live in :mod:`bot.metrics` (one registry per process, built by
:func:`bot.bootstrap.build_app`); this module only serves them. The webhook server adds these
routes to its own app; the polling and Discord workers start :func:`serve_metrics` on
``METRICS_PORT`` (default ``PORT``).
"""

from __future__ import annotations

from aiohttp import web

from bot.metrics import CONTENT_TYPE, Metrics


def add_metrics_routes(app: web.Application, metrics: Metrics) -> None:
    """Add ``/metrics`` (Prometheus text, inbox gauges read at scrape time) and ``/healthz``."""

    async def metrics_page(_request: web.Request) -> web.Response:
        response = web.Response(body=await metrics.exposition())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app.router.add_get("/metrics", metrics_page)
    app.router.add_get("/healthz", healthz)


async def serve_metrics(metrics: Metrics, host: str, port: int) -> web.AppRunner:
    """Serve ``/metrics`` and ``/healthz`` on ``host:port``; ``cleanup()`` the runner to stop."""
    app = web.Application()
    add_metrics_routes(app, metrics)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
