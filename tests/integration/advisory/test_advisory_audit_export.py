"""The audit log and the queue export on real PostgreSQL (issue 16): what gets recorded, who may read and export,
and that the table is append-only whatever role asks (only pseudonymising the actor after retention passes)."""
from __future__ import annotations

import csv
import importlib
import io
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import openpyxl
import pytest

from services.advisory.adapters.audit_log import PgAuditRetention
from services.advisory.adapters.case_store import PgUnitOfWork
from services.advisory.use_cases.pseudonymise_audit import pseudonymise_expired_audit
from shared.clock import FrozenClock

from .workbench_support import Workbench


async def _audit(bench: Workbench, kind: str) -> list[asyncpg.Record]:
    return await bench.pool.fetch("SELECT * FROM audit_log WHERE kind = $1 ORDER BY id", kind)


async def test_logins_views_decisions_and_role_changes_are_recorded(bench: Workbench) -> None:
    case = await bench.seed_case(name="Audit Optik GmbH")
    advisor = await bench.login("audit-advisor@example.org")
    bad = await advisor.post("/api/v1/session", json={"email": "audit-advisor@example.org", "password": "wrong"})
    assert bad.status_code == 401
    assert (await advisor.get(f"/api/v1/cases/{case['id']}")).status_code == 200
    assert (await advisor.post(f"/api/v1/cases/{case['id']}/claim")).status_code == 200

    assert "audit-advisor@example.org" in [r["actor"] for r in await _audit(bench, "login_succeeded")]
    assert "audit-advisor@example.org" in [r["actor"] for r in await _audit(bench, "login_failed")]
    viewed = await _audit(bench, "case_viewed")
    assert [(r["case_id"], r["actor"]) for r in viewed] == [(case["id"], "audit-advisor@example.org")]
    decisions = await _audit(bench, "decision")
    assert [(r["case_id"], r["detail"]["what"]) for r in decisions] == [(case["id"], "claimed")]
    assert decisions[0]["actor_id"] is not None

    await bench.user("promoted@example.org", role="advisor")
    await bench.user("promoted@example.org", role="lead")
    changes = [r["detail"] for r in await _audit(bench, "role_changed")]
    assert {"from": "advisor", "to": "lead"} in [{k: d[k] for k in ("from", "to")} for d in changes]


async def test_only_leads_and_operators_export_and_every_export_is_audited(bench: Workbench) -> None:
    wanted = await bench.seed_case(name="Bergische Leichtbau GmbH", evidence="Lackieren in Kleinserie")
    await bench.seed_case(name="Sauerland Optik KG")
    advisor = await bench.login("export-advisor@example.org")
    lead = await bench.login("export-lead@example.org", role="lead")
    operator = await bench.login("export-operator@example.org", role="operator")
    assert (await advisor.get("/api/v1/exports/queue")).status_code == 403
    assert (await advisor.get("/api/v1/audit")).status_code == 403

    r = await lead.get("/api/v1/exports/queue", params={"format": "csv", "q": "Bergishe Leichtbau",
                                                        "columns": ["reference", "company_name", "status"]})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Aktenzeichen", "Unternehmen", "Status"],
                    [wanted["reference"], "Bergische Leichtbau GmbH", "offen"]]

    x = await operator.get("/api/v1/exports/queue", params={"format": "xlsx", "lang": "en"})
    assert x.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(x.content)).active
    assert sheet is not None and sheet.max_row == 3 and sheet.cell(1, 1).value == "Reference"

    assert (await lead.get("/api/v1/exports/queue", params={"format": "pdf"})).status_code == 422
    assert (await lead.get("/api/v1/exports/queue", params={"columns": "password_hash"})).status_code == 422

    exports = (await operator.get("/api/v1/audit", params={"kind": "export"})).json()
    assert [(e["actor"], e["detail"]["format"], e["detail"]["rows"]) for e in exports] == [
        ("export-operator@example.org", "xlsx", 2), ("export-lead@example.org", "csv", 1)]
    assert exports[1]["detail"]["filters"] == {"q": "Bergishe Leichtbau"}
    assert (await lead.get("/api/v1/audit", params={"kind": "nonsense"})).status_code == 422


