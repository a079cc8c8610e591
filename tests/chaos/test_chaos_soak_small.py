"""A small chaos soak inside `make test`: 60 enquiries, services killed, NATS and PostgreSQL restarted.
Nothing accepted may be lost or duplicated; every case opens once; every company gets one acknowledgement
(a resend is allowed only with the same Message-ID)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .soak import SoakPlan, run_soak

pytestmark = pytest.mark.e2e


async def test_nothing_lost_or_duplicated_under_kills_and_restarts(tmp_path: Path) -> None:
    plan = SoakPlan(enquiries=60, submitters=6, service_kills=4, nats_restarts=1, postgres_restarts=1, rate_per_s=10)
    report = await run_soak(plan, tmp_path)
    Path("test-artifacts").mkdir(exist_ok=True)  # noqa: ASYNC240 - once, after the soak; nothing else runs then
    Path("test-artifacts/chaos-report-small.json").write_text(json.dumps(report, indent=2))  # noqa: ASYNC240 - ditto
    counts = report["counts"]
    assert report["clean"], report
    assert counts.get("lost", 0) == counts.get("duplicated", 0) == counts.get("unexpected", 0) == 0
    assert counts["ok"] == report["enquiries_accepted"] == plan.enquiries
    assert report["faults"]["service_kills"] + report["faults"]["nats_restarts"] > 0  # faults really happened
