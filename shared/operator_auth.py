"""Bearer-token guard for operator APIs (dead letters, failed emails, delivery log, erasure requests).

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
