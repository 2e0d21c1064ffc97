"""The planner worker (``bundletrip planner``): runs plan jobs from the Redis queue.

Bot processes started with ``PLANNER_QUEUE=redis`` put every plan and re-plan on the queue
(:mod:`bot.plan_jobs`); any number of these workers, on any machine, take and run them
(:mod:`bot.plan_worker`). Each plans ``max(1, PLANNER_PROCESSES)`` jobs at once (a thread, or
that many processes) and serves ``/metrics`` (plan jobs, plan time, reclaimed jobs, queue depth)
and ``/healthz`` on ``METRICS_PORT`` (default ``PORT``). SIGTERM: take nothing new, let running
jobs finish for ``SHUTDOWN_GRACE_S``, hand the rest back to the queue, exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from adapters.metrics_http import serve_metrics
from bot.bootstrap import build_planner_worker
from bot.config import Settings

log = logging.getLogger(__name__)


def run_planner(settings: Settings, *, host: str = "0.0.0.0") -> int:
    """Run the worker until SIGINT/SIGTERM; the exit code of ``bundletrip planner``."""
    if settings.redis_url is None:
        log.error("cannot start the planner worker: REDIS_URL is not set (jobs live in Redis)")
        return 2
    return asyncio.run(_serve(settings, host))


async def _serve(settings: Settings, host: str) -> int:
    worker = build_planner_worker(settings)
    runner = worker.runner
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    http = await serve_metrics(worker.metrics, host, settings.metrics_port or settings.port)
    try:
        runner.start()
        log.info("planner worker %s started (%d at once)", runner.worker, runner.concurrency)
        await stop.wait()
        await runner.stop()
    finally:
        await http.cleanup()
        await worker.aclose()
    log.info("planner worker %s stopped", runner.worker)
    return 0
