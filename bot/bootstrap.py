"""Composition root: builds the conversation service from Settings. Tests pass fakes here.

No client is created at import time; ``build_app`` creates them and ``App.aclose`` closes them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

import redis.asyncio as aioredis

from bot.brains.base import Brain
from bot.brains.offline import OfflineBrain
from bot.catalogue_commands import catalogue_commands
from bot.config import Settings
from bot.conversation import ConversationService, ServiceConfig
from bot.errors import BrainError
from bot.group.desk import GroupDesk
from bot.metrics import Metrics, ObservedInbox, TimedPlanner
from bot.plan_jobs import QueuedPlanner
from bot.plan_worker import PlanJobRunner
from bot.planner.kb import load_knowledge_base
from bot.planning import Planner
from bot.storage.inbox import Inbox
from bot.storage.lock_keeper import LockKeeper
from bot.storage.pending import RedisPendingMessages
from bot.storage.polls import RedisPollIndex
from bot.storage.ports import (
    BreakerStore,
    ChannelMarks,
    PlanJobQueue,
    ThreadIndex,
    UsageLedger,
)
from bot.storage.redis_breaker import RedisBreakerStore
from bot.storage.redis_connections import guard_connections
from bot.storage.redis_forget import RedisEraser
from bot.storage.redis_inbox import RedisStreamInbox
from bot.storage.redis_marks import RedisChannelMarks
from bot.storage.redis_plan_jobs import RedisPlanJobQueue
from bot.storage.redis_store import (
    HOLD_LIMIT,
    Keys,
    RedisConversationStore,
    RedisProfileStore,
    RedisQuotaStore,
    lock_ttl_s,
)
from bot.storage.redis_threads import RedisThreadIndex
from bot.storage.redis_usage import RedisUsageLedger
from bot.tls import tls_context

if TYPE_CHECKING:
    from bot.brains.llm_usage import UsageHook

log = logging.getLogger(__name__)

CLUSTER_RETRIES = 10  # attempts after the first when a cluster node fails (redis-py `retry`)


@dataclass
class App:
    """The running core: the service plus what must be closed at shutdown."""

    service: ConversationService
    redis: aioredis.Redis
    settings: Settings
    planner: Planner
    embedded_redis: bool
    closers: list[Brain] = field(default_factory=list)
    metrics: Metrics = field(default_factory=Metrics)  # this process's registry (/metrics)
    lock_keeper: LockKeeper | None = None  # renews the conversation locks from a thread

    async def aclose(self) -> None:
        for brain in self.closers:
            await brain.aclose()
        self.planner.close()
        if self.lock_keeper is not None:
            self.lock_keeper.close()
        await self.redis.aclose()


def make_redis(settings: Settings) -> tuple[aioredis.Redis, bool]:
    """A Redis client for ``REDIS_URL``, or an in-process one (fakeredis with Lua) if unset."""
    if settings.redis_url is None:
        import fakeredis

        fake: aioredis.Redis = fakeredis.FakeAsyncRedis(
            server=fakeredis.FakeServer(), decode_responses=True
        )
        return fake, True
    if settings.redis_cluster:
        from redis.asyncio.cluster import RedisCluster
        from redis.asyncio.retry import Retry
        from redis.backoff import ExponentialWithJitterBackoff

        # A failover (a master dies, its replica is promoted) shows as connection errors, then
        # CLUSTERDOWN, then MOVED: redis-py re-reads the slot map and tries again, up to
        # ``retries`` times (pausing on CLUSTERDOWN) — tests/integration/test_cluster_failover.py.
        cluster = RedisCluster.from_url(
            settings.redis_url.get_secret_value(),
            retry=Retry(ExponentialWithJitterBackoff(base=0.05, cap=1.0), CLUSTER_RETRIES),
            decode_responses=True,
            socket_timeout=5,
            socket_connect_timeout=3,
        )
        guard_connections(cluster)  # a connection dropped under a write is a connection error
        # The stores use the command API both clients share; every script's keys and every
        # transaction stay in one slot (see bot/storage/redis_store.py).
        return cast("aioredis.Redis", cluster), False
    client: aioredis.Redis = aioredis.Redis.from_url(
        settings.redis_url.get_secret_value(),
        decode_responses=True,
        socket_timeout=5,
        socket_connect_timeout=3,
        health_check_interval=30,
    )
    guard_connections(client)
    return client, False


def make_lock_keeper(settings: Settings) -> LockKeeper | None:
    """The thread that renews this process's conversation locks, with a synchronous client of
    its own (bot/storage/lock_keeper.py); ``None`` for the in-process Redis."""
    if settings.redis_url is None:
        return None
    url = settings.redis_url.get_secret_value()
    cluster = settings.redis_cluster

    def connect() -> Any:
        if cluster:
            from redis.cluster import RedisCluster as SyncCluster

            return SyncCluster.from_url(url, socket_timeout=5, socket_connect_timeout=3)
        import redis

        return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=3)

    ttl = lock_ttl_s(settings.lock_timeout_s, settings.lock_heartbeat_s)
    return LockKeeper(connect, ttl_s=ttl, hold_limit_s=HOLD_LIMIT * settings.lock_timeout_s)


def make_inbox(app: App, name: str) -> Inbox:
    """The durable inbox of one platform's updates, on the app's Redis (watched by metrics)."""
    inbox = RedisStreamInbox(app.redis, Keys(app.settings.key_prefix), name, app.lock_keeper)
    return ObservedInbox(inbox, name, app.metrics)


def make_thread_index(app: App, platform: str, ttl_s: int) -> ThreadIndex:
    """The index of the trip threads the bot opened on ``platform``, on the app's Redis."""
    return RedisThreadIndex(app.redis, app.settings.key_prefix, ttl_s, platform)


