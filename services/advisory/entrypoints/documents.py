"""An advisor downloads a company's document (issue 16): the download is written to the audit log, then the browser
is sent to intake with a link signed for a few minutes (shared/document_links.py). A form post with the session's
CSRF token, because it writes the audit log."""
from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import RedirectResponse, Response

from shared.document_links import signed_path

from ..adapters import audit_log
from ..adapters.case_documents import downloadable_document
from ..dependencies import Deps, Live
from .security import CurrentSession, guard

router = APIRouter(tags=["workbench"], dependencies=[Depends(guard)], include_in_schema=False)


@router.post("/cases/{case_id}/documents/{document_id}/download")
async def download_document(case_id: uuid.UUID, document_id: uuid.UUID, session: CurrentSession, deps: Deps,
                            runtime: Live) -> Response:
    now = deps.clock.now()
    async with runtime.require_pool().acquire() as conn, conn.transaction():
        document = await downloadable_document(conn, case_id, document_id)
        if document is None:
            raise HTTPException(404, "Not found")
        await audit_log.record(conn, at=now, kind="document_downloaded", actor=session.advisor.email,
                               actor_id=session.advisor.id, case_id=case_id,
                               detail={"document_id": str(document_id)})
    settings = deps.settings
    link = signed_path(settings.document_link_secret, document_id, now=now, ttl_s=settings.document_link_ttl_s)
    return RedirectResponse(settings.intake_url.rstrip("/") + link, status_code=303,
                            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
