"""Erasure in notification: forget the recipients and the rendered content; keep the delivery facts."""
from __future__ import annotations

from typing import Any

import asyncpg

from shared.contracts.envelope import Envelope
from shared.contracts.gdpr import ErasureRequestedV1
from shared.gdpr import announce_erased, scrub_messaging_tables


async def when_erasure_requested_erase(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    request: ErasureRequestedV1 = envelope.payload
    ids = request.enquiry_ids
    recipients = await conn.execute("DELETE FROM recipients WHERE enquiry_id = ANY($1::uuid[])", ids)
    # An email not sent yet must not go out to an address we were told to forget.
    await conn.execute(
        "UPDATE outbound_emails SET status = 'failed', last_error = 'erased before sending'"
        " WHERE enquiry_id = ANY($1::uuid[]) AND status IN ('pending', 'sending')", ids)
    emails = await conn.execute(
        "UPDATE outbound_emails SET recipient = 'erased@invalid', context = '{}'::jsonb"
        " WHERE enquiry_id = ANY($1::uuid[])", ids)
    items = int(recipients.split()[-1]) + int(emails.split()[-1])
    items += await scrub_messaging_tables(conn, request.references)
    await announce_erased(conn, service="notification", request=envelope, items=items)
