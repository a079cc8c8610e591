"""The one stream of domain events, declared here and nowhere else.

Services provision it idempotently at start-up from this definition, and subscribers refer to it with
`declare=False`, so no service can overwrite the settings with its own (FastStream merges and updates a
stream on conflict; see ../shared/reference/faststream-nats.md §1.2).
"""
from __future__ import annotations

from faststream.nats import JStream
from nats.js.api import RetentionPolicy, StorageType, StreamConfig

EVENTS_STREAM = "EVENTS"
EVENT_SUBJECTS = ["intake.>", "assessment.>", "advisory.>", "notification.>"]
# Publish de-duplication window. The relay retries with the same Nats-Msg-Id well inside it; anything
# older is still absorbed by the consumers' inboxes.
DUPLICATE_WINDOW_S = 3600
# Events are kept long enough to replay after an outage, and no longer (they carry contact data).
MAX_AGE_S = 14 * 24 * 3600


RETRY_MARKER = ".retry."


def retry_subject(subject: str, durable: str) -> str:
    """The subject only the durable consumer `durable` takes besides `subject` (an operator's retry of one of its
    dead letters); under the producer's prefix, so the stream keeps it."""
    return f"{original_subject(subject)}{RETRY_MARKER}{durable}"


def original_subject(subject: str) -> str:
    """The event's subject, also for a message that arrived on a retry subject."""
    return subject.split(RETRY_MARKER, 1)[0]


def events_stream_config(replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=EVENTS_STREAM,
        subjects=EVENT_SUBJECTS,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        max_age=MAX_AGE_S,
        duplicate_window=DUPLICATE_WINDOW_S,
        num_replicas=replicas,
    )


# What subscribers pass as `stream=`: binds to the provisioned stream, never declares it.
EVENTS = JStream(EVENTS_STREAM, declare=False)
