"""RFC 9457 problem details for every HTTP error, with a per-field list for validation errors."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    field: str = Field(description="Dotted path of the offending field, e.g. company.name")
    message: str
    type: str


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] = Field(default_factory=list)


def problem_response(status: int, title: str, detail: str | None = None, *, errors: list[FieldError] | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail, errors=errors or [])
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_JSON,
                        headers=headers)


def field_errors(raw: list[dict[str, Any]]) -> list[FieldError]:
    """pydantic error dicts -> our field list (the body prefix dropped, no input echoed back)."""
    out = []
    for err in raw:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        msg = str(err.get("msg", "invalid"))
        # model-level rules put the field name in the message ("company.kreis: ...")
        if not loc and ": " in msg.removeprefix("Value error, "):
            path, _, msg = msg.removeprefix("Value error, ").partition(": ")
            loc = [path]
        out.append(FieldError(field=".".join(loc) or "(body)", message=msg.removeprefix("Value error, "),
                              type=str(err.get("type", "value_error"))))
    return out


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(422, "The request is not valid.", "See errors for each field.",
                                errors=field_errors(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Never a stack trace to the client; the log has it with the correlation id.
        import logging

        logging.getLogger("http").error("unhandled error", exc_info=exc)
        return problem_response(500, "Internal error", "The error was logged. Please try again later.")


_STANDARD_TITLES = {
    400: "Malformed request", 401: "Login or token required", 403: "Not allowed", 404: "Not found",
    409: "Conflict with the current state", 412: "Stale version", 413: "Request body too large",
    422: "Invalid request; `errors` lists each field", 429: "Too many requests; see Retry-After",
    503: "Temporarily unavailable; retry later",
}


def problem_responses(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses=` entries documenting these status codes as problem+json."""
    return {code: {"model": Problem, "description": _STANDARD_TITLES[code],
                   "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            for code in codes}
