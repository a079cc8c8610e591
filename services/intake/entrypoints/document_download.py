"""The signed, expiring download of one stored document (issue 16). advisory signs the link after it recorded who
downloads (shared/document_links.py); without a valid, unexpired signature nothing about the document is told."""
from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from shared.document_links import link_valid
from shared.problems import problem_response

from ..adapters.document_content import stored_document
from ..dependencies import Deps, Live

router = APIRouter(tags=["documents"], include_in_schema=False)
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback name and the real name RFC 5987-encoded: no quote, path or control
    character can reach the header."""
    letters = "".join(c if c.isascii() else "" if unicodedata.combining(c) else "_"
                      for c in unicodedata.normalize("NFKD", name))
    ascii_name = _UNSAFE.sub("_", letters).strip(" .")
    return f"attachment; filename=\"{ascii_name or 'document'}\"; filename*=UTF-8''{quote(name, safe='')}"


@router.get("/documents/{document_id}")
async def download_document(document_id: uuid.UUID, deps: Deps, runtime: Live,
                            expires: Annotated[str | None, Query(max_length=20)] = None,
                            signature: Annotated[str | None, Query(max_length=128)] = None) -> Response:
    if not link_valid(deps.settings.document_link_secret, document_id, expires=expires, sig=signature,
                      now=deps.clock.now()):
        return problem_response(404, "Not found")
    document = await stored_document(runtime.require_pool(), document_id)
    if document is None:
        return problem_response(404, "Not found")
    return Response(document.content, media_type=document.media_type, headers={
        "Content-Disposition": content_disposition(document.name), "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store"})