async def test_audit_log_is_append_only_but_pseudonymised_after_retention(bench: Workbench) -> None:
    now = datetime.now(UTC)
    async with bench.pool.acquire() as conn:
        await conn.execute("INSERT INTO audit_log (at, kind, actor_id, actor) VALUES ($1, 'export', $2, 'old@x.org'),"
                           " ($3, 'export', NULL, 'new@x.org')", now - timedelta(days=400), uuid.uuid4(), now)
        for statement in ("UPDATE audit_log SET kind = 'decision'", "DELETE FROM audit_log",
                          "TRUNCATE audit_log", "UPDATE audit_log SET actor = 'someone-else'"):
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await conn.execute(statement)
        # The service's own loop (audit_pseudonymiser) may get there first; either way the old entry ends pseudonymised.
        done = await pseudonymise_expired_audit(PgAuditRetention(conn), clock=FrozenClock(now), retention_days=365,
                                                key="secret")
        assert done in (0, 1)
        rows = {r["actor"]: r for r in await conn.fetch("SELECT * FROM audit_log WHERE kind = 'export'")}
        assert "new@x.org" in rows and "old@x.org" not in rows
        (pseudonym,) = [a for a in rows if a.startswith("pseudonym-")]
        assert rows[pseudonym]["actor_id"] is None and rows[pseudonym]["pseudonymised_at"] is not None
        with pytest.raises(asyncpg.InsufficientPrivilegeError):  # once pseudonymised, frozen
            await conn.execute("UPDATE audit_log SET actor = 'pseudonym-x', pseudonymised_at = now()"
                               " WHERE actor = $1", pseudonym)


async def test_erasure_is_recorded_without_the_company(bench: Workbench) -> None:
    case = await bench.seed_case(name="Löschbar GmbH")
    async with bench.pool.acquire() as conn:
        async with PgUnitOfWork(conn).transaction() as store:
            assert await store.erase_personal_data([case["enquiry_id"]]) == 1
    (entry,) = await _audit(bench, "erasure")
    assert entry["case_id"] == case["id"] and "Löschbar" not in str(dict(entry))


async def test_service_role_may_append_and_pseudonymise_but_not_update_or_delete(bench: Workbench) -> None:
    """With a role `advisory_app` (README: the service's role, owning nothing) the migration's grants leave it
    SELECT, INSERT and UPDATE of the actor columns only; table-level UPDATE, DELETE and TRUNCATE are revoked."""
    grants = importlib.import_module("services.advisory.migrations.versions.0009_audit_log").SERVICE_ROLE_GRANTS
    async with bench.pool.acquire() as conn:
        await conn.execute("DO $$ BEGIN CREATE ROLE advisory_app NOLOGIN;"
                           " EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        await conn.execute(grants)
        can = {p: await conn.fetchval("SELECT has_table_privilege('advisory_app', 'audit_log', $1)", p)
               for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")}
        assert can == {"SELECT": True, "INSERT": True, "UPDATE": False, "DELETE": False, "TRUNCATE": False}
        assert await conn.fetchval("SELECT has_column_privilege('advisory_app', 'audit_log', 'actor', 'UPDATE')")
        assert not await conn.fetchval("SELECT has_column_privilege('advisory_app', 'audit_log', 'kind', 'UPDATE')")
        public = await conn.fetch("SELECT privilege_type FROM information_schema.role_table_grants"
                                  " WHERE table_name = 'audit_log' AND grantee = 'PUBLIC'")
        assert not {"UPDATE", "DELETE", "TRUNCATE"} & {r["privilege_type"] for r in public}
        async with conn.transaction():
            await conn.execute("SET LOCAL ROLE advisory_app")
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
                await conn.execute("DELETE FROM audit_log")
