"""Use case: the company sends its checked draft. One transaction: the enquiry (with the draft's id and reference)
and its `submitted` event, then its documents moved over with `intake.document.added.v1` and
`intake.document.refused.v1` after it (the outbox keeps the order), and the draft marked submitted.

The draft row is locked first: a double click waits, then finds the draft submitted and answers with the same
enquiry (the form's idempotent submission)."""
from __future__ import annotations

import uuid
from collections.abc import Callable

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import DocumentAddedV1, DocumentRefusedV1

from ..domain.drafts import token_hash
from ..domain.submission import EnquirySubmission
from . import PRODUCER
from .add_document import document_facts
from .ports import DraftSubmissionStore, UnitOfWork
from .submit import Accepted, store_enquiry


class DraftGone(Exception):
    """No draft behind the token (expired, replaced by a newer link, or never saved)."""


async def submit_draft(uow: UnitOfWork[DraftSubmissionStore], token: str, submission: EnquirySubmission | None, *,
                       clock: Clock, status_url: Callable[[uuid.UUID], str]) -> Accepted:
    """`submission` None: only a draft submitted before is answered (with its enquiry); any other raises."""
    async with uow.transaction() as store:
        draft = await store.find_draft(token_hash(token), now=clock.now(), lock=True)
        if draft is None:
            raise DraftGone()
        if draft.submitted_enquiry_id is not None:
            return Accepted(draft.submitted_enquiry_id, draft.reference, replayed=True)
        if submission is None:
            raise DraftGone()
        accepted = await store_enquiry(store, submission, source="form", clock=clock, status_url=status_url,
                                       enquiry_id=draft.id, reference=draft.reference)
        documents, refusals = await store.move_draft_documents(draft.id, enquiry_id=accepted.enquiry_id)
        now = clock.now()
        for document in documents:
            added = DocumentAddedV1(enquiry_id=accepted.enquiry_id, reference=accepted.reference,
                                    document=document_facts(document))
            await store.outbox.add(new_envelope(added, subject=subjects.DOCUMENT_ADDED, producer=PRODUCER,
                                                correlation_id=accepted.reference, occurred_at=now),
                                   subjects.DOCUMENT_ADDED)
        for refusal in refusals:
            refused = DocumentRefusedV1(enquiry_id=accepted.enquiry_id, reference=accepted.reference,
                                        document=document_facts(refusal.document), mark=refusal.mark,
                                        found_in=refusal.found_in)
            await store.outbox.add(new_envelope(refused, subject=subjects.DOCUMENT_REFUSED, producer=PRODUCER,
                                                correlation_id=accepted.reference, occurred_at=now),
                                   subjects.DOCUMENT_REFUSED)
        await store.mark_draft_submitted(draft.id, enquiry_id=accepted.enquiry_id)
        return accepted
