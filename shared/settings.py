"""Typed settings, read from the environment once, in each service's composition root."""
from __future__ import annotations

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .messaging.housekeeping import DEFAULT_RETENTION_S
from .messaging.streams import MAX_AGE_S

HSTS_MIN_PROD_S = 31_536_000  # one year, as OWASP's HSTS cheat sheet recommends


class ServiceSettings(BaseSettings):
    """What every service needs. Each service subclasses it with its own prefix for DATABASE_URL."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    env: str = Field(default="dev", description="dev | test | prod")
    service_name: str = "service"
    host: str = "127.0.0.1"
    port: int = 8000
    nats_url: str = "nats://127.0.0.1:4222"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    db_pool_min: int = 2
    db_pool_max: int = 10
    log_level: str = "INFO"
    # 1 on a single machine; 3 in a cluster (docker-compose.yml), so one node may fail.
    stream_replicas: int = Field(default=1, ge=1, le=5)
    # How long the relay sleeps when LISTEN/NOTIFY stays silent; NOTIFY is only a hint.
    outbox_poll_interval_s: float = 1.0
    # How often consumer lag (JetStream consumer info) and open dead letters are copied into the metrics.
    metrics_poll_interval_s: float = Field(default=10.0, gt=0)
    # Consumer retry policy: delays (s) for nak on transient errors; the list length bounds redeliveries.
    retry_delays_s: list[float] = Field(default_factory=lambda: [1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0])
    # How long JetStream waits for an ack before redelivering (e.g. after the consumer was killed mid-message). Short,
    # so a crash settles soon: a live consumer working longer on a message says "in progress" every third of it.
    consumer_ack_wait_s: float = Field(default=15.0, ge=1)
    # Published outbox rows, inbox rows and closed dead letters older than this are deleted
    # (shared/messaging/housekeeping.py). Not below the EVENTS stream's max age: an inbox row must outlive every copy
    # of its event the stream could redeliver.
    messaging_retention_s: float = Field(default=DEFAULT_RETENTION_S, ge=MAX_AGE_S)
    housekeeping_interval_s: float = Field(default=3600.0, gt=0)
    public_base_url: str = ""
    # Bearer token for operator APIs (dead letters, erasure requests ...); those APIs stay closed without one.
    operator_token: SecretStr | None = None
    # Bearer token for service-internal APIs (assessment's read API): our own services and jobs hold it.
    service_token: SecretStr | None = None
    # HTTPS only (ADR 10): Strict-Transport-Security max-age; 0 sends none (plain-HTTP dev). prod needs >= 1 year.
    hsts_max_age_s: int = Field(default=0, ge=0)
    # Slow clients (slowloris): the request head must arrive within this, and the body within this after the head.
    http_header_timeout_s: float = Field(default=10.0, gt=0)
    http_body_timeout_s: float = Field(default=30.0, gt=0)
    # Test-only: named crash points (see shared.failpoints); ignored when empty.
    failpoints: str = ""

    @property
    def nats_servers(self) -> list[str]:
        """NATS_URL may list several cluster nodes, comma-separated."""
        return [u.strip() for u in self.nats_url.split(",") if u.strip()]

    @property
    def max_deliver(self) -> int:
        """First delivery plus one per retry delay."""
        return len(self.retry_delays_s) + 1

    @model_validator(mode="after")
    def _refuse_unsafe_prod(self) -> ServiceSettings:
        if self.env == "prod" and self.failpoints:
            raise ValueError("FAILPOINTS must not be set in prod")
        if self.env == "prod" and self.hsts_max_age_s < HSTS_MIN_PROD_S:
            raise ValueError(f"HSTS_MAX_AGE_S must be at least {HSTS_MIN_PROD_S} (one year) in prod: HTTPS only")
        return self
