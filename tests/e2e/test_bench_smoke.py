"""The bench harness at a tiny size, so it cannot rot: it runs end to end and writes complete JSON.

No timing assertions: this machine's numbers mean nothing at N=20. `make bench` is the real run.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TINY = {"BENCH_N": "20", "BENCH_RATE": "10", "BENCH_RATE_SECONDS": "2", "BENCH_RAW_SECONDS": "0.5",
        "BENCH_IDLE_SECONDS": "1", "BENCH_RAW_JS_MESSAGES": "200", "BENCH_DRAIN_STALL_S": "60",
        "BENCH_QUEUE_CASES": "2000", "BENCH_QUEUE_REPEATS": "3"}


def _run(module: str, out: Path) -> dict:
    env = os.environ | TINY | {"BENCH_OUT": str(out), "BENCH_VAR_DIR": str(out / "var")}
    subprocess.run([sys.executable, "-m", module], cwd=ROOT, env=env, check=True, timeout=280,
                   stdout=subprocess.DEVNULL)
    name = "e2e" if module == "bench" else "queue"
    return json.loads((out / f"{name}-latest.json").read_text())


def test_bench_writes_every_result_key(tmp_path: Path) -> None:
    result = _run("bench", tmp_path)
    assert {"raw_limits", "fixed_rate", "max_rate", "peak_rss_mb", "ratios", "targets"} <= set(result)
    assert {"acked_publishes_per_s", "consume_ack_per_s"} <= set(result["raw_limits"]["jetstream"])
    assert "single_row_commits_per_s" in result["raw_limits"]["postgres"]
    for phase in ("fixed_rate", "max_rate"):
        pipeline = result[phase]["pipeline"]
        assert pipeline["accepted"] >= 1 and pipeline["completed"] == pipeline["accepted"], pipeline
        for key in ("submit_to_case_opened_ms", "submit_to_email_ms"):
            assert set(pipeline[key]) == {"p50", "p95", "p99", "max"}
        assert {"p50", "p95", "p99"} <= set(result[phase]["load"]["accept_latency_ms"])
        assert "share_of_one_core" in result[phase]["load"]["generator_cpu"]
    assert {"intake", "advisory", "assessment", "notification"} <= set(result["peak_rss_mb"])
    assert {"intake", "advisory", "assessment", "notification", "postgres", "total"} <= set(result["idle_cpu_ms_per_s"])
    assert list(result["targets"])[0] == "cpu_ms_per_enquiry_total"  # the headline comes first
    assert set(result["targets"]) == {"cpu_ms_per_enquiry_total", "fixed_rate_accept_p99_ms",
                                      "fixed_rate_submit_to_case_p95_ms", "service_rss_mb"}
    work = result["work_per_enquiry"]  # the cost model's counters (issue 20)
    assert work["publishes"] >= 4 and work["deliveries"] >= 5 and work["emails"] >= 1, work
    assert work["transactions"]["total"] > 0 and work["statements"]["total"] > work["transactions"]["total"], work
    assert set(result["machine_speed_gauge_ms"]) == {"before", "after"}
    assert result["cpu_ms_per_enquiry"]["total"] > 0


def test_burst_bench_writes_verdicts_table_and_chart(tmp_path: Path) -> None:
    env = os.environ | {"BENCH_BURST_N": "30", "BENCH_BURST_SECONDS": "3", "BENCH_BURST_CLIENTS": "5",
                        "BENCH_OUT": str(tmp_path), "BENCH_VAR_DIR": str(tmp_path / "var")}
    subprocess.run([sys.executable, "-m", "bench.burst"], cwd=ROOT, env=env, check=True, timeout=280,
                   stdout=subprocess.DEVNULL)
    result = json.loads((tmp_path / "burst-latest.json").read_text())
    assert set(result["targets"]) == {"every_request_202", "accept_p99_ms", "all_done_within_s", "service_rss_mb"}
    assert result["load"]["statuses"] == {"202": 30} and result["load"]["clients"] == 5
    assert result["pipeline"]["completed"] == 30 and result["all_done_after_s"] is not None
    rows = [r for r in result["per_second"] if "error" not in r]
    assert rows and {"queue_depth", "outbox_backlog", "completed", "accepted"} <= set(rows[-1])
    assert rows[-1]["completed"] == 30
    assert list(tmp_path.glob("burst-2*.png")) and list(tmp_path.glob("burst-2*.md"))


def test_queue_bench_seeds_queries_and_records_plans(tmp_path: Path) -> None:
    result = _run("bench.queue", tmp_path)
    assert result["seed"]["rows"] == 2000
    assert all(q["status_codes"] == [200] for q in result["queries"].values()), result["queries"]
    assert result["plans"] and all("indexes" in p and "plan" in p for p in result["plans"])
    assert "queue_p95_ms" in result["targets"]
    # search (issue 16): a known name misspelt and a reference's serial part find their case; plans are recorded
    assert {"search_evidence", "search_name_misspelt", "search_reference"} <= set(result["queries"])
    assert result["queries"]["search_name_misspelt"]["total"] >= 1, result["queries"]["search_name_misspelt"]
    assert result["queries"]["search_reference"]["total"] >= 1, result["queries"]["search_reference"]
    assert result["queries"]["search_evidence"]["total"] >= 1
    assert "search_p95_ms" in result["targets"]
    assert any("websearch_to_tsquery" in p["query"] for p in result["plans"])
    # the lead's view (issue 16): the page answers, its latency has a target and its queries' plans are recorded
    assert {"lagebild_12_months", "lagebild_36_months"} <= set(result["queries"])
    assert "lagebild_p95_ms" in result["targets"]
    for rollup in ("lagebild_cohorts", "lagebild_durations", "lagebild_partners"):
        assert any(f"FROM {rollup}" in p["query"] for p in result["plans"]), rollup


def test_micro_bench_measures_every_variant(tmp_path: Path) -> None:
    env = os.environ | {"BENCH_MICRO_MESSAGES": "50", "BENCH_MICRO_ROWS": "20", "BENCH_MICRO_ROUNDS": "1",
                        "BENCH_OUT": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "bench.micro"], cwd=ROOT, env=env, check=True, timeout=280,
                   stdout=subprocess.DEVNULL)
    [file] = tmp_path.glob("micro-*.json")
    result = json.loads(file.read_text())
    assert set(result["consume_cpu_us_per_message"]) == {"faststream_defaults", "faststream_as_configured",
                                                         "nats_py_raw"}
    assert set(result["storage_backend_cpu_us_per_envelope"]) == {"jsonb EXTENDED", "jsonb EXTERNAL", "json EXTERNAL"}
    for runs in result["consume_cpu_us_per_message"].values():
        assert len(runs) == 1 and runs[0] > 0
