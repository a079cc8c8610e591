"""A durable consumer a subscription table dropped (ADR 12: intake no longer follows assessment.completed) is removed
when a service provisions, so the server stops keeping its pending count; provisioning twice stays quiet."""
from __future__ import annotations

from nats.js.api import AckPolicy, ConsumerConfig
from nats.js.errors import NotFoundError

from shared.contracts import subjects
from shared.messaging.provision import RETIRED_DURABLES, ensure_stream, provision
from shared.messaging.streams import EVENTS_STREAM

from .helpers import jetstream


async def test_provisioning_removes_the_retired_durables(servers) -> None:
    assert "intake-assessment-completed" in RETIRED_DURABLES
    async with jetstream(servers.nats_url) as js:
        await ensure_stream(js)
        # As the previous release left it.
        await js.add_consumer(EVENTS_STREAM, ConsumerConfig(
            durable_name="intake-assessment-completed", filter_subject=subjects.ASSESSMENT_COMPLETED,
            ack_policy=AckPolicy.EXPLICIT))
        assert (await js.consumer_info(EVENTS_STREAM, "intake-assessment-completed")).name

    await provision(servers.nats_url, [])
    await provision(servers.nats_url, [])  # nothing left to remove: no error

    async with jetstream(servers.nats_url) as js:
        try:
            await js.consumer_info(EVENTS_STREAM, "intake-assessment-completed")
        except NotFoundError:
            return
    raise AssertionError("the retired durable is still on the server")
