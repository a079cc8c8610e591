"""EnquiryStore over PostgreSQL: enquiries, companies, revisions, consent records, status history."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import asyncpg
import orjson

from shared.contracts import subjects
from shared.contracts.envelope import Envelope
from shared.contracts.intake import EnquirySubmittedV1
from shared.messaging.outbox import OUTBOX_COLUMNS, Outbox, PgOutbox, outbox_values

from ..domain.identity import IdentityKeys
from ..domain.status import EnquiryStatus
from ..use_cases.ports import EarlierClaim, LockedEnquiry

# A new enquiry in ONE statement (atomic without BEGIN/COMMIT, one round trip the client waits for):
# - its company: the one matching any identity key (oldest first) with its missing keys filled in, else new;
# - the enquiry with its first status, first revision and consent record;
# - its `submitted` event in the outbox, whose payload gets the company id and re-enquiry flag decided here.
_STORE_SUBMISSION = (
    "WITH found AS (SELECT id FROM companies WHERE (register_number = $2) OR (vat_id = $3) OR (web_domain = $4)"
    "   ORDER BY created_at LIMIT 1),"
    " filled AS (UPDATE companies SET register_number = coalesce(register_number, $2),"
    "   vat_id = coalesce(vat_id, $3), web_domain = coalesce(web_domain, $4), updated_at = now()"
    "   WHERE id IN (SELECT id FROM found) RETURNING id),"
    " created AS (INSERT INTO companies (id, name, register_number, vat_id, web_domain)"
    "   SELECT $5, $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id),"
    " company AS (SELECT id, true AS known FROM filled UNION ALL SELECT id, false AS known FROM created),"
    " e AS (INSERT INTO enquiries (id, reference, company_id, is_re_enquiry, status, language, profile,"
    "   contact, consents) SELECT $6, $7, company.id, company.known, $8, $9, $10, $11, $12 FROM company"
    "   RETURNING id, company_id, is_re_enquiry),"
    " h AS (INSERT INTO enquiry_status_history (enquiry_id, status) SELECT id, $8 FROM e),"
    " r AS (INSERT INTO enquiry_revisions (enquiry_id, revision, profile, contact, consents, source)"
    "   SELECT id, 1, $10, $11, $12, 'submission' FROM e),"
    " c AS (INSERT INTO consent_records (enquiry_id, text_version, processing, share_with_partners,"
    "   no_classified_info, newsletter, source, reassessment_contact, share_with_all_suitable)"
    "   SELECT id, $13, $14, $15, $16, $17, $18, $23, $24 FROM e)"
    f" INSERT INTO outbox ({OUTBOX_COLUMNS})"
    " SELECT $19, $20, jsonb_set(jsonb_set($21::text::jsonb, '{payload,company_id}', to_jsonb(e.company_id)),"
    "   '{payload,is_re_enquiry}', to_jsonb(e.is_re_enquiry))::json, $22 FROM e"
)


_LOCKED_COLUMNS = ("id, reference, status, status_decided_at, revision,"
                   " coalesce((profile->>'questionnaire')::int, 1) AS questionnaire")


def _locked(row: asyncpg.Record | None) -> LockedEnquiry | None:
    if row is None:
        return None
    return LockedEnquiry(id=row["id"], reference=row["reference"], status=EnquiryStatus(row["status"]),
                         status_decided_at=row["status_decided_at"], revision=row["revision"],
                         questionnaire=row["questionnaire"])

class PgEnquiryStore:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self.outbox: Outbox = PgOutbox(conn)

    async def store_submission(self, *, company_name: str, keys: IdentityKeys, status: EnquiryStatus, source: str,
                               submitted: Envelope[EnquirySubmittedV1]) -> None:
        staged = outbox_values(submitted, subjects.ENQUIRY_SUBMITTED)
        event = orjson.loads(staged.envelope)["payload"]  # the stored columns are the event's own JSON
        consents = event["consents"]
        await self._conn.execute(
            _STORE_SUBMISSION,
            company_name, keys.register_number, keys.vat_id, keys.web_domain, uuid.uuid4(),
            submitted.payload.enquiry_id, submitted.payload.reference, status, event["contact"]["language"],
            event["profile"], event["contact"], consents,
            consents["text_version"], consents["processing"], consents["share_with_partners"],
            consents["no_classified_information"], consents["newsletter"], source,
            *staged, consents.get("reassessment_contact", False), consents.get("share_with_all_suitable", False),
        )

    async def claim_idempotency_key(self, *, key: str, request_hash: str,
                                    enquiry_id: uuid.UUID) -> EarlierClaim | None:
        inserted = await self._conn.fetchval(
            "INSERT INTO idempotency_keys (key, request_hash, enquiry_id) VALUES ($1,$2,$3)"
            " ON CONFLICT (key) DO NOTHING RETURNING true",
            key, request_hash, enquiry_id,
        )
        if inserted:
            return None
        row = await self._conn.fetchrow(
            "SELECT k.request_hash, k.enquiry_id, e.reference FROM idempotency_keys k"
            " JOIN enquiries e ON e.id = k.enquiry_id WHERE k.key = $1",
            key,
        )
        return EarlierClaim(row["request_hash"], row["enquiry_id"], row["reference"])

    async def lock_enquiry(self, enquiry_id: uuid.UUID) -> LockedEnquiry | None:
        return _locked(await self._conn.fetchrow(f"SELECT {_LOCKED_COLUMNS} FROM enquiries WHERE id = $1"
                                                 " FOR NO KEY UPDATE", enquiry_id))

    async def set_status(self, *, enquiry_id: uuid.UUID, status: EnquiryStatus, event_id: uuid.UUID | None,
                         decided_at: datetime) -> None:
        await self._conn.execute(
            "WITH changed AS (UPDATE enquiries SET status = $2, status_decided_at = $3, updated_at = now()"
            "   WHERE id = $1 RETURNING id)"
            " INSERT INTO enquiry_status_history (enquiry_id, status, event_id) SELECT id, $2, $4 FROM changed",
            enquiry_id, status, decided_at, event_id,
        )

    async def set_open_question(self, *, enquiry_id: uuid.UUID, request_id: uuid.UUID, question: str,
                                respond_by: date) -> None:
        await self._set_open_question(enquiry_id, request_id, question, respond_by)

    async def clear_open_question(self, enquiry_id: uuid.UUID) -> None:
        await self._set_open_question(enquiry_id, None, None, None)
        await self._conn.execute("UPDATE enquiries SET reassessment_invited_for = NULL WHERE id = $1", enquiry_id)

    async def invite_to_update(self, *, enquiry_id: uuid.UUID, due_on: date) -> None:
        # An advisor's question still open takes precedence on the page; the invitation waits beside it.
        await self._conn.execute("UPDATE enquiries SET reassessment_invited_for = $2 WHERE id = $1",
                                 enquiry_id, due_on)

    async def _set_open_question(self, enquiry_id: uuid.UUID, request_id: uuid.UUID | None, question: str | None,
                                 respond_by: date | None) -> None:
        await self._conn.execute(
            "UPDATE enquiries SET info_request_id = $2, open_question = $3, respond_by = $4 WHERE id = $1",
            enquiry_id, request_id, question, respond_by,
        )

    async def confirm_case_opened(self, enquiry_id: uuid.UUID) -> LockedEnquiry | None:
        # The update locks the row as lock_enquiry would: one statement instead of two on every case.opened.
        return _locked(await self._conn.fetchrow(
            "UPDATE enquiries SET case_opened_at = coalesce(case_opened_at, now()) WHERE id = $1"
            f" RETURNING {_LOCKED_COLUMNS}", enquiry_id))

    async def store_amendment(self, *, enquiry_id: uuid.UUID, revision: int, profile: dict[str, Any],
                              contact: dict[str, Any], consents: dict[str, Any], consent_source: str) -> None:
        await self._conn.execute(
            "UPDATE enquiries SET revision = $2, profile = $3, contact = $4, consents = $5, language = $6,"
            " updated_at = now() WHERE id = $1",
            enquiry_id, revision, profile, contact, consents, contact.get("language", "de"),
        )
        await self._conn.execute(
            "INSERT INTO enquiry_revisions (enquiry_id, revision, profile, contact, consents, source)"
            " VALUES ($1,$2,$3,$4,$5,'amendment')",
            enquiry_id, revision, profile, contact, consents,
        )
        await self._conn.execute(
            "INSERT INTO consent_records (enquiry_id, text_version, processing, share_with_partners,"
            " no_classified_info, newsletter, source, reassessment_contact, share_with_all_suitable)"
            " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
            enquiry_id, consents["text_version"], consents["processing"], consents["share_with_partners"],
            consents["no_classified_information"], consents["newsletter"], consent_source,
            consents.get("reassessment_contact", False), consents.get("share_with_all_suitable", False),
        )
