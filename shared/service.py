"""Builds a service process: FastAPI app + broker + pool + relay, with health, readiness and metrics.

Each service's composition root (`services/<name>/app.py`) builds its frozen dependencies object and calls
`build_app` with it and its own pieces; this module holds the start-up order and the shutdown order so they are
written once. Routes reach the dependencies through `app_dependencies` (a FastAPI dependency), subscriptions
and background loops through the arguments the composition root binds.
"""
from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from faststream.nats import NatsBroker
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .asyncapi import document_published_subjects, serve_asyncapi
from .db import create_pool, migrate_async
from .http import CorrelationId, HttpMetrics, SecurityHeaders
from .logs import configure_logging
from .loops import every
from .messaging.broker import make_broker
from .messaging.consumer import ConsumerPolicy, Subscription, consumer_configs, register
from .messaging.housekeeping import purge_messaging_tables
from .messaging.outbox import OutboxRelay
from .messaging.provision import provision
from .metrics import PlumbingMetrics
from .observability.consumer_lag import ConsumerLagMonitor
from .settings import ServiceSettings

log = logging.getLogger(__name__)

BackgroundTask = Callable[["Runtime"], Coroutine[Any, Any, None]]
D = TypeVar("D")


@dataclass
class Runtime:
    """The live resources of one service process (what exists only while it runs: pool, broker, tasks)."""

    settings: ServiceSettings
    metrics: PlumbingMetrics
    broker: NatsBroker
    pool: asyncpg.Pool | None = None
    relay: OutboxRelay | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def require_pool(self) -> asyncpg.Pool:
        if self.pool is None:
            raise RuntimeError("database pool not started")
        return self.pool


def consumer_policy(settings: ServiceSettings) -> ConsumerPolicy:
    return ConsumerPolicy(retry_delays_s=tuple(settings.retry_delays_s), ack_wait_s=settings.consumer_ack_wait_s)


class _LazyPool:
    """Lets subscribers be registered before the pool exists (and be inspected in tests without one)."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def acquire(self) -> Any:
        return self._runtime.require_pool().acquire()


async def app_dependencies(request: Request) -> Any:
    """The service's frozen dependencies object (`build_app(deps=...)`); each service wraps this in a typed
    `Annotated[..., Depends(...)]` alias for its routes. `async` on purpose here and in `app_runtime`: FastAPI runs a
    plain `def` dependency in a worker thread, a thread hop per request for an attribute read."""
    return request.app.state.deps


def runtime_of(request: Request) -> Runtime:
    """The live resources (pool, broker) of the app serving `request`, for code outside a FastAPI dependency."""
    runtime: Runtime = request.app.state.runtime
    return runtime


async def app_runtime(request: Request) -> Runtime:
    """The live resources (pool, broker) for a route."""
    return runtime_of(request)


def build_broker(settings: ServiceSettings, metrics: PlumbingMetrics, subscriptions: list[Subscription[Any]],
                 runtime: Runtime | None = None) -> NatsBroker:
    """The service's broker with every subscription registered (no connection is made here)."""
    broker = make_broker(nats_url=settings.nats_url, service=settings.service_name, metrics=metrics)
    if runtime is not None:
        runtime.broker = broker
    pool: Any = _LazyPool(runtime) if runtime is not None else None
    for sub in subscriptions:
        register(broker, sub, pool=pool, policy=consumer_policy(settings), metrics=metrics,
                 service=settings.service_name)
    return broker


async def _connect_pool(settings: ServiceSettings) -> asyncpg.Pool:
    # The database may come up after us (compose, restarts): retry for a while before giving up.
    deadline = time.monotonic() + 60
    delay = 0.2
    while True:
        try:
            return await create_pool(settings.database_url, min_size=settings.db_pool_min,
                                     max_size=settings.db_pool_max)
        except (OSError, asyncpg.PostgresError):
            if time.monotonic() > deadline:
                raise
            log.warning("database not reachable yet; retrying")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 3.0)


