"""Use cases of the guided form's drafts: keep a step's answers, save for later (with the emailed resume link),
add documents to a draft (the same screening as the API), purge expired drafts.

A draft is never an enquiry: nothing about an enquiry is published before submission. The only event is
`intake.draft.saved.v1`, for notification to email the resume link."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from shared.clock import Clock, today_utc
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import DraftSavedV1
from shared.contracts.vocab import Language

from ..domain.documents import check_size
from ..domain.drafts import Answers, expires_at, token_hash
from ..domain.reference import new_reference
from . import PRODUCER
from .add_document import DocumentRejected, screen_upload
from .ports import DocumentReader, Draft, DraftStore, RefusedUpload, UnitOfWork


async def open_draft(uow: UnitOfWork[DraftStore], token: str, *, clock: Clock) -> Draft | None:
    async with uow.autocommit() as store:
        return await store.find_draft(token_hash(token), now=clock.now())


async def save_step(uow: UnitOfWork[DraftStore], token: str, *, answers: Answers, language: str,
                    clock: Clock) -> Draft:
    """Keep the answers under the draft of `token`, making the draft on its first save."""
    now = clock.now()
    async with uow.transaction() as store:
        draft = await store.find_draft(token_hash(token), now=now, lock=True)
        if draft is None:
            draft = Draft(id=uuid.uuid4(), reference=new_reference(today_utc(clock)), answers=answers,
                          language=language, email=None, expires_at=expires_at(now))
            await store.create_draft(draft_id=draft.id, reference=draft.reference, token_hash=token_hash(token),
                                     answers=answers, language=language, now=now, expires_at=draft.expires_at)
            return draft
        await store.save_answers(draft.id, answers=answers, language=language, now=now, expires_at=expires_at(now))
        return Draft(id=draft.id, reference=draft.reference, answers=answers, language=language, email=draft.email,
                     expires_at=expires_at(now))


async def save_for_later(uow: UnitOfWork[DraftStore], token: str, *, new_token: str, email: str, language: str,
                         resume_url: Callable[[str], str], clock: Clock) -> Draft | None:
    """Rotate the draft's token (the old link stops working) and stage the email with the new resume link."""
    now = clock.now()
    async with uow.transaction() as store:
        draft = await store.find_draft(token_hash(token), now=now, lock=True)
        if draft is None:
            return None
        until = expires_at(now)
        await store.rotate_token(draft.id, token_hash=token_hash(new_token), email=email, now=now, expires_at=until)
        event = DraftSavedV1.model_validate({
            "draft_id": draft.id, "reference": draft.reference, "email": email, "language": Language(language),
            "resume_url": resume_url(new_token), "expires_at": until})
        await store.outbox.add(new_envelope(event, subject=subjects.DRAFT_SAVED, producer=PRODUCER,
                                            correlation_id=draft.reference, occurred_at=now), subjects.DRAFT_SAVED)
        return Draft(id=draft.id, reference=draft.reference, answers=draft.answers, language=language, email=email,
                     expires_at=until)


@dataclass(frozen=True)
class DraftUpload:
    name: str
    refused: RefusedUpload | None = None   # a classification marking was found: nothing stored
    already_there: bool = False


async def add_draft_document(uow: UnitOfWork[DraftStore], draft: Draft, *, file_name: str | None, content: bytes,
                             reader: DocumentReader, clock: Clock) -> DraftUpload:
    """Screen an upload exactly as the API does (add_document.screen_upload), then keep it with the draft, or
    keep only the record of its refusal. Raises DocumentRejected for a file that cannot be taken."""
    record, found = await screen_upload(file_name=file_name, content=content, reader=reader, clock=clock,
                                        language=draft.language)
    async with uow.transaction() as store:
        if found is not None:
            refused = RefusedUpload(document=record, mark=found.mark, found_in=found.source)
            await store.record_draft_refusal(draft.id, refused=refused)
            return DraftUpload(name=record.name, refused=refused)
        quota = check_size(size=len(content), already_stored=await store.draft_stored_bytes(draft.id))
        if not quota.ok:
            raise DocumentRejected(quota.reason or "", language=draft.language)
        stored = await store.store_draft_document(draft.id, document=record, content=content)
        return DraftUpload(name=record.name, already_there=not stored)


async def purge_expired_drafts(uow: UnitOfWork[DraftStore], *, clock: Clock, limit: int = 500) -> int:
    async with uow.transaction() as store:
        return await store.purge_expired(now=clock.now(), limit=limit)
