"""What the load driver attempted, and the Jepsen-style classification of what the system did with it."""
from __future__ import annotations

import collections
import uuid
from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["ok", "failed", "unknown"]


@dataclass
class Attempt:
    idem_key: str
    contact_email: str
    outcome: Outcome = "unknown"
    enquiry_id: str | None = None
    tries: int = 0


@dataclass
class Observed:
    """What the databases and the SMTP sink hold after the system settled."""

    enquiries_by_key: dict[str, list[str]]               # idempotency key -> enquiry ids (intake)
    cases_by_enquiry: dict[str, list[dict]]              # enquiry id -> case rows (advisory)
    ack_message_ids_by_recipient: dict[str, list[str]]   # contact email -> Message-IDs of delivered acks (sink)
    dead_letters: int
    extra_enquiries: int = 0                             # enquiries with no attempt behind them


@dataclass
class Verdict:
    counts: collections.Counter = field(default_factory=collections.Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        c = self.counts
        return not (c["lost"] or c["duplicated"] or c["unexpected"] or c["dead_letters"]) and not self.problems


def classify(attempts: list[Attempt], seen: Observed) -> Verdict:
    v = Verdict()
    for a in attempts:
        enquiries = seen.enquiries_by_key.get(a.idem_key, [])
        if len(enquiries) > 1:
            v.counts["duplicated"] += 1
            v.problems.append(f"{a.idem_key}: {len(enquiries)} enquiries")
            continue
        if not enquiries:
            v.counts["lost" if a.outcome == "ok" else "not_accepted"] += 1
            if a.outcome == "ok":
                v.problems.append(f"{a.idem_key}: accepted but no enquiry")
            continue
        if a.outcome == "unknown":
            v.counts["recovered"] += 1
        cases = seen.cases_by_enquiry.get(enquiries[0], [])
        msgids = seen.ack_message_ids_by_recipient.get(a.contact_email, [])
        if len(cases) != 1 or not cases[0].get("opened"):
            v.counts["lost"] += 1
            v.problems.append(f"{a.idem_key}: {len(cases)} cases, opened={[c.get('opened') for c in cases]}")
        elif len(set(msgids)) != 1:
            v.counts["lost" if not msgids else "duplicated"] += 1
            v.problems.append(f"{a.idem_key}: acknowledgement Message-IDs {msgids}")
        else:
            v.counts["ok"] += 1
            v.counts["email_redeliveries"] += len(msgids) - 1   # same Message-ID again: the SMTP window
    v.counts["unexpected"] = seen.extra_enquiries
    v.counts["dead_letters"] = seen.dead_letters
    return v


def new_attempt() -> Attempt:
    tag = uuid.uuid4().hex[:12]
    return Attempt(idem_key=f"chaos-{tag}", contact_email=f"chaos-{tag}@example.com")
