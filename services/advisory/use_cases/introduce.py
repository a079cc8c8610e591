"""The advisor introduces the company to partners: blocked while a gate is open or consent is missing. Each
partner gets a link with its own token (only the hash is stored) to accept or decline."""
from __future__ import annotations

import secrets
import uuid
from typing import Any

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import IntroducedPartner, IntroductionApprovedV1
from shared.taxonomy import PartnerDirectory

from ..domain.introductions import answer_url, token_hash
from ..domain.rules import Actor, Refused, check_introductions, require_holder_or_lead, shared_profile
from .case_steps import emit, locked_case, record
from .facts import IntroductionsSent, note
from .ports import UnitOfWork


async def introduce(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, partner_ids: list[str],
                    partners: PartnerDirectory, public_base_url: str, clock: Clock,
                    advisor_note: str = "") -> list[dict[str, Any]]:
    """The introductions made (id, partner id and name), in the order asked."""
    partner_ids = list(dict.fromkeys(partner_ids))
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        require_holder_or_lead(case, actor)
        check_introductions(case, partner_ids, set(partners.ids))
        live = await store.live_partner_ids(case_id)
        if dup := [p for p in partner_ids if p in live]:
            raise Refused(409, "already_introduced", f"Already introduced to: {', '.join(dup)}.")
        introduced, created = [], []
        for pid in partner_ids:
            partner = partners.get(pid)
            assert partner is not None  # checked above
            intro_id, token = uuid.uuid4(), secrets.token_urlsafe(32)
            await store.add_introduction(introduction_id=intro_id, case_id=case_id, partner_id=pid,
                                         partner_name=partner.name, token_hash=token_hash(token),
                                         approved_by=actor.id)
            introduced.append(IntroducedPartner(
                introduction_id=intro_id, partner_id=pid, partner_name=partner.name[:200],
                accept_url=answer_url(public_base_url, intro_id, token, "accept"),
                decline_url=answer_url(public_base_url, intro_id, token, "decline")))
            created.append({"introduction_id": str(intro_id), "partner_id": pid, "partner_name": partner.name})
        case = await store.mark_introduced(case_id)
        event = IntroductionApprovedV1(case_id=case_id, enquiry_id=case["enquiry_id"], partners=introduced,
                                       shared_profile=shared_profile(case["profile"] or {}),
                                       advisor_note=advisor_note)
        event_id = await emit(store, case, event, subjects.INTRODUCTION_APPROVED, clock=clock)
        await record(store, case, "introduction_approved", actor=actor,
                     data={"partners": created, "note": advisor_note}, event_id=event_id)
        first = await store.mark_first_introduction(case_id)
        note(IntroductionsSent(count=len(created), work_s=first.seconds if first else None))
    return created
