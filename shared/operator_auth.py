"""Bearer-token guards for operator APIs (dead letters, failed emails, delivery log, erasure requests) and for
service-internal APIs (assessment's read API).

The token is `OPERATOR_TOKEN` (ServiceSettings.operator_token). Operators are machines and people with shell
access to the deployment; advisors use the advisory login instead."""
from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="operator"'}


def token_matches(presented: str, expected: str) -> bool:
    """Constant-time comparison, so response timing does not reveal how much of a guess was right."""
    return hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8"))


async def require_operator(request: Request) -> None:
    """FastAPI dependency: 401 unless `Authorization: Bearer <OPERATOR_TOKEN>`.

    Without a configured token (allowed outside prod) the operator API is closed, not open.
    """
    secret = request.app.state.runtime.settings.operator_token
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if secret is None or scheme.lower() != "bearer" or not presented:
        raise HTTPException(401, "operator token required", headers=_CHALLENGE)
    if not token_matches(presented.strip(), secret.get_secret_value()):
        raise HTTPException(401, "operator token required", headers=_CHALLENGE)


async def require_internal_caller(request: Request) -> None:
    """FastAPI dependency for service-internal APIs (not meant for browsers): 401 unless the bearer token is the
    service credential (`SERVICE_TOKEN`, held by our own services and jobs) or the operator token."""
    settings = request.app.state.runtime.settings
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    accepted = [s.get_secret_value() for s in (settings.service_token, settings.operator_token) if s is not None]
    if scheme.lower() != "bearer" or not presented.strip() or not any(
            token_matches(presented.strip(), secret) for secret in accepted):
        raise HTTPException(401, "service credential required", headers={"WWW-Authenticate": 'Bearer realm="service"'})
