"""Erasure and retention inside intake: personal data goes, the request is announced, the audit stays."""
from __future__ import annotations

from services.intake.adapters.erasure_store import PgErasureStore
from services.intake.adapters.unit_of_work import PgUnitOfWork
from services.intake.use_cases.erase import apply_retention, request_erasure
from tests.support.test_data import unique_enquiry

from .conftest import Intake


def _erasures(intake: Intake) -> PgUnitOfWork[PgErasureStore]:
    return PgUnitOfWork(intake.pool, PgErasureStore)


async def _submit(intake: Intake) -> dict:
    r = await intake.client.post("/api/v1/enquiries", json=unique_enquiry())
    assert r.status_code == 202
    return r.json()


async def test_retention_erases_only_closed_enquiries_past_the_period(intake: Intake) -> None:
    old, fresh = await _submit(intake), await _submit(intake)
    async with intake.pool.acquire() as conn:
        await conn.execute("UPDATE enquiries SET status = 'closed', updated_at = now() - interval '800 days'"
                           " WHERE reference = $1", old["reference"])
        await conn.execute("UPDATE enquiries SET status = 'closed' WHERE reference = $1", fresh["reference"])
    assert await apply_retention(_erasures(intake), clock=intake.deps.clock, retention_days=730) == 1
    assert await apply_retention(_erasures(intake), clock=intake.deps.clock, retention_days=730) == 0
    async with intake.pool.acquire() as conn:
        rows = {r["reference"]: r for r in await conn.fetch(
            "SELECT reference, contact, profile, erased_at FROM enquiries WHERE reference = ANY($1::text[])",
            [old["reference"], fresh["reference"]])}
        request = await conn.fetchrow("SELECT * FROM erasure_requests")
        announced = await conn.fetchval("SELECT count(*) FROM outbox WHERE subject = 'intake.erasure.requested.v1'")
        leftover = await conn.fetchval("SELECT count(*) FROM outbox WHERE correlation_id = $1", old["reference"])
    assert rows[old["reference"]]["contact"] == {} and rows[old["reference"]]["erased_at"] is not None
    assert rows[fresh["reference"]]["contact"] != {}
    assert request["reason"] == "retention" and request["enquiry_count"] == 1
    assert old["reference"] not in str(request["reference_hashes"])  # only hashes are kept for the audit
    assert announced == 1 and leftover == 0


async def test_erasure_request_for_an_unknown_reference_changes_nothing(intake: Intake) -> None:
    await _submit(intake)
    assert await request_erasure(_erasures(intake), "DN-2026-ZZZZZZ", clock=intake.deps.clock) is None
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM erasure_requests") == 0
        assert await conn.fetchval("SELECT count(*) FROM enquiries WHERE erased_at IS NOT NULL") == 0
