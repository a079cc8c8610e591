"""Erasure in advisory: remove the company's personal data from its cases; keep the case skeleton for statistics."""
from __future__ import annotations

from typing import Any

import asyncpg

from shared.contracts.envelope import Envelope
from shared.contracts.gdpr import ErasureRequestedV1
from shared.gdpr import announce_erased, scrub_messaging_tables


async def when_erasure_requested_erase(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    request: ErasureRequestedV1 = envelope.payload
    ids = request.enquiry_ids
    result = await conn.execute(
        "UPDATE cases SET company_name = '[erased]', profile = '{}'::jsonb, contact = '{}'::jsonb,"
        " info_request = NULL, overrides = '{}'::jsonb, gate_clearances = '{}'::jsonb, updated_at = now()"
        " WHERE enquiry_id = ANY($1::uuid[])", ids)
    # Notes, questions and reasons are free text that may name people: keep only kind and time.
    await conn.execute(
        "UPDATE case_timeline SET data = '{\"erased\": true}'::jsonb"
        " WHERE case_id IN (SELECT id FROM cases WHERE enquiry_id = ANY($1::uuid[]))", ids)
    await conn.execute(
        "UPDATE introductions SET reason = '', outcomes = '[]'::jsonb"
        " WHERE case_id IN (SELECT id FROM cases WHERE enquiry_id = ANY($1::uuid[]))", ids)
    items = int(result.split()[-1]) + await scrub_messaging_tables(conn, request.references)
    await announce_erased(conn, service="advisory", request=envelope, items=items)
