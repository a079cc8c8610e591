"""Erasure in assessment: drop the inputs (the company's profile); scores and reasons carry no personal data."""
from __future__ import annotations

from typing import Any

import asyncpg

from shared.contracts.envelope import Envelope
from shared.contracts.gdpr import ErasureRequestedV1
from shared.gdpr import announce_erased, scrub_messaging_tables


async def when_erasure_requested_erase(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    request: ErasureRequestedV1 = envelope.payload
    result = await conn.execute(
        "UPDATE assessments SET inputs = '{}'::jsonb WHERE enquiry_id = ANY($1::uuid[])", request.enquiry_ids)
    items = int(result.split()[-1]) + await scrub_messaging_tables(conn, request.references)
    await announce_erased(conn, service="assessment", request=envelope, items=items)
