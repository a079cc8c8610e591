"""A real (random) enquiry id is never taken for a decoy, and checking one never raises: about 1 in 60 random ids
unmask to a minute past the year 9999, which once made the status page answer 500."""
from __future__ import annotations

import uuid

from services.intake.domain.decoy import decoy_for, new_decoy
from shared.clock import FrozenClock


def test_random_ids_are_no_decoys_and_never_raise() -> None:
    assert not any(decoy_for("secret", uuid.uuid4()) for _ in range(3000))


def test_a_decoy_is_recognised() -> None:
    decoy = new_decoy("secret", FrozenClock().now())
    assert decoy_for("secret", decoy.enquiry_id) == decoy
