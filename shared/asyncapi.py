"""AsyncAPI 3.0 documents of every service's events, generated from the code that wires them.

Consumed subjects come from the subscribers each service registers (its one subscription table).
Published subjects need help: our events leave through the outbox relay (`broker.publish`), which
FastStream cannot see. So `document_published_subjects` registers one publisher object per subject the
service produces — the producer is the first token of the subject (`<producer>.<entity>.<past>.vN`), and
the payload class comes from `shared.contracts.subjects.PAYLOADS`. Those publisher objects exist only for
the document; nothing publishes through them. Consumed channels get their envelope schema the same way,
because the subscribers take the raw message (they parse it themselves to dead-letter what does not parse).

    python -m shared.asyncapi --out docs/asyncapi/     # one <service>.json per service
"""
from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from faststream.nats import NatsBroker
from faststream.specification import AsyncAPI

from .contracts.envelope import Envelope
from .contracts.subjects import PAYLOADS
from .messaging.streams import EVENTS

SERVICES = ("intake", "assessment", "advisory", "notification")
SCHEMA_VERSION = "3.0.0"
DOC_VERSION = "1"


def produced_subjects(service: str) -> list[str]:
    return sorted(s for s in PAYLOADS if s.split(".", 1)[0] == service)


def document_published_subjects(broker: NatsBroker, service: str) -> None:
    """Register documentation-only publishers for the subjects `service` produces via its outbox."""
    for subject in produced_subjects(service):
        payload = PAYLOADS[subject]
        broker.publisher(subject, stream=EVENTS, title=f"{subject}:publish", schema=Envelope[payload],  # type: ignore[valid-type]  # payload is a runtime class
                         description=(payload.__doc__ or "").strip() or f"{payload.__name__} in the event envelope",
                         include_in_schema=True)


def asyncapi_document(broker: NatsBroker, *, service: str) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of `broker` as a dict, consumed channels carrying their envelope schema."""
    spec = AsyncAPI(broker, title=f"DEFENCE.NRW onboarding – {service} events", version=DOC_VERSION,
                    schema_version=SCHEMA_VERSION,
                    description=f"Subjects {service} publishes (through its outbox) and consumes (durable pull "
                                "consumers on the EVENTS stream). Every message is an Envelope around the payload.")
    document: dict[str, Any] = json.loads(spec.to_specification().to_json())
    _attach_consumed_payloads(document)
    return document


def _attach_consumed_payloads(document: dict[str, Any]) -> None:
    components = document.setdefault("components", {})
    schemas, messages = components.setdefault("schemas", {}), components.setdefault("messages", {})
    for channel in document.get("channels", {}).values():
        payload = PAYLOADS.get(channel.get("address", ""))
        if payload is None:
            continue
        schema = Envelope[payload].model_json_schema(ref_template="#/components/schemas/{model}")  # type: ignore[valid-type]  # runtime class
        for name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(name, definition)
        envelope_name = f"Envelope[{payload.__name__}]"
        schemas.setdefault(envelope_name, schema)
        for ref in channel.get("messages", {}).values():
            message = messages.get(ref.get("$ref", "").rsplit("/", 1)[-1])
            if message is not None and not _has_schema(message):
                placeholder = message.get("payload", {}).get("$ref", "").rsplit("/", 1)[-1]
                if placeholder.endswith(":Payload"):
                    schemas.pop(placeholder, None)
                message["payload"] = {"$ref": f"#/components/schemas/{quote(envelope_name)}"}


def _has_schema(message: dict[str, Any]) -> bool:
    # A raw-message subscriber documents a placeholder: "EmptyPayload", or "<title>:Message:Payload" (any value)
    # for its unannotated parameter; a publisher with `schema=` documents a $ref to the envelope model.
    ref = message.get("payload", {}).get("$ref", "")
    return bool(ref) and not ref.endswith("/EmptyPayload") and not ref.endswith(":Payload")


def serve_asyncapi(app: FastAPI, broker: NatsBroker, *, service: str) -> None:
    """Publish the document with the service: GET /asyncapi.json (built on request; it is small)."""

    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi() -> JSONResponse:
        return JSONResponse(asyncapi_document(broker, service=service))


def service_document(service: str) -> dict[str, Any]:
    """Build `service`'s app with default settings (no connection is made) and document its broker."""
    app = importlib.import_module(f"services.{service}.app").create_app()
    return asyncapi_document(app.state.runtime.broker, service=service)


def write_documents(out: Path, services: tuple[str, ...] = SERVICES) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for service in services:
        path = out / f"{service}.json"
        # Sorted keys: the broker registers channels in an order that varies between runs; the files should not.
        path.write_text(json.dumps(service_document(service), indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Write one AsyncAPI document per service")
    parser.add_argument("--out", type=Path, default=Path("docs/asyncapi"))
    parser.add_argument("--service", action="append", choices=SERVICES)
    args = parser.parse_args()
    for path in write_documents(args.out, tuple(args.service or SERVICES)):
        print(path)


if __name__ == "__main__":
    main()
