"""The intake OpenAPI document names the closed lists the model checks outside its types, so a client can offer
them: every Kreis for the seat and for each further NRW site (questionnaire 2), taxonomy and partner ids."""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from services.intake.domain.known_ids import KnownIds
from services.intake.domain.submission import EnquirySubmission
from services.intake.entrypoints.openapi import closed_lists
from shared.contracts.vocab import NRW_KREISE, OUTSIDE_NRW

KNOWN = KnownIds(competence_fields=frozenset({"CF01"}), capability_areas=frozenset({"CA01"}),
                 partners=frozenset({"defence-nrw"}))


def _schema() -> dict:
    app = FastAPI()

    @app.post("/api/v1/enquiries")
    def submit(submission: EnquirySubmission) -> None: ...

    return closed_lists(get_openapi(title="t", version="1", routes=app.routes), KNOWN)["components"]["schemas"]


def test_the_seat_and_every_further_site_list_the_kreise() -> None:
    company = _schema()["CompanyIdentity"]["properties"]
    assert company["kreis"]["enum"] == [*sorted(NRW_KREISE), OUTSIDE_NRW]
    assert company["further_nrw_sites"]["items"]["enum"] == sorted(NRW_KREISE)  # a further site is in NRW


def test_taxonomy_and_partner_ids_are_listed() -> None:
    c = _schema()
    assert c["DeclaredCompetence"]["properties"]["field"]["enum"] == ["CF01"]
    assert c["EnquirySubmission"]["properties"]["capability_interests"]["items"]["enum"] == ["CA01"]
    assert c["Consents"]["properties"]["share_with_partners"]["items"]["enum"] == ["defence-nrw"]
