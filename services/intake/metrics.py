"""intake's business metrics, made once on the service's registry (the plumbing metrics' one)."""
from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter


@dataclass(frozen=True)
class IntakeMetrics:
    enquiries_accepted: Counter
    reconciliation_republished: Counter
    honeypot_hits: Counter
    documents_refused: Counter

    @classmethod
    def on(cls, registry: CollectorRegistry) -> IntakeMetrics:
        return cls(
            enquiries_accepted=Counter(
                "intake_enquiries_accepted_total", "Enquiries accepted, by sector of origin and Kreis",
                ("sector", "kreis"), registry=registry),
            reconciliation_republished=Counter(
                "intake_reconciliation_republished_total",
                "Enquiries re-published because no case was confirmed in time", registry=registry),
            honeypot_hits=Counter(
                "intake_honeypot_hits_total", "Submissions that filled in the hidden honeypot field (bots), answered"
                " with a decoy and not stored, by source (form, api)", ("source",), registry=registry),
            documents_refused=Counter(
                "intake_documents_refused_classified_total", "Uploads refused for a classification marking (gate"
                " G6), by the mark found", ("mark",), registry=registry),
        )