def make_channel_marks(app: App, platform: str, ttl_s: int) -> ChannelMarks:
    """The newest stored message per channel on ``platform`` (catching up after a restart)."""
    return RedisChannelMarks(app.redis, app.settings.key_prefix, platform, ttl_s)


def make_plan_queue(settings: Settings, redis_client: aioredis.Redis) -> PlanJobQueue:
    """The queue of planning jobs shared by bot processes and ``bundletrip planner`` workers."""
    return RedisPlanJobQueue(
        redis_client, Keys(settings.key_prefix), result_ttl_s=settings.plan_result_ttl_s
    )


@dataclass
class PlannerWorkerApp:
    """A ``bundletrip planner`` process: the job runner, its metrics, and what to close."""

    runner: PlanJobRunner
    metrics: Metrics
    planner: TimedPlanner
    redis: aioredis.Redis

    async def aclose(self) -> None:
        self.planner.close()
        await self.redis.aclose()


def build_planner_worker(settings: Settings) -> PlannerWorkerApp:
    """A planner worker's parts: the plan-job queue on ``REDIS_URL``, a planner, the runner."""
    redis_client, _ = make_redis(settings)
    metrics = Metrics()
    queue = make_plan_queue(settings, redis_client)
    metrics.watch_plan_queue(queue)
    planner = TimedPlanner(load_knowledge_base(), metrics, processes=settings.planner_processes)
    runner = PlanJobRunner(
        queue, planner, concurrency=settings.planner_processes,
        reclaim_idle_s=settings.planner_reclaim_idle_s, grace_s=settings.shutdown_grace_s,
        on_reclaimed=metrics.plan_reclaimed.inc,
    )  # fmt: skip
    return PlannerWorkerApp(runner, metrics, planner, redis_client)


def make_planner(
    settings: Settings, redis_client: aioredis.Redis, metrics: Metrics, *, embedded: bool
) -> Planner:
    """Plan here (a thread or ``PLANNER_PROCESSES`` processes) or through the job queue."""
    kb = load_knowledge_base()
    if settings.planner_queue == "redis":
        if not embedded:
            metrics.watch_plan_queue(queue := make_plan_queue(settings, redis_client))
            return QueuedPlanner(kb, metrics, queue, wait_s=settings.planner_queue_wait_s)
        log.warning("PLANNER_QUEUE=redis needs REDIS_URL (no worker can reach an in-process "
                    "Redis): planning in this process")  # fmt: skip
    return TimedPlanner(kb, metrics, processes=settings.planner_processes)


def make_brain(
    settings: Settings,
    redis_client: aioredis.Redis,
    keys: Keys,
    metrics: Metrics | None = None,
) -> Brain:
    """The language-model brain when an API key is set, else the offline brain."""
    if settings.openai_api_key is None:
        log.info("no OPENAI_API_KEY: the offline brain answers (rules over the planner)")
        return OfflineBrain()
    log.info("smart mode: model %s via an OpenAI-compatible API", settings.openai_model)
    on_usage = metrics.llm_used if metrics is not None else None
    return make_llm_brain(
        settings,
        RedisUsageLedger(redis_client, keys),
        RedisBreakerStore(redis_client, keys),
        on_usage=on_usage,
    )


