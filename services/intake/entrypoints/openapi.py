"""OpenAPI as the API really answers: every error body is application/problem+json."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from shared.contracts.vocab import NRW_KREISE, OUTSIDE_NRW

from ..domain.known_ids import KnownIds

PROBLEM = "application/problem+json"


def problem_media_types(schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI files every response model under application/json; move error bodies to problem+json."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status.isdigit() and int(status) >= 400 and "application/json" in content:
                    content[PROBLEM] = content.pop("application/json")
    return schema


def closed_lists(schema: dict[str, Any], known: KnownIds) -> dict[str, Any]:
    """Name the allowed values the model checks outside its types: Kreise, taxonomy and partner ids, consents.

    A snapshot of the operator data at start-up. Rules across fields (competence declared once, lot sizes
    ordered, shares at most 100 %) cannot be said in JSON Schema; they answer 422 with the field named.
    """
    c = schema["components"]["schemas"]
    c["CompanyIdentity"]["properties"]["kreis"]["enum"] = [*sorted(NRW_KREISE), OUTSIDE_NRW]
    c["CompanyIdentity"]["properties"]["further_nrw_sites"]["items"]["enum"] = sorted(NRW_KREISE)  # in NRW only
    c["DeclaredCompetence"]["properties"]["field"]["enum"] = sorted(known.competence_fields)
    c["EnquirySubmission"]["properties"]["capability_interests"]["items"]["enum"] = sorted(known.capability_areas)
    c["Consents"]["properties"]["share_with_partners"]["items"]["enum"] = sorted(known.partners)
    for required in ("processing", "no_classified_information"):
        c["Consents"]["properties"][required]["enum"] = [True]
    return schema


def install_openapi(app: FastAPI, *, known: KnownIds) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version="1", description=DESCRIPTION, routes=app.routes)
            app.openapi_schema = closed_lists(problem_media_types(schema), known)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to replace the schema


DESCRIPTION = (
    "Public API of the DEFENCE.NRW onboarding intake. Submit an enquiry (optionally with an `Idempotency-Key`"
    " header: the same key and body give the same answer, another body gives 409) and read its status with the"
    " token from the private status link. Errors are RFC 9457 problem details; validation errors list each field."
    " The same enquiry can be sent through the web form at `/` (German, `?lang=en` for English)."
)