def build_app(
    *,
    settings: ServiceSettings,
    deps: object,
    metrics: PlumbingMetrics,
    migrations_dir: Path,
    subscriptions: list[Subscription[Any]],
    title: str,
    background: Sequence[BackgroundTask] = (),
    relay: bool = True,
    on_startup: Callable[[Runtime], Awaitable[None]] | None = None,
    docs: bool = True,
    outbox_kept_while: str | None = None,
) -> FastAPI:
    """A FastAPI app that owns the service's broker, pool, relay and background tasks.

    `outbox_kept_while`: an SQL condition on `outbox` rows the messaging housekeeping must keep however old.

    `metrics` are the plumbing metrics whose registry the service's own metrics were registered on (made first by
    the composition root with `plumbing_metrics`, so that its dependencies object can be frozen before this)."""
    configure_logging(settings.service_name, settings.log_level)
    runtime = Runtime(settings=settings, metrics=metrics, broker=None)  # type: ignore[arg-type]  # set just below
    build_broker(settings, metrics, subscriptions, runtime)
    document_published_subjects(runtime.broker, settings.service_name)
    lag = ConsumerLagMonitor(metrics=metrics, service=settings.service_name,
                             durables=[s.durable for s in subscriptions], interval_s=settings.metrics_poll_interval_s)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime.pool = await _connect_pool(settings)
        await migrate_async(settings.database_url, migrations_dir)
        await provision(settings.nats_url, consumer_configs(subscriptions, consumer_policy(settings)),
                        replicas=settings.stream_replicas)
        await runtime.broker.start()
        if relay:
            runtime.relay = OutboxRelay(
                pool=runtime.pool, broker=runtime.broker, dsn=settings.database_url, metrics=metrics,
                service=settings.service_name, poll_interval_s=settings.outbox_poll_interval_s,
            )
            runtime.tasks.append(asyncio.create_task(runtime.relay.run(), name="outbox-relay"))
        runtime.tasks.append(asyncio.create_task(lag.run(runtime), name="consumer-lag"))
        runtime.tasks.append(asyncio.create_task(
            _messaging_housekeeping(runtime, kept_while=outbox_kept_while), name="messaging-housekeeping"))
        for task in background:
            runtime.tasks.append(asyncio.create_task(task(runtime), name=getattr(task, "__name__", "task")))
        if on_startup is not None:
            await on_startup(runtime)
        _exempt_start_up_objects_from_gc()
        log.info("service started", extra={"fields": {"port": settings.port}})
        try:
            yield
        finally:
            gc.unfreeze()  # an app started and stopped inside a test process leaves nothing exempt behind
            for t in runtime.tasks:
                t.cancel()
            if runtime.tasks:
                # Bounded: a task that ignores its cancellation must not hold the shutdown forever.
                _, stuck = await asyncio.wait(runtime.tasks, timeout=10)
                for t in stuck:
                    log.error("background task did not stop when cancelled", extra={"fields": {"task": t.get_name()}})
            if runtime.relay is not None:
                await runtime.relay.close()
            await runtime.broker.stop()
            await runtime.pool.close()
            log.info("service stopped")

    app = FastAPI(
        title=title, lifespan=lifespan,
        docs_url="/docs" if docs else None, redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.deps = deps
    _add_operational_routes(app, runtime)
    # Every service: CSP and friends, no-store, and HSTS when configured (prod requires it).
    app.add_middleware(SecurityHeaders, hsts_max_age_s=settings.hsts_max_age_s)
    app.add_middleware(HttpMetrics, metrics=metrics, service=settings.service_name)
    app.add_middleware(CorrelationId)
    serve_asyncapi(app, runtime.broker, service=settings.service_name)
    return app


def _exempt_start_up_objects_from_gc() -> None:
    """Move everything alive after start-up (modules, app, templates, reference data) out of the cyclic
    collector's reach, so a full collection no longer walks them and pauses the service (ADR 8). Reference counting
    frees them as before; only cycles among them would now wait for the process to end."""
    gc.collect()
    gc.freeze()


async def _messaging_housekeeping(runtime: Runtime, *, kept_while: str | None) -> None:
    settings, metrics, service = runtime.settings, runtime.metrics, runtime.settings.service_name

    async def one_pass() -> None:
        purged = await purge_messaging_tables(runtime.require_pool(), retention_s=settings.messaging_retention_s,
                                              kept_while=kept_while)
        for table, rows in purged._asdict().items():
            metrics.messaging_rows_purged.labels(service, table).inc(rows)

    await every(settings.housekeeping_interval_s, one_pass, name="messaging housekeeping", first_pass_at_once=True)


def _add_operational_routes(app: FastAPI, runtime: Runtime) -> None:
    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/ready", include_in_schema=False)
    async def ready() -> Response:
        """Readiness: database and broker reachable."""
        checks: dict[str, str] = {}
        try:
            async with runtime.require_pool().acquire(timeout=2) as conn:
                await conn.fetchval("SELECT 1")
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"error: {type(exc).__name__}"
        try:
            checks["broker"] = "ok" if await runtime.broker.ping(timeout=2.0) else "error: no pong"
        except Exception as exc:
            checks["broker"] = f"error: {type(exc).__name__}"
        ok = all(v == "ok" for v in checks.values())
        return JSONResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics_endpoint() -> Response:
        return Response(generate_latest(runtime.metrics.registry), media_type=CONTENT_TYPE_LATEST)

