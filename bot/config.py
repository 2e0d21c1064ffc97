"""Settings: the only place that reads the environment (then ``.env``).

Every variable is documented in README.md and listed in ``.env.example``. Secrets are
``SecretStr`` so they never appear in a repr or a log line.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.i18n.lang import Lang


class Settings(BaseSettings):
    """Runtime configuration; field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    # State
    redis_url: SecretStr | None = Field(
        default=None, description="Redis URL; unset = in-process Redis (fakeredis), nothing kept"
    )
    redis_cluster: bool = Field(
        default=False, description="REDIS_URL names a node of a Redis Cluster"
    )
    key_prefix: str = Field(default="bt", description="prefix of every Redis key")
    history_max_turns: int = Field(default=40, ge=4, le=500)
    history_ttl_days: int = Field(default=30, ge=1, le=365)
    dedup_ttl_hours: int = Field(default=48, ge=1)
    lock_timeout_s: float = Field(
        default=60.0, gt=0, description="lock TTL at most; a turn holds it 10x this at most"
    )
    lock_wait_s: float = Field(default=30.0, gt=0, description="max wait for a conversation lock")
    inbox_reclaim_idle_s: float = Field(
        default=15.0, gt=0, description="a dead worker's updates are retried after this idle time"
    )
    shutdown_grace_s: float = Field(
        default=20.0, ge=0, description="on SIGTERM, running turns get this long to finish"
    )
    lock_heartbeat_s: float = Field(
        default=2.0, gt=0, description="a holder renews its lock this often; TTL = 3 heartbeats"
    )

    # Behaviour
    daily_request_limit: int = Field(default=50, ge=1)
    default_language: Lang = "en"
    timezone: str = "Asia/Singapore"
    max_message_chars: int = Field(default=4000, ge=100)
    planner_processes: int = Field(
        default=0, ge=0, le=32, description="worker processes for planning; 0 = a thread"
    )
    planner_queue: Literal["local", "redis"] = Field(
        default="local",
        description="local = plan in this process; redis = plan jobs for `bundletrip planner`",
    )
    planner_queue_wait_s: float = Field(
        default=45.0, gt=0, description="longest a turn waits for a queued plan job"
    )
    planner_reclaim_idle_s: float = Field(
        default=10.0, gt=0, description="a dead planner worker's job is retried after this"
    )
    plan_result_ttl_s: int = Field(
        default=900, ge=60, description="how long a plan job's result is kept for its key"
    )
    log_level: str = "INFO"

    # Language model (issue 5); unset key = offline brain
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    llm_daily_budget_usd_per_user: Decimal = Decimal("0.50")
    llm_daily_budget_usd_per_conversation: Decimal = Decimal("1.00")
    llm_price_table: str | None = Field(
        default=None, description="path of a JSON price table; unset = bot/data/llm_prices.json"
    )
    llm_connect_timeout_s: float = Field(default=5.0, gt=0)
    llm_read_timeout_s: float = Field(default=30.0, gt=0, description="max silence in a stream")
    llm_turn_timeout_s: float = Field(default=60.0, gt=0, description="max model time per turn")
    llm_max_retries: int = Field(default=2, ge=0, le=5, description="SDK retries (429, 5xx)")
    llm_max_tool_rounds: int = Field(default=6, ge=1, le=12)
    llm_context_tokens: int = Field(default=2500, ge=500, description="per-request history budget")
    llm_breaker_failures: int = Field(default=3, ge=1)
    llm_breaker_cooldown_s: float = Field(default=60.0, gt=0)

    # Platforms (issues 4 and 6)
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    discord_bot_token: SecretStr | None = None
    discord_api_base_url: str | None = None
    discord_gateway_url: str | None = None
    discord_dev_guild_id: int | None = None
    discord_shard_count: int | None = None
    discord_shard_ids: str | None = None
    discord_guild_ready_timeout_s: float = Field(
        default=2.0, ge=0, description="after the last guild arrived, wait for more before ready"
    )
    discord_message_content: bool = Field(
        default=True, description="request the privileged message-content intent (plain messages)"
    )
    port: int = 8080
    metrics_port: int | None = Field(
        default=None, description="port of /metrics in polling and Discord workers (else PORT)"
    )
