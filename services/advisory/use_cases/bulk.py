"""Bulk actions: each case goes through exactly the single use case, in its own transaction, with its own result.

Nothing is skipped silently (cf. Zammad #4198, bulk close bypassing mandatory fields): a case the single use case
would refuse is refused here too, and the answer lists every case with its outcome.
"""
from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from shared.clock import Clock

from ..domain.rules import Actor, Refused
from .assign import assign
from .close import close
from .ports import UnitOfWork

MAX_BULK = 200


async def _each(case_ids: list[uuid.UUID], action: Callable[[uuid.UUID], Awaitable[Any]]) -> list[dict[str, Any]]:
    if len(case_ids) > MAX_BULK:
        raise Refused(422, "too_many", f"At most {MAX_BULK} cases at once.")
    results = []
    for case_id in dict.fromkeys(case_ids):
        try:
            await action(case_id)
            results.append({"case_id": str(case_id), "ok": True, "status": 200})
        except Refused as exc:
            results.append({"case_id": str(case_id), "ok": False, "status": exc.status, "code": exc.code,
                            "detail": exc.detail})
    return results


async def bulk_assign(uow: UnitOfWork, *, case_ids: list[uuid.UUID], actor: Actor, assignee_id: uuid.UUID,
                      clock: Clock, ui_base_url: str | None = None) -> list[dict[str, Any]]:
    return await _each(case_ids, lambda cid: assign(uow, case_id=cid, actor=actor, assignee_id=assignee_id,
                                                    clock=clock, ui_base_url=ui_base_url))


async def bulk_close(uow: UnitOfWork, *, case_ids: list[uuid.UUID], actor: Actor, reason_code: str, clock: Clock,
                     reason_text: str = "") -> list[dict[str, Any]]:
    return await _each(case_ids, lambda cid: close(uow, case_id=cid, actor=actor, reason_code=reason_code,
                                                   reason_text=reason_text, clock=clock))
