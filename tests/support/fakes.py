"""In-memory stand-ins for the ports every service shares, for the fast use-case tests (tests/unit/<service>/).

They implement the same Protocols as the adapters (shared.messaging.outbox.Outbox, shared.clock.Clock), so a use
case cannot tell them apart; integration tests keep proving the real adapters against real servers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared.clock import FrozenClock
from shared.contracts.envelope import Envelope

__all__ = ["FakeOutbox", "FrozenClock", "StagedEvent"]


@dataclass(frozen=True)
class StagedEvent:
    subject: str
    envelope: Envelope[Any]

    @property
    def payload(self) -> Any:
        return self.envelope.payload


@dataclass
class FakeOutbox:
    """Keeps what a use case staged, in order; `subjects` is what a test usually asserts on."""

    staged: list[StagedEvent] = field(default_factory=list)

    async def add(self, envelope: Envelope[Any], subject: str) -> None:
        self.staged.append(StagedEvent(subject, envelope))

    @property
    def subjects(self) -> list[str]:
        return [event.subject for event in self.staged]

    def only(self, subject: str) -> StagedEvent:
        """The one event staged for `subject` (fails if there is none or more than one)."""
        matching = [event for event in self.staged if event.subject == subject]
        assert len(matching) == 1, f"{len(matching)} events staged for {subject}: {self.subjects}"
        return matching[0]
