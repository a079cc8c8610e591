"""Every subscriber of every service states its ack policy, is a durable pull consumer and has bounded
redelivery. FastStream's default (REJECT_ON_ERROR) would drop a message whose handler raised."""
from __future__ import annotations

import pytest
from faststream import AckPolicy
from faststream.nats.subscriber.usecases.stream_pull_subscriber import PullStreamSubscriber

from services.advisory.app import create_app as advisory_app
from services.assessment.app import create_app as assessment_app
from services.intake.app import create_app as intake_app
from services.notification.app import create_app as notification_app
from shared.messaging.streams import EVENTS_STREAM

APPS = {"intake": intake_app, "assessment": assessment_app, "advisory": advisory_app,
        "notification": notification_app}


def all_subscribers():
    for name, factory in APPS.items():
        broker = factory().state.runtime.broker
        for sub in broker.subscribers:
            yield name, sub


@pytest.mark.parametrize(("service", "subscriber"), list(all_subscribers()))
def test_subscriber_is_explicit_durable_pull_with_bounded_redelivery(service, subscriber) -> None:
    assert subscriber.ack_policy is AckPolicy.NACK_ON_ERROR, f"{service}: ack policy must be set explicitly"
    assert isinstance(subscriber, PullStreamSubscriber), f"{service}: must be a pull consumer"
    cfg = subscriber.config
    assert cfg.durable_name and cfg.durable_name.startswith(f"{service}-"), f"{service}: durable named per service"
    assert cfg.max_deliver is not None and 1 < cfg.max_deliver <= 10
    # Long enough for a batch's work (a live consumer also says "in progress"), short enough to settle after a crash.
    assert cfg.ack_wait and 10 <= cfg.ack_wait <= 30
    assert subscriber.stream.name == EVENTS_STREAM
    assert subscriber.stream.declare is False, "the stream is declared in one place only"


def test_every_service_consumes_something_and_durables_are_unique() -> None:
    durables = [sub.config.durable_name for _, sub in all_subscribers()]
    assert len(durables) == len(set(durables))
    assert {s for s, _ in all_subscribers()} == set(APPS)
