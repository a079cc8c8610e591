"""An assessment was completed: attach it to the case (unless a newer revision is there already). The first one
carries the submission it was made from and creates the case with it, open (ADR 14)."""
from __future__ import annotations

import uuid

from shared.clock import Clock
from shared.contracts.assessment import AssessmentCompletedV1, SubmissionAssessed
from shared.contracts.envelope import Envelope
from shared.contracts.vocab import regierungsbezirk

from ..domain.case import CaseStatus, top_areas, uncleared_gates
from ..domain.reassessment import ReassessmentTimer, after_assessment
from .open_case import after_opening, open_when_complete, opening_for
from .ports import AssessmentPart, Case, CaseStore, EnquiryPart, TimelineLine


async def when_assessment_completed_attach(envelope: Envelope[AssessmentCompletedV1], store: CaseStore, *,
                                           clock: Clock, ui_base_url: str | None = None) -> None:
    a = envelope.payload
    assessment = a.model_dump(mode="json", exclude={"submission"})  # the case keeps its own copy of the enquiry
    part = AssessmentPart(assessment=assessment, revision=a.revision, band=a.band, readiness=a.readiness_percent,
                          open_gates=sum(1 for g in a.gates if g.status == "open"),
                          top_areas=top_areas(assessment["capability_fit"]))
    row: Case | None
    if (submission := a.submission) is not None:
        # A new case: no lead's clearances, overrides or dates yet, so it opens with what this event says.
        case_id = uuid.uuid4()
        timer = after_assessment(ReassessmentTimer(None, None, None), a.route.reassess_on if a.route else None)
        dated = timer if timer.due_on else None
        await store.hold_enquiry(a.enquiry_id)  # lines parked for the case meanwhile are moved onto it
        row = await store.upsert_submitted_assessment(
            case_id=case_id, enquiry=_enquiry_part(submission, correlation_id=envelope.correlation_id),
            assessment=part,
            submitted=TimelineLine(submission.event_id, _submitted_line(submission), submission.submitted_at),
            assessed=TimelineLine(envelope.event_id, _assessed_line(a, part.open_gates, dated),
                                  envelope.occurred_at),
            opening=opening_for(case_id=case_id, enquiry_id=a.enquiry_id, correlation_id=envelope.correlation_id,
                                band=a.band, open_gates=part.open_gates, cause=envelope, clock=clock),
            reassessment=(timer.due_on, timer.set_by, timer.reminded_for))
        if row["id"] == case_id:  # created here, and opened
            await after_opening(store, row, seconds=row["assessment_s"], clock=clock, ui_base_url=ui_base_url)
            return
        if row["assessment_revision"] != a.revision:
            # A newer revision was there first; this event still brought the profile the case waited for.
            await open_when_complete(store, row, cause=envelope, clock=clock, ui_base_url=ui_base_url)
            return
    else:
        row = await store.upsert_assessment(
            enquiry_id=a.enquiry_id, correlation_id=envelope.correlation_id, assessment=assessment,
            revision=a.revision, band=a.band, readiness=a.readiness_percent, open_gates=part.open_gates,
            status_if_new=CaseStatus.AWAITING_ASSESSMENT, top_areas=part.top_areas,
        )
        if row is None:
            return  # an older revision arrived late; the newer one stays
    # Gates a lead cleared stay cleared when the re-assessment still finds them open.
    open_gates = len(uncleared_gates(assessment, row["gate_clearances"] or {}))
    if open_gates != row["open_gates"]:
        await store.set_open_gates(row["id"], open_gates)
    # Band C's development track dates a re-assessment (issue 17); only a change costs a statement.
    timer = ReassessmentTimer(row["reassess_on"], row["reassess_set_by"], row["reassess_reminded_for"])
    new = after_assessment(timer, a.route.reassess_on if a.route else None)
    if new != timer:
        await store.set_reassessment(row["id"], due_on=new.due_on, set_by=new.set_by, reminded_for=new.reminded_for)
    await store.add_timeline(case_id=row["id"], kind="assessed", event_id=envelope.event_id,
                             data=_assessed_line(a, open_gates, new if new != timer else None),
                             at=envelope.occurred_at)
    await open_when_complete(store, row, cause=envelope, clock=clock, ui_base_url=ui_base_url)


def _assessed_line(a: AssessmentCompletedV1, open_gates: int, changed: ReassessmentTimer | None) -> dict[str, object]:
    """The timeline line of an assessment; with the re-assessment date when this revision changed it."""
    data: dict[str, object] = {"revision": a.revision, "band": a.band, "readiness_percent": a.readiness_percent,
                               "open_gates": open_gates}
    if changed is not None:
        data["reassess_on"] = changed.due_on.isoformat() if changed.due_on else None
    return data


def _enquiry_part(submission: SubmissionAssessed, *, correlation_id: str) -> EnquiryPart:
    """The case's columns from the submission the first assessment passes on."""
    e = submission.enquiry
    company = e.profile.company
    return EnquiryPart(
        enquiry_id=e.enquiry_id, reference=e.reference, correlation_id=correlation_id, company_name=company.name,
        kreis=company.kreis, sector=company.sector_of_origin.value, language=e.contact.language.value,
        profile=e.profile.model_dump(mode="json"), contact=e.contact.model_dump(mode="json"),
        consents=e.consents.model_dump(mode="json"), regierungsbezirk=regierungsbezirk(company.kreis),
        submitted_at=submission.submitted_at,
    )


def _submitted_line(submission: SubmissionAssessed) -> dict[str, object]:
    """The data of the timeline's first line (kind `enquiry_submitted`, dated when intake accepted the enquiry)."""
    return {"reference": submission.enquiry.reference, "re_enquiry": submission.enquiry.is_re_enquiry}
