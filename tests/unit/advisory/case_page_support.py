"""A rich case rendered through the real templates without a database (issue 16): every section filled."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

from starlette.requests import Request

from services.advisory.presentation.case_page import case_page, with_taxonomy_labels
from services.advisory.presentation.pages import render
from services.advisory.presentation.profile_facts import profile_facts
from services.assessment.domain.assess import assess
from services.assessment.domain.gates import ClassifiedUpload, ListSanctionsScreen
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.vocab import ExportRegion, FundingInterest, NcageStatus, UsControlledContent
from shared.taxonomy import load_explanations, load_funding_calls, load_partner_directory, load_taxonomy
from tests.support.test_data import enquiry_submitted

TAXONOMY = load_taxonomy()
PARTNERS = load_partner_directory(taxonomy=TAXONOMY)
CALLS = load_funding_calls(taxonomy=TAXONOMY)
EXPLANATIONS = with_taxonomy_labels(load_explanations(), TAXONOMY)
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


class _Row(dict[str, Any]):
    # Columns this page does not use read as None (the real row has every column of `cases`).
    def __missing__(self, key: str) -> None:
        return None


def rich_case() -> dict[str, Any]:
    """An assessed case with open gates (US content unknown, a refused upload), partners, documents, overrides,
    introductions and a timeline of many kinds."""
    e = enquiry_submitted()
    e = e.model_copy(update={"profile": e.profile.model_copy(update={
        "compliance": e.profile.compliance.model_copy(update={
            "us_controlled_content": UsControlledContent.UNKNOWN,
            "export_destinations": [ExportRegion.EU, ExportRegion.RUSSIA_BELARUS_CENTRAL_ASIA]}),
        "company": e.profile.company.model_copy(update={
            "annual_turnover_eur_m": 12.5, "balance_sheet_total_eur_m": 8.0, "founded_year": 1998,
            "further_nrw_sites": ["Kreis Mettmann"], "ncage_status": NcageStatus.APPLIED, "ncage": None}),
        "funding_interests": [FundingInterest.EXIST, FundingInterest.EIC], "questionnaire": 2})})
    upload = ClassifiedUpload(name="Zeichnung.pdf", mark="VS-NfD", found_in="page 2", sha256="b" * 64)
    r = assess(e.profile, e.consents, taxonomy=TAXONOMY, partners=PARTNERS, calls=CALLS,
               sanctions=ListSanctionsScreen([]), today=NOW.date(), classified_uploads=[upload])
    a = AssessmentCompletedV1(
        enquiry_id=e.enquiry_id, assessment_id=uuid.uuid4(), revision=2, taxonomy_version=r.taxonomy_version,
        readiness_percent=r.readiness_percent, band=r.band, capability_fit=r.capability_fit, readiness=r.readiness,
        gates=r.gates, recommended_partners=r.recommended_partners, development_plan=r.development_plan,
        route=r.route, not_recommended=r.not_recommended, funding_calls=r.funding_calls)
    advisor = uuid.uuid4()
    first = r.recommended_partners[0] if r.recommended_partners else None
    timeline = [
        ("enquiry_submitted", None, {"reference": e.reference, "re_enquiry": False}),
        ("assessed", None, {"revision": 2, "band": r.band, "readiness_percent": r.readiness_percent, "open_gates": 2}),
        ("case_opened", None, {"priority": "high", "sla_due_at": (NOW + timedelta(hours=20)).isoformat()}),
        ("email_sent", None, {"template": "case_opened", "language": "de", "recipient": "company"}),
        ("claimed", "Berta Beraterin", {"assignee_id": str(advisor), "assignee": "Berta Beraterin"}),
        ("note", "Berta Beraterin", {"text": "Rückruf vereinbart", "actor_id": str(advisor)}),
        ("info_requested", "Berta Beraterin", {"question": "Losgrößen?", "respond_by": "2026-12-01"}),
        ("enquiry_amended", None, {"revision": 2}),
        ("sla_resumed", None, {"sla_due_at": (NOW + timedelta(days=1)).isoformat()}),
        ("gate_cleared", "Lea Leitner", {"gate": "G3", "reason": "geklärt"}),
        ("score_overridden", "Lea Leitner", {"field": "band", "value": "B", "assessed": "C", "reason": "Gespräch"}),
        ("introduction_approved", "Berta Beraterin", {"partners": [{"partner_name": first.name if first else "X"}]}),
        ("introduction_answered", None, {"partner_name": "X", "answer": "decline", "reason": "kein Bedarf"}),
        ("outcome_recorded", "Berta Beraterin", {"partner_name": "X", "outcome": "meeting_held"}),
        ("escalated", None, {"level": 1, "sla_due_at": NOW.isoformat()}),
        ("reassessment_set", "Lea Leitner", {"reassess_on": "2027-03-01"}),
        ("closed", "Berta Beraterin", {"reason_code": "other", "reason_text": "erledigt"}),
        ("reopened", "Berta Beraterin", {"reason_text": "neue Lage"}),
    ]
    return _Row(
        id=uuid.uuid4(), reference=e.reference, company_name=e.profile.company.name, status="claimed",
        priority="high", band=a.band, readiness=a.readiness_percent, assignee=advisor,
        assignee_name="Berta Beraterin", sla_due_at=NOW + timedelta(hours=5), sla_paused_at=None,
        assessment=a.model_dump(mode="json"), assessment_revision=2, profile=e.profile.model_dump(mode="json"),
        contact=e.contact.model_dump(mode="json"), consents=e.consents.model_dump(mode="json"),
        gate_clearances={"G3": {"by": "Lea Leitner", "reason": "geklärt"}},
        overrides={"band": {"value": "B", "assessed": "C", "by": "Lea Leitner", "reason": "Gespräch"}},
        introductions=[], next_best_partner=None, regierungsbezirk="Köln", reassess_on=date(2027, 3, 1),
        reassess_set_by="lead",
        timeline=[{"at": NOW - timedelta(hours=len(timeline) - i), "kind": k, "actor": actor, "data": d,
                   "event_id": None} for i, (k, actor, d) in enumerate(timeline)],
        documents=[
            {"document_id": uuid.uuid4(), "name": "Zertifikat ISO 9001.pdf", "media_type": "application/pdf",
             "size_bytes": 245_000, "added_at": NOW, "refused": False, "mark": None, "found_in": None},
            {"document_id": uuid.uuid4(), "name": "Zeichnung.pdf", "media_type": "application/pdf",
             "size_bytes": 1_200_000, "added_at": NOW, "refused": True, "mark": "VS-NfD", "found_in": "page 2"}],
    )


def render_case(case: dict[str, Any], *, lang: str, role: str = "lead", kind: str | None = None) -> str:
    query = f"lang={lang}" + (f"&kind={kind}" if kind else "")
    request = Request({"type": "http", "method": "GET", "path": f"/cases/{case['id']}", "headers": [],
                       "query_string": query.encode(), "server": ("test", 80), "scheme": "http"})
    advisor = SimpleNamespace(id=case["assignee"], name="Lea Leitner", email="lea@example.org", role=role, team=None)
    session = SimpleNamespace(advisor=advisor, csrf_token="t" * 32)
    consented = set(case["consents"].get("share_with_partners", []))
    view = case_page(case, lang=lang, explanations=EXPLANATIONS, taxonomy=TAXONOMY, now=NOW, consented=consented,
                     timeline_kind=kind)
    facts = profile_facts(case["profile"], case["consents"], lang=lang,
                          partner_names={p.id: p.name for p in PARTNERS.partners})
    response = render(request, "case.html", taxonomy=TAXONOMY, session=session, case=case, consented=consented,
                      advisors=[{"id": advisor.id, "name": "Lea Leitner"}], error=None, view=view, facts=facts)
    return bytes(response.body).decode()


class VisibleText(HTMLParser):
    """The page's text a German reader sees as ours: without elements marked lang="en" (the formula traces),
    without <bdi> (names and free text people wrote) and without scripts and styles."""

    _SKIP = {"bdi", "script", "style"}

    def __init__(self, *, skip_english: bool = True) -> None:
        super().__init__()
        self.skip_english = skip_english
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"input", "meta", "link", "br", "img", "rect", "hr"}:
            return
        self.stack.append(tag in self._SKIP or (self.skip_english and ("lang", "en") in attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"input", "meta", "link", "br", "img", "rect", "hr"}:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.parts.append(data)

    @classmethod
    def of(cls, html: str, *, skip_english: bool = True) -> str:
        parser = cls(skip_english=skip_english)
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())
