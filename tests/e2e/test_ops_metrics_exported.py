"""What dashboards and alerts query is what the running services export; lag, dead letters, correlation
ids and the AsyncAPI documents are live on every service.

Business metrics that the owning services have not added yet are listed in PENDING_BUSINESS_METRICS (the
names are fixed in docs/metrics.md). The test reports them, and fails the moment a queried name is neither
exported nor pending. When a service starts exporting one, remove it from the list (the test warns).
"""
from __future__ import annotations

import email
import email.policy
import warnings
from pathlib import Path

import httpx
import nats
from prometheus_client.parser import text_string_to_metric_families

from devstack.stack import SERVICES
from shared.contracts.subjects import PAYLOADS
from shared.messaging.streams import EVENTS_STREAM, retry_subject
from shared.observability.queries import queried_metrics
from tests.support.waiting import eventually

from .conftest import mail_files
from .test_enquiry_to_case import unique_example

DEPLOY = Path(__file__).parents[2] / "deploy"

# Owned by the service teams, named in docs/metrics.md, not exported yet. Remove a name once it is.
PENDING_BUSINESS_METRICS: dict[str, str] = {}
# Made by Prometheus itself, not by a service.
FROM_PROMETHEUS = {"up"}


def exported_names(text: str) -> set[str]:
    """Every name a query may use: sample names, plus family names (a labelled metric with no child yet)."""
    names: set[str] = set()
    for family in text_string_to_metric_families(text):
        names.add(family.name)
        names.update(sample.name for sample in family.samples)
        if family.type == "counter":
            names.add(f"{family.name}_total")
    return names


def samples(text: str, name: str) -> dict[tuple, float]:
    return {tuple(sorted(s.labels.items())): s.value
            for f in text_string_to_metric_families(text) for s in f.samples if s.name == name}


async def submit_and_wait_for_the_acknowledgement(stack) -> str:
    body = unique_example()
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as intake:
        r = await intake.post("/api/v1/enquiries", json=body)
    assert r.status_code == 202, r.text
    reference = r.json()["reference"]
    # The reference the company gets is the correlation id of the request (and of every event after it).
    assert r.headers["x-correlation-id"] == reference

    async def acknowledged() -> bool:
        return any(email.message_from_bytes(p.read_bytes(), policy=email.policy.default)["To"]
                   == body["contact"]["email"] for p in mail_files(stack))

    await eventually(acknowledged, timeout=40, what="acknowledgement email")
    return reference


async def scrape_all(stack) -> dict[str, str]:
    async with httpx.AsyncClient(timeout=10) as client:
        return {s: (await client.get(f"{stack.url(s)}/metrics")).text for s in SERVICES}


async def test_every_metric_a_dashboard_or_alert_queries_is_exported_or_pending(stack) -> None:
    await submit_and_wait_for_the_acknowledgement(stack)
    scraped = await scrape_all(stack)
    exported = set().union(*(exported_names(text) for text in scraped.values()))
    queried = queried_metrics(DEPLOY)

    missing = {name: sorted(where) for name, where in queried.items()
               if name not in exported | FROM_PROMETHEUS | set(PENDING_BUSINESS_METRICS)}
    assert not missing, f"queried but neither exported nor pending: {missing}"

    pending_in_use = sorted(set(PENDING_BUSINESS_METRICS) & set(queried) - exported)
    print(f"\nbusiness metrics still pending with their service owners: {pending_in_use}")
    if done := sorted(set(PENDING_BUSINESS_METRICS) & exported):
        warnings.warn(f"now exported, remove from PENDING_BUSINESS_METRICS: {done}", stacklevel=1)
    assert not set(PENDING_BUSINESS_METRICS) - set(queried), "a pending name no dashboard or alert uses"


async def test_lag_redeliveries_and_dead_letters_are_polled_for_every_durable(stack) -> None:
    docs = await asyncapi_documents(stack)
    scraped = await scrape_all(stack)
    for service, text in scraped.items():
        own = set(_receiving(docs[service]))
        assert own, f"{service} documents no durable"
        for metric in ("consumer_pending_messages", "consumer_ack_pending_messages", "consumer_redelivered_messages"):
            reported = {dict(k)["consumer"] for k in samples(text, metric)}
            assert own <= reported, f"{service} does not report {metric} for {sorted(own - reported)}"
        assert samples(text, "dead_letters_open") == {(("service", service),): 0.0}
    intake_routes = {dict(k)["route"] for k in samples(scraped["intake"], "http_requests_total")}
    assert "/api/v1/enquiries" in intake_routes


async def test_every_service_publishes_an_asyncapi_document_naming_what_its_durables_consume(stack) -> None:
    docs = await asyncapi_documents(stack)
    nc = await nats.connect(stack.nats_url)
    try:
        js = nc.jetstream()
        for service, doc in docs.items():
            assert doc["asyncapi"] == "3.0.0"
            for durable, address in _receiving(doc).items():
                # The durable the document names exists on the server and filters exactly that subject (and its
                # own retry subject, for an operator's retry of one of its dead letters).
                info = await js.consumer_info(EVENTS_STREAM, durable)
                assert info.config.filter_subjects == [address, retry_subject(address, durable)], (service, durable)
                assert address in PAYLOADS
            sent = set(_sending(doc).values())
            assert sent == {s for s in PAYLOADS if s.startswith(f"{service}.")}
    finally:
        await nc.close()
    consumed = set().union(*(_receiving(d).values() for d in docs.values()))
    produced = set().union(*(_sending(d).values() for d in docs.values()))
    assert consumed <= produced, f"consumed but published by nobody: {consumed - produced}"


async def asyncapi_documents(stack) -> dict[str, dict]:
    async with httpx.AsyncClient(timeout=10) as client:
        return {s: (await client.get(f"{stack.url(s)}/asyncapi.json")).json() for s in SERVICES}


def _receiving(doc: dict) -> dict[str, str]:
    """Durable (the subscriber's title) -> subject."""
    return _operations(doc, "receive")


def _sending(doc: dict) -> dict[str, str]:
    return _operations(doc, "send")


def _operations(doc: dict, action: str) -> dict[str, str]:
    channels = doc["channels"]
    return {name: channels[op["channel"]["$ref"].rsplit("/", 1)[1]]["address"]
            for name, op in doc["operations"].items() if op["action"] == action}