def make_llm_brain(
    settings: Settings,
    ledger: UsageLedger,
    breaker_store: BreakerStore,
    on_usage: UsageHook | None = None,
) -> Brain:
    """Build the language-model brain from Settings (the API key stays inside the client)."""
    from openai import AsyncOpenAI, DefaultAsyncHttpxClient, Timeout

    from bot.brains.llm import LlmBrain, LlmConfig
    from bot.brains.llm_breaker import CircuitBreaker
    from bot.brains.llm_context import ContextBudget
    from bot.brains.llm_usage import load_price_table

    if settings.openai_api_key is None:
        raise BrainError("no OPENAI_API_KEY")
    client = AsyncOpenAI(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.openai_base_url or None,
        timeout=Timeout(settings.llm_read_timeout_s, connect=settings.llm_connect_timeout_s),
        max_retries=settings.llm_max_retries,
        http_client=DefaultAsyncHttpxClient(verify=tls_context()),  # openai's defaults, shared TLS
    )
    config = LlmConfig(
        model=settings.openai_model,
        budget_user_usd=settings.llm_daily_budget_usd_per_user,
        budget_conversation_usd=settings.llm_daily_budget_usd_per_conversation,
        max_tool_rounds=settings.llm_max_tool_rounds,
        turn_timeout_s=settings.llm_turn_timeout_s,
        context=ContextBudget(max_tokens=settings.llm_context_tokens),
    )
    breaker = CircuitBreaker(
        breaker_store,
        threshold=settings.llm_breaker_failures,
        cooldown_s=settings.llm_breaker_cooldown_s,
    )
    prices = load_price_table(settings.llm_price_table)
    log.info("language model %s (prices as of %s)", settings.openai_model, prices.as_of)
    return LlmBrain(
        client, config, ledger=ledger, breaker=breaker, prices=prices, on_usage=on_usage
    )


def build_app(
    settings: Settings,
    *,
    clock: Callable[[], datetime] | None = None,
    redis_client: aioredis.Redis | None = None,
    brain: Brain | None = None,
) -> App:
    """Wire storage, brains, planner and service together."""
    if redis_client is None:
        redis_client, embedded = make_redis(settings)
    else:
        embedded = False
    if embedded:
        log.warning(
            "REDIS_URL is not set: using an in-process Redis; nothing survives a restart "
            "and instances cannot share state"
        )
    keys = Keys(settings.key_prefix)
    metrics = Metrics()
    ttl = settings.history_ttl_days * 86400
    keeper = None if embedded else make_lock_keeper(settings)
    conversations = RedisConversationStore(
        redis_client, keys, max_turns=settings.history_max_turns, ttl_s=ttl,
        dedup_ttl_s=settings.dedup_ttl_hours * 3600, lock_timeout_s=settings.lock_timeout_s,
        lock_wait_s=settings.lock_wait_s, lock_heartbeat_s=settings.lock_heartbeat_s,
        on_lock_wait=metrics.lock_waited, keeper=keeper,
    )  # fmt: skip
    planner = make_planner(settings, redis_client, metrics, embedded=embedded)
    offline = OfflineBrain()
    now = clock or (lambda: datetime.now(UTC))
    groups = GroupDesk(
        planner.kb, RedisPollIndex(redis_client, keys, ttl_s=ttl), lambda: now().timestamp()
    )
    chosen = brain or make_brain(settings, redis_client, keys, metrics)
    ledger = RedisUsageLedger(redis_client, keys)
    service = ConversationService(
        conversations=conversations,
        profiles=RedisProfileStore(redis_client, keys, ttl_s=ttl),
        quotas=RedisQuotaStore(redis_client, keys),
        eraser=RedisEraser(redis_client, keys, conversations),
        brain=chosen,
        fallback=offline,
        clock=now,
        planner=planner,
        config=ServiceConfig(
            daily_limit=settings.daily_request_limit,
            max_message_chars=settings.max_message_chars,
            default_language=settings.default_language,
            timezone=settings.timezone,
        ),
        extra_commands=catalogue_commands(planner.kb) | groups.commands(),
        usage=ledger.today,
        groups=groups,
        pending=RedisPendingMessages(redis_client, keys),
    )
    return App(
        service, redis_client, settings, planner, embedded, closers=[chosen], metrics=metrics,
        lock_keeper=keeper,
    )  # fmt: skip
