"""Documents through the JSON API with the private status token (issue 15): add one (multipart), list them."""
from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.types import Scope

from shared.db import DB_UNAVAILABLE
from shared.problems import PROBLEM_JSON, FieldError, Problem, problem_response

from ..adapters.document_store import PgDocumentStore, enquiry_documents
from ..adapters.unit_of_work import PgUnitOfWork
from ..dependencies import Deps, Live
from ..domain.documents import MAX_FILE_BYTES
from ..domain.reference import token_matches
from ..presentation.i18n import translator
from ..use_cases.add_document import ClassifiedRefused, DocumentRejected, add_document
from ..use_cases.ports import DocumentRecord

router = APIRouter(prefix="/api/v1", tags=["documents"])
DOCUMENTS_PATH = "/api/v1/enquiries/{enquiry_id}/documents"
CLASSIFIED_PROBLEM = "urn:defence-nrw:problem:classified-material"
_STATUS = {"unknown_enquiry": 404, "file_too_large": 413, "enquiry_quota_exceeded": 413, "unsupported_type": 415,
           "empty_file": 422, "unreadable": 422}
Token = Annotated[str, Query(min_length=10, max_length=100, description="The token from the private status link")]


# The API's upload and the guided form's documents step (both take one file per request).
_UPLOAD_PATH = re.compile(r"^(/api/v1/enquiries/[^/]+/documents|/anfrage/dokumente)$")
_MULTIPART_OVERHEAD = 64 * 1024


def upload_body_limit(scope: Scope) -> int | None:
    """The body limit of an upload: one file of at most 10 MB and its multipart framing (the default elsewhere)."""
    if scope.get("method") == "POST" and _UPLOAD_PATH.match(scope.get("path", "")):
        return MAX_FILE_BYTES + _MULTIPART_OVERHEAD
    return None


class DocumentView(BaseModel):
    document_id: uuid.UUID
    name: str
    media_type: str
    size_bytes: int
    sha256: str
    uploaded_at: datetime


def _view(d: DocumentRecord) -> dict[str, object]:
    return DocumentView(document_id=d.id, name=d.name, media_type=d.media_type, size_bytes=d.size_bytes,
                        sha256=d.sha256, uploaded_at=d.uploaded_at).model_dump(mode="json")


def _problem(description: str) -> dict[str, object]:
    return {"model": Problem, "description": description}


def _localised(status: int, lang: str, title_key: str, detail: str, *, type_: str = "about:blank") -> JSONResponse:
    body = Problem(type=type_, title=translator(lang)(title_key), status=status, detail=detail)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_JSON,
                        headers={"Content-Language": lang})


@router.post(DOCUMENTS_PATH.removeprefix("/api/v1"), status_code=201, response_model=DocumentView, responses={
    200: {"model": DocumentView, "description": "The same file was added before: nothing new was stored"},
    404: _problem("Unknown enquiry or wrong token"), 413: _problem("File over 10 MB or enquiry over 25 MB"),
    415: _problem("Not a PDF, DOCX, PNG or JPEG (decided by content)"),
    422: _problem(f"Empty or unreadable file, or classification marking found (type {CLASSIFIED_PROBLEM}): "
                  "refused and not stored"),
    503: _problem("Temporarily unable to store; retry")})
async def add_enquiry_document(enquiry_id: uuid.UUID, token: Token, deps: Deps, runtime: Live,
                               file: Annotated[UploadFile | None, File(
                                   description="PDF, DOCX, PNG or JPEG, at most 10 MB (required)")] = None,
                               ) -> JSONResponse:
    """Add a document to an enquiry. It is screened for classification marks before anything is stored."""
    # The token first, also before "file missing": without a valid link nothing about the route is told.
    if not token_matches(deps.settings.status_token_secret, enquiry_id, token):
        return problem_response(404, "Not found")
    if file is None:
        return problem_response(422, "The request is not valid.", "See errors for each field.", errors=[
            FieldError(field="file", message="a file is required", type="missing")])
    content = await file.read(MAX_FILE_BYTES + 1)
    try:
        result = await add_document(PgUnitOfWork(runtime.require_pool(), PgDocumentStore), enquiry_id=enquiry_id,
                                    file_name=file.filename, content=content, reader=deps.document_reader,
                                    clock=deps.clock)
    except DocumentRejected as refused:
        if refused.reason == "unknown_enquiry":
            return problem_response(404, "Not found")
        t = translator(refused.language)
        return _localised(_STATUS[refused.reason], refused.language, "document.refused.title",
                          t(f"document.refused.{refused.reason}"))
    except DB_UNAVAILABLE:
        return problem_response(503, "Temporarily unavailable", "Nothing was stored. Please retry.",
                                headers={"Retry-After": "5"})
    if isinstance(result, ClassifiedRefused):
        deps.metrics.documents_refused.labels(result.found.mark).inc()
        detail = translator(result.language)("document.classified.text").format(
            name=result.document.name, mark=result.found.mark, where=result.found.source)
        return _localised(422, result.language, "document.classified.title", detail, type_=CLASSIFIED_PROBLEM)
    return JSONResponse(_view(result.document), status_code=200 if result.already_there else 201,
                        headers={"Cache-Control": "no-store"})


@router.get(DOCUMENTS_PATH.removeprefix("/api/v1"), response_model=list[DocumentView],
            responses={404: _problem("Unknown enquiry or wrong token"), 422: _problem("Invalid id or token")})
async def list_enquiry_documents(enquiry_id: uuid.UUID, token: Token, deps: Deps, runtime: Live) -> JSONResponse:
    """The documents stored with an enquiry (names, types, sizes, hashes; never the content)."""
    if not token_matches(deps.settings.status_token_secret, enquiry_id, token):
        return problem_response(404, "Not found")
    documents = await enquiry_documents(runtime.require_pool(), enquiry_id)
    if documents is None:
        return problem_response(404, "Not found")
    return JSONResponse([_view(d) for d in documents], headers={"Cache-Control": "no-store"})
