"""A subscription row's handler must take the payload the row carries: checked when the table is built."""
from __future__ import annotations

import importlib
from functools import partial
from typing import Any

import pytest
from pydantic import BaseModel

from shared.contracts.envelope import Envelope
from shared.messaging.consumer import Subscription, handled_payload, handled_with

SERVICES = ("intake", "assessment", "advisory", "notification")


class Asked(BaseModel):
    question: str


class Answered(BaseModel):
    answer: str


class Store:
    def __init__(self, conn: Any) -> None:
        self.conn = conn


async def when_asked_answer(envelope: Envelope[Asked], store: Store, *, politely: bool) -> None:
    return None


def test_a_row_whose_handler_takes_another_payload_is_refused() -> None:
    handler = handled_with(Store, partial(when_asked_answer, politely=True))
    assert handled_payload(handler) is Asked
    Subscription(subject="t.asked.v1", durable="t-asked", payload=Asked, handler=handler)
    with pytest.raises(TypeError, match="Envelope\\[Asked\\].*Answered"):
        Subscription(subject="t.answered.v1", durable="t-answered", payload=Answered, handler=handler)


@pytest.mark.parametrize("service", SERVICES)
def test_every_row_of_every_table_declares_the_payload_it_carries(service: str) -> None:
    app = importlib.import_module(f"services.{service}.app").create_app()
    table = importlib.import_module(f"services.{service}.entrypoints.subscriptions").subscriptions(app.state.deps)
    assert table, f"{service} consumes nothing?"
    for row in table:
        assert handled_payload(row.handler) is row.payload, row.durable
