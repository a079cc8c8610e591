"""The AsyncAPI documents, generated from the wired brokers, list every subject the services consume and
produce, with the envelope schema of each (no connection is made: brokers are only built)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.asyncapi import SERVICES, asyncapi_document, produced_subjects, service_document
from shared.contracts.subjects import PAYLOADS

ROOT = Path(__file__).parents[3]


@pytest.fixture(scope="module")
def built(monkeypatch_module) -> dict[str, tuple[set[str], dict]]:
    """service -> (subjects its broker subscribes to, its document)."""
    import importlib

    result = {}
    for service in SERVICES:
        broker = importlib.import_module(f"services.{service}.app").create_app().state.runtime.broker
        consumed = {_subject_text(s.subject) for s in broker.subscribers}
        result[service] = (consumed, asyncapi_document(broker, service=service))
    return result


@pytest.fixture(scope="module")
def monkeypatch_module():
    # The default settings must be dev ones, whatever the shell exports.
    mp = pytest.MonkeyPatch()
    mp.setenv("ENV", "dev")
    yield mp
    mp.undo()


def _subject_text(subject: object) -> str:
    return str(getattr(subject, "template", subject))


def operations(doc: dict, action: str) -> set[str]:
    return {doc["channels"][op["channel"]["$ref"].rsplit("/", 1)[1]]["address"]
            for op in doc["operations"].values() if op["action"] == action}


def test_every_consumed_subject_is_documented_with_its_envelope_schema(built) -> None:
    consumed_anywhere = set()
    for service, (consumed, doc) in built.items():
        assert doc["asyncapi"] == "3.0.0"
        assert consumed and consumed <= set(PAYLOADS), f"{service} consumes subjects outside the contracts"
        assert operations(doc, "receive") == consumed
        consumed_anywhere |= consumed
        schemas = doc["components"]["schemas"]
        for message in doc["components"]["messages"].values():
            name = message["payload"]["$ref"].rsplit("/", 1)[1].replace("%5B", "[").replace("%5D", "]")
            assert name.startswith("Envelope[") and "payload" in schemas[name]["properties"]
    # Every subject some service consumes is in some document (the acceptance criterion).
    documented = set().union(*(operations(doc, "receive") for _, doc in built.values()))
    assert {s for s in PAYLOADS if s in consumed_anywhere} <= documented


def test_every_contract_subject_is_documented_as_published_by_its_producer(built) -> None:
    for service, (_, doc) in built.items():
        assert operations(doc, "send") == set(produced_subjects(service))
    assert set().union(*(produced_subjects(s) for s in SERVICES)) == set(PAYLOADS)


def test_the_committed_documents_exist_for_every_service() -> None:
    # Regenerate with: python -m shared.asyncapi --out docs/asyncapi/
    for service in SERVICES:
        doc = json.loads((ROOT / "docs" / "asyncapi" / f"{service}.json").read_text())
        assert doc["asyncapi"] == "3.0.0" and doc["channels"]


def test_service_document_builds_without_a_server(monkeypatch_module) -> None:
    assert service_document("assessment")["info"]["title"].endswith("assessment events")
