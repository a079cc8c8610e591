"""One Prometheus registry per service, with the plumbing metrics every service exports."""
from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


@dataclass(frozen=True)
class PlumbingMetrics:
    registry: CollectorRegistry
    http_requests: Counter
    http_duration: Histogram
    outbox_pending: Gauge
    outbox_oldest_age: Gauge
    outbox_published: Counter
    outbox_publish_errors: Counter
    inbox_duplicates: Counter
    messages_handled: Counter
    message_redeliveries: Counter
    dead_letters: Counter
    dead_letters_open: Gauge
    consumer_pending: Gauge
    consumer_ack_pending: Gauge
    messaging_rows_purged: Counter
    # The four `faststream_*` series FastStream's NatsPrometheusMiddleware exported (same names and labels, so the
    # dashboards keep working), now counted by our consumer and relay: the middleware cost ~50 µs per message
    # (issue 20, docs/performance.md).
    received: Counter
    received_processed: Counter
    received_duration: Histogram
    published: Counter


def plumbing_metrics(service: str) -> PlumbingMetrics:
    """Create the registry and the metrics shared by all services, labelled with `service`."""
    reg = CollectorRegistry()
    by_service = ("service",)

    def g(name: str, doc: str) -> Gauge:
        return Gauge(name, doc, by_service, registry=reg)

    return PlumbingMetrics(
        registry=reg,
        http_requests=Counter(
            "http_requests_total", "HTTP requests", ("service", "method", "route", "status"), registry=reg
        ),
        http_duration=Histogram(
            "http_request_duration_seconds", "HTTP request duration", ("service", "method", "route"), registry=reg,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        ),
        outbox_pending=g("outbox_pending", "Outbox rows not yet published"),
        outbox_oldest_age=g("outbox_oldest_age_seconds", "Age of the oldest unpublished outbox row"),
        outbox_published=Counter(
            "outbox_published_total", "Outbox rows published and acked", by_service, registry=reg
        ),
        outbox_publish_errors=Counter(
            "outbox_publish_errors_total", "Outbox publishes that failed and will be retried", by_service, registry=reg
        ),
        inbox_duplicates=Counter(
            "inbox_duplicates_total", "Deliveries ignored because the event was already processed",
            ("service", "consumer"), registry=reg,
        ),
        messages_handled=Counter(
            "messages_handled_total", "Messages handled by outcome", ("service", "consumer", "outcome"), registry=reg
        ),
        message_redeliveries=Counter(
            "message_redeliveries_total", "Deliveries with num_delivered > 1", ("service", "consumer"), registry=reg
        ),
        dead_letters=Counter(
            "dead_letters_total", "Messages moved to dead letters", ("service", "consumer", "error_class"), registry=reg
        ),
        dead_letters_open=g("dead_letters_open", "Dead letters neither retried nor archived"),
        consumer_pending=Gauge(
            "consumer_pending_messages", "Messages not yet delivered to the durable consumer",
            ("service", "consumer"), registry=reg,
        ),
        consumer_ack_pending=Gauge(
            "consumer_ack_pending_messages", "Messages delivered but not yet acked", ("service", "consumer"),
            registry=reg,
        ),
        messaging_rows_purged=Counter(
            "messaging_rows_purged_total",
            "Published outbox rows, inbox rows and closed dead letters deleted after their retention",
            ("service", "table"), registry=reg,
        ),
        received=Counter(
            "faststream_received_messages_total", "Messages received by broker and handler",
            ("app_name", "broker", "handler"), registry=reg,
        ),
        received_processed=Counter(
            "faststream_received_processed_messages_total", "Messages processed by broker, handler and status",
            ("app_name", "broker", "handler", "status"), registry=reg,
        ),
        received_duration=Histogram(
            "faststream_received_processed_messages_duration_seconds",
            "Received messages' processing duration by broker and handler", ("app_name", "broker", "handler"),
            registry=reg,
        ),
        published=Counter(
            "faststream_published_messages_total", "Messages published by broker, destination and status",
            ("app_name", "broker", "destination", "status"), registry=reg,
        ),
    )
