"""The read side of one case for the JSON API and the case page: the case with everything on it."""
from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ..domain.rules import next_best_partner
from .case_documents import documents_of_case
from .introduction_rows import introductions_of_case


async def case_detail(conn: asyncpg.Connection, case_id: uuid.UUID) -> dict[str, Any] | None:
    row = await conn.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)
    if row is None:
        return None
    case = dict(row)
    case["timeline"] = [dict(e) for e in await conn.fetch(
        "SELECT at, kind, event_id, actor, data FROM case_timeline WHERE case_id = $1 ORDER BY at, id", case_id)]
    case["introductions"] = await introductions_of_case(conn, case_id)
    asked = {i["partner_id"] for i in case["introductions"]}
    recommended = (case["assessment"] or {}).get("recommended_partners", [])
    # After a decline the advisor is offered the best partner not asked yet (B4.4: no introduction ping-pong).
    case["next_best_partner"] = next_best_partner(recommended, case["consents"] or {}, asked)
    case["documents"] = await documents_of_case(conn, case["enquiry_id"])
    if case["assignee"]:
        case["assignee_name"] = await conn.fetchval("SELECT name FROM advisors WHERE id = $1", case["assignee"])
    return case
