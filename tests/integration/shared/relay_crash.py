"""Run one relay pass in a separate process that SIGKILLs itself after publishing, before marking.

    python -m tests.integration.shared.relay_crash <dsn> <nats_url>
"""
import asyncio
import sys

from shared import failpoints
from shared.db import create_pool
from shared.messaging.broker import make_broker
from shared.messaging.outbox import OutboxRelay
from shared.metrics import plumbing_metrics


async def main(dsn: str, nats_url: str) -> None:
    failpoints.configure("relay.after_publish_before_mark=kill@1")
    metrics = plumbing_metrics("crashing-relay")
    broker = make_broker(nats_url=nats_url, service="crashing-relay", metrics=metrics)
    await broker.connect()
    pool = await create_pool(dsn, min_size=1, max_size=2)
    relay = OutboxRelay(pool=pool, broker=broker, dsn=dsn, metrics=metrics, service="crashing-relay")
    await relay.relay_once()
    print("the failpoint did not fire", file=sys.stderr)
    sys.exit(3)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
