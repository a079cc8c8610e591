"""intake's business metrics, on the service's registry."""
from prometheus_client import CollectorRegistry, Counter


def enquiries_accepted(registry: CollectorRegistry) -> Counter:
    return Counter("intake_enquiries_accepted_total", "Enquiries accepted, by sector of origin and Kreis",
                   ("sector", "kreis"), registry=registry)
