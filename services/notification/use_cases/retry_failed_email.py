"""An operator queues a failed email again: back to 'pending', attempts reset, same Message-ID."""
from __future__ import annotations

from .ports import FailedEmails


async def retry_failed_email(emails: FailedEmails, email_id: int) -> bool:
    """False if there is no failed email with this id (never failed, or already retried)."""
    return await emails.requeue(email_id)
