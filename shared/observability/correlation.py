"""The correlation id of the HTTP request being handled, bound as soon as it is known.

The HTTP middleware (`shared.http.CorrelationId`) opens a slot per request. Whoever learns the request's
correlation id (the enquiry reference) fills it with `bind_correlation_id`: every later log line of the
request carries it and the response gets an `X-Correlation-Id` header. The slot is a mutable object, so a
value bound in a task that runs in a copied context (Starlette's BaseHTTPMiddleware) still reaches the
middleware. Outside an HTTP request `bind_correlation_id` does nothing: consumers bind their ids with
`shared.logs.log_context`, and a background loop must not leak one case's id into the next case's lines.
"""
from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass

from ..logs import correlation_id_var

# What we accept from a client's X-Correlation-Id: short and plain, so it cannot disguise itself in logs.
ACCEPTED_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


@dataclass
class CorrelationSlot:
    value: str | None = None


request_slot: contextvars.ContextVar[CorrelationSlot | None] = contextvars.ContextVar("request_slot", default=None)


def acceptable(value: str | None) -> str | None:
    """`value` if it may serve as a correlation id, else None."""
    return value if value and ACCEPTED_ID.match(value) else None


def bind_correlation_id(value: str) -> None:
    """Bind `value` to the current HTTP request (first binding wins); no-op outside a request."""
    slot = request_slot.get()
    if slot is None or slot.value is not None or acceptable(value) is None:
        return
    slot.value = value
    correlation_id_var.set(value)
