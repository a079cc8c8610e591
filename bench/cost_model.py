"""The cost model of issue 20: what one HTTP accept, one publish, one delivery, one database transaction and one email
cost in CPU, and how many of each an enquiry needs, adding up to the measured CPU per enquiry.

Input: one `make bench` JSON with profiles (`BENCH_PROFILE_S`, py-spy on every service during the maximum-rate run)
and the counters (`work_per_enquiry`). Each service's CPU per enquiry is split by what its py-spy samples were doing
(the first matching rule below, on any frame of the sample's stack); PostgreSQL, nats-server and the SMTP sink are
charged whole to transactions, to publishes and deliveries, and to emails. Then each unit's cost is its CPU divided by
how many of it an enquiry needs.

    python -m bench.cost_model bench/results/e2e-<UTC>.json      # prints the table (Markdown)
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

# (category, substrings of a frame); the first category with a matching frame takes the sample.
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("email", ("services/notification/use_cases/dispatch.py", "services/notification/adapters/smtp.py",
               "aiosmtplib", "services/notification/domain/message.py")),
    ("publish", ("OutboxRelay.", "faststream/nats/publisher",
                 "NatsBroker.publish", "JetStreamContext.publish")),
    ("http", ("uvicorn/protocols/http", "fastapi/", "starlette/", "shared/http.py")),
    ("handler", ("handled_with.<locals>.handle",)),  # a delivery's use case (its statements' client side included)
    ("delivery", ("shared/messaging/consumer.py", "faststream/", "nats/js/", "nats/aio/")),
    ("background", ("services/", "shared/")),
]
UNKNOWN = "event loop and I/O (uvloop, not attributable)"
# The frames under every sample (process start, uvicorn, the loop): they say nothing about the work.
BASE = ("<module>", "/__main__.py", "shared/runner.py", "uvicorn/main.py", "uvicorn/server.py", "uvicorn/_compat.py",
        "<frozen runpy>", "asyncio/runners.py")


def classify(path: Path) -> Counter[str]:
    out: Counter[str] = Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        work = ";".join(f for f in stack.split(";") if not any(b in f for b in BASE))
        for category, needles in RULES:
            if any(needle in work for needle in needles):
                out[category] += int(count)
                break
        else:
            out[UNKNOWN] += int(count)
    return out


def model(result: dict[str, Any]) -> dict[str, Any]:
    """CPU ms per enquiry by unit of work, and per unit."""
    cpu = dict(result.get("cpu_ms_per_enquiry") or {})
    work = result.get("work_per_enquiry") or {}
    profiles = (result.get("max_rate") or {}).get("profiles") or {}
    per_unit_ms: dict[str, float] = {}
    by_service: dict[str, dict[str, float]] = {}
    for service in ("intake", "assessment", "advisory", "notification"):
        file = (profiles.get(service) or {}).get("file")
        if not file or not Path(file).exists() or not cpu.get(service):
            continue
        counts = classify(Path(file))
        total = sum(counts.values())
        known = total - counts[UNKNOWN]
        # The uvloop share (C frames py-spy cannot see into) is spread over the known categories in proportion.
        split = {c: cpu[service] * n / known for c, n in counts.items() if c != UNKNOWN and known}
        by_service[service] = {c: round(v, 2) for c, v in split.items()}
        for c, v in split.items():
            per_unit_ms[c] = per_unit_ms.get(c, 0.0) + v
    nats = float(cpu.get("nats-server") or 0.0)
    for unit, ms in (("transaction", float(cpu.get("postgres") or 0.0)),
                     ("delivery", nats / 2), ("publish", nats / 2),  # nats-server: half each (an assumption)
                     ("email", float(cpu.get("smtp-sink") or 0.0))):
        per_unit_ms[unit] = per_unit_ms.get(unit, 0.0) + ms
    counts_per_enquiry = {
        "http": work.get("http_requests"), "publish": work.get("publishes"), "delivery": work.get("deliveries"),
        "transaction": (work.get("transactions") or {}).get("total"), "email": work.get("emails"),
        "handler": work.get("deliveries"), "background": None,
    }
    rows: list[dict[str, Any]] = []
    for unit in ("http", "publish", "delivery", "handler", "transaction", "email", "background"):
        ms = per_unit_ms.get(unit, 0.0)
        n = counts_per_enquiry.get(unit)
        rows.append({"unit": unit, "per_enquiry": n, "ms_per_enquiry": round(ms, 2),
                     "ms_per_unit": round(ms / n, 3) if n else None})
    return {"rows": rows, "by_service": by_service, "sum_ms": round(sum(r["ms_per_enquiry"] for r in rows), 1),
            "measured_total_ms": cpu.get("total"),
            "statements_per_enquiry": (work.get("statements") or {}).get("total")}


def markdown(m: dict[str, Any]) -> str:
    lines = ["| unit | per enquiry | CPU ms per unit | CPU ms per enquiry |", "|---|---|---|---|"]
    for r in m["rows"]:
        lines.append(f"| {r['unit']} | {r['per_enquiry'] if r['per_enquiry'] is not None else '-'} | "
                     f"{r['ms_per_unit'] if r['ms_per_unit'] is not None else '-'} | {r['ms_per_enquiry']} |")
    lines.append(f"| **sum** | | | **{m['sum_ms']}** (measured {m['measured_total_ms']}) |")
    return "\n".join(lines)


def main() -> None:
    result = json.loads(Path(sys.argv[1]).read_text())
    m = model(result)
    print(markdown(m))
    print("\nper service (ms per enquiry by unit):")
    for service, split in m["by_service"].items():
        print(f"  {service}: {split}")


if __name__ == "__main__":
    main()
